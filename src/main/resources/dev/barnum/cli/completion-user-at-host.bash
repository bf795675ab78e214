
# barnum-cli's own part. Picocli's function above expects the command's word to be barnum-cli (not
# ./barnum-cli or a path) and each word whole; but a TARGET is user@host, and bash splits the words
# it completes at @ (COMP_WORDBREAKS, by default). So it is given the words as it expects them,
# and bash gets back only what it replaces: the @ and what follows (readline keeps a word's leading
# @, which bash lists among its special prefixes).
function _complete_barnum-cli_whole_words() {
  local command=${COMP_WORDS[0]}
  local COMP_LINE="${command##*/}${COMP_LINE#"$command"}"
  local -a COMP_WORDS=("${COMP_WORDS[@]}")
  local COMP_CWORD=$COMP_CWORD
  COMP_WORDS[0]=${command##*/}
  local -a whole=()
  local i cword=0 glue=0
  for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
    if [[ ${#whole[@]} -gt 1 && ( ${COMP_WORDS[i]} == @ || $glue == 1 ) ]]; then
      whole[${#whole[@]} - 1]+=${COMP_WORDS[i]}
      [[ ${COMP_WORDS[i]} == @ ]] && glue=1 || glue=0
    else
      whole+=("${COMP_WORDS[i]}")
      glue=0
    fi
    ((i == COMP_CWORD)) && cword=$((${#whole[@]} - 1))
  done
  COMP_WORDS=("${whole[@]}")
  COMP_CWORD=$cword
  _complete_barnum-cli "$@"
  local word=${COMP_WORDS[COMP_CWORD]}
  if [[ $word == *@* && $COMP_WORDBREAKS == *@* ]]; then
    local prefix=${word%"@${word##*@}"}
    COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
  fi
}
complete -F _complete_barnum-cli_whole_words -o default barnum-cli barnum-cli.sh barnum-cli.bash
