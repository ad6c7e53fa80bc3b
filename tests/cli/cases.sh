#!/bin/sh
# Command-line behaviour of lectern, one case per CTest test:
#   sh cases.sh LECTERN VERSION CASE
# Each case checks the exit status, stdout and the exact stderr line.
# Exit 0 pass, 1 fail, 77 skipped.
set -u

LECTERN=$1
VERSION=$2
CASE=$3
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$HERE/../../data/sino-russian-relations.txt

# strerror texts are compared literally.
LC_ALL=C.UTF-8
export LC_ALL

T=$(mktemp -d "${TMPDIR:-/tmp}/lectern-cli.XXXXXX") || exit 1
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
chmod 755 "$T"
# what lectern keeps for next time stays in the test's folder
XDG_CACHE_HOME=$T/cache
export XDG_CACHE_HOME

failed=0
fail()
{
	echo "FAIL: $CASE: $*"
	failed=1
}

# run [ARGS...]: run lectern with stdin from $STDIN (default /dev/null),
# time-limited so that a hang fails instead of blocking the suite. Sets rc;
# stdout and stderr land in $T/out and $T/err.
# run_in DIR [ARGS...]: run in DIR, as run does.
run_in()
{
	dir=$1
	shift
	(cd "$dir" && exec timeout 20 "$LECTERN" "$@" <"${STDIN:-/dev/null}" \
		>"$T/out" 2>"$T/err")
	rc=$?
}

run()
{
	timeout 20 "$LECTERN" "$@" <"${STDIN:-/dev/null}" >"$T/out" 2>"$T/err"
	rc=$?
}

expect_rc()
{
	[ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"
}

# expect_file WHICH EXPECTED-FILE: out or err must equal the file.
expect_file()
{
	if ! cmp -s "$T/$1" "$2"; then
		fail "$1 differs from $2:"
		diff "$2" "$T/$1" | head -20
	fi
}

# expect_text WHICH TEXT: out or err must be exactly TEXT plus a newline.
expect_text()
{
	printf '%s\n' "$2" >"$T/want"
	expect_file "$1" "$T/want"
}

expect_empty()
{
	[ -s "$T/$1" ] && fail "$1 not empty: $(head -c 300 "$T/$1")"
	return 0
}

# refused NAME REASON [ARGS...]: lectern ARGS exits 1, prints nothing on
# stdout and exactly "lectern: NAME: REASON" on stderr.
refused()
{
	name=$1 reason=$2
	shift 2
	run "$@"
	expect_rc 1
	expect_empty out
	expect_text err "lectern: $name: $reason"
}

NOTREG='not a regular file (a FIFO, device or socket)'
BINARY='may be a binary file (use --force to read it anyway)'
UTF16='is UTF-16 text; convert it first: iconv -f UTF-16 -t UTF-8'
TRY="Try 'lectern --help' for more information."

case $CASE in
missing)
	refused "$T/none.txt" 'No such file or directory' --outline "$T/none.txt"
	refused "$T/none.txt" 'No such file or directory' "$T/none.txt"
	;;
unreadable)
	printf 'Title\n\nWritten by A. Writer.\n\nText.\n' >"$T/secret.txt"
	chmod 000 "$T/secret.txt"
	if [ "$(id -u)" -eq 0 ]; then
		# Root reads anything: run as nobody instead. The program is
		# copied to where nobody may run it.
		cp "$LECTERN" "$T/lectern" && chmod 755 "$T/lectern"
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups
		if ! "$@" "$T/lectern" --version >/dev/null 2>&1; then
			echo "SKIP: cannot drop privileges with setpriv"
			exit 77
		fi
		LECTERN="$* $T/lectern"
		# shellcheck disable=SC2086 # word splitting wanted
		timeout 20 $LECTERN --outline "$T/secret.txt" </dev/null \
			>"$T/out" 2>"$T/err"
		rc=$?
		expect_rc 1
		expect_empty out
		expect_text err "lectern: $T/secret.txt: Permission denied"
	elif [ -r "$T/secret.txt" ]; then
		echo "SKIP: a mode 000 file is still readable here"
		exit 77
	else
		refused "$T/secret.txt" 'Permission denied' --outline \
			"$T/secret.txt"
	fi
	;;
directory)
	# a folder is a collection: an empty one holds nothing to read
	mkdir "$T/empty" "$T/empty/.hidden" || exit 1
	: >"$T/empty/nothing.txt"
	refused "$T/empty" 'holds no file to read' --outline "$T/empty"
	refused "$T/empty" 'holds no file to read' "$T/empty"
	;;
