# bash completion for lectern(1).
# Installed as share/bash-completion/completions/lectern; bash-completion
# loads it when `lectern` is first completed. It completes the options,
# files, --color's values, and --essay / --author from the outline of the
# file named on the line (`lectern --outline FILE`, `lectern --authors
# FILE`), or of the bundled collection when no file is named.

# _lectern_file: print the file named on the command line, if any: the first
# word that is neither an option nor an option's value, and is not the word
# being completed. Prints nothing when there is none; `-` (standard input)
# is printed as is.
_lectern_file()
{
	local i w skip=
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -n $skip ]]; then
			skip=
			[[ $w == = ]] && skip=1 # --essay = 3: the value is next
			continue
		fi
		((i == COMP_CWORD)) && continue
		case $w in
		--width | --essay | --author | --search | --structure | --sort | --essay-start | --section-start) skip=1 ;;
		--) ;;
		-?*) ;;
		+*) ;;
		*)
			[[ $w == \~/* ]] && w=$HOME/${w#\~/}
			# A quoted or escaped name: take the quoting off.
			w=${w//\\/}
			w=${w#[\"\']}
			w=${w%[\"\']}
			printf '%s\n' "$w"
			return 0
			;;
		esac
	done
}

# _lectern_run MODE: run lectern MODE on the file on the line (or on the
# bundled collection). The program is the one being completed when it can
# be run, else lectern on the PATH.
_lectern_run()
{
	local mode=$1 cmd=${COMP_WORDS[0]} file
	[[ $cmd == \~/* ]] && cmd=$HOME/${cmd#\~/}
	type -P -- "$cmd" >/dev/null 2>&1 || cmd=lectern
	file=$(_lectern_file)
	if [[ -z $file ]]; then
		"$cmd" "$mode" </dev/null 2>/dev/null
	elif [[ $file != - && ( -f $file || -d $file ) && -r $file ]]; then
		"$cmd" "$mode" -- "$file" </dev/null 2>/dev/null
	fi
}

_lectern()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= opt=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# --opt=value: bash splits it at '=' (COMP_WORDBREAKS), or not.
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
	elif [[ $cur == = && $prev == --* ]]; then
		opt=$prev
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	else
		case $prev in
		--width | --essay | --author | --search | --structure | --sort | --essay-start | --section-start) opt=$prev ;;
		esac
	fi

	local kind n name
	case $opt in
	--essay)
		while IFS=$'\t' read -r kind n _; do
			[[ $kind == essay && $n == "$cur"* ]] && COMPREPLY+=("$n")
		done < <(_lectern_run --outline)
		return 0
		;;
	--author)
		# Names are compared without the quoting typed so far, in any
		# case, and put in escaped.
		local want=${cur//\\/}
		want=${want#[\"\']}
		while IFS=$'\t' read -r name _; do
			[[ -z $name ]] && continue
			if [[ ${name,,} == "${want,,}"* ]]; then
				COMPREPLY+=("$(printf '%q' "$name")")
			fi
		done < <(_lectern_run --authors)
		return 0
		;;
	--color)
		mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
		return 0
		;;
	--structure)
		mapfile -t COMPREPLY < <(compgen -W 'auto blog markdown plain' -- "$cur")
		return 0
		;;
	--sort)
		mapfile -t COMPREPLY < <(compgen -W 'auto name date' -- "$cur")
		return 0
		;;
	--width | --search | --essay-start | --section-start)
		return 0
		;;
	esac

	case $cur in
	-*)
		mapfile -t COMPREPLY < <(compgen -W '--outline --authors --force
			--search --count --word --regex --ignore-case
			--case-sensitive --color --width --essay --author
			--no-state --no-mouse --structure --essay-start --section-start
			--explain --sort --reverse --help --version -h -V' -- "$cur")
		return 0
		;;
	esac
	if declare -F _filedir >/dev/null 2>&1; then
		_filedir
	else
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}

complete -F _lectern lectern
