# One place for the project's warning flags; applied per target with libsqlstore_set_warnings().
function(libsqlstore_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                           -Wno-missing-field-initializers)
  # clang checks the locking the headers state (core/thread_annotations.hpp).
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    target_compile_options(${target} PRIVATE -Wthread-safety)
  endif()
  if(LIBSQLSTORE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
