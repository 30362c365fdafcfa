# Packages a C++ team can install: slakit.pc for pkg-config, and CPack's .deb and .tgz.
# Included by the top CMakeLists.txt after the install() rules, whose COMPONENTs
# (core, fmt) become the .deb packages libslakit-dev and libslakit-fmt-dev.
#
#   cmake -S . -B build/package -DCMAKE_INSTALL_PREFIX=/usr -DSLAKIT_BUILD_TESTS=OFF \
#         -DSLAKIT_BUILD_EXAMPLES=OFF -DSLAKIT_BUILD_BENCH=OFF
#   cd build/package && cpack -G "DEB;TGZ"
#
# With CMAKE_INSTALL_PREFIX=/usr, GNUInstallDirs gives Debian's multiarch libdir.

# pkg-config. Libs names date's tz library, which is architecture dependent, so the
# file goes to the arch-dependent lib/pkgconfig, not share/pkgconfig.
set(SLAKIT_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
    CACHE STRING "Where slakit's pkg-config files are installed")
file(RELATIVE_PATH SLAKIT_PC_TO_PREFIX "/prefix/${SLAKIT_INSTALL_PKGCONFIGDIR}" "/prefix")
string(REGEX REPLACE "/$" "" SLAKIT_PC_TO_PREFIX "${SLAKIT_PC_TO_PREFIX}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/slakit.pc.in" "${PROJECT_BINARY_DIR}/slakit.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/slakit.pc" DESTINATION "${SLAKIT_INSTALL_PKGCONFIGDIR}" COMPONENT core)
if(TARGET slakit_fmt)
    configure_file("${PROJECT_SOURCE_DIR}/cmake/slakit-fmt.pc.in" "${PROJECT_BINARY_DIR}/slakit-fmt.pc" @ONLY)
    install(FILES "${PROJECT_BINARY_DIR}/slakit-fmt.pc" DESTINATION "${SLAKIT_INSTALL_PKGCONFIGDIR}" COMPONENT fmt)
endif()

# Debian's machine-readable copyright file names the licence, with its full text.
file(STRINGS "${PROJECT_SOURCE_DIR}/LICENSE" slakit_license_lines)
file(READ "${PROJECT_SOURCE_DIR}/cmake/copyright.in" slakit_copyright)
foreach(line IN LISTS slakit_license_lines)
    if(line STREQUAL "")
        string(APPEND slakit_copyright " .\n")
    else()
        string(APPEND slakit_copyright " ${line}\n")
    endif()
endforeach()
file(WRITE "${PROJECT_BINARY_DIR}/copyright" "${slakit_copyright}")
install(FILES "${PROJECT_BINARY_DIR}/copyright"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/libslakit-dev" COMPONENT core)

set(CPACK_PACKAGE_NAME "slakit")
set(CPACK_PACKAGE_VENDOR "The slakit authors")
set(CPACK_PACKAGE_CONTACT "The slakit authors <slakit@localhost>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_PACKAGE_FILE_NAME "slakit-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")
set(CPACK_COMPONENTS_ALL core)
if(TARGET slakit_fmt)
    list(APPEND CPACK_COMPONENTS_ALL fmt)
endif()

# The archive: one .tgz holding everything, relative to its root.
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)

# Debian: one package per component, dependencies named, the licence in copyright.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "libdevel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_CORE_PACKAGE_NAME "libslakit-dev")
# date's tz library reads the OS database (tzdata) at run time.
set(CPACK_DEBIAN_CORE_PACKAGE_DEPENDS "libhowardhinnant-date-dev (>= 3.0), tzdata")
set(CPACK_DEBIAN_CORE_DESCRIPTION "${PROJECT_DESCRIPTION}
slakit is a header-only C++20 library for customer-service SLAs: business-hours
calendars over IANA time zones, per-request evaluation against a contract, reports
and monitoring. This package holds the headers, the CMake package (find_package)
and slakit.pc for pkg-config. Licence: MIT.")
set(CPACK_DEBIAN_FMT_PACKAGE_NAME "libslakit-fmt-dev")
set(CPACK_DEBIAN_FMT_PACKAGE_DEPENDS "libslakit-dev (= ${PROJECT_VERSION}), libfmt-dev")
set(CPACK_DEBIAN_FMT_DESCRIPTION "{fmt} formatters for slakit's types
The fmt component of slakit's CMake package (find_package(slakit COMPONENTS fmt),
target slakit::fmt) and slakit-fmt.pc for pkg-config. Licence: MIT.")
set(CPACK_COMPONENT_CORE_DISPLAY_NAME "slakit headers and packages")
set(CPACK_COMPONENT_FMT_DISPLAY_NAME "slakit's {fmt} formatters")
set(CPACK_COMPONENT_FMT_DEPENDS core)
# The .deb installs under /usr, the archive at its own root.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/cmake/cpack_generator.cmake")

include(CPack)
