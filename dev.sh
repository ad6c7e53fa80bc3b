#!/bin/bash
# lectern's developer entry point.
#
#   ./dev.sh read [ARGS]   build build/ and run build/lectern ARGS
#   ./dev.sh deps [PKG...] only install the build packages and PKGs (for
#                          bench/run and other scripts)
#   ./dev.sh test          build and run every test: a warnings-as-errors
#                          build, an ASan+UBSan build with clang, and a short
#                          fuzz run when tests/fuzz/run.sh exists
#
# Both first install the Debian 12 packages they need when run as root; as
# another user they print the apt-get line to run and stop.
set -uo pipefail
cd "$(dirname "$0")" || exit 1

JOBS=2
READ_PKGS=(cmake gcc make pkgconf libncurses-dev libunistring-dev libpcre2-dev)
TEST_PKGS=("${READ_PKGS[@]}" clang libclang-rt-14-dev mandoc groff tmux
	libvterm-dev libvterm-bin valgrind zsh bash-completion)

say() { printf 'dev.sh: %s\n' "$*" >&2; }

usage()
{
	cat >&2 <<'EOF'
Usage: ./dev.sh read [ARGS]   build and open lectern (ARGS go to lectern)
       ./dev.sh test          build and run every test
       ./dev.sh deps [PKG...] install the build packages and PKGs
EOF
	exit 2
}

# Install the named Debian packages that are missing.
need_packages()
{
	local missing=() p
	if ! command -v dpkg-query >/dev/null 2>&1; then
		say "not a Debian system: make sure these (or their equivalents) are installed: $*"
		return 0
	fi
	for p in "$@"; do
		if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != \
			"install ok installed" ]; then
			missing+=("$p")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local cmd="apt-get install -y --no-install-recommends ${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		say "missing Debian packages; install them as root with:"
		printf '%s\n' "$cmd" >&2
		exit 1
	fi
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 || { say "apt-get update failed"; exit 1; }
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
		{ say "apt-get install failed"; exit 1; }
}

# build DIR [CMAKE ARGS]: configure and build DIR.
build()
{
	local dir=$1
	shift
	cmake -S . -B "$dir" "$@" && cmake --build "$dir" -j"$JOBS"
}

cmd_read()
{
	need_packages "${READ_PKGS[@]}"
	# Build chatter goes to stderr so `./dev.sh read --outline | ...` works.
	build build -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2 ||
		{ say "build failed"; exit 1; }
	exec build/lectern "$@"
}

failed=()
passed=()

# step NAME COMMAND...: run one step, timed, and remember how it went.
step()
{
	local name=$1 start=$SECONDS rc
	shift
	say "== $name: $*"
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		passed+=("$name")
		say "== $name: ok ($((SECONDS - start)) s)"
	else
		failed+=("$name")
		say "== $name: FAILED with exit status $rc ($((SECONDS - start)) s)"
	fi
	return $rc
}

cmd_test()
{
	[ $# -eq 0 ] || usage
	need_packages "${TEST_PKGS[@]}"
	local start=$SECONDS
	# Test output is read by people and by CI: keep it on stdout.
	exec 2>&1

	if step build build build -DLECTERN_WERROR=ON; then
		step ctest ctest --test-dir build --output-on-failure
	fi
	if step build-asan build build-asan -DLECTERN_WERROR=ON \
		-DLECTERN_SANITIZE=ON -DCMAKE_C_COMPILER=clang; then
		step ctest-asan ctest --test-dir build-asan --output-on-failure
	fi
	if [ -x tests/fuzz/run.sh ]; then
		step fuzz tests/fuzz/run.sh 60
	elif [ -f tests/fuzz/run.sh ]; then
		step fuzz bash tests/fuzz/run.sh 60
	else
		say "no tests/fuzz/run.sh: no fuzz run"
	fi

	local took=$((SECONDS - start))
	if [ ${#failed[@]} -eq 0 ]; then
		say "all steps passed (${passed[*]}) in ${took} s"
		return 0
	fi
	say "FAILED: ${failed[*]}; passed: ${passed[*]:-none}; in ${took} s"
	return 1
}

[ $# -ge 1 ] || usage
what=$1
shift
case $what in
read) cmd_read "$@" ;;
test) cmd_test "$@" ;;
deps) need_packages "${READ_PKGS[@]}" "$@" ;;
-h | --help | help) usage ;;
*) usage ;;
esac
