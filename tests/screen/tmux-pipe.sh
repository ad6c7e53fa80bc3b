# A document on a pipe, keys from the terminal: cat FILE | lectern.
. "$2/tmuxlib.sh"
start_session sh -c "cat '$SRCDIR/two-by-one.txt' | '$LECTERN'; echo status=\$?; exec sleep 60"
wait_for "Essays on engines"
wait_for "(standard input)"
tm send-keys -t t -l ']'
wait_for "essay 1/3 · Ada Lovelace"
tm send-keys -t t -l ']'
wait_for "essay 2/3 · Charles Babbage"
tm send-keys -t t -l q
wait_for "status=0"
echo ok
