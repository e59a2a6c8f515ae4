# test_yaml_freeze counts what the library asks malloc for while a damaged
# frozen tree is thawed: its malloc calls are routed through the test's
# wrapper at link time.
target_link_options(test_yaml_freeze PRIVATE -Wl,--wrap=malloc)
