# fish completion for rnomad (rnomad), with descriptions. Load it with:
#   rnomad completion fish | source
function __rnomad_complete
    set -lx COMP_LINE (commandline -cp)
    test -z (commandline -ct)
    and set COMP_LINE "$COMP_LINE "
    set -lx RNOMAD_COMPLETE_DESCRIBE 1
    rnomad
end
complete -f -c rnomad -a "(__rnomad_complete)"
