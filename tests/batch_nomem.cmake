# test_batch_nomem fails the library's allocations on demand: its malloc,
# calloc and realloc calls are routed through the test's wrappers at link time.
target_link_options(test_batch_nomem PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc)