fifo)
	# Nobody writes to it: opening it must neither block nor read.
	mkfifo "$T/fifo" || exit 1
	refused "$T/fifo" "$NOTREG" --outline "$T/fifo"
	refused "$T/fifo" "$NOTREG" "$T/fifo"
	;;
device)
	refused /dev/zero "$NOTREG" --outline /dev/zero
	refused /dev/null "$NOTREG" --authors /dev/null
	;;
utf16)
	printf '\377\376T\000i\000t\000l\000e\000\n\000' >"$T/le.txt"
	printf '\376\377\000T\000i\000t\000l\000e\000\n' >"$T/be.txt"
	refused "$T/le.txt" "$UTF16" --outline "$T/le.txt"
	refused "$T/be.txt" "$UTF16" --authors "$T/be.txt"
	refused "$T/le.txt" "$UTF16" --force --outline "$T/le.txt"
	grep -q iconv "$T/err" || fail "no iconv hint"
	;;
binary)
	# A NUL within the first 4 KiB makes a file look binary.
	{
		printf 'Title\n\nWritten by A. Writer.\n\nSome text'
		printf '\000'
		printf ' and more text.\n'
	} >"$T/bin.txt"
	refused "$T/bin.txt" "$BINARY" --outline "$T/bin.txt"
	refused "$T/bin.txt" "$BINARY" --authors "$T/bin.txt"
	STDIN=$T/bin.txt refused '(standard input)' "$BINARY" --outline -
	run --force --outline "$T/bin.txt"
	expect_rc 0
	expect_empty err
	printf 'structure\tblog\tguessed\nessay\t1\tTitle\tA. Writer\t1\n' \
		>"$T/want.tsv"
	expect_file out "$T/want.tsv"
	run --outline --force "$T/bin.txt"
	expect_rc 0
	# A NUL after the first 4 KiB does not.
	{
		printf 'Title\n\nWritten by A. Writer.\n\n'
		i=0
		while [ $i -lt 200 ]; do
			printf 'Plain text line number %s, padding.\n' $i
			i=$((i + 1))
		done
		printf 'late\000nul\n'
	} >"$T/late.txt"
	run --outline "$T/late.txt"
	expect_rc 0
	expect_empty err
	;;
sanitized-name)
	# An escape sequence and a newline in a name must reach the terminal
	# inert, on one line.
	bad=$(printf 'a\033[31mb\nc.txt')
	refused "$T/a^[[31mb^Jc.txt" 'No such file or directory' \
		--outline "$T/$bad"
	cp "$T/err" "$T/err1"
	mkdir "$T/$bad"
	run --outline "$T/$bad"
	expect_rc 1
	expect_text err "lectern: $T/a^[[31mb^Jc.txt: holds no file to read"
	for f in "$T/err1" "$T/err"; do
		[ "$(wc -l <"$f")" -eq 1 ] || fail "not one line: $f"
		if LC_ALL=C grep -q "$(printf '\033')" "$f"; then
			fail "raw ESC in stderr"
		fi
	done
	;;
bad-option)
	run --bogus
	expect_rc 2
	expect_empty out
	printf '%s\n%s\n' "lectern: unknown option '--bogus'" "$TRY" >"$T/want"
	expect_file err "$T/want"
	run -x "$DATA"
	expect_rc 2
	printf '%s\n%s\n' "lectern: unknown option '-x'" "$TRY" >"$T/want"
	expect_file err "$T/want"
	;;
two-files)
	# several files are one collection, in natural order of their names,
	# each line ending in its file
	cp "$DATA" "$T/b10.txt" && cp "$DATA" "$T/b9.txt" || exit 1
	run_in "$T" --outline b10.txt b9.txt
	expect_rc 0
	grep -q '^essay	7	.*	b10\.txt$' "$T/out" ||
		fail "essay 7 is not the first of b10.txt"
	[ "$(grep -c '^essay' "$T/out")" -eq 12 ] || fail "not 12 essays"
	[ "$(grep '^essay	1	' "$T/out" | cut -f6)" = b9.txt ] ||
		fail "b9.txt does not come first"
	run --outline "$DATA" -
	expect_rc 2
	expect_empty out
	printf '%s\n%s\n' \
		'lectern: standard input (-) is read alone, not with other files' \
		"$TRY" >"$T/want"
	expect_file err "$T/want"
	;;
