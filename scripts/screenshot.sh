#!/bin/bash
# Remake docs/lectern.png, the README's picture of lectern: a real xterm on
# a virtual X display (Xvfb), 100x30 cells, running build/lectern on the
# bundled collection as `lectern +/OBOR` (the reader at the first hit of
# OBOR, every hit highlighted, the status line at the bottom), then a
# screenshot of that window with ImageMagick's `import`. Before the shot it
# types `j` then `k` (xdotool), so that the status line shows the essay,
# author, title and percentage instead of the first "hit 1/6" message.
#
#   scripts/screenshot.sh [OUT.png]     (default docs/lectern.png)
#
# Installs what it needs on Debian when run as root (xvfb, xterm,
# imagemagick, xdotool, fonts-dejavu-core), builds build/ when
# build/lectern is missing, and keeps no state: lectern runs with a scratch
# XDG_STATE_HOME. Environment: COLS, ROWS (100, 30), FONT_SIZE (11), KEYS
# (the keys typed, as xdotool names them: "j k").
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/docs/lectern.png}
cols=${COLS:-100}
rows=${ROWS:-30}
size=${FONT_SIZE:-11}
keys=${KEYS-j k}

say() { printf 'screenshot: %s\n' "$*" >&2; }

need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xterm >/dev/null 2>&1 || need+=(xterm)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
# Some machines have a stand-in `convert`; the real ImageMagick has import.
command -v import >/dev/null 2>&1 || need+=(imagemagick)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] ||
	need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		say "missing: ${need[*]}; install them (Debian: apt-get install ${need[*]})"
		exit 1
	fi
	say "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	apt-get install -y -q --no-install-recommends "${need[@]}" >&2
fi

lectern=$top/build/lectern
if [ ! -x "$lectern" ]; then
	say "building build/"
	cmake -S "$top" -B "$top/build" >&2
	cmake --build "$top/build" -j2 >&2
fi

tmp=$(mktemp -d)
pids=()
cleanup()
{
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# A free display number.
disp=99
while [ -e "/tmp/.X11-unix/X$disp" ] || [ -e "/tmp/.X$disp-lock" ]; do
	disp=$((disp + 1))
done
Xvfb ":$disp" -screen 0 1600x1000x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=":$disp"
for _ in $(seq 50); do
	[ -e "/tmp/.X11-unix/X$disp" ] && break
	sleep 0.1
done

# xterm runs a wrapper that tells its window id, then lectern.
cat >"$tmp/run.sh" <<EOS
#!/bin/sh
echo "\$WINDOWID" >"$tmp/wid"
export XDG_STATE_HOME="$tmp/state" LANG=C.UTF-8 TERM=xterm-256color
exec "$lectern" +/OBOR
EOS
chmod +x "$tmp/run.sh"
xterm -geometry "${cols}x${rows}+0+0" -fa 'DejaVu Sans Mono' -fs "$size" \
	-bg '#1d1f21' -fg '#d8d8d8' -cr '#d8d8d8' -b 8 +sb \
	-xrm 'XTerm*bellIsUrgent: false' -title lectern \
	-e "$tmp/run.sh" >"$tmp/xterm.log" 2>&1 &
pids+=($!)

for _ in $(seq 100); do
	[ -s "$tmp/wid" ] && break
	sleep 0.1
done
[ -s "$tmp/wid" ] || { cat "$tmp/xterm.log" >&2; say "xterm did not start"; exit 1; }
sleep 2 # lectern draws its first screen
wid=$(cat "$tmp/wid")
# No window manager gives xterm the focus: give it, then type (xterm
# ignores keys sent to a window with XSendEvent).
xdotool windowfocus "$wid" 2>/dev/null || true
for k in $keys; do
	xdotool key "$k" 2>/dev/null
	sleep 0.3
done
sleep 0.5

mkdir -p "$(dirname "$out")"
import -window "$wid" "$tmp/shot.png"
# A small file: 64 colours are plenty for text on a dark background.
convert "$tmp/shot.png" -strip +dither -colors 64 "PNG8:$out"
say "wrote $out ($(wc -c <"$out") bytes, $(identify -format '%wx%h' "$out"))"
