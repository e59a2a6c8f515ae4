# yaml2json_test.cmake - runs tlcheck-yaml2json on a sample and compares with the expected JSON byte for byte.
# cmake -DTOOL=<tlcheck-yaml2json> -DDATA=<tests/data/yaml2json> -DWORK=<scratch dir> -P yaml2json_test.cmake
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

execute_process(COMMAND ${TOOL} ${DATA}/sample.yaml ${WORK}/sample.json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "tlcheck-yaml2json failed on sample.yaml (exit ${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/sample.json ${DATA}/sample.json
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(READ ${WORK}/sample.json got)
  message(FATAL_ERROR "sample.json differs from the expected output; got:\n${got}")
endif()

# Bad YAML: exit 1, a message with the position, and no output file.
file(WRITE ${WORK}/bad.yaml "a: [1\n")
execute_process(COMMAND ${TOOL} ${WORK}/bad.yaml ${WORK}/bad.json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "bad.yaml:[0-9]+:[0-9]+: " OR EXISTS ${WORK}/bad.json)
  message(FATAL_ERROR "bad YAML: expected exit 1, a positioned message and no file; got ${rc}: ${err}")
endif()

# An output that cannot be written: exit 1, the old file untouched, no temporary left.
file(WRITE ${WORK}/keep.json "old\n")
execute_process(COMMAND ${TOOL} ${DATA}/sample.yaml ${WORK}/missing-dir/out.json RESULT_VARIABLE rc)
file(GLOB leftovers ${WORK}/missing-dir* ${WORK}/*.tmp.*)
if(NOT rc EQUAL 1 OR leftovers)
  message(FATAL_ERROR "unwritable output: expected exit 1 and nothing left behind; got ${rc} ${leftovers}")
endif()

# Overwriting replaces the whole file.
execute_process(COMMAND ${TOOL} ${DATA}/sample.yaml ${WORK}/keep.json RESULT_VARIABLE rc)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/keep.json ${DATA}/sample.json
                RESULT_VARIABLE same)
if(NOT rc EQUAL 0 OR NOT same EQUAL 0)
  message(FATAL_ERROR "overwriting an existing output failed")
endif()

# Usage errors exit 2.
execute_process(COMMAND ${TOOL} ${DATA}/sample.yaml RESULT_VARIABLE rc ERROR_QUIET)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "usage error: expected exit 2, got ${rc}")
endif()
file(REMOVE_RECURSE ${WORK})
