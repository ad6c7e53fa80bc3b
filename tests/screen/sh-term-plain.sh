# stdout not a terminal (lectern | cat): whatever TERM says (unset,
# empty, unknown, dumb), lectern prints the document reflowed as plain
# text, the same as with a good TERM, says nothing on stderr and exits 0;
# from a named file and from a pipe on stdin.
LECTERN=$1
SRCDIR=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/lectern-plain.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
export HOME="$dir" XDG_STATE_HOME="$dir/state" XDG_CONFIG_HOME="$dir/config" \
	XDG_CACHE_HOME="$dir/cache"
export LANG=C.UTF-8
unset LC_ALL LC_CTYPE NO_COLOR LINES COLUMNS
DOC=$SRCDIR/two-by-one.txt
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}
# run NAME ENV... LECTERN ARGS...: env ENV LECTERN ARGS </dev/null | cat
run() {
	name=$1
	shift
	{
		env "$@" </dev/null 2>"$dir/err"
		echo $? >"$dir/status"
	} | cat >"$dir/$name.out"
}

run ref TERM=xterm-256color "$LECTERN" "$DOC"
[ "$(cat "$dir/status")" = 0 ] || fail "ref: exit $(cat "$dir/status")"
head -1 "$dir/ref.out" | grep -qx "Essays on engines" ||
	fail "ref: the first line is not the title"
grep -qx "The engine can compute the numbers of Bernoulli without help from any human" \
	"$dir/ref.out" || fail "ref: the paragraph is not reflowed to 80"
grep -qx "hand, given the cards." "$dir/ref.out" || fail "ref: no second row"
grep -q "$(printf '\033')" "$dir/ref.out" && fail "ref: an escape in the output"
awk 'length($0) > 80 { exit 1 }' "$dir/ref.out" || fail "ref: a line over 80"

check() { # NAME: same as ref, nothing on stderr, exit 0
	st=$(cat "$dir/status")
	[ "$st" = 0 ] || fail "$1: exit $st"
	[ -s "$dir/err" ] && fail "$1: stderr: $(cat "$dir/err")"
	cmp -s "$dir/ref.out" "$dir/$1.out" ||
		fail "$1: the output differs from TERM=xterm-256color's:
$(diff "$dir/ref.out" "$dir/$1.out" | head -20)"
}
for how in unset empty unknown dumb; do
	case $how in
	unset) set -- -u TERM ;;
	empty) set -- TERM= ;;
	unknown) set -- TERM=unknown-term-xyz ;;
	dumb) set -- TERM=dumb ;;
	esac
	run "$how" "$@" "$LECTERN" "$DOC"
	check "$how"
	# the document on a pipe: cat FILE | lectern | cat
	# shellcheck disable=SC2002 # a pipe, not a file, on purpose
	{ cat "$DOC" | env "$@" "$LECTERN" 2>"$dir/err"; echo $? >"$dir/status"; } |
		cat >"$dir/$how-pipe.out"
	check "$how-pipe"
	echo "ok $how"
done
# --width is followed
run w30 TERM=dumb "$LECTERN" --width 30 "$DOC"
[ "$(cat "$dir/status")" = 0 ] || fail "w30: exit $(cat "$dir/status")"
grep -qx "The engine can compute the" "$dir/w30.out" || fail "w30: not at 30"
awk 'length($0) > 30 { exit 1 }' "$dir/w30.out" || fail "w30: a line over 30"
if [ "$fails" -gt 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo ok
