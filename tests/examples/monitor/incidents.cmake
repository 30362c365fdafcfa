# Pages on a simulated month (issue 16's paging cases): sla_simulate writes the month,
# sla_monitor --severity page --json replays it with an incident (or none), and this
# script checks what paged, and when.
#
#   cmake -DSIMULATE=... -DMONITOR=... -DWORK=<dir> -DSEED=42 -DREQUESTS=100000
#         -DMONTH=2026-05 [-DINCIDENT=START,LENGTH[,EFFECT] -DINCIDENT_CHANNEL=name]
#         [-DEXPECT_NONE=ON] [-DPAGE_BY=instant] [-DPAGE_NOT_BEFORE=instant]
#         [-DRESOLVED_BY=instant] [-DNO_FIRE_AFTER=instant] [-DREARM_MINUTES=30]
#         -P incidents.cmake
#
# Instants are written as sla_monitor writes them (the contract's offset, whole minutes),
# so that they compare as strings. Checks:
#   EXPECT_NONE      no page fires at all
#   PAGE_BY          some page fires at or before this instant (and at or after PAGE_NOT_BEFORE)
#   RESOLVED_BY      every page resolves, at or before this instant
#   NO_FIRE_AFTER    no page fires after this instant
#   REARM_MINUTES    no rule fires again on a group within this many minutes of resolving
cmake_minimum_required(VERSION 3.25)

foreach(required IN ITEMS SIMULATE MONITOR WORK SEED REQUESTS MONTH)
    if(NOT DEFINED ${required})
        message(FATAL_ERROR "incidents.cmake: ${required} is not set")
    endif()
endforeach()

file(MAKE_DIRECTORY "${WORK}")
set(month_file "${WORK}/month-${SEED}-${REQUESTS}-${MONTH}.csv")
execute_process(COMMAND "${SIMULATE}" --seed ${SEED} --requests ${REQUESTS} --month ${MONTH}
    OUTPUT_FILE "${month_file}" ERROR_VARIABLE simulate_err RESULT_VARIABLE simulate_rc)
if(NOT simulate_rc EQUAL 0)
    message(FATAL_ERROR "sla_simulate failed (${simulate_rc}): ${simulate_err}")
endif()

set(arguments --requests "${month_file}" --severity page --json)
if(DEFINED INCIDENT)
    list(APPEND arguments --incident "${INCIDENT}")
endif()
if(DEFINED INCIDENT_CHANNEL)
    list(APPEND arguments --incident-channel "${INCIDENT_CHANNEL}")
endif()
execute_process(COMMAND "${MONITOR}" ${arguments}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
    message(FATAL_ERROR "sla_monitor ${arguments} failed (${rc}):\n${err}")
endif()

# Minutes since the start of the month of an instant written as sla_monitor writes them.
function(minute_of instant result)
    string(SUBSTRING "${instant}" 8 2 day)
    string(SUBSTRING "${instant}" 11 2 hour)
    string(SUBSTRING "${instant}" 14 2 minute)
    # Leading zeros: math() reads 08 as octal-free decimal, but strip them to be safe.
    foreach(part IN ITEMS day hour minute)
        string(REGEX REPLACE "^0" "" ${part} "${${part}}")
    endforeach()
    math(EXPR minutes "${day} * 1440 + ${hour} * 60 + ${minute}")
    set(${result} ${minutes} PARENT_SCOPE)
endfunction()

string(REPLACE "\n" ";" lines "${out}")
set(problems "")
set(fired 0)
set(first_page "")
set(open_alerts "")  # rule|group of alerts fired and not resolved
set(transcript "")
foreach(line IN LISTS lines)
    if(line STREQUAL "")
        continue()
    endif()
    string(JSON event GET "${line}" event)
    if(event STREQUAL "summary")
        continue()
    endif()
    string(JSON time GET "${line}" time)
    string(JSON rule GET "${line}" rule)
    string(JSON channel GET "${line}" channel)
    string(JSON priorities GET "${line}" priorities)
    set(key "${rule}|${channel}/${priorities}")
    string(APPEND transcript "  ${time} ${event} ${rule} ${channel}/${priorities}\n")
    minute_of("${time}" now)
    string(MAKE_C_IDENTIFIER "${key}" slot)
    if(event STREQUAL "fired")
        math(EXPR fired "${fired} + 1")
        if(first_page STREQUAL "")
            set(first_page "${time}")
        endif()
        list(APPEND open_alerts "${key}")
        if(DEFINED NO_FIRE_AFTER AND time STRGREATER NO_FIRE_AFTER)
            string(APPEND problems "a page fired at ${time}, after ${NO_FIRE_AFTER}\n")
        endif()
        if(DEFINED REARM_MINUTES AND DEFINED resolved_${slot})
            math(EXPR gap "${now} - ${resolved_${slot}}")
            if(gap LESS REARM_MINUTES)
                string(APPEND problems "${key} fired again at ${time}, ${gap} min after it resolved\n")
            endif()
        endif()
    else()
        list(REMOVE_ITEM open_alerts "${key}")
        set(resolved_${slot} ${now})
        if(DEFINED RESOLVED_BY AND time STRGREATER RESOLVED_BY)
            string(APPEND problems "${key} resolved at ${time}, after ${RESOLVED_BY}\n")
        endif()
    endif()
endforeach()

if(EXPECT_NONE AND fired GREATER 0)
    string(APPEND problems "expected no page, ${fired} fired\n")
endif()
if(DEFINED PAGE_BY)
    if(first_page STREQUAL "" OR first_page STRGREATER PAGE_BY)
        string(APPEND problems "expected a page by ${PAGE_BY}, the first came at '${first_page}'\n")
    elseif(DEFINED PAGE_NOT_BEFORE AND first_page STRLESS PAGE_NOT_BEFORE)
        string(APPEND problems "the first page came at ${first_page}, before ${PAGE_NOT_BEFORE}\n")
    endif()
endif()
if(DEFINED RESOLVED_BY AND NOT open_alerts STREQUAL "")
    string(APPEND problems "still firing at the end: ${open_alerts}\n")
endif()

if(NOT problems STREQUAL "")
    message(FATAL_ERROR "sla_monitor ${arguments}:\n${problems}transitions:\n${transcript}")
endif()
message(STATUS "pages: ${fired}\n${transcript}")
