# The SARIF, JUnit, CSV and HTML reports of a batch, each validated by the tool
# made for it (python3-jsonschema, xmllint, Python's csv module, headless
# Chromium) and compared with the JSON report finding for finding. A missing
# validator or ../shared folder makes the test skip (77), not fail.
find_package(Python3 COMPONENTS Interpreter)
foreach(fmt sarif junit csv html)
  if(Python3_Interpreter_FOUND)
    add_test(NAME reports_${fmt}
      COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/check_reports.py
              ${fmt} $<TARGET_FILE:tlcheck> ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/../shared
              ${PROJECT_BINARY_DIR})
  else()
    find_program(TLCHECK_SH sh)
    add_test(NAME reports_${fmt}
      COMMAND ${TLCHECK_SH} -c "echo 'SKIP: python3 not found'; exit 77")
  endif()
  set_tests_properties(reports_${fmt} PROPERTIES
    SKIP_RETURN_CODE 77 LABELS "reports" TIMEOUT 300)
endforeach()
