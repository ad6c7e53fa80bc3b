# A crash restores the terminal: after kill -SEGV and kill -ABRT the
# alternate screen is left (what the shell printed before is back), the
# cursor shows, the tty has icanon and echo, and the exit status shows the
# signal (139, 134). Under AddressSanitizer, lectern's handler restores
# the terminal and hands SEGV on to the sanitizer's, which prints its
# report and exits 1: that report must be on the pane instead.
. "$2/tmuxlib.sh"
asan=no
grep -q AddressSanitizer "$LECTERN" && asan=yes
for how in SEGV ABRT; do
	SOCK=$how
	rm -f "$dir/stty" "$dir/status"
	start_session sh -c "cd '$dir'; ulimit -c 0; echo before-lectern-$how; '$LECTERN'; echo \$? > '$dir/status'; stty -a > '$dir/stty'; echo after-lectern; exec sleep 60"
	wait_for "China Policy Institute"
	[ "$(tm display -p -t t '#{alternate_on}')" = 1 ] ||
		fail "$how: lectern is not on the alternate screen"
	pid=$(lectern_pid)
	kill -"$how" "$pid"
	wait_file "$dir/stty"
	wait_for after-lectern
	status=$(cat "$dir/status")
	case $how/$asan in
	SEGV/no) want=139 ;;
	SEGV/yes) want=1 ;;
	ABRT/*) want=134 ;;
	esac
	[ "$status" = "$want" ] || fail "$how: exit status $status, not $want"
	if [ "$how/$asan" = SEGV/yes ]; then
		tm capture-pane -p -t t -S -100 | grep -qF "AddressSanitizer: SEGV" ||
			fail "$how: no sanitizer report"
	fi
	tm capture-pane -p -t t -S -100 | grep -qF "before-lectern-$how" ||
		fail "$how: the screen from before lectern is not back"
	check_restored "$how" "China Policy Institute" "$dir/stty"
	tm kill-server
	echo "ok $how (status $status)"
done
