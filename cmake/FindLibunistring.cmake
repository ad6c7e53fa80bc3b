# FindLibunistring: libunistring ships neither a pkg-config file nor a CMake config.
# Defines Libunistring::Libunistring and Libunistring_VERSION.
find_path(Libunistring_INCLUDE_DIR NAMES unistr.h)
find_library(Libunistring_LIBRARY NAMES unistring)
if(Libunistring_INCLUDE_DIR AND EXISTS "${Libunistring_INCLUDE_DIR}/unistring/version.h")
  file(STRINGS "${Libunistring_INCLUDE_DIR}/unistring/version.h" _lu_ver
       REGEX "^#define _LIBUNISTRING_VERSION 0x[0-9a-fA-F]+")
  if(_lu_ver MATCHES "0x([0-9a-fA-F][0-9a-fA-F])([0-9a-fA-F][0-9a-fA-F])([0-9a-fA-F][0-9a-fA-F])")
    math(EXPR _maj "0x${CMAKE_MATCH_1}")
    math(EXPR _min "0x${CMAKE_MATCH_2}")
    math(EXPR _pat "0x${CMAKE_MATCH_3}")
    set(Libunistring_VERSION "${_maj}.${_min}.${_pat}")
  endif()
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Libunistring
  REQUIRED_VARS Libunistring_LIBRARY Libunistring_INCLUDE_DIR
  VERSION_VAR Libunistring_VERSION)
if(Libunistring_FOUND AND NOT TARGET Libunistring::Libunistring)
  add_library(Libunistring::Libunistring UNKNOWN IMPORTED)
  set_target_properties(Libunistring::Libunistring PROPERTIES
    IMPORTED_LOCATION "${Libunistring_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Libunistring_INCLUDE_DIR}")
endif()
mark_as_advanced(Libunistring_INCLUDE_DIR Libunistring_LIBRARY)
