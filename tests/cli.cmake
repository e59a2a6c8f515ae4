# End-to-end tests of the command line (exit statuses, JSON shape, atomic
# output, directory order, language, colour, parameters, eval).
add_test(NAME cli COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/cli.sh
         $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli PROPERTIES LABELS "cli" TIMEOUT 300)
add_test(NAME test_rules COMMAND tlcheck test-rules --lang en ${PROJECT_SOURCE_DIR}/fixtures/rules)
set_tests_properties(test_rules PROPERTIES LABELS "rules" TIMEOUT 300)
# In English (`# says:` lines checked, whatever the locale), then in Japanese
# (`# says-ja:` lines).
add_test(NAME test_rules_ja COMMAND tlcheck test-rules --lang ja ${PROJECT_SOURCE_DIR}/fixtures/rules)
set_tests_properties(test_rules_ja PROPERTIES LABELS "rules" TIMEOUT 300)
