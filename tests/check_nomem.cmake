# test_check_nomem fails one of the library's allocations at a time while a
# declaration is checked: its malloc, calloc and realloc calls are routed
# through the test's wrappers at link time.
target_link_options(test_check_nomem PRIVATE
  -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc)
