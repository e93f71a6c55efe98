# Sourced by the eng/ scripts first thing, so that each answers --help alike, before it sets anything up:
#   source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
#   if wants_help "$@"; then print_help; exit 0; fi

# True when the arguments ask for help (--help anywhere, or -h first).
wants_help() { [[ " $* " == *" --help "* || "${1:-}" == "-h" ]]; }

# Prints the calling script's header comment (from line 2 up to its `set -euo pipefail`).
print_help() { sed -n '2,/^set -euo pipefail/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[1]}"; }
