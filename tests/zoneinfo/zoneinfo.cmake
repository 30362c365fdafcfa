# Zones past their last transition against Python's zoneinfo (differential.cpp).
# Included from tests/examples/CMakeLists.txt: the test uses the examples' TZif reader.
# A setup test writes zoneinfo's offset changes; the C++ test compares with them.
find_program(SLAKIT_PYTHON3 NAMES python3)
if(TARGET slakit_config AND TARGET slakit_doctest_main AND SLAKIT_PYTHON3)
    add_executable(test_zoneinfo_differential "${CMAKE_CURRENT_LIST_DIR}/differential.cpp")
    target_link_libraries(test_zoneinfo_differential PRIVATE
        slakit::slakit slakit_doctest_main slakit_warnings slakit_config)
    target_include_directories(test_zoneinfo_differential PRIVATE "${PROJECT_SOURCE_DIR}/examples")

    set(expected "${CMAKE_CURRENT_BINARY_DIR}/zoneinfo_transitions.txt")
    # The zones of the calendar tests and example calendars, footers with odd rules
    # (Dublin's negative daylight saving, Jerusalem's 26:00, Santiago's 24:00, Nuuk's
    # negative times, Casablanca's transitions to 2087), then 20 drawn with seed 18.
    add_test(NAME zoneinfo_transitions
        COMMAND "${SLAKIT_PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/transitions.py" "${expected}" 2030 2201 18 20
            America/New_York Europe/London Australia/Lord_Howe America/Sao_Paulo Pacific/Apia Asia/Shanghai
            Asia/Kolkata Australia/Adelaide America/St_Johns Europe/Berlin Europe/Dublin Asia/Jerusalem
            America/Santiago America/Nuuk Africa/Casablanca)
    set_tests_properties(zoneinfo_transitions PROPERTIES
        FIXTURES_SETUP slakit_zoneinfo LABELS "unit" TIMEOUT 300)
    add_test(NAME test_zoneinfo_differential COMMAND test_zoneinfo_differential)
    set_tests_properties(test_zoneinfo_differential PROPERTIES
        FIXTURES_REQUIRED slakit_zoneinfo LABELS "unit" TIMEOUT 600
        ENVIRONMENT "SLAKIT_ZONEINFO_EXPECTED=${expected}")
elseif(NOT SLAKIT_PYTHON3)
    message(STATUS "slakit: the zoneinfo differential test is skipped: it needs python3")
endif()
