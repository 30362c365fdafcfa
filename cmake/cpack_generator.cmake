# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE): the .deb installs
# under /usr, the archive holds paths relative to wherever it is unpacked.
if(CPACK_GENERATOR STREQUAL "DEB")
    set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
    # Each package's description starts with its own summary line; CPackDeb would
    # put the project's in front of it.
    unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
else()
    set(CPACK_PACKAGING_INSTALL_PREFIX "")
    set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
endif()