folder-*)
	# posts DIR N: a folder of N posts, post-1.txt "Post 1" on
	posts()
	{
		mkdir "$1" || exit 1
		i=1
		while [ $i -le "$2" ]; do
			printf 'Title: Post %s\n\nText of post %s.\n' $i $i \
				>"$1/post-$i.txt"
			i=$((i + 1))
		done
	}
	# a folder of posts: its outline, authors and search as the
	# fixture's .expected files have them (run from the folder above, so
	# that the paths are the same everywhere)
	name=${CASE#folder-}
	FOLDERS=$HERE/../fixtures/folders
	case $name in
	mixed)
		# a file that cannot be read (a dangling link: root reads
		# anything else) and a link back up: a loop
		cp -R "$FOLDERS/mixed" "$T/mixed" || exit 1
		ln -s nowhere "$T/mixed/gone.txt"
		ln -s .. "$T/mixed/notes/up"
		run_in "$T" --outline mixed
		expect_rc 0
		expect_file out "$FOLDERS/mixed.expected"
		printf '%s\n%s\n' \
			'lectern: mixed/archive.zip: not text, skipped' \
			'lectern: mixed/gone.txt: No such file or directory, skipped' |
			sort >"$T/want"
		sort "$T/err" >"$T/got"
		cmp -s "$T/got" "$T/want" || {
			fail "the notes differ:"
			diff "$T/want" "$T/got"
		}
		;;
	sort)
		run_in "$FOLDERS" --outline --sort name jekyll
		expect_rc 0
		cut -f3 "$T/out" | sed -n '2,4p' >"$T/titles"
		printf '%s\n' "Year's End" 'A First Note' 'On Slow Reading' \
			>"$T/want"
		cmp -s "$T/titles" "$T/want" || fail "--sort name order"
		run_in "$FOLDERS" --outline --reverse hugo
		expect_rc 0
		[ "$(grep '^essay' "$T/out" | cut -f3 | tr '\n' ,)" = \
			"Canals,Lighthouses,Bridges," ] || fail "--reverse order"
		run --sort size "$FOLDERS/hugo"
		expect_rc 2
		# posts named for one day: by their names, numbers by value,
		# between the days before and after
		mkdir "$T/days" || exit 1
		for p in 2022-05-02-z 2022-05-01-b-10 2022-05-01-b-9 \
			2022-05-01-a 2021-12-31-end; do
			printf 'Title %s\n\nA line of %s.\n' "$p" "$p" \
				>"$T/days/$p.txt"
		done
		run_in "$T" --outline days
		expect_rc 0
		[ "$(grep '^essay' "$T/out" | cut -f6 | tr '\n' ,)" = \
			"days/2021-12-31-end.txt,days/2022-05-01-a.txt,days/2022-05-01-b-9.txt,days/2022-05-01-b-10.txt,days/2022-05-02-z.txt," ] ||
			fail "posts of one day by name"
		# a date in front matter longer than the head first read
		mkdir "$T/long" || exit 1
		printf -- '---\ntitle: Later\ndate: 2022-01-01\n---\n\nText.\n' \
			>"$T/long/a.md"
		{
			printf -- '---\ntitle: Earlier\ndescription: '
			i=0
			while [ $i -lt 800 ]; do
				printf 'words '
				i=$((i + 1))
			done
			printf '\ndate: 2020-01-01\n---\n\nText.\n'
		} >"$T/long/b.md"
		run_in "$T" --outline long
		[ "$(grep '^essay' "$T/out" | cut -f3 | tr '\n' ,)" = \
			"Earlier,Later," ] || fail "a long front matter's date"
		run_in "$T" --outline --reverse days
		[ "$(grep '^essay' "$T/out" | cut -f6 | head -2 | tr '\n' ,)" = \
			"days/2022-05-02-z.txt,days/2022-05-01-b-10.txt," ] ||
			fail "--reverse of posts of one day"
		;;
	search)
		run_in "$FOLDERS" --search 'reader' jekyll
		expect_rc 0
		expect_text out "$(printf '3.1\t12\tA pager shows one screen and waits; the reader decides when to move.\tjekyll/_posts/2021-03-04-on-slow-reading.md')"
		# the front matter is no text: its keys are never hits
		run_in "$FOLDERS" --search 'layout' jekyll
		expect_rc 1
		run_in "$FOLDERS" --count --search 'slow' jekyll
		expect_text out 2
		;;
	starts)
		# the user's delimiters apply to every file, and are remembered
		# for the folder
		mkdir "$T/book" || exit 1
		cp "$HERE/../fixtures/chapters-user.txt" "$T/book/part-1.txt"
		cp "$HERE/../fixtures/chapters-user.txt" "$T/book/part-2.txt"
		XDG_STATE_HOME=$T/xdg
		export XDG_STATE_HOME
		run_in "$T" --outline --essay-start '^[IVX]+\.$' book
		expect_rc 0
		[ "$(grep '^essay' "$T/out" | cut -f3 | tr '\n' ,)" = \
			"MORNING,NOON,EVENING,MORNING,NOON,EVENING," ] ||
			fail "--essay-start in every file"
		cp "$T/out" "$T/want"
		run_in "$T" --outline book
		expect_rc 0
		expect_file out "$T/want"
		# and for several files, named in any order, however many: the
		# record stays small, and the single file's record stays too
		i=3
		while [ $i -le 400 ]; do
			cp "$T/book/part-1.txt" \
				"$T/book/part-$i-with-a-rather-long-name-for-the-record.txt"
			i=$((i + 1))
		done
		run_in "$T" --outline --section-start '^MORNING$' book/part-1.txt
		expect_rc 0
		run --outline --essay-start '^[IVX]+\.$' "$T/book/part-2.txt" \
			"$T/book/part-1.txt" "$T"/book/part-3*.txt
		expect_rc 0
		[ "$(grep -c '^essay' "$T/out")" -eq 339 ] ||
			fail "--essay-start in 113 files"
		cp "$T/out" "$T/want"
		run --outline "$T"/book/part-3*.txt "$T/book/part-1.txt" \
			"$T/book/part-2.txt"
		expect_rc 0
		expect_file out "$T/want"
		[ "$(wc -c <"$XDG_STATE_HOME/lectern/state")" -lt 2000 ] ||
			fail "the state holds every path named"
		grep -q '^starts		^MORNING\$$' "$XDG_STATE_HOME/lectern/state" ||
			fail "the single file's record is gone"
		;;
	fds)
		# a few files open at once, however many there are: 60 posts
		# read with room for 12 descriptors
		posts "$T/many" 60
		(ulimit -n 12 && exec timeout 20 "$LECTERN" --outline "$T/many") \
			>"$T/out" 2>"$T/err"
		rc=$?
		expect_rc 0
		expect_empty err
		[ "$(grep -c '^essay' "$T/out")" -eq 60 ] || fail "not 60 essays"
		[ "$(sed -n '61p' "$T/out" | cut -f3)" = "Post 60" ] ||
			fail "post 60 is not last"
		;;
	kept)
		# a large folder's listing is kept, and used while the folder
		# is unchanged; a post added or removed since shows at once
		case $(stat -f -c %T "$T") in
		ext2/ext3 | xfs | btrfs | tmpfs | f2fs | overlayfs) ;;
		*)
			echo "$(stat -f -c %T "$T"): no listing is kept there"
			exit 77
			;;
		esac
		posts "$T/big" 1000
		listings=$XDG_CACHE_HOME/lectern/folders
		# keep DIR: read DIR until its listing is kept (a folder
		# changed in the last moments is not: a change within the same
		# tick of its clock would go unseen), 10 s at most
		keep()
		{
			n=0
			while :; do
				run --outline "$1"
				[ -n "$(ls "$listings" 2>/dev/null)" ] && break
				n=$((n + 1))
				[ $n -lt 100 ] || {
					fail "no listing kept of $1"
					break
				}
				sleep 0.1
			done
		}
		keep "$T/big"
		expect_rc 0
		expect_empty err
		[ "$(grep -c '^essay' "$T/out")" -eq 1000 ] ||
			fail "not 1000 essays"
		# --no-state and LECTERN_STATE=- keep nothing
		rm -rf "$XDG_CACHE_HOME"
		run --outline --no-state "$T/big"
		LECTERN_STATE=- run --outline "$T/big"
		[ ! -e "$XDG_CACHE_HOME" ] || fail "a listing kept with no state"
		keep "$T/big"
		kept=$(ls "$listings")
		[ "$(echo "$kept" | wc -w)" -eq 1 ] || fail "not one listing"
		kept=$listings/$kept
		# it is what the next run reads: a name changed in it is read
		# (and skipped, as it is not there)
		sed -i 's/post-1000\.txt/post-0000.txt/' "$kept"
		run --outline "$T/big"
		expect_text err "lectern: $T/big/post-0000.txt: No such file or directory, skipped"
		[ "$(grep -c '^essay' "$T/out")" -eq 999 ] ||
			fail "the kept listing is not used"
		# ... but never a name a folder could not list
		sed -i 's/post-0000\.txt/..\/x0000.txt/' "$kept"
		run --outline "$T/big"
		expect_empty err
		[ "$(grep -c '^essay' "$T/out")" -eq 1000 ] ||
			fail "a listing naming ../ is used"
		# a post added: listed anew
		printf 'Title: Post 1001\n\nText.\n' >"$T/big/post-1001.txt"
		run --outline "$T/big"
		expect_empty err
		[ "$(grep -c '^essay' "$T/out")" -eq 1001 ] ||
			fail "the post added is missing"
		# a post removed, the folder's modification time set back as
		# it was: its change time still tells
		keep "$T/big"
		touch -r "$T/big" "$T/when"
		rm "$T/big/post-7.txt"
		touch -r "$T/when" "$T/big"
		run --outline "$T/big"
		expect_empty err
		[ "$(grep -c '^essay' "$T/out")" -eq 1000 ] ||
			fail "the post removed is still listed"
		# a post added in a subfolder: listed anew
		mkdir "$T/big/sub" || exit 1
		keep "$T/big"
		printf 'Post in sub\n\nText.\n' >"$T/big/sub/post.txt"
		run --outline "$T/big"
		[ "$(grep -c '^essay' "$T/out")" -eq 1001 ] ||
			fail "the post added in a subfolder is missing"
		# a damaged listing is not used, and is written anew
		keep "$T/big"
		head -c 300 "$kept" >"$T/half" && cp "$T/half" "$kept"
		run --outline "$T/big"
		expect_rc 0
		expect_empty err
		[ "$(grep -c '^essay' "$T/out")" -eq 1001 ] ||
			fail "a damaged listing is used"
		[ "$(wc -c <"$kept")" -gt 300 ] || fail "not written anew"
		# a folder holding a link is not kept (what it names changes
		# unseen): once a folder changed after it is kept, it is not
		rm -rf "$XDG_CACHE_HOME"
		ln -s post-1.txt "$T/big/link.txt"
		posts "$T/later" 1000
		keep "$T/later"
		run --outline "$T/big"
		[ "$(ls "$listings" | wc -l)" -eq 1 ] ||
			fail "a folder holding a link is kept"
		;;
	authors)
		run_in "$FOLDERS" --authors hugo jekyll
		expect_rc 0
		expect_file out "$FOLDERS/authors.expected"
		;;
	*)
		run_in "$FOLDERS" --outline "$name"
		expect_rc 0
		expect_file out "$FOLDERS/$name.expected"
		expect_empty err
		;;
	esac
	;;
