# Installation and embedding: `cmake --install` into a temporary prefix, then
# examples/portal.c built against what was installed (through pkg-config and
# through find_package) and run; and the same example built in-tree and run.

# The in-tree example, linked with the shared library as a portal would be.
add_executable(example_portal ${PROJECT_SOURCE_DIR}/examples/portal.c)
target_link_libraries(example_portal PRIVATE tlcheck::tlcheck)
tlcheck_warnings(example_portal)
add_test(NAME example_portal
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/example_portal.sh $<TARGET_FILE:example_portal>)
set_tests_properties(example_portal PROPERTIES LABELS "install" TIMEOUT 60)
# The same under valgrind memcheck in builds without sanitizers (.ci/test runs
# the "memcheck" label in a plain build): a portal runs for months.
find_program(TLCHECK_EXAMPLE_VALGRIND valgrind)
if(TLCHECK_EXAMPLE_VALGRIND AND NOT TLCHECK_SANITIZE)
  add_test(NAME memcheck_example_portal
    COMMAND ${TLCHECK_EXAMPLE_VALGRIND} --quiet --leak-check=full
            --errors-for-leak-kinds=definite,possible --error-exitcode=99
            $<TARGET_FILE:example_portal> ja)
  set_tests_properties(memcheck_example_portal PROPERTIES LABELS "memcheck" TIMEOUT 600)
endif()

# A consumer of the installed library must be built like the library: with the
# sanitizers when they are on (their runtime has to come first).
set(TLCHECK_CONSUMER_FLAGS "")
if(TLCHECK_SANITIZE)
  set(TLCHECK_CONSUMER_FLAGS "-fsanitize=address,undefined -fno-sanitize-recover=all")
endif()
add_test(NAME install
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/install_test.sh
          ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/install-test
          ${CMAKE_COMMAND} ${CMAKE_C_COMPILER} "${TLCHECK_CONSUMER_FLAGS}")
set_tests_properties(install PROPERTIES LABELS "install" TIMEOUT 600
  RESOURCE_LOCK tlcheck_install_prefix)
