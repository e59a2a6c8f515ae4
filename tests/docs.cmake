# Documentation that stays true: every option --help lists is in tlcheck.1,
# every option there is accepted, bash completion agrees, and every man page
# renders with `groff -man -ww -z` without a warning (curl's test1139 idea).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME docs_options
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/docs_options.py
            $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR})
else()
  find_program(TLCHECK_SH sh)
  add_test(NAME docs_options COMMAND ${TLCHECK_SH} -c "echo 'SKIP: python3 not found'; exit 77")
endif()
set_tests_properties(docs_options PROPERTIES SKIP_RETURN_CODE 77 LABELS "docs" TIMEOUT 300)
