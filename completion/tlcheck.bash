# bash completion for tlcheck(1): subcommands, their options, rule ids for
# `explain` and `--rule`, clauses for `--clause`, material codes for
# `--material`. Rule ids, clauses and materials are asked of the tool itself
# (`tlcheck rules`, `tlcheck rules --materials`), from the pack given with
# --rules when there is one, so they always match the pack in use.

_tlcheck_commands="check rules explain init eval test-rules diff help"

# Options per subcommand, as `tlcheck SUBCOMMAND --help` lists them (the
# docs_options test keeps these lists and the help texts in step).
_tlcheck_opts_main="--help --version -h -V"
_tlcheck_opts_check="--format --output --rules --param --lang --fail-on --jobs --rule --clause --color --no-summary --quiet --max-bytes --waivers --today --baseline --help -h -q"
_tlcheck_opts_rules="--material --materials --rules --param --lang --help -h"
_tlcheck_opts_explain="--rules --param --lang --help -h"
_tlcheck_opts_init="--material --rules --param --lang --help -h"
_tlcheck_opts_eval="--input --lang --help -h"
_tlcheck_opts_test_rules="--rules --lang --help -h"
_tlcheck_opts_diff="--format --output --rules --param --lang --fail-on --help -h"

# Parameters of the default pack (tlcheck-rules(5), `tlcheck explain`).
_tlcheck_params="capacity_increase_threshold= local_consumption_exemption= violation_lookback_years= consultation_lead_days= max_authorized_share= non_compete_max_months= access_review_max_months= effective_from= materials="

# The value of --rules on the command line so far, if any.
_tlcheck_rules_dir()
{
    local i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case ${COMP_WORDS[i]} in
            --rules) printf '%s' "${COMP_WORDS[i+1]}"; return ;;
            --rules=*) printf '%s' "${COMP_WORDS[i]#--rules=}"; return ;;
        esac
    done
}

# `tlcheck rules [...]` in English, whatever the locale; errors are dropped.
_tlcheck_query()
{
    local dir
    dir=$(_tlcheck_rules_dir)
    if [[ -n $dir ]]; then
        LC_ALL=C "${COMP_WORDS[0]}" rules --lang en --rules "$dir" "$@" 2>/dev/null
    else
        LC_ALL=C "${COMP_WORDS[0]}" rules --lang en "$@" 2>/dev/null
    fi
}

_tlcheck_rule_ids()   { _tlcheck_query | awk '{print $1}'; }
_tlcheck_materials()  { _tlcheck_query --materials | awk '{print $1}'; }
_tlcheck_clauses()
{
    # "(ウ)" and its short form "ウ" are both accepted by --clause.
    _tlcheck_query | awk '$3 != "-" {print $3; s = $3; gsub(/^\(|\)$/, "", s); print s}' | sort -u
}

_tlcheck()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -s || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    # The subcommand is the first word after `tlcheck`.
    local cmd=""
    if ((cword > 1)); then
        cmd=${words[1]}
    fi
    if ((cword == 1)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$_tlcheck_opts_main" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$_tlcheck_commands" -- "$cur"))
        fi
        return
    fi

    # --opt=VALUE: complete the value part.
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    fi

    case $prev in
        --format)
            if [[ $cmd == diff ]]; then
                COMPREPLY=($(compgen -W "text json html" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "text json sarif junit csv html" -- "$cur"))
            fi
            return ;;
        --lang)
            COMPREPLY=($(compgen -W "ja en" -- "$cur")); return ;;
        --fail-on)
            COMPREPLY=($(compgen -W "error warning info never" -- "$cur")); return ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --rules)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --output|--input|--waivers|--baseline)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --material)
            COMPREPLY=($(compgen -W "$(_tlcheck_materials)" -- "$cur")); return ;;
        --rule)
            COMPREPLY=($(compgen -W "$(_tlcheck_rule_ids)" -- "$cur")); return ;;
        --clause)
            COMPREPLY=($(compgen -W "$(_tlcheck_clauses)" -- "$cur")); return ;;
        --param)
            compopt -o nospace 2>/dev/null
            COMPREPLY=($(compgen -W "$_tlcheck_params" -- "$cur")); return ;;
        --jobs|--max-bytes|--today)
            return ;;
    esac

    local opts
    case $cmd in
        check)      opts=$_tlcheck_opts_check ;;
        rules)      opts=$_tlcheck_opts_rules ;;
        explain)    opts=$_tlcheck_opts_explain ;;
        init)       opts=$_tlcheck_opts_init ;;
        eval)       opts=$_tlcheck_opts_eval ;;
        test-rules) opts=$_tlcheck_opts_test_rules ;;
        diff)       opts=$_tlcheck_opts_diff ;;
        help)       COMPREPLY=($(compgen -W "$_tlcheck_commands" -- "$cur")); return ;;
        *)          return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi

    case $cmd in
        diff)
            # Two declarations.
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.yaml' -- "$cur")
                       $(compgen -f -X '!*.yml' -- "$cur")) ;;
        check)
            # Declarations and the directories that hold them.
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.yaml' -- "$cur")
                       $(compgen -f -X '!*.yml' -- "$cur")) ;;
        explain)
            # One rule id, once.
            local i n=0
            for ((i = 2; i < cword; i++)); do
                case ${words[i-1]} in --rules|--param|--lang) continue ;; esac
                [[ ${words[i]} != -* ]] && n=$((n + 1))
            done
            ((n == 0)) && COMPREPLY=($(compgen -W "$(_tlcheck_rule_ids)" -- "$cur")) ;;
        test-rules)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -d -- "$cur")) ;;
    esac
}

complete -F _tlcheck tlcheck
