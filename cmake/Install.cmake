# Installation: headers, the library, a CMake package (find_package(libsqlstore)) and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS libsqlstore EXPORT libsqlstoreTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/libsqlstore DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/libsqlstore/version.hpp
              ${PROJECT_BINARY_DIR}/include/libsqlstore/export.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/libsqlstore)
install(EXPORT libsqlstoreTargets NAMESPACE libsqlstore::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/libsqlstore)

configure_package_config_file(cmake/libsqlstoreConfig.cmake.in
  ${PROJECT_BINARY_DIR}/libsqlstoreConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/libsqlstore)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/libsqlstoreConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/libsqlstoreConfig.cmake
              ${PROJECT_BINARY_DIR}/libsqlstoreConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/libsqlstore)

# A static libsqlstore needs its dependencies on every link line; a shared one does not.
if(BUILD_SHARED_LIBS)
  set(LIBSQLSTORE_PC_STATIC_LIBS "")
  set(LIBSQLSTORE_PC_CFLAGS "")
else()
  set(LIBSQLSTORE_PC_STATIC_LIBS "-lsqlite3 -ldl -lpthread")
  set(LIBSQLSTORE_PC_CFLAGS "-DLIBSQLSTORE_STATIC_DEFINE")
endif()
configure_file(cmake/libsqlstore.pc.in ${PROJECT_BINARY_DIR}/libsqlstore.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/libsqlstore.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
