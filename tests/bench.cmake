# The benchmark's floor program (bench/load_only.c), built like a test so that
# it compiles with the project's warnings and sanitizers, and checked on a small
# generated corpus: its modes load the same files, its two trees count the same
# nodes, it fails to load exactly the files tlcheck reports as unloadable, and it
# refuses what it does not understand. The timings stay in bench/bench.sh.
add_executable(bench_load_only ${PROJECT_SOURCE_DIR}/bench/load_only.c)
target_include_directories(bench_load_only PRIVATE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(bench_load_only PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(bench_load_only PRIVATE tlcheck_static)
tlcheck_warnings(bench_load_only)
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME bench_load_only
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/bench_load_only.sh
            $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR} $<TARGET_FILE:bench_load_only>
            ${Python3_EXECUTABLE})
else()
  find_program(TLCHECK_SH sh)
  add_test(NAME bench_load_only COMMAND ${TLCHECK_SH} -c "echo 'SKIP: python3 not found'; exit 77")
endif()
set_tests_properties(bench_load_only PROPERTIES SKIP_RETURN_CODE 77 LABELS "bench" TIMEOUT 300)
