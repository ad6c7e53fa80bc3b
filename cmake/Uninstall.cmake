# Undo `cmake --install`: cmake -DMANIFEST=FILE -DDIRS=FILE -P Uninstall.cmake
# Removes every file MANIFEST (install_manifest.txt) lists, then each folder
# DIRS lists (the folders the install made, noted by its first rule) that is
# empty by then, deepest first. Folders that existed before are left alone,
# and so is a folder that holds anything else.
if(NOT EXISTS "${MANIFEST}")
  message(FATAL_ERROR "uninstall: no ${MANIFEST}: nothing was installed from this build")
endif()
file(STRINGS "${MANIFEST}" files)
foreach(f IN LISTS files)
  if(EXISTS "${f}" OR IS_SYMLINK "${f}")
    message(STATUS "Uninstalling: ${f}")
    file(REMOVE "${f}")
    if(EXISTS "${f}")
      message(FATAL_ERROR "uninstall: could not remove ${f}")
    endif()
  else()
    message(STATUS "Not there: ${f}")
  endif()
endforeach()
file(REMOVE "${MANIFEST}")

if(EXISTS "${DIRS}")
  file(STRINGS "${DIRS}" dirs)
  list(REMOVE_DUPLICATES dirs)
  # Deepest first: sorting in reverse puts a folder before its parent.
  list(SORT dirs)
  list(REVERSE dirs)
  foreach(d IN LISTS dirs)
    if(IS_DIRECTORY "${d}" AND NOT IS_SYMLINK "${d}")
      file(GLOB left "${d}/*" "${d}/.*")
      if(NOT left)
        message(STATUS "Removing empty folder: ${d}")
        file(REMOVE_RECURSE "${d}")
      endif()
    endif()
  endforeach()
  file(REMOVE "${DIRS}")
endif()
