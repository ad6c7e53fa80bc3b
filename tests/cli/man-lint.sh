#!/bin/sh
# Lint the configured man page: sh man-lint.sh PAGE [LECTERN]
# It must have the sections, environment variables, examples and see-also
# entries that issue 8 lists, and name every option of --help.
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
# The sections, environment variables and examples the page must have.
text=$(sed 's/\\-/-/g' "$page")
for sec in NAME SYNOPSIS DESCRIPTION OPTIONS KEYS SEARCH 'EXIT STATUS' \
	ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
	printf '%s\n' "$text" | grep -qx ".SH $sec" ||
		{ echo "FAIL: no section .SH $sec"; exit 1; }
done
for var in NO_COLOR XDG_STATE_HOME LECTERN_STATE TERM LANG; do
	printf '%s\n' "$text" | grep -qx "\.BR* $var\( .*\)\{0,1\}" ||
		{ echo "FAIL: ENVIRONMENT lacks $var"; exit 1; }
done
for ex in 'lectern' 'lectern essays.txt' \
	'curl -s https://example.org/essays.txt | lectern -' \
	'lectern --search OBOR' 'lectern --outline | cut -f3'; do
	printf '%s\n' "$text" | grep -qxF -- "$ex" ||
		{ echo "FAIL: EXAMPLES lacks: $ex"; exit 1; }
done
for ref in 'less (1)' 'info (1)'; do
	printf '%s\n' "$text" | sed -n '/^\.SH SEE ALSO/,$p' |
		grep -q "^\.BR $ref" || { echo "FAIL: SEE ALSO lacks $ref"; exit 1; }
done
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