option-values)
	run --width 5 "$DATA"
	expect_rc 2
	expect_empty out
	printf '%s\n%s\n' \
		'lectern: --width takes a number of cells from 20 to 400' \
		"$TRY" >"$T/want"
	expect_file err "$T/want"
	run --essay 0 "$DATA"
	expect_rc 2
	printf '%s\n%s\n' 'lectern: --essay takes an essay number from 1' \
		"$TRY" >"$T/want"
	expect_file err "$T/want"
	run --essay x "$DATA"
	expect_rc 2
	;;
structure)
	# --structure: a bad value is a usage error; the chosen rules are
	# used and said; auto says what it guessed; the bundled collection's
	# outline is the same under auto and blog.
	FIX=$HERE/../fixtures
	run --structure rst "$DATA"
	expect_rc 2
	expect_empty out
	printf '%s\n%s\n' \
		'lectern: --structure takes auto, blog, markdown or plain' \
		"$TRY" >"$T/want"
	expect_file err "$T/want"
	run --outline "$FIX/markdown.txt"
	expect_rc 0
	[ "$(head -n 1 "$T/out")" = "$(printf 'structure\tmarkdown\tguessed')" ] ||
		fail "auto did not say markdown for a Markdown file"
	grep -q "$(printf '^essay\t1\tWalking in the Rain\tAna Ruiz\t9$')" \
		"$T/out" || fail "Markdown essay 1 not as expected"
	# a post's front matter, YAML or TOML, is shown as its title: its
	# keys are no hits, its title is
	for post in 'md-post:Keeping a Reading Log' \
		'md-post-toml:Mending a Bicycle Tube'; do
		run --search author "$FIX/${post%%:*}.txt"
		expect_rc 1
		run --count --search "${post#*:}" "$FIX/${post%%:*}.txt"
		expect_text out 1
	done
	run --structure plain --outline "$FIX/numbered.txt"
	expect_rc 0
	printf 'structure\tplain\tchosen\nessay\t1\tTHE SERIES PAPERS\t\t1\n' \
		>"$T/want"
	expect_file out "$T/want"
	run --structure=blog --outline "$DATA"
	expect_rc 0
	{ printf 'structure\tblog\tchosen\n'; tail -n +2 "$HERE/bundled.outline"; } \
		>"$T/want"
	expect_file out "$T/want"
	run --structure blog --outline "$FIX/markdown.txt"
	expect_rc 0
	[ "$(head -n 1 "$T/out")" = "$(printf 'structure\tblog\tchosen')" ] ||
		fail "--structure blog not said"
	;;
