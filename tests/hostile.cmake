# Hostile and broken input (issue 7): the YAML test suite through the tool,
# pathological declarations and rule packs, nothing lost or touched, rule packs
# that try to leave their folder, and valgrind memcheck. The fuzz targets'
# replay tests are registered by fuzz/CMakeLists.txt (label "fuzz").
find_package(Python3 COMPONENTS Interpreter)
set(TLCHECK_HOSTILE_TESTS hostile_yaml_suite hostile_pathological_inputs
    hostile_pathological_pack hostile_pathological_batch hostile_untouched hostile_pack_include)
if(NOT Python3_Interpreter_FOUND)
  find_program(TLCHECK_SH sh)
  foreach(t ${TLCHECK_HOSTILE_TESTS})
    add_test(NAME ${t} COMMAND ${TLCHECK_SH} -c "echo 'SKIP: python3 not found'; exit 77")
    set_tests_properties(${t} PROPERTIES SKIP_RETURN_CODE 77 LABELS "hostile")
  endforeach()
  return()
endif()

set(TLCHECK_HOSTILE_SCRIPTS ${CMAKE_CURRENT_SOURCE_DIR}/scripts)
if(TLCHECK_SANITIZE)
  set(TLCHECK_HOSTILE_SAN ON)
else()
  set(TLCHECK_HOSTILE_SAN OFF)
endif()

# Every case of ../shared/conformance/yaml-test-suite; skipped when it is absent.
add_test(NAME hostile_yaml_suite
  COMMAND ${Python3_EXECUTABLE} ${TLCHECK_HOSTILE_SCRIPTS}/hostile_yaml_suite.py
          $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR}/../shared/conformance/yaml-test-suite)

# Generated at test time: alias bombs, deep nesting, 50 MB files, encodings,
# catastrophic regular expressions... each under a time limit (and, without
# ASan, a 256 MiB address-space limit).
foreach(group inputs pack batch)
  add_test(NAME hostile_pathological_${group}
    COMMAND ${Python3_EXECUTABLE} ${TLCHECK_HOSTILE_SCRIPTS}/hostile_pathological.py
            $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR}/rules ${PROJECT_SOURCE_DIR}/fixtures
            ${TLCHECK_HOSTILE_SAN} ${group})
endforeach()

# Every input reported; inputs unchanged; --output writes only the report; a
# killed run never leaves a partial report; memory flat over a batch.
add_test(NAME hostile_untouched
  COMMAND ${Python3_EXECUTABLE} ${TLCHECK_HOSTILE_SCRIPTS}/hostile_untouched.py
          $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR}/fixtures ${TLCHECK_HOSTILE_SAN})

# A rule pack cannot include files from outside its folder.
add_test(NAME hostile_pack_include
  COMMAND ${Python3_EXECUTABLE} ${TLCHECK_HOSTILE_SCRIPTS}/hostile_pack_include.py
          $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR}/rules ${PROJECT_SOURCE_DIR}/fixtures)

set_tests_properties(${TLCHECK_HOSTILE_TESTS} PROPERTIES
  LABELS "hostile" SKIP_RETURN_CODE 77 TIMEOUT 1200)
# These measure time: do not let other tests share the processors with them.
set_tests_properties(hostile_pathological_inputs hostile_pathological_pack
                     hostile_pathological_batch hostile_untouched PROPERTIES RUN_SERIAL TRUE)

# valgrind memcheck over the fixtures and hostile inputs; valgrind cannot run
# a sanitized binary, so only in builds without TLCHECK_SANITIZE.
find_program(TLCHECK_VALGRIND valgrind)
if(TLCHECK_VALGRIND AND NOT TLCHECK_SANITIZE)
  add_test(NAME memcheck_tlcheck_check
    COMMAND ${Python3_EXECUTABLE} ${TLCHECK_HOSTILE_SCRIPTS}/hostile_memcheck.py
            ${TLCHECK_VALGRIND} $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR}/rules
            ${PROJECT_SOURCE_DIR}/fixtures)
  set_tests_properties(memcheck_tlcheck_check PROPERTIES LABELS "memcheck" TIMEOUT 3600)
endif()
