#!/bin/sh
# Lint the configured man page: sh man-lint.sh PAGE [LECTERN]
# mandoc's style notes (a line over 80 bytes, say) count as failures; groff
# is the fallback where mandoc is missing, judged by its stderr since it
# exits 0 even when it warns.
set -u
page=$1
lectern=${2:-}
[ -r "$page" ] || { echo "FAIL: no man page at $page"; exit 1; }
if grep -q '@[A-Z_]*@' "$page"; then
	echo "FAIL: unfilled placeholder in $page"
	exit 1
fi
# Every long option that --help names is in the page.
if [ -n "$lectern" ]; then
	text=$(sed 's/\\-/-/g' "$page")
	opts=$("$lectern" --help </dev/null | grep -o -- '--[a-z][a-z-]*')
	for opt in $opts; do
		if ! printf '%s\n' "$text" | grep -qF -- "$opt"; then
			echo "FAIL: $opt is in --help but not in $page"
			exit 1
		fi
	done
fi
if command -v mandoc >/dev/null 2>&1; then
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || [ -n "$out" ]; then
		echo "FAIL: mandoc -Tlint (exit $rc):"
		echo "$out"
		exit 1
	fi
	echo "ok: mandoc -Tlint -W warning is clean"
elif command -v groff >/dev/null 2>&1; then
	err=$(groff -man -ww -z "$page" 2>&1 >/dev/null)
	if [ -n "$err" ]; then
		echo "FAIL: groff -man -ww -z:"
		echo "$err"
		exit 1
	fi
	echo "ok: groff -man -ww -z is clean (mandoc not installed)"
else
	echo "SKIP: neither mandoc nor groff is installed"
	exit 77
fi
