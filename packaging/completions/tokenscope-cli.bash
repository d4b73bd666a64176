# bash completion for tokenscope-cli.
# Commands and options are read from the installed tool's own --help, so the completion never drifts from it.

_tokenscope_cli()
{
    local cur prev words cword
    _init_completion || return

    local command="" i
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} != -* ]]; then
            command=${words[i]}
            break
        fi
    done

    if [[ -z $command ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '--help --version' -- "$cur"))
        else
            local commands
            commands=$("$1" --help 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    case $prev in
        --key | --jwks | --secret-file | --ca-file | --out | --scenario | --config | --db | --decrypt-key)
            _filedir
            return
            ;;
        --alg)
            COMPREPLY=($(compgen -W 'HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA' -- "$cur"))
            return
            ;;
        --curve)
            COMPREPLY=($(compgen -W 'Ed25519 Ed448' -- "$cur"))
            return
            ;;
        --login)
            COMPREPLY=($(compgen -W 'browser device' -- "$cur"))
            return
            ;;
        --lab)
            COMPREPLY=($(compgen -W 'new' -- "$cur"))
            return
            ;;
        --jwks-url | --issuer | --secret | --secret-b64 | --iss | --aud | --kid | --header | --payload | --claim | \
            --exp | --nbf | --iat | --now | --leeway | --require | --bits | --threads | --min-time | --index | --seed | \
            --port | --client-id | --client-secret | --password | --login-timeout)
            return
            ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '$(_parse_help "$1" "$command --help")' -- "$cur"))
    else
        _filedir
    fi
}
complete -F _tokenscope_cli tokenscope-cli
