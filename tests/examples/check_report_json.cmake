# Runs sla_report --format json and checks what its JSON must always satisfy, plus
# given values; cmake -P, so no JSON tool is needed.
#
#   -DPROGRAM=path            sla_report
#   -DARGS=a|b|c              its arguments, '|'-separated; @REQUESTS@ stands for the
#                             file SIMULATE wrote
#   -DWORKING_DIRECTORY=dir   where it runs (default: the current directory)
#   -DSIMULATE=path           optional: sla_simulate, run first with SIMULATE_ARGS
#   -DSIMULATE_ARGS=a|b       its arguments; its standard output goes to REQUESTS
#   -DREQUESTS=file           where the simulated requests go
#   -DEXPECT=path=value|...   values to find, a path being keys and array indices
#                             joined by '.', e.g. periods.0.groups.1.met=2
#   -DEXPECTED_EXIT=n         sla_report's exit status (default 0)
#
# Always checked, for every group of every period:
#   requests = in_scope + out_of_hours + excluded
#   in_scope = met + breached + pending + no_threshold
# and rows_read = rows_accepted + rejected_rows, the groups' requests adding up to
# rows_accepted. With SIMULATE --dirty, rejected_rows must equal the count of
# malformed rows sla_simulate reports.
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED WORKING_DIRECTORY)
    set(WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
endif()
if(NOT DEFINED EXPECTED_EXIT)
    set(EXPECTED_EXIT 0)
endif()
set(failures "")

set(malformed "")
if(DEFINED SIMULATE)
    string(REPLACE "|" ";" simulate_arguments "${SIMULATE_ARGS}")
    execute_process(COMMAND "${SIMULATE}" ${simulate_arguments}
        OUTPUT_FILE "${REQUESTS}" ERROR_VARIABLE summary RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "sla_simulate failed (${status}): ${summary}")
    endif()
    if(summary MATCHES "; ([0-9]+) malformed")
        set(malformed "${CMAKE_MATCH_1}")
    endif()
endif()

string(REPLACE "|" ";" arguments "${ARGS}")
string(REPLACE "@REQUESTS@" "${REQUESTS}" arguments "${arguments}")
execute_process(COMMAND "${PROGRAM}" ${arguments}
    WORKING_DIRECTORY "${WORKING_DIRECTORY}"
    RESULT_VARIABLE status OUTPUT_VARIABLE json ERROR_VARIABLE stderr)
if(NOT status STREQUAL EXPECTED_EXIT)
    string(APPEND failures "  exit status ${status}, expected ${EXPECTED_EXIT}\n")
endif()

string(JSON rows_read ERROR_VARIABLE error GET "${json}" rows_read)
if(error)
    message(FATAL_ERROR "not JSON with rows_read: ${error}\nstandard output:\n${json}\nstandard error:\n${stderr}")
endif()
string(JSON accepted GET "${json}" rows_accepted)
string(JSON rejected GET "${json}" rejected_rows)
math(EXPR sum "${accepted} + ${rejected}")
if(NOT sum EQUAL rows_read)
    string(APPEND failures "  rows_read ${rows_read} != rows_accepted ${accepted} + rejected_rows ${rejected}\n")
endif()
if(NOT malformed STREQUAL "" AND NOT rejected EQUAL malformed)
    string(APPEND failures "  rejected_rows ${rejected}, but sla_simulate wrote ${malformed} malformed rows\n")
endif()

set(grouped 0)
string(JSON periods LENGTH "${json}" periods)
if(periods GREATER 0)
    math(EXPR last_period "${periods} - 1")
    foreach(p RANGE ${last_period})
        string(JSON label GET "${json}" periods ${p} period)
        string(JSON groups LENGTH "${json}" periods ${p} groups)
        if(groups EQUAL 0)
            continue()
        endif()
        math(EXPR last_group "${groups} - 1")
        foreach(g RANGE ${last_group})
            foreach(field IN ITEMS channel priority requests in_scope out_of_hours excluded met breached pending no_threshold)
                string(JSON ${field} GET "${json}" periods ${p} groups ${g} ${field})
            endforeach()
            math(EXPR scoped "${in_scope} + ${out_of_hours} + ${excluded}")
            math(EXPR statused "${met} + ${breached} + ${pending} + ${no_threshold}")
            if(NOT requests EQUAL scoped)
                string(APPEND failures "  ${label} ${channel} ${priority}: requests ${requests} != in_scope + out_of_hours + excluded = ${scoped}\n")
            endif()
            if(NOT in_scope EQUAL statused)
                string(APPEND failures "  ${label} ${channel} ${priority}: in_scope ${in_scope} != met + breached + pending + no_threshold = ${statused}\n")
            endif()
            math(EXPR grouped "${grouped} + ${requests}")
        endforeach()
    endforeach()
endif()
# An events file's lines are not requests: its groups hold the requests evaluated.
string(JSON evaluated ERROR_VARIABLE no_events GET "${json}" requests_evaluated)
if(NOT no_events)
    if(NOT grouped EQUAL evaluated)
        string(APPEND failures "  the groups hold ${grouped} requests, requests_evaluated is ${evaluated}\n")
    endif()
elseif(NOT grouped EQUAL accepted)
    string(APPEND failures "  the groups hold ${grouped} requests, rows_accepted is ${accepted}\n")
endif()

if(DEFINED EXPECT)
    string(REPLACE "|" ";" expectations "${EXPECT}")
    foreach(expectation IN LISTS expectations)
        string(REGEX MATCH "^([^=]+)=(.*)$" matched "${expectation}")
        set(path "${CMAKE_MATCH_1}")
        set(want "${CMAKE_MATCH_2}")
        string(REPLACE "." ";" keys "${path}")
        string(JSON got ERROR_VARIABLE error GET "${json}" ${keys})
        if(error)
            string(APPEND failures "  ${path}: ${error}\n")
        elseif(want MATCHES "^-?[0-9.]+$" AND got MATCHES "^-?[0-9.]+$")
            if(NOT got EQUAL want)
                string(APPEND failures "  ${path} = ${got}, expected ${want}\n")
            endif()
        elseif(NOT got STREQUAL want)
            string(APPEND failures "  ${path} = \"${got}\", expected \"${want}\"\n")
        endif()
    endforeach()
endif()

if(NOT failures STREQUAL "")
    string(JOIN " " command "${PROGRAM}" ${arguments})
    message(FATAL_ERROR "${command}\n${failures}standard output:\n${json}\nstandard error:\n${stderr}")
endif()
