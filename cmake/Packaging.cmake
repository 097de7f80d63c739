# `cpack` (after a build): a Debian package of everything `cmake --install` installs - the
# library, its headers, the CMake package, the pkg-config file, the libsqlstore tool and its
# manual page - under /usr. scripts/ci-package.sh builds it, installs it with dpkg and builds a
# consumer against it.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "libsqlstore-dev")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "The storage layer of Mastra agent applications (LibSQLStore) as a C++20 library, with the\n"
    "libsqlstore command-line tool: threads, messages, working memory, workflow snapshots, evals,\n"
    "traces, scores, vectors and keyword search on SQLite or a remote libSQL server.")
set(CPACK_PACKAGE_CONTACT "libsqlstore developers <libsqlstore@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "libdevel")
# What a consumer compiles and links with (the library is static by default; libcurl is loaded
# at run time by the first remote store).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libsqlite3-dev (>= 3.40), nlohmann-json3-dev (>= 3.10), libcurl4 | libcurl4t64, libc6, libstdc++6")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
include(CPack)
