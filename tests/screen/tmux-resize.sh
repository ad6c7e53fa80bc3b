# resize-window reflows the text and keeps the top paragraph on top.
. "$2/tmuxlib.sh"
COLS=100 ROWS=30 start_session "$LECTERN" --essay 4
wait_for "essay 4/6 · Christopher Marsh"
tm send-keys -t t -l '}}jj'
wait_for "The “Reunification” of Crimea"
top() { tm capture-pane -p -t t | head -1 | sed 's/^ *//'; }
n=250
while [ $n -gt 0 ] && ! top | grep -q "^Where Feng’s interpretation of events differs from the dominant"; do n=$((n-1)); sleep 0.02; done
[ $n -gt 0 ] || fail "not at the paragraph"
tm resize-window -t t -x 60 -y 30
n=250
while [ $n -gt 0 ] && ! top | grep -q "^Where Feng’s interpretation of events differs from the$"; do n=$((n-1)); sleep 0.02; done
[ $n -gt 0 ] || fail "60 columns: not reflowed to the new width"
# every row fits the 56-cell column (60 less two 2-cell margins)
tm capture-pane -p -t t | head -29 | while IFS= read -r line; do
	w=$(printf '%s' "$line" | sed 's/ *$//' | wc -m)
	[ "$w" -le 58 ] || { echo "row too wide ($w): $line" >&2; exit 1; }
done || fail "a row is wider than the column at 60 columns"
tm resize-window -t t -x 30 -y 30
n=250
while [ $n -gt 0 ] && ! top | grep -q "^Where Feng’s interpretation$"; do n=$((n-1)); sleep 0.02; done
[ $n -gt 0 ] || fail "30 columns: the paragraph left the top"
quit_ok
echo ok
