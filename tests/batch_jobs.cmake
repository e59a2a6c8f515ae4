# test_batch_jobs counts the threads a batch starts: the library's calls to
# pthread_create are routed through the test's wrapper at link time.
target_link_options(test_batch_jobs PRIVATE -Wl,--wrap=pthread_create)
