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

# The tool that publishes the schema: typed scalars, key order, layout, atomic output.
add_test(NAME schema_yaml2json
  COMMAND ${CMAKE_COMMAND} -DTOOL=$<TARGET_FILE:tlcheck-yaml2json>
          -DDATA=${CMAKE_CURRENT_SOURCE_DIR}/data/yaml2json
          -DWORK=${CMAKE_CURRENT_BINARY_DIR}/yaml2json-work
          -P ${CMAKE_CURRENT_SOURCE_DIR}/scripts/yaml2json_test.cmake)
set_tests_properties(schema_yaml2json PROPERTIES LABELS "schema" TIMEOUT 60)