no-such-essay)
	refused '--essay 99' 'the collection has 6 essays' --essay 99 "$DATA"
	refused '--author nobody' 'no essay by such an author' \
		--author nobody "$DATA"
	;;
plain)
	# Not a terminal: the text, reflowed, from the essay asked for.
	run --essay 2 --width 40 "$DATA"
	expect_rc 0
	expect_empty err
	grep -qx 'Russia and China: Competing or' "$T/out" ||
		fail "essay 2's title not reflowed to 40 cells"
	grep -q 'Sino-Russian Alliance' "$T/out" && fail "started before essay 2"
	[ "$(wc -L <"$T/out")" -le 40 ] || fail "a line wider than 40 cells"
	run --author ROZMAN "$DATA"
	expect_rc 0
	# (the source has a no-break space before "Limits")
	grep -m 1 . "$T/out" | grep -q '^Russian Dissatisfaction with China' ||
		fail "--author ROZMAN did not start at essay 6"
	;;
help)
	run --help
	expect_rc 0
	expect_empty err
	head -n 1 "$T/out" |
		grep -qx 'Usage: lectern \[OPTIONS\] \[+/PATTERN | +G | +N\] \[FILE... | DIR | -\]' ||
		fail "help does not start with the usage line"
	for opt in --outline --authors --force --help --version --search \
		--count --word --regex --ignore-case --case-sensitive --color; do
		grep -q -- "$opt" "$T/out" || fail "help lacks $opt"
	done
	cp "$T/out" "$T/help"
	run -h
	expect_rc 0
	expect_file out "$T/help"
	;;
