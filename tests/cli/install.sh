#!/bin/sh
# Install into a scratch prefix and run the installed program from there:
#   sh install.sh CMAKE BUILD-DIR VERSION
# It must find its bundled collection in PREFIX/share/lectern/ relative to
# its own executable, even after the prefix is moved, and the man page and
# data must land where GNUInstallDirs puts them.
set -u
CMAKE=$1
BUILD=$2
VERSION=$3
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../../data

T=$(mktemp -d "${TMPDIR:-/tmp}/lectern-install.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

fail()
{
	echo "FAIL: $*"
	exit 1
}

"$CMAKE" --install "$BUILD" --prefix "$T/prefix" >"$T/log" 2>&1 ||
	{ cat "$T/log"; fail "cmake --install failed"; }

# Move the prefix: nothing may depend on where it was installed.
mv "$T/prefix" "$T/moved"
P=$T/moved
[ -x "$P/bin/lectern" ] || fail "no bin/lectern"
man=$(find "$P" -path '*/man1/lectern.1' | head -n 1)
[ -n "$man" ] || fail "no man1/lectern.1"
grep -q "lectern $VERSION" "$man" || fail "man page lacks the version"
cmp -s "$P/share/lectern/sino-russian-relations.txt" \
	"$DATA/sino-russian-relations.txt" || fail "bundled collection differs"
cmp -s "$P/share/lectern/README.md" "$DATA/README.md" ||
	fail "data/README.md not installed"

cd / || exit 1
"$P/bin/lectern" --version </dev/null >"$T/out" 2>&1 || fail "--version"
[ "$(cat "$T/out")" = "lectern $VERSION" ] || fail "version: $(cat "$T/out")"
"$P/bin/lectern" --outline </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "installed lectern --outline failed"; }
cmp -s "$T/out" "$HERE/bundled.outline" ||
	{ diff "$HERE/bundled.outline" "$T/out"; fail "outline differs"; }

# It read the installed copy, not the source tree's: change the installed
# one and look.
printf 'Installed Copy\n\nWritten by Ann Other.\n\nText.\n' \
	>"$P/share/lectern/sino-russian-relations.txt"
"$P/bin/lectern" --outline </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "lectern --outline of the changed copy failed"; }
printf 'essay\t1\tInstalled Copy\tAnn Other\t1\n' >"$T/want"
cmp -s "$T/out" "$T/want" ||
	{ cat "$T/out"; fail "did not read PREFIX/share/lectern/"; }
echo "ok: installed, relocated, ran from $P/bin"
