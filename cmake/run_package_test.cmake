# Builds slakit's packages (.deb and .tgz) with CPack, unpacks the .debs into a
# staging root with dpkg -x, and builds tests/consumer against that root twice:
# with find_package, and with pkg-config as a Makefile would.
#
#   cmake -DSOURCE_DIR=... -DWORK_DIR=... -DCONSUMER_SOURCE_DIR=... [-DGENERATOR=...]
#         [-DCXX_COMPILER=...] [-DOUTER_PREFIX_PATH=a|b] -P run_package_test.cmake

foreach(required IN ITEMS SOURCE_DIR WORK_DIR CONSUMER_SOURCE_DIR)
    if(NOT DEFINED ${required} OR "${${required}}" STREQUAL "")
        message(FATAL_ERROR "run_package_test.cmake: ${required} is not set")
    endif()
endforeach()
if(NOT CXX_COMPILER)
    set(CXX_COMPILER c++)
endif()

function(run_step description)
    message(STATUS "package: ${description}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "package: ${description} failed (${result})")
    endif()
endfunction()

function(expect condition_text)
    if(NOT (${ARGN}))
        message(FATAL_ERROR "package: expected ${condition_text}")
    endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(build "${WORK_DIR}/build")
set(packages "${WORK_DIR}/packages")
set(root "${WORK_DIR}/root")

# A build tree of the library alone, installing under /usr as a .deb does.
set(configure_args -S "${SOURCE_DIR}" -B "${build}" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=Release
    -DSLAKIT_BUILD_TESTS=OFF -DSLAKIT_BUILD_EXAMPLES=OFF -DSLAKIT_BUILD_BENCH=OFF -DSLAKIT_BUILD_PYTHON=OFF)
if(OUTER_PREFIX_PATH)
    string(REPLACE "|" ";" outer "${OUTER_PREFIX_PATH}")
    list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${outer}")
endif()
if(GENERATOR)
    list(APPEND configure_args -G "${GENERATOR}")
endif()
run_step("configure the library" "${CMAKE_COMMAND}" ${configure_args})
foreach(generator IN ITEMS DEB TGZ)
    run_step("cpack -G ${generator}" "${CMAKE_CPACK_COMMAND}" -G ${generator} --config "${build}/CPackConfig.cmake"
        -B "${packages}")
endforeach()

file(GLOB core_deb "${packages}/libslakit-dev_*.deb")
file(GLOB fmt_deb "${packages}/libslakit-fmt-dev_*.deb")
file(GLOB archive "${packages}/slakit-*.tar.gz")
expect("libslakit-dev, libslakit-fmt-dev and a .tar.gz in ${packages}" core_deb AND fmt_deb AND archive)

# The control fields name the dependencies; the copyright file names the licence.
foreach(check IN ITEMS "core_deb|Depends|libhowardhinnant-date-dev" "fmt_deb|Depends|libfmt-dev"
                       "fmt_deb|Depends|libslakit-dev")
    string(REPLACE "|" ";" check "${check}")
    list(GET check 0 deb)
    list(GET check 1 field)
    list(GET check 2 wanted)
    execute_process(COMMAND dpkg-deb -f "${${deb}}" ${field} OUTPUT_VARIABLE value RESULT_VARIABLE result)
    expect("${field} of ${${deb}} to name ${wanted}, got \"${value}\"" result EQUAL 0 AND value MATCHES "${wanted}")
endforeach()

foreach(deb IN LISTS core_deb fmt_deb)
    run_step("dpkg -x ${deb}" dpkg -x "${deb}" "${root}")
endforeach()
file(READ "${root}/usr/share/doc/libslakit-dev/copyright" copyright)
expect("the copyright file to name the MIT licence" copyright MATCHES "License: MIT")
file(GLOB_RECURSE pc_files "${root}/slakit.pc")
expect("slakit.pc under an arch-dependent lib/.../pkgconfig, got \"${pc_files}\"" pc_files MATCHES "/usr/lib[^/]*/.*pkgconfig/slakit.pc$")
get_filename_component(pc_dir "${pc_files}" DIRECTORY)

# The archive unpacks with slakit.pc and the headers too.
file(MAKE_DIRECTORY "${WORK_DIR}/archive")
run_step("unpack the .tar.gz" "${CMAKE_COMMAND}" -E chdir "${WORK_DIR}/archive" "${CMAKE_COMMAND}" -E tar xzf "${archive}")
file(GLOB_RECURSE archive_pc "${WORK_DIR}/archive/slakit.pc")
file(GLOB_RECURSE archive_header "${WORK_DIR}/archive/version.hpp")
expect("slakit.pc and slakit/version.hpp in the archive"
    archive_pc MATCHES "/pkgconfig/slakit.pc$" AND archive_header MATCHES "/include/slakit/version.hpp$")

# 1. find_package, with the staging root's /usr as the prefix.
set(consumer_build "${WORK_DIR}/consumer-find-package")
set(prefix_path "${root}/usr")
if(OUTER_PREFIX_PATH)
    list(APPEND prefix_path ${outer})
endif()
set(consumer_args -S "${CONSUMER_SOURCE_DIR}" -B "${consumer_build}" "-DCMAKE_PREFIX_PATH=${prefix_path}"
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
if(GENERATOR)
    list(APPEND consumer_args -G "${GENERATOR}")
endif()
run_step("configure the consumer (find_package)" "${CMAKE_COMMAND}" ${consumer_args})
run_step("build the consumer (find_package)" "${CMAKE_COMMAND}" --build "${consumer_build}")
foreach(name IN ITEMS slakit_consumer slakit_consumer_fmt)
    run_step("run ${name} (find_package)" "${consumer_build}/${name}")
endforeach()

# 2. pkg-config, the compiler called with its flags as a Makefile would.
foreach(pair IN ITEMS "slakit|main.cpp|slakit_consumer" "slakit-fmt|main_fmt.cpp|slakit_consumer_fmt")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 module)
    list(GET pair 1 source)
    list(GET pair 2 program)
    execute_process(COMMAND "${CMAKE_COMMAND}" -E env "PKG_CONFIG_PATH=${pc_dir}" pkg-config --cflags --libs ${module}
        OUTPUT_VARIABLE flags RESULT_VARIABLE result OUTPUT_STRIP_TRAILING_WHITESPACE)
    expect("pkg-config to know ${module}" result EQUAL 0)
    expect("pkg-config's flags for ${module} to point into the staging root, got \"${flags}\"" flags MATCHES "${root}")
    separate_arguments(flags UNIX_COMMAND "${flags}")
    set(out "${WORK_DIR}/pkg-config-${program}")
    run_step("build ${program} with pkg-config ${module}"
        "${CXX_COMPILER}" -std=c++20 "${CONSUMER_SOURCE_DIR}/${source}" -o "${out}" ${flags})
    run_step("run ${program} (pkg-config)" "${out}")
endforeach()
