# Quitting with q, and the signals TERM HUP INT QUIT, restore the
# terminal: the alternate screen is left (what the shell printed before is
# back) and the tty is in canonical mode with echo.
. "$2/tmuxlib.sh"
for how in q TERM HUP INT QUIT; do
	SOCK=$how
	rm -f "$dir/stty"
	start_session sh -c "echo before-lectern-$how; '$LECTERN'; stty -a > '$dir/stty'; echo after-lectern; exec sleep 60"
	wait_for "China Policy Institute"
	if [ "$how" = q ]; then
		tm send-keys -t t -l q
	else
		pid=$(lectern_pid)
		kill -"$how" "$pid"
	fi
	wait_file "$dir/stty"
	wait_for after-lectern
	tm capture-pane -p -t t | grep -qF "before-lectern-$how" ||
		fail "$how: the screen from before lectern is not back"
	check_restored "$how" "China Policy Institute" "$dir/stty"
	tm kill-server
	echo "ok $how"
done
