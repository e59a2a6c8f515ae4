# test_batch_lend counts on which thread each result is freed: the library's
# calls to tlcheck_result_free are routed through the test's wrapper at link time.
target_link_options(test_batch_lend PRIVATE -Wl,--wrap=tlcheck_result_free)
