#!/bin/bash
# Shell completion: bash run for real, zsh checked for syntax.
#   bash completion.sh LECTERN SOURCE-DIR
# Sources completions/lectern.bash (after bash-completion's own library when
# it is installed, else alone), fills COMP_WORDS as bash would for a line
# and checks COMPREPLY; checks that both scripts name every option that
# --help names; and runs `zsh -n` on completions/_lectern when zsh is
# installed.
set -u
LECTERN=$1
TOP=$2
BASH_SCRIPT=$TOP/completions/lectern.bash
ZSH_SCRIPT=$TOP/completions/_lectern
FIXTURE=$TOP/tests/fixtures/several-essays.txt

T=$(mktemp -d "${TMPDIR:-/tmp}/lectern-completion.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export XDG_STATE_HOME=$T/state

failed=0
fail()
{
	echo "FAIL: $*"
	failed=1
}

for lib in /usr/share/bash-completion/bash_completion; do
	# shellcheck disable=SC1090
	[ -r "$lib" ] && . "$lib" && echo "with $lib"
done
# shellcheck disable=SC1090
. "$BASH_SCRIPT" || fail "sourcing $BASH_SCRIPT"
[ "$(complete -p lectern 2>/dev/null)" = "complete -F _lectern lectern" ] ||
	fail "no 'complete -F _lectern lectern'"

# complete WORD... : complete the last WORD of the line `LECTERN WORD...`
# (the program's own path as the command, as a person typing it would);
# COMPREPLY is then sorted into $got, one per line.
complete_line()
{
	COMP_WORDS=("$LECTERN" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_lectern lectern "${COMP_WORDS[COMP_CWORD]}" \
		"${COMP_WORDS[COMP_CWORD - 1]}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort)
}

# expect LABEL WANT: $got must be WANT (lines, sorted).
expect()
{
	local want
	want=$(printf '%s\n' "$2" | LC_ALL=C sort)
	if [ "$got" != "$want" ]; then
		fail "$1: got"
		printf '  %s\n' "$got"
		echo "  expected"
		printf '  %s\n' "$want"
	else
		echo "ok: $1"
	fi
}

six=$'1\n2\n3\n4\n5\n6'
authors=$("$LECTERN" --authors </dev/null | cut -f1)
[ "$(printf '%s\n' "$authors" | wc -l)" -eq 6 ] ||
	fail "the bundled collection does not have six authors: $authors"
escaped=$(printf '%s\n' "$authors" | while IFS= read -r a; do
	printf '%q\n' "$a"
done)

complete_line --ess
expect "lectern --ess<TAB>" "$(printf '%s\n' --essay --essay-start)"
complete_line --essay ''
expect "lectern --essay <TAB> (the bundled collection)" "$six"
complete_line --essay=
expect "lectern --essay=<TAB>" "$six"
complete_line --essay = ''
expect "lectern --essay=<TAB> split at =" "$six"
complete_line --author ''
expect "lectern --author <TAB> (the bundled collection)" "$escaped"
complete_line --author 'nat'
expect "lectern --author nat<TAB>" 'Natasha\ Kuhrt'
complete_line --essay '' "$FIXTURE"
# The file after the cursor counts too.
COMP_CWORD=2
COMPREPLY=()
_lectern lectern '' --essay
got=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort)
expect "lectern --essay <TAB> FILE" $'1\n2\n3\n4\n5'
complete_line "$FIXTURE" --author ''
expect "lectern FILE --author <TAB>" \
	$'Bruno\\ Adler\nClara\\ Zimmer\nEva\\ Moreau'
complete_line --width 60 "$FIXTURE" --essay 4
expect "lectern --width 60 FILE --essay 4<TAB>" 4
complete_line --essay '' "$T/missing.txt"
expect "lectern --essay <TAB> MISSING-FILE" ""
complete_line --color=
expect "lectern --color=<TAB>" $'always\nauto\nnever'
complete_line --no-s
expect "lectern --no-s<TAB>" --no-state
complete_line --structure m
expect "lectern --structure m<TAB>" markdown
complete_line --structure=
expect "lectern --structure=<TAB>" $'auto\nblog\nmarkdown\nplain'
complete_line --sort ''
expect "lectern --sort <TAB>" $'auto\ndate\nname'
# a folder is a collection: its essays, its authors
complete_line --sort name "$TOP/tests/fixtures/folders/jekyll" --essay ''
expect "lectern --sort name FOLDER --essay <TAB>" $'1\n2\n3'
complete_line "$TOP/tests/fixtures/folders/hugo" --author 'p'
expect "lectern FOLDER --author p<TAB>" 'Piet\ Vos'

# Files.
mkdir "$T/dir" && touch "$T/dir/essays.txt" "$T/dir/notes.md"
cd "$T/dir" || exit 1
complete_line ess
expect "lectern ess<TAB> (a file)" essays.txt
mkdir "$T/dir/posts"
complete_line po
expect "lectern po<TAB> (a folder)" posts
cd / || exit 1

# Every option --help names is in both scripts.
opts=$("$LECTERN" --help </dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ -n "$opts" ] || fail "--help names no options"
for script in "$BASH_SCRIPT" "$ZSH_SCRIPT"; do
	for opt in $opts; do
		grep -q -- "$opt\\b" "$script" ||
			fail "$opt is in --help but not in $script"
	done
done

if command -v zsh >/dev/null 2>&1; then
	if zsh -n "$ZSH_SCRIPT"; then
		echo "ok: zsh -n $ZSH_SCRIPT"
	else
		fail "zsh -n $ZSH_SCRIPT"
	fi
	head -n 1 "$ZSH_SCRIPT" | grep -qx '#compdef lectern' ||
		fail "$ZSH_SCRIPT does not start with #compdef lectern"
else
	echo "note: zsh is not installed: its completion was not checked"
fi

[ $failed -eq 0 ] && echo "ok: completion"
exit $failed
