# Installs a slakit build tree into a scratch prefix, then configures, builds and
# runs tests/consumer against it, exactly as a downstream project would.
#
#   cmake -DSLAKIT_BUILD_DIR=... -DCONSUMER_SOURCE_DIR=... -DCONSUMER_BINARY_DIR=...
#         -DINSTALL_PREFIX=... [-DOUTER_PREFIX_PATH=a|b] [-DGENERATOR=...]
#         [-DCXX_COMPILER=...] [-DCONFIG=...] [-DEXE_SUFFIX=.exe] -P run_consumer_test.cmake

foreach(required IN ITEMS SLAKIT_BUILD_DIR CONSUMER_SOURCE_DIR CONSUMER_BINARY_DIR INSTALL_PREFIX)
    if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
        message(FATAL_ERROR "run_consumer_test.cmake: ${required} is not set")
    endif()
endforeach()

if(NOT CONFIG)
    set(CONFIG Release)
endif()

function(run_step description)
    message(STATUS "consumer: ${description}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "consumer: ${description} failed (${result})")
    endif()
endfunction()

# Start clean so a header deleted from the source tree cannot linger in the prefix.
file(REMOVE_RECURSE "${INSTALL_PREFIX}" "${CONSUMER_BINARY_DIR}")

run_step("install ${SLAKIT_BUILD_DIR} into ${INSTALL_PREFIX}"
    "${CMAKE_COMMAND}" --install "${SLAKIT_BUILD_DIR}" --prefix "${INSTALL_PREFIX}" --config "${CONFIG}")

# The fresh prefix comes first so it wins over any other slakit on the system.
set(prefix_path "${INSTALL_PREFIX}")
if(OUTER_PREFIX_PATH)
    string(REPLACE "|" ";" outer "${OUTER_PREFIX_PATH}")
    list(APPEND prefix_path ${outer})
endif()

set(configure_args -S "${CONSUMER_SOURCE_DIR}" -B "${CONSUMER_BINARY_DIR}"
    "-DCMAKE_PREFIX_PATH=${prefix_path}"
    "-DCMAKE_BUILD_TYPE=${CONFIG}")
if(GENERATOR)
    list(APPEND configure_args -G "${GENERATOR}")
endif()
if(CXX_COMPILER)
    list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()

run_step("configure ${CONSUMER_SOURCE_DIR}" "${CMAKE_COMMAND}" ${configure_args})
run_step("build" "${CMAKE_COMMAND}" --build "${CONSUMER_BINARY_DIR}" --config "${CONFIG}")

# Single-config generators put a program at the top, multi-config ones in <config>/.
foreach(name IN ITEMS slakit_consumer slakit_consumer_fmt)
    set(program "${CONSUMER_BINARY_DIR}/${name}${EXE_SUFFIX}")
    if(NOT EXISTS "${program}")
        set(program "${CONSUMER_BINARY_DIR}/${CONFIG}/${name}${EXE_SUFFIX}")
    endif()
    run_step("run ${program}" "${program}")
endforeach()
