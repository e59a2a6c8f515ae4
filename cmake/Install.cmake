# Install.cmake - what `cmake --install` puts in place: the tool, both libraries,
# the public headers, tlcheck.pc, a CMake package, man pages, the default rule
# pack, the JSON Schema and bash completion.
#
# Included from the root CMakeLists.txt after every target exists, so the
# properties set here apply to the targets defined there.

include(CMakePackageConfigHelpers)

# find_package(tlcheck) must give tlcheck::tlcheck (the shared library, as the
# in-tree alias does) and tlcheck::tlcheck_static.
set_target_properties(tlcheck_shared PROPERTIES EXPORT_NAME tlcheck)
set_target_properties(tlcheck_static PROPERTIES EXPORT_NAME tlcheck_static)

set(TLCHECK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tlcheck)
set(TLCHECK_DATA_DIR ${CMAKE_INSTALL_DATADIR}/tlcheck)

install(TARGETS tlcheck
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(TARGETS tlcheck_shared tlcheck_static
  EXPORT tlcheckTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

file(GLOB TLCHECK_PUBLIC_HEADERS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/tlcheck/*.h)
install(FILES ${TLCHECK_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tlcheck)

# ---- pkg-config ---------------------------------------------------------------
# The prefix is the one of the installation (`cmake --install --prefix` may
# differ from CMAKE_INSTALL_PREFIX at configure time), so the file is finished
# at install time: configured now with @TLCHECK_PC_PREFIX@ kept, then again.
foreach(d LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${d}}")
    set(TLCHECK_PC_${d} "${CMAKE_INSTALL_${d}}")
  else()
    set(TLCHECK_PC_${d} "\${prefix}/${CMAKE_INSTALL_${d}}")
  endif()
endforeach()
set(TLCHECK_PC_PREFIX "@TLCHECK_PC_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/tlcheck.pc.in ${PROJECT_BINARY_DIR}/tlcheck.pc.stage @ONLY)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(TLCHECK_PC_DEST "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
else()
  set(TLCHECK_PC_DEST "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()
install(CODE "
  set(TLCHECK_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  configure_file(\"${PROJECT_BINARY_DIR}/tlcheck.pc.stage\" \"${PROJECT_BINARY_DIR}/pc/tlcheck.pc\" @ONLY)
  file(INSTALL DESTINATION \"${TLCHECK_PC_DEST}\" TYPE FILE FILES \"${PROJECT_BINARY_DIR}/pc/tlcheck.pc\")
")

# ---- CMake package --------------------------------------------------------------
install(EXPORT tlcheckTargets
  NAMESPACE tlcheck::
  FILE tlcheckTargets.cmake
  DESTINATION ${TLCHECK_CMAKE_DIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/tlcheckConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tlcheckConfig.cmake
  INSTALL_DESTINATION ${TLCHECK_CMAKE_DIR}
  PATH_VARS TLCHECK_DATA_DIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/tlcheckConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/tlcheckConfig.cmake
  ${PROJECT_BINARY_DIR}/tlcheckConfigVersion.cmake
  DESTINATION ${TLCHECK_CMAKE_DIR})

# ---- documentation and data -------------------------------------------------------
file(GLOB TLCHECK_MAN1 CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.1)
file(GLOB TLCHECK_MAN5 CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.5)
install(FILES ${TLCHECK_MAN1} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${TLCHECK_MAN5} DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)

# The default pack as data: `tlcheck check --rules <datadir>/tlcheck/rules` is
# the built-in pack, and a copy to start a pack of one's own from.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/ DESTINATION ${TLCHECK_DATA_DIR}/rules
  FILES_MATCHING PATTERN "*.yaml")
if(DEFINED TLCHECK_SCHEMA_JSON)
  install(FILES ${TLCHECK_SCHEMA_JSON} DESTINATION ${TLCHECK_DATA_DIR}/schemas)
endif()

install(FILES ${PROJECT_SOURCE_DIR}/completion/tlcheck.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME tlcheck)
