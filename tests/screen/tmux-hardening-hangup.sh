# The terminal closed under lectern (issue 17): with SIGHUP ignored (as
# under nohup), reading the terminal fails with EIO. lectern saves its
# state and exits at once instead of running on without a terminal; the
# saved place is where the reader was. With SIGHUP not ignored, closing
# the terminal ends it by the signal, after the same save (screen.state).
. "$2/tmuxlib.sh"
cp "$SRCDIR/two-by-one.txt" "$dir/doc.txt"
start_session sh -c "trap '' HUP; '$LECTERN' '$dir/doc.txt'; echo status=\$?"
wait_for "Essays on engines"
pid=$(lectern_pid)
tm send-keys -t t -l ']'
wait_for "essay 1/3"
tm kill-server
n=250
while kill -0 "$pid" 2>/dev/null && [ $n -gt 0 ]; do
	n=$((n - 1))
	sleep 0.02
done
kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; echo "FAIL: lectern still runs 5 s after its terminal closed" >&2; exit 1; }
grep -q "doc.txt" "$dir/state/lectern/state" 2>/dev/null ||
	{ echo "FAIL: no state saved for doc.txt" >&2; cat "$dir/state/lectern/state" >&2 2>/dev/null; exit 1; }
echo ok
