# Memory bounded on a huge paragraph (issue 17): a 64 MB file on one line
# of words, made here, read by the reader (first screen, G, 50%, g) and
# printed as plain text, and 64 MB of lines with no blank one read from a
# pipe (first screen, G); the peak private memory (RssAnon, polled from
# /proc while each runs) stays within the benchmark's target, 5 MB + 20 KB
# per MB of input (a whole paragraph laid out at once took 11 bytes a
# byte: 690 MB). Skipped (77) in the sanitizer build, whose shadow memory
# is no measure, and without tmux.
. "$2/tmuxlib.sh"
[ "${3:-}" = sanitize ] && { echo "sanitizer build: skipped"; exit 77; }
mb=64
line_words='some words of text'
yes "$line_words" | tr '\n' ' ' | head -c $((mb * 1000000)) >"$dir/line.txt"
printf '.\n' >>"$dir/line.txt"
limit=$((5 * 1024 + 20 * mb))
# peak_of PID: the largest RssAnon (kB) seen until PID exits (or is a
# zombie), polled
peak_of() {
	peak=0
	while kb=$(awk '/^State:/ && $2 == "Z" { exit 1 }
		/^RssAnon:/ { print $2 }' "/proc/$1/status" 2>/dev/null); do
		[ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
		sleep 0.01
	done
	echo "$peak"
}

# the plain output, to a file
"$LECTERN" --no-state "$dir/line.txt" >"$dir/out.txt" &
plain=$(peak_of $!)
wait $! || fail "the plain output failed"
grep -q 'some words of text' "$dir/out.txt" || fail "no text printed"
[ "$(wc -L <"$dir/out.txt")" -le 80 ] || fail "a line wider than 80 cells"
echo "plain output: peak RssAnon $plain kB (limit $limit kB)"
[ "$plain" -le "$limit" ] || fail "plain output: $plain kB > $limit kB"

# reader_peak NAME COMMAND STEP...: run COMMAND (a shell command that
# starts lectern) in tmux; each STEP is KEYS:TEXT, keys sent and TEXT
# waited for; then q. Its peak RssAnon must be within the limit.
reader_peak() {
	what=$1 cmd=$2
	shift 2
	SOCK=$what
	start_session sh -c "$cmd; echo status=\$?; exec sleep 60"
	pid=$(lectern_pid)
	peak_of "$pid" >"$dir/peak" &
	watcher=$!
	wait_for "some words of text"
	for step in "$@"; do
		tm send-keys -t t -l "${step%%:*}"
		wait_for "${step#*:}"
	done
	tm send-keys -t t -l q
	wait_for "status=0"
	wait "$watcher"
	got=$(cat "$dir/peak")
	echo "$what: peak RssAnon $got kB (limit $limit kB)"
	[ "$got" -gt 0 ] || fail "$what: no memory figure"
	[ "$got" -le "$limit" ] || fail "$what: $got kB > $limit kB"
	tm kill-server
}

# the reader: first screen, the end, the middle and back
reader_peak reader "'$LECTERN' '$dir/line.txt'" G:100% 50%:50% g:0%
# the same amount of lines with no blank one, on a pipe (spooled)
reader_peak pipe "yes '$line_words' | head -c $((mb * 1000000)) | '$LECTERN' -" \
	G:100%
echo ok