version)
	run --version
	expect_rc 0
	expect_empty err
	expect_text out "lectern $VERSION"
	run -V
	expect_rc 0
	expect_text out "lectern $VERSION"
	;;
outline)
	run --outline "$DATA"
	expect_rc 0
	expect_empty err
	expect_file out "$HERE/bundled.outline"
	;;
authors)
	run --authors "$DATA"
	expect_rc 0
	expect_empty err
	expect_file out "$HERE/bundled.authors"
	;;
many-essays)
	# 20,000 essays, made here: the outline lists every one, in order,
	# with its line; --authors counts them; --essay reaches the last.
	awk 'BEGIN { for (i = 1; i <= 20000; i++)
		printf "Essay number %d\n\nWritten by Ann Lee.\n\nThe body of essay %d.\n\n", i, i }' \
		>"$T/many.txt"
	run --outline "$T/many.txt"
	expect_rc 0
	expect_empty err
	[ "$(grep -c '^essay	' "$T/out")" -eq 20000 ] ||
		fail "not 20000 essays in the outline"
	awk -F '\t' '$1 == "essay" && ($2 != ++n || $3 != "Essay number " n ||
		$4 != "Ann Lee" || $5 != 6 * n - 5) { bad = 1 }
		END { exit bad || n != 20000 }' "$T/out" ||
		fail "an essay out of place in the outline"
	run --authors "$T/many.txt"
	expect_rc 0
	[ "$(cut -f 1 "$T/out")" = "Ann Lee" ] || fail "--authors: not one author"
	run --essay 20000 "$T/many.txt"
	expect_rc 0
	[ "$(grep -m 1 . "$T/out")" = "Essay number 20000" ] ||
		fail "--essay 20000 did not start at the last essay"
	;;
default-file)
	# No file and nothing piped in: the bundled collection, from any cwd.
	cd / || exit 1
	run --outline
	expect_rc 0
	expect_empty err
	expect_file out "$HERE/bundled.outline"
	run --authors
	expect_rc 0
	expect_file out "$HERE/bundled.authors"
	;;
stdin)
	# shellcheck disable=SC2002 # a pipe, not a file, is the point
	cat "$DATA" | timeout 20 "$LECTERN" --outline >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 0
	expect_empty err
	expect_file out "$HERE/bundled.outline"
	STDIN=$DATA run --outline -
	expect_rc 0
	expect_empty err
	expect_file out "$HERE/bundled.outline"
	# shellcheck disable=SC2002
	cat "$DATA" | timeout 20 "$LECTERN" --authors - >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 0
	expect_file out "$HERE/bundled.authors"
	;;
