# cmake -DDUMP=prog -DINPUT=file.txt -DEXPECTED=file.expected -DOUTPUT=out
#       -P check_dump.cmake
# Runs the dump program on INPUT and fails, printing a diff, when its output
# differs from EXPECTED. With -DUPDATE=ON it rewrites EXPECTED instead.
foreach(var DUMP INPUT EXPECTED OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_dump.cmake: ${var} is not set")
  endif()
endforeach()

execute_process(COMMAND ${DUMP} ${INPUT} OUTPUT_FILE ${OUTPUT}
                RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${DUMP} ${INPUT} failed: ${status}")
endif()
if(UPDATE)
  configure_file(${OUTPUT} ${EXPECTED} COPYONLY)
  message(STATUS "updated ${EXPECTED}")
  return()
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${EXPECTED} ${OUTPUT}
                RESULT_VARIABLE differs)
if(differs)
  find_program(DIFF diff)
  if(DIFF)
    execute_process(COMMAND ${DIFF} -u ${EXPECTED} ${OUTPUT})
  else()
    file(READ ${OUTPUT} got)
    message("got:\n${got}")
  endif()
  message(FATAL_ERROR "${INPUT}: the outline differs from ${EXPECTED}")
endif()
