# Shared by the tmux-*.sh tests: a tmux server on a private socket in a
# temporary folder, polling with a timeout, the pane printed on failure.
# Usage: . tmuxlib.sh; then tm, wait_for, fail.
LECTERN=$1
SRCDIR=$2
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipped"; exit 77; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/lectern-tmux.XXXXXX")
export HOME="$dir" XDG_STATE_HOME="$dir/state" XDG_CONFIG_HOME="$dir/config" \
	XDG_CACHE_HOME="$dir/cache"
export LANG=C.UTF-8
unset LC_ALL LC_CTYPE NO_COLOR LINES COLUMNS TMUX
tm() { tmux -S "$dir/sock${SOCK:-}" -f /dev/null "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
fail() {
	echo "FAIL: $*" >&2
	echo "--- pane:" >&2
	tm capture-pane -p -t t >&2 2>/dev/null
	echo "---" >&2
	exit 1
}
# start CMD in a new 80x24 session "t" with a plain shell prompt
start_session() {
	tm start-server \; set -g remain-on-exit on \; \
		new-session -d -s t -x "${COLS:-80}" -y "${ROWS:-24}" \
		-e TERM=xterm-256color -- "$@" || fail "tmux did not start"
}
# wait_for TEXT [SECONDS]: poll the pane until TEXT appears (fixed string)
wait_for() {
	n=$(( ${2:-10} * 50 ))
	while [ "$n" -gt 0 ]; do
		tm capture-pane -p -t t 2>/dev/null | grep -qF -- "$1" && return 0
		n=$((n - 1))
		sleep 0.02
	done
	fail "timed out waiting for: $1"
}
# wait_file FILE: poll until FILE exists and is not empty
wait_file() {
	n=500
	while [ "$n" -gt 0 ]; do
		[ -s "$1" ] && return 0
		n=$((n - 1))
		sleep 0.02
	done
	fail "timed out waiting for $1"
}
# check_restored WHAT SCREENTEXT STTYFILE: the terminal is as before
# lectern: SCREENTEXT (from lectern's screen) gone, the normal screen, the
# cursor showing, and STTYFILE (stty -a) with icanon and echo
check_restored() {
	tm capture-pane -p -t t | grep -qF -- "$2" &&
		fail "$1: lectern's screen is still shown"
	grep -qw -- '-icanon' "$3" && fail "$1: icanon is off after lectern"
	grep -qw -- '-echo' "$3" && fail "$1: echo is off after lectern"
	grep -qw icanon "$3" || fail "$1: no icanon in stty -a"
	grep -qw echo "$3" || fail "$1: no echo in stty -a"
	[ "$(tm display -p -t t '#{alternate_on}')" = 0 ] ||
		fail "$1: the alternate screen is still on"
	[ "$(tm display -p -t t '#{cursor_flag}')" = 1 ] ||
		fail "$1: the cursor is still hidden"
}
# the pid of the lectern running in the pane (a child of its shell)
lectern_pid() {
	n=500
	while [ "$n" -gt 0 ]; do
		pane=$(tm display -p -t t '#{pane_pid}')
		pid=$(pgrep -P "$pane" -x lectern 2>/dev/null | head -1)
		[ -n "$pid" ] && { echo "$pid"; return 0; }
		n=$((n - 1))
		sleep 0.02
	done
	fail "no lectern process under the pane"
}
# quit_ok: q, then the program must exit 0 (tmux 3.3a sometimes does not
# reap the child: nudge it with SIGCHLD)
quit_ok() {
	tm send-keys -t t -l q
	n=250
	while [ $n -gt 0 ]; do
		st=$(tm display -p -t t '#{pane_dead_status}')
		[ -n "$st" ] && break
		n=$((n-1)); sleep 0.02
		[ $((n % 25)) = 0 ] && kill -CHLD "$(tm display -p '#{pid}')" 2>/dev/null
	done
	[ "$st" = 0 ] || fail "lectern did not exit 0 (status '$st')"
}