write-error)
	# A closed stdout and a full disk are failures, not silent successes.
	timeout 20 "$LECTERN" --outline "$DATA" </dev/null >&- 2>"$T/err"
	rc=$?
	expect_rc 1
	if [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -q '^lectern: ' "$T/err"
	then
		fail "closed stdout: no one-line message: $(cat "$T/err")"
	fi
	if [ -w /dev/full ]; then
		timeout 20 "$LECTERN" --outline "$DATA" </dev/null \
			>/dev/full 2>"$T/err"
		rc=$?
		expect_rc 1
		grep -q '^lectern: .*No space left on device' "$T/err" ||
			fail "/dev/full: no message: $(cat "$T/err")"
	fi
	;;
search)
	# Every hit: ESSAY.SECTION, the source line, the paragraph around it.
	run --search SCO "$DATA"
	expect_rc 0
	expect_file out "$HERE/bundled.search-SCO"
	expect_empty err
	run --search OBOR --count "$DATA"
	expect_rc 0
	expect_text out 6
	run --search obor --count --case-sensitive "$DATA"
	expect_rc 1
	expect_text out 0
	run --search obor --count "$DATA"
	expect_rc 0
	expect_text out 6
	run --search Sco --count --ignore-case "$DATA"
	expect_rc 0
	expect_text out 26
	run --search "Russia's" --count "$DATA"
	expect_rc 0
	[ "$(cat "$T/out")" -gt 0 ] || fail "Russia's: no hit on Russia’s"
	run --search Russia --word --count "$DATA"
	expect_rc 0
	words=$(cat "$T/out")
	run --search Russia --count "$DATA"
	[ "$(cat "$T/out")" -gt "$words" ] || fail "--word matched Russian"
	run --search 'O[BR]OR' --regex --count "$DATA"
	expect_rc 0
	expect_text out 6
	# nothing found: exit 1, as grep
	run --search OBR "$DATA"
	expect_rc 1
	expect_empty out
	expect_empty err
	;;
search-color)
	run --search OBOR --color=always "$DATA"
	expect_rc 0
	grep -q "$(printf '\033')\[1;31mOBOR$(printf '\033')\[m" "$T/out" ||
		fail "no coloured hit: $(head -c 200 "$T/out")"
	run --search OBOR --color=never "$DATA"
	grep -q "$(printf '\033')" "$T/out" && fail "colour with --color=never"
	# not a terminal: no colour by default
	run --search OBOR "$DATA"
	grep -q "$(printf '\033')" "$T/out" && fail "colour into a file"
	run --search OBOR --color=sometimes "$DATA"
	expect_rc 2
	;;
search-errors)
	# an invalid regular expression: PCRE2's message and offset, exit 2
	run --search '(ab' --regex "$DATA"
	expect_rc 2
	expect_empty out
	expect_text err "lectern: --search: missing closing parenthesis at offset 3"
	run --search '' "$DATA"
	expect_rc 2
	expect_text err "lectern: --search: empty pattern"
	# an input that cannot be read: exit 2, as grep
	run --search x "$T/nonexistent"
	expect_rc 2
	expect_text err "lectern: $T/nonexistent: No such file or directory"
	run --count "$DATA"
	expect_rc 2
	;;
starts)
	# --essay-start and --section-start: the user's delimiters, a bad
	# pattern refused, remembered for the file and forgotten with ''.
	FIX=$HERE/../fixtures
	cp "$FIX/chapters-user.txt" "$T/book.txt"
	XDG_STATE_HOME=$T/xdg
	export XDG_STATE_HOME
	run --outline --essay-start '^[IVX]+\.$' --section-start '^[0-9]+\.$' \
		"$T/book.txt"
	expect_rc 0
	expect_empty err
	printf '%s\n' "structure	blog	guessed" "essay	1	MORNING		5" \
		"section	1.1	1.		11" "section	1.2	2.		15" \
		"essay	2	NOON		19" "section	2.1	1.		24" \
		"essay	3	EVENING		28" >"$T/want"
	expect_file out "$T/want"
	grep -q "$(printf '^starts\t')" "$T/xdg/lectern/state" ||
		fail "the delimiters were not saved"
	# remembered: the same outline without the options
	run --outline "$T/book.txt"
	expect_rc 0
	expect_file out "$T/want"
	# --no-state neither reads nor writes them
	run --no-state --outline "$T/book.txt"
	grep -q "$(printf '^essay\t2\tNOON')" "$T/out" &&
		fail "--no-state used the saved delimiters"
	# forgotten
	run --outline --essay-start '' --section-start '' "$T/book.txt"
	expect_rc 0
	grep -q "$(printf '^starts\t')" "$T/xdg/lectern/state" &&
		fail "the delimiters were not forgotten"
	grep -q "$(printf '^essay\t2\tNOON')" "$T/out" &&
		fail "the forgotten delimiters were used"
	# a pattern that does not compile: PCRE2's message, exit 2
	run --outline --essay-start '(' "$T/book.txt"
	expect_rc 2
	expect_empty out
	expect_text err "lectern: --essay-start: missing closing parenthesis at offset 1"
	;;
