# bash completion for rnomad (rnomad). Load it with:
#   source <(rnomad completion bash)
# It answers through the COMP_LINE protocol, as `complete -C nomad nomad` does.
complete -o default -C rnomad rnomad
