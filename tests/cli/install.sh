#!/bin/sh
# Install into a scratch prefix and run the installed program from there:
#   sh install.sh CMAKE BUILD-DIR VERSION
# It must find its bundled collection in PREFIX/share/lectern/ relative to
# its own executable, even after the prefix is moved (--outline, and the
# plain text through a pipe); the man page, both shell completions and the
# data must land where GNUInstallDirs puts them; the installed bash
# completion must complete --essay from the installed program. Then the
# `uninstall` target must remove all of it: nothing is left in a prefix the
# install made, and a folder that was there before keeps what it held.
# The build's own install_manifest.txt and install_dirs.txt are put back
# afterwards, so a real install can still be uninstalled.
set -u
CMAKE=$1
BUILD=$(cd "$2" && pwd) || exit 1
VERSION=$3
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$HERE/../..
DATA=$TOP/data

T=$(mktemp -d "${TMPDIR:-/tmp}/lectern-install.XXXXXX") || exit 1
mkdir "$T/saved"
for f in install_manifest.txt install_dirs.txt; do
	[ -f "$BUILD/$f" ] && mv "$BUILD/$f" "$T/saved/$f"
done
restore()
{
	rm -f "$BUILD/install_manifest.txt" "$BUILD/install_dirs.txt"
	for f in install_manifest.txt install_dirs.txt; do
		[ -f "$T/saved/$f" ] && mv "$T/saved/$f" "$BUILD/$f"
	done
	rm -rf "$T"
}
trap restore EXIT
export XDG_STATE_HOME="$T/state"

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
cmp -s "$P/share/bash-completion/completions/lectern" \
	"$TOP/completions/lectern.bash" ||
	fail "no share/bash-completion/completions/lectern"
cmp -s "$P/share/zsh/site-functions/_lectern" "$TOP/completions/_lectern" ||
	fail "no share/zsh/site-functions/_lectern"

cd / || exit 1
"$P/bin/lectern" --version </dev/null >"$T/out" 2>&1 || fail "--version"
[ "$(cat "$T/out")" = "lectern $VERSION" ] || fail "version: $(cat "$T/out")"
"$P/bin/lectern" --outline </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "installed lectern --outline failed"; }
cmp -s "$T/out" "$HERE/bundled.outline" ||
	{ diff "$HERE/bundled.outline" "$T/out"; fail "outline differs"; }

# The plain text through a pipe, with no file: the bundled collection,
# as the build's program prints it from the source tree.
"$P/bin/lectern" </dev/null 2>"$T/err" | cat >"$T/plain" ||
	{ cat "$T/err"; fail "installed lectern | cat failed"; }
[ -s "$T/err" ] && { cat "$T/err"; fail "installed lectern | cat: stderr"; }
"$BUILD/lectern" </dev/null 2>/dev/null | cat >"$T/want"
[ "$(wc -l <"$T/plain")" -gt 100 ] || fail "plain output is short"
grep -q "Russian Dissatisfaction with China" "$T/plain" ||
	fail "plain output lacks the last essay's title"
cmp -s "$T/plain" "$T/want" ||
	{ diff "$T/want" "$T/plain" | head; fail "plain output differs"; }

# The installed bash completion, with the installed program.
if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. "$1/share/bash-completion/completions/lectern" &&
		COMP_WORDS=("$1/bin/lectern" --essay "") && COMP_CWORD=2 &&
		_lectern && echo "${COMPREPLY[*]}"' sh "$P")
	[ "$got" = "1 2 3 4 5 6" ] ||
		fail "installed completion of --essay: '$got'"
fi

# It read the installed copy, not the source tree's: change the installed
# one and look.
printf 'Installed Copy\n\nWritten by Ann Other.\n\nText.\n' \
	>"$P/share/lectern/sino-russian-relations.txt"
"$P/bin/lectern" --outline </dev/null >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "lectern --outline of the changed copy failed"; }
printf 'structure\tblog\tguessed\nessay\t1\tInstalled Copy\tAnn Other\t1\n' \
	>"$T/want"
cmp -s "$T/out" "$T/want" ||
	{ cat "$T/out"; fail "did not read PREFIX/share/lectern/"; }
echo "ok: installed, relocated, ran from $P/bin"

# Uninstall: into a prefix that does not exist yet, nothing may be left.
U=$T/fresh/prefix
"$CMAKE" --install "$BUILD" --prefix "$U" >"$T/log" 2>&1 ||
	{ cat "$T/log"; fail "cmake --install into $U failed"; }
[ -x "$U/bin/lectern" ] || fail "no $U/bin/lectern"
"$CMAKE" --build "$BUILD" --target uninstall >"$T/log" 2>&1 ||
	{ cat "$T/log"; fail "the uninstall target failed"; }
if [ -e "$T/fresh" ]; then
	find "$T/fresh" | sed 's/^/  left: /'
	fail "uninstall left $T/fresh"
fi
# Into a prefix that holds something already: that stays, the rest goes.
K=$T/kept
mkdir -p "$K/share/man" "$K/bin"
echo keep >"$K/share/man/other.1"
"$CMAKE" --install "$BUILD" --prefix "$K" >"$T/log" 2>&1 ||
	{ cat "$T/log"; fail "cmake --install into $K failed"; }
"$CMAKE" --build "$BUILD" --target uninstall >"$T/log" 2>&1 ||
	{ cat "$T/log"; fail "the uninstall target failed"; }
[ "$(cat "$K/share/man/other.1" 2>/dev/null)" = keep ] ||
	fail "uninstall removed a file it did not install"
[ -d "$K/bin" ] || fail "uninstall removed bin/, which was there before"
left=$(cd "$K" && find . ! -name . | LC_ALL=C sort | tr '\n' ' ')
[ "$left" = "./bin ./share ./share/man ./share/man/other.1 " ] ||
	fail "after uninstall $K holds: $left"
[ -f "$BUILD/install_manifest.txt" ] &&
	fail "uninstall left install_manifest.txt"
echo "ok: uninstall left nothing"
