# The example programs' helpers, as the sources of each small library: included by
# examples/CMakeLists.txt and by tests/fuzz/CMakeLists.txt, which compiles the same
# sources with its own toml++ (instrumented, header-only).
set(slakit_support_dir "${CMAKE_CURRENT_LIST_DIR}")
# main()'s error handling and output check, an outcome's words: no third-party library.
set(slakit_support_program_sources "${slakit_support_dir}/program.cpp" "${slakit_support_dir}/outcome_text.cpp")
# Calendars and contracts from TOML files, holidays from iCalendar files: toml++, libical.
set(slakit_support_config_sources "${slakit_support_dir}/config.cpp" "${slakit_support_dir}/contract.cpp"
    "${slakit_support_dir}/tzif.cpp" "${slakit_support_dir}/ics.cpp")
# A contract as OpenSLO YAML and back: yaml-cpp.
set(slakit_support_openslo_sources "${slakit_support_dir}/openslo.cpp")
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

# slakit_find_libical(): the target slakit_libical, Debian's libical-dev (libical 3), found with
# pkg-config or else by its header and library; no target when it is not installed.
function(slakit_find_libical)
    if(TARGET slakit_libical)
        return()
    endif()
    find_package(PkgConfig QUIET)
    if(PKG_CONFIG_FOUND)
        pkg_check_modules(SLAKIT_LIBICAL QUIET IMPORTED_TARGET GLOBAL libical>=3.0)
    endif()
    if(TARGET PkgConfig::SLAKIT_LIBICAL)
        add_library(slakit_libical INTERFACE IMPORTED GLOBAL)
        target_link_libraries(slakit_libical INTERFACE PkgConfig::SLAKIT_LIBICAL)
        return()
    endif()
    find_path(SLAKIT_LIBICAL_INCLUDE_DIR libical/ical.h)
    find_library(SLAKIT_LIBICAL_LIBRARY ical)
    if(SLAKIT_LIBICAL_INCLUDE_DIR AND SLAKIT_LIBICAL_LIBRARY)
        add_library(slakit_libical INTERFACE IMPORTED GLOBAL)
        target_include_directories(slakit_libical SYSTEM INTERFACE "${SLAKIT_LIBICAL_INCLUDE_DIR}")
        target_link_libraries(slakit_libical INTERFACE "${SLAKIT_LIBICAL_LIBRARY}")
    endif()
endfunction()
