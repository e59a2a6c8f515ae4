# The reviewer's workflow: waivers with expiry, baselines, diffs, audit numbers
# (the unit tests are tests/unit/test_waivers.c and test_fingerprint.c).
add_test(NAME waivers_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/waivers.sh
         $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR})
set_tests_properties(waivers_cli PROPERTIES LABELS "cli;waivers" TIMEOUT 300)

# The seed's table: 135 generated certified plans, counted per material and ministry.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME certified_plans
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/certified_plans.py
            $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR})
  set_tests_properties(certified_plans PROPERTIES LABELS "waivers" TIMEOUT 300)
endif()
