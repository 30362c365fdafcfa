# The example programs' helpers, as the sources of each small library: included by
# examples/CMakeLists.txt and by tests/fuzz/CMakeLists.txt, which compiles the same
# sources with its own toml++ (instrumented, header-only).
set(slakit_support_dir "${CMAKE_CURRENT_LIST_DIR}")
# main()'s error handling and output check, an outcome's words: no third-party library.
set(slakit_support_program_sources "${slakit_support_dir}/program.cpp" "${slakit_support_dir}/outcome_text.cpp")
# Calendars and contracts from TOML files: toml++.
set(slakit_support_config_sources "${slakit_support_dir}/config.cpp" "${slakit_support_dir}/contract.cpp"
    "${slakit_support_dir}/tzif.cpp")
# Requests CSV to requests and reports: fast-cpp-csv-parser, threads, fmt.
set(slakit_support_report_io_sources
    "${slakit_support_dir}/breach_list.cpp"
    "${slakit_support_dir}/csv.cpp"
    "${slakit_support_dir}/event_report.cpp"
    "${slakit_support_dir}/event_rows.cpp"
    "${slakit_support_dir}/interned.cpp"
    "${slakit_support_dir}/line_runs.cpp"
    "${slakit_support_dir}/outages.cpp"
    "${slakit_support_dir}/progress.cpp"
    "${slakit_support_dir}/recent_ids.cpp"
    "${slakit_support_dir}/report_reader.cpp"
    "${slakit_support_dir}/request_rows.cpp")
# A report as JSON, CSV or a table: nlohmann/json, fmt.
set(slakit_support_report_output_sources "${slakit_support_dir}/report_output.cpp"
    "${slakit_support_dir}/html_report.cpp")
