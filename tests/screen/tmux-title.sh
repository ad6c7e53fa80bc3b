# The escape-sequence document leaves the window title, the clipboard
# (tmux's paste buffers) and the screen alone.
. "$2/tmuxlib.sh"
start_session "$LECTERN" --force "$SRCDIR/escapes.txt"
tm set -g set-clipboard on
title0=$(tm display -p -t t '#{pane_title}')
wait_for "Escape sequences, inert"
wait_for "Title: ^[]0;pwned title^G after the title."
tm send-keys -t t -l 'GgG'
wait_for "Eve Mallory tests terminals"
tm send-keys -t t -l 'g'
wait_for "Clipboard: ^[]52;c;cHduZWQ=^G"
title1=$(tm display -p -t t '#{pane_title}')
[ "$title0" = "$title1" ] || fail "the title changed: '$title0' -> '$title1'"
case "$title1" in *pwned*) fail "the title was set by the document";; esac
tm list-buffers | grep -q . && fail "a paste buffer appeared: $(tm list-buffers)"
# q, and lectern gone before the server is: a hang-up while an ASan
# build's leak check runs at exit can leave it spinning
quit_ok
echo ok
