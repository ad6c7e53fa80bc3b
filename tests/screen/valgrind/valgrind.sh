#!/bin/sh
# valgrind.sh LECTERN VTDRIVE: the scripted session in session.vt with
# lectern under valgrind (the sanitizers do not see into ncursesw and
# libunistring). Fails on any invalid access or definite leak; ncurses'
# still-reachable blocks are fine. Exit 77 (skipped) when valgrind is
# not installed.
set -u
lectern=$1
vtdrive=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v valgrind >/dev/null 2>&1 || {
  echo "valgrind.sh: SKIPPED: valgrind is not installed"
  exit 77
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
VTDRIVE_WRAPPER="valgrind -q --error-exitcode=1 --leak-check=full \
--show-leak-kinds=definite --errors-for-leak-kinds=definite \
--log-file=$tmp/valgrind.%p.log" VTDRIVE_TIMEOUT_SCALE=6 \
  "$vtdrive" "$here/session.vt" "$lectern"
rc=$?
said=$(cat "$tmp"/valgrind.*.log 2>/dev/null)
if [ $rc -ne 0 ] || [ -n "$said" ]; then
  echo "valgrind.sh: FAILED (vtdrive exit $rc); valgrind said:"
  printf '%s\n' "$said"
  exit 1
fi
echo "valgrind.sh: the session ran clean under valgrind"
