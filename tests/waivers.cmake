# The reviewer's workflow: waivers with expiry, baselines, diffs, audit numbers
# (the unit tests are tests/unit/test_waivers.c and test_fingerprint.c).
add_test(NAME waivers_cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/waivers.sh
         $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR})
set_tests_properties(waivers_cli PROPERTIES LABELS "cli;waivers" TIMEOUT 300)
