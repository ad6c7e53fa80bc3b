# G on a large file before the index reaches its end: the last screen is
# drawn from the text at once, then the index takes over; keys work on.
. "$2/tmuxlib.sh"
big=$dir/big.txt
i=0
while [ $i -lt 900 ]; do
	cat "$SRCDIR/../../data/sino-russian-relations.txt"
	printf '\n\n'
	i=$((i + 1))
done >"$big"
printf '\n\nThe very last paragraph of the big file.\n' >>"$big"
LECTERN_STATE=- start_session "$LECTERN" "$big"
wait_for "China Policy Institute: Analysis"
tm send-keys -t t G
wait_for "The very last paragraph of the big file."
# the last row of the text is on the last line above the status line
last=$(tm capture-pane -p -t t | sed -n 22p | sed 's/^ *//')
[ "$last" = "The very last paragraph of the big file." ] ||
	fail "the last paragraph is not at the bottom: '$last'"
# once indexed, the status line names the last essay
wait_for "essay 5400/5400" 20
tm send-keys -t t k
wait_for "essay 5400/5400"
tm send-keys -t t g
wait_for "China Policy Institute: Analysis"
quit_ok
echo ok
