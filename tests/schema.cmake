# The published declaration schema, checked by a second validator (Debian's
# python3-jsonschema) against the fixtures; skipped where python3 or the module is absent.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME schema_python_jsonschema
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/scripts/validate_fixtures.py
            ${PROJECT_BINARY_DIR}/schemas/declaration.schema.json
            ${PROJECT_SOURCE_DIR}/fixtures)
else()
  find_program(TLCHECK_SH sh)
  add_test(NAME schema_python_jsonschema
    COMMAND ${TLCHECK_SH} -c "echo 'SKIP: python3 not found'; exit 77")
endif()
set_tests_properties(schema_python_jsonschema PROPERTIES
  SKIP_RETURN_CODE 77 LABELS "schema" TIMEOUT 120)
