#!/usr/bin/env bash
# Installs the `ledger` command (eng/ledger, the admin tool under a short name) as a symbolic link in /usr/local/bin,
# or in ~/.local/bin when /usr/local/bin is not writable. Idempotent: run again, it points the link here again.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target=/usr/local/bin
if [ ! -w "$target" ]; then
  target="$HOME/.local/bin"
  mkdir -p "$target"
fi
ln -sfn "$repo/eng/ledger" "$target/ledger"
printf '[install-cli] %s/ledger -> %s/eng/ledger\n' "$target" "$repo" >&2
case ":$PATH:" in
  *":$target:"*) ;;
  *) printf '[install-cli] %s is not on PATH: add it, or run %s/ledger\n' "$target" "$target" >&2 ;;
esac