explain)
	# --explain: a plan line, then the evidence as a last field; only
	# with --outline
	FIX=$HERE/../fixtures
	LECTERN_STATE=- run --outline --explain "$FIX/contents-book.txt"
	expect_rc 0
	[ "$(sed -n 2p "$T/out" | cut -f1,2)" = "$(printf 'plan\tthe contents list: 4 entries, 4 of them matched to headings in order')" ] ||
		fail "no plan line: $(sed -n 2p "$T/out")"
	grep -q "$(printf '^essay\t1\tON WALKING TO THE RIVER\tJane Roe\t45\tan entry of the contents list; author: the book.s one author')" \
		"$T/out" || fail "essay 1's evidence: $(grep -m1 '^essay' "$T/out")"
	LECTERN_STATE=- run --outline --explain "$FIX/underlined-zine.txt"
	grep -q "$(printf '^section\t2.1\tWhat They Print\t\t25\tan underlined line$')" \
		"$T/out" || fail "section 2.1's evidence"
	# the outline without --explain has five fields
	LECTERN_STATE=- run --outline "$FIX/contents-book.txt"
	awk -F'\t' '$1 == "essay" && NF != 5 { exit 1 }' "$T/out" ||
		fail "--outline without --explain has more fields"
	run --explain "$FIX/contents-book.txt"
	expect_rc 2
	printf '%s\n%s\n' 'lectern: --explain goes with --outline' "$TRY" \
		>"$T/want"
	expect_file err "$T/want"
	;;
spool)
	# more standard input than memory holds, and no spool folder: the
	# folder is named, not standard input
	yes 'Some text to read.' | head -c 20000000 >"$T/big.txt"
	STDIN=$T/big.txt
	TMPDIR=$T/none
	export TMPDIR
	run --outline -
	expect_rc 1
	expect_empty out
	expect_text err "lectern: $T/none: cannot spool standard input in this folder (TMPDIR): No such file or directory"
	;;
bidi-marks)
	# U+200E, U+200F and U+061C are escaped like the other bidi
	# controls, in every output: the text, the outline, search hits
	lrm=$(printf '\342\200\216') rlm=$(printf '\342\200\217')
	alm=$(printf '\330\234')
	printf 'A %sTitle\n\nBy Ann %sRight\n\nText %sof hers.\n' \
		"$lrm" "$rlm" "$alm" >"$T/marks.txt"
	for args in "" "--outline" "--search hers"; do
		# shellcheck disable=SC2086 # word splitting wanted
		run $args "$T/marks.txt"
		expect_rc 0
		grep -q -e "$lrm" -e "$rlm" -e "$alm" "$T/out" &&
			fail "lectern $args wrote a raw bidi mark"
	done
	run "$T/marks.txt"
	grep -qF 'A <U+200E>Title' "$T/out" || fail "no <U+200E> in the title"
	grep -qF 'Text <U+061C>of hers.' "$T/out" || fail "no <U+061C> in the text"
	run --outline "$T/marks.txt"
	grep -qF 'Ann <U+200F>Right' "$T/out" || fail "no <U+200F> in the author"
	;;
long-title)
	# a title cut at 400 bytes is cut at a character's start: a stray
	# continuation byte would show as <A9> (issue 17)
	printf 'a' >"$T/long.txt"
	i=0
	while [ $i -lt 300 ]; do
		printf '\303\251' >>"$T/long.txt"
		i=$((i + 1))
	done
	printf '\n\nSome text after it.\n' >>"$T/long.txt"
	LECTERN_STATE=- run --outline "$T/long.txt"
	expect_rc 0
	title=$(sed -n 2p "$T/out" | cut -f3)
	[ "$(printf '%s' "$title" | wc -c)" -eq 399 ] ||
		fail "the title is $(printf '%s' "$title" | wc -c) bytes, not 399"
	printf '%s' "$title" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
		fail "the title is not valid UTF-8"
	grep -q '<' "$T/out" && fail "an escaped byte in the outline"
	;;
*)
	echo "unknown case: $CASE"
	exit 1
	;;
esac

[ $failed -eq 0 ] && echo "ok: $CASE"
exit $failed
