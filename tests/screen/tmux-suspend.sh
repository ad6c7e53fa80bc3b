# Ctrl-Z suspends lectern to an interactive shell with job control: the
# alternate screen is left, the cursor shows and the tty is in cooked mode
# while it is stopped; fg resumes it with its screen drawn again, and it
# still takes keys.
. "$2/tmuxlib.sh"
start_session env ENV= PS1='$ ' sh -i
wait_for '$'
tm send-keys -t t -l "echo before-lectern; '$LECTERN' --essay 4" \; send-keys -t t Enter
wait_for "essay 4/6 · Christopher Marsh"
[ "$(tm display -p -t t '#{alternate_on}')" = 1 ] ||
	fail "lectern is not on the alternate screen"
tm send-keys -t t C-z
wait_for "Stopped"
tm capture-pane -p -t t | grep -qF before-lectern ||
	fail "the shell's screen is not back after Ctrl-Z"
tm send-keys -t t -l "stty -a > '$dir/stty'; echo stty-done" \; send-keys -t t Enter
wait_for stty-done
check_restored Ctrl-Z "essay 4/6 · Christopher Marsh" "$dir/stty"
# resume: the text comes back, on the alternate screen, and keys work
tm send-keys -t t -l "clear; fg" \; send-keys -t t Enter
wait_for "essay 4/6 · Christopher Marsh"
wait_for "Chinese Perspectives on Events in Ukraine"
wait_for "Much of the focus on Sino-Russian relations"
[ "$(tm display -p -t t '#{alternate_on}')" = 1 ] ||
	fail "lectern is not back on the alternate screen after fg"
tm send-keys -t t -l ']'
wait_for "essay 5/6 · James C. Hsiung"
tm send-keys -t t -l q
# wait for the shell before typing to it
n=500
while [ "$(tm display -p -t t '#{alternate_on}')" != 0 ]; do
	n=$((n - 1))
	[ "$n" -gt 0 ] || fail "the alternate screen is still on after q"
	sleep 0.02
done
tm send-keys -t t -l 'echo status=$?' \; send-keys -t t Enter
wait_for "status=0"
echo ok
