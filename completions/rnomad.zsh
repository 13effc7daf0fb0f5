#compdef rnomad
# zsh completion for rnomad (rnomad), with descriptions. Load it with:
#   source <(rnomad completion zsh)
_rnomad() {
  local -a lines cands
  local line="${(j: :)words[1,CURRENT]}"
  lines=("${(@f)$(COMP_LINE="$line" RNOMAD_COMPLETE_DESCRIBE=1 rnomad 2>/dev/null)}")
  local l v d
  for l in $lines; do
    [[ -z $l ]] && continue
    v=${l%%$'\t'*}
    d=${l#*$'\t'}
    if [[ $d == $l ]]; then cands+=("${v//:/\\:}"); else cands+=("${v//:/\\:}:$d"); fi
  done
  _describe -t values 'rnomad' cands
}
compdef _rnomad rnomad
