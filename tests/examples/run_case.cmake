# Runs an example program once and checks what it did; cmake -P, so no shell is needed.
#
#   -DPROGRAM=path               the program
#   -DARGS=a|b|c                 its arguments, '|'-separated (a list would not survive add_test)
#   -DWORKING_DIRECTORY=dir      where it runs (default: the current directory)
#   -DINPUT=file                 its standard input (default: none)
#   -DEXPECTED_EXIT=n            its exit status (default 0)
#   -DEXPECTED_STDOUT=file       its standard output, line by line; an expected line that
#                                ends in "..." matches any line starting with the text before
#                                it, so "error: ..." accepts any error line
#   -DEXPECTED_STDERR=file       its standard error, line by line, the same way
#   -DSTDOUT_REGEX=re            a regular expression its standard output must match
#   -DSTDERR_REGEX=re            a regular expression its standard error must match
#   -DEMPTY_STDERR=ON            standard error must be empty
#   -DOUTPUT=file                where to keep its standard output, for a look after a failure
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED PROGRAM)
    message(FATAL_ERROR "run_case.cmake: PROGRAM is not set")
endif()
if(NOT DEFINED EXPECTED_EXIT)
    set(EXPECTED_EXIT 0)
endif()
if(NOT DEFINED WORKING_DIRECTORY)
    set(WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
endif()
string(REPLACE "|" ";" arguments "${ARGS}")

set(input_option "")
if(DEFINED INPUT)
    set(input_option INPUT_FILE "${INPUT}")
endif()

execute_process(
    COMMAND "${PROGRAM}" ${arguments}
    WORKING_DIRECTORY "${WORKING_DIRECTORY}"
    ${input_option}
    RESULT_VARIABLE status
    OUTPUT_VARIABLE stdout
    ERROR_VARIABLE stderr)
string(REPLACE "\r\n" "\n" stdout "${stdout}")
string(REPLACE "\r\n" "\n" stderr "${stderr}")

if(DEFINED OUTPUT)
    file(WRITE "${OUTPUT}" "${stdout}")
endif()

set(failures "")
macro(fail text)
    string(APPEND failures "  ${text}\n")
endmacro()

if(NOT status STREQUAL EXPECTED_EXIT)
    fail("exit status ${status}, expected ${EXPECTED_EXIT}")
endif()

if(DEFINED STDOUT_REGEX AND NOT stdout MATCHES "${STDOUT_REGEX}")
    fail("standard output does not match ${STDOUT_REGEX}")
endif()
if(DEFINED STDERR_REGEX AND NOT stderr MATCHES "${STDERR_REGEX}")
    fail("standard error does not match ${STDERR_REGEX}")
endif()
if(EMPTY_STDERR AND NOT stderr STREQUAL "")
    fail("standard error is not empty")
endif()

# The first line of the text in text_var, removed from it; sets <line_var>_found.
function(pop_line text_var line_var)
    set(text "${${text_var}}")
    if(text STREQUAL "")
        set(${line_var}_found FALSE PARENT_SCOPE)
        return()
    endif()
    string(FIND "${text}" "\n" newline)
    if(newline EQUAL -1)
        set(line "${text}")
        set(text "")
    else()
        string(SUBSTRING "${text}" 0 ${newline} line)
        math(EXPR rest "${newline} + 1")
        string(SUBSTRING "${text}" ${rest} -1 text)
    endif()
    set(${line_var} "${line}" PARENT_SCOPE)
    set(${line_var}_found TRUE PARENT_SCOPE)
    set(${text_var} "${text}" PARENT_SCOPE)
endfunction()

# Compares text with the lines of expected_file; what names the stream in failures.
function(compare_lines expected_file text what)
    file(READ "${expected_file}" expected)
    string(REPLACE "\r\n" "\n" expected "${expected}")
    set(actual "${text}")
    set(number 0)
    set(found "")
    while(TRUE)
        pop_line(expected want)
        pop_line(actual got)
        math(EXPR number "${number} + 1")
        if(NOT want_found AND NOT got_found)
            break()
        elseif(NOT got_found)
            string(APPEND found "  ${what} line ${number}: output ends, expected \"${want}\"\n")
            break()
        elseif(NOT want_found)
            string(APPEND found "  ${what} line ${number}: \"${got}\" after the expected end of the output\n")
            break()
        endif()
        set(same FALSE)
        if(want MATCHES "\\.\\.\\.$")
            string(LENGTH "${want}" length)
            math(EXPR length "${length} - 3")
            string(SUBSTRING "${want}" 0 ${length} prefix)
            string(LENGTH "${got}" got_length)
            if(got_length GREATER_EQUAL length)
                string(SUBSTRING "${got}" 0 ${length} head)
                if(head STREQUAL prefix)
                    set(same TRUE)
                endif()
            endif()
        elseif(got STREQUAL want)
            set(same TRUE)
        endif()
        if(NOT same)
            string(APPEND found "  ${what} line ${number}: \"${got}\", expected \"${want}\"\n")
        endif()
    endwhile()
    string(REGEX MATCH "\n$" newline "${text}")
    if(NOT text STREQUAL "" AND NOT newline)
        string(APPEND found "  the last ${what} line has no newline\n")
    endif()
    set(compare_failures "${found}" PARENT_SCOPE)
endfunction()

if(DEFINED EXPECTED_STDOUT)
    compare_lines("${EXPECTED_STDOUT}" "${stdout}" "standard output")
    string(APPEND failures "${compare_failures}")
endif()
if(DEFINED EXPECTED_STDERR)
    compare_lines("${EXPECTED_STDERR}" "${stderr}" "standard error")
    string(APPEND failures "${compare_failures}")
endif()

if(NOT failures STREQUAL "")
    string(JOIN " " command "${PROGRAM}" ${arguments})
    message(FATAL_ERROR "${command}\n${failures}"
        "standard output:\n${stdout}\nstandard error:\n${stderr}")
endif()
