# Title, clipboard and device-report escapes in a document made at test
# time, an unterminated OSC title at its very end among them: in a real
# terminal (tmux) the window title and the pane title stay as they were,
# no paste buffer appears, and nothing answers a report request (the
# pane shows no reply text, lectern reads no stray keys and quits on q).
. "$2/tmuxlib.sh"
doc=$dir/hostile.txt
printf 'Title test\n\nWritten by Mal Ice.\n\n' >"$doc"
printf 'OSC 0: \033]0;pwned0\007 OSC 2: \033]2;pwned2\033\\ ' >>"$doc"
printf 'OSC 1: \033]1;pwned1\007 OSC 52: \033]52;c;cHduZWQ=\007 ' >>"$doc"
printf 'OSC 8: \033]8;;http://x/\033\\link\033]8;;\033\\ ' >>"$doc"
printf 'Reports: \033[c \033[>c \033[6n \033[21t \033P$qm\033\\ after.\n\n' >>"$doc"
printf 'Unterminated: \033]2;pwned-forever' >>"$doc"
start_session "$LECTERN" "$doc"
tm set -g set-clipboard on
tm set -g set-titles on
pane0=$(tm display -p -t t '#{pane_title}')
win0=$(tm display -p -t t '#{window_name}')
wait_for "Title test"
wait_for "Unterminated: ^[]2;pwned-forever"
wait_for "^[]52;c;cHduZWQ=^G OSC 8:"
tm send-keys -t t -l 'GgGg'
wait_for '^[[>c ^[[6n ^[[21t ^[P$qm^[\ after.'
pane1=$(tm display -p -t t '#{pane_title}')
win1=$(tm display -p -t t '#{window_name}')
[ "$pane0" = "$pane1" ] || fail "the pane title changed: '$pane0' -> '$pane1'"
[ "$win0" = "$win1" ] || fail "the window name changed: '$win0' -> '$win1'"
case "$pane1$win1" in *pwned*) fail "the title was set by the document";; esac
tm list-buffers | grep -q . && fail "a paste buffer appeared: $(tm list-buffers)"
quit_ok
echo ok
