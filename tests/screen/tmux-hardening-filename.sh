# A file name holding an escape sequence, a newline and a bidi override,
# shown by the reader: the status line (front matter) names it inertly (^[, ^J,
# <U+202E>), nothing is coloured or moved by it, and the title stays.
. "$2/tmuxlib.sh"
name=$(printf 'a\033[31mb\nc\342\200\256d\033]0;pwned\007.txt')
printf 'Front matter, before any essay.\n\nAn Essay\n\nWritten by Ann Lee.\n\nBody.\n' \
	>"$dir/$name"
start_session "$LECTERN" "$dir/$name"
title0=$(tm display -p -t t '#{pane_title}')
wait_for "Front matter, before any essay."
wait_for 'a^[[31mb^Jc<U+202E>d^[]0;pwned^G.txt'
# the status line has no red in it
tm capture-pane -p -e -t t | tail -1 | grep -q "$(printf '\033')\[31m" &&
	fail "the name's colour reached the terminal"
tm capture-pane -p -t t | tail -1 | grep -qF 'a^[[31mb^Jc<U+202E>d' ||
	fail "the name is not whole on the status line"
title1=$(tm display -p -t t '#{pane_title}')
[ "$title0" = "$title1" ] || fail "the title changed: '$title0' -> '$title1'"
quit_ok
echo ok
