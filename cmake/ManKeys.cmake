# Fill the man page's key list from the program's own key table, so the
# two never differ: replaces the line @KEYS@ of IN with what
# `LECTERN --list-keys=roff` prints, writing OUT.
execute_process(COMMAND ${LECTERN} --list-keys=roff
                OUTPUT_VARIABLE keys RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR keys STREQUAL "")
  message(FATAL_ERROR "${LECTERN} --list-keys=roff failed (${rc})")
endif()
file(READ ${IN} page)
string(REPLACE "@KEYS@\n" "${keys}" page "${page}")
file(WRITE ${OUT} "${page}")
