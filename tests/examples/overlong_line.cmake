# sla_report skips a line longer than its 256 KiB runs, as a rejected row, in the
# middle of a file and at its very end (no line break), and reads on.
#   -DPROGRAM=sla_report  -DCONTRACT=file  -DOUTPUT=the CSV to write
cmake_minimum_required(VERSION 3.25)
string(REPEAT "x" 300000 long)
file(WRITE "${OUTPUT}"
    "id,channel,priority,submitted_at,first_response_at\n"
    "A1,web_chat,normal,2026-03-02T10:00:00+08:00,2026-03-02T10:00:30+08:00\n"
    "A2,web_chat,normal,${long}\n"
    "A3,web_chat,normal,2026-03-02T10:00:00+08:00,2026-03-02T10:00:20+08:00\n"
    "A4,web_chat,normal,${long}")
execute_process(COMMAND "${PROGRAM}" --contract "${CONTRACT}" --requests "${OUTPUT}" --format csv
    RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
set(expected_stdout "period,channel,priority,requests,in_scope,out_of_hours,excluded,met,breached,pending,no_threshold,compliance,mean_s,min_s,max_s,p50_s,p90_s,p99_s\n2026-03,web_chat,normal,2,2,0,0,2,0,0,0,1,25,20,30,20,20,20\n")
set(expected_stderr "${OUTPUT}:3: the line is longer than 256 KiB\n${OUTPUT}:5: the line is longer than 256 KiB\nsla_report: 4 rows read, 2 accepted, 2 rejected\n")
if(NOT status EQUAL 0 OR NOT stdout STREQUAL expected_stdout OR NOT stderr STREQUAL expected_stderr)
    message(FATAL_ERROR "exit status ${status}\nstandard output:\n${stdout}\nstandard error:\n${stderr}")
endif()
