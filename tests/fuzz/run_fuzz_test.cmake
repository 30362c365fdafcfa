# ctest driver for one fuzz target:
#   cmake -DFUZZER=<exe> -DSEEDS=<committed corpus> -DWORK_DIR=<build dir> -DSECONDS=<n> [-DDICT=<file>]
#         -P run_fuzz_test.cmake
# Copies the committed seeds into WORK_DIR/corpus (libFuzzer writes new inputs
# into the corpus folder it runs on), then fuzzes that copy for SECONDS. A crash,
# a leak, a sanitizer report or an escaped exception fails the test; the input
# that caused it is left in WORK_DIR/artifacts/.
foreach(variable IN ITEMS FUZZER SEEDS WORK_DIR SECONDS)
    if(NOT DEFINED ${variable})
        message(FATAL_ERROR "run_fuzz_test.cmake: -D${variable}=... is required")
    endif()
endforeach()

set(corpus "${WORK_DIR}/corpus")
set(artifacts "${WORK_DIR}/artifacts")
file(MAKE_DIRECTORY "${corpus}" "${artifacts}")
file(GLOB seeds "${SEEDS}/*")
if(NOT seeds)
    message(FATAL_ERROR "no seed inputs in ${SEEDS}")
endif()
file(COPY ${seeds} DESTINATION "${corpus}")

# A dictionary of the format's words (keys, punctuation) is optional.
set(dictionary_option "")
if(DEFINED DICT)
    set(dictionary_option "-dict=${DICT}")
endif()

execute_process(
    COMMAND "${FUZZER}"
        "-max_total_time=${SECONDS}"
        # A single input slower than this is a hang worth reporting.
        -timeout=10
        -rss_limit_mb=2048
        -print_final_stats=1
        "-artifact_prefix=${artifacts}/"
        ${dictionary_option}
        "${corpus}"
    RESULT_VARIABLE result)

if(NOT result EQUAL 0)
    file(GLOB found "${artifacts}/*")
    message(FATAL_ERROR "${FUZZER} failed (${result}); reproduce with: ${FUZZER} <input>\n"
        "inputs left in ${artifacts}: ${found}")
endif()
