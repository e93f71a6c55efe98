#!/usr/bin/env bash
# Installs the Debian packages the project's scripts need, in one apt-get run, when any is missing.
#
#   bash eng/packages.sh servers   RabbitMQ, PostgreSQL, python3-pika, curl (eng/servers.sh, eng/run.sh)
#   bash eng/packages.sh images    Docker, docker-compose, debootstrap (eng/images.sh, eng/compose.sh)
#   bash eng/packages.sh tests     all of the above, plus Chromium, Node.js and npm (eng/test.sh)
#   bash eng/packages.sh PKG...    the packages named
#
# eng/test.sh runs `tests` before it starts anything in the background: two apt-get runs at once fail on dpkg's lock,
# which is what broke the first run on a machine that had none of them. Every apt-get here also waits for the lock
# (up to LEDGER_APT_LOCK_TIMEOUT seconds, default 600) rather than fail when another one holds it.
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

servers=(rabbitmq-server python3-pika postgresql curl)
images=(docker.io docker-compose debootstrap)
tests=("${servers[@]}" "${images[@]}" chromium nodejs npm)

log() { printf '[packages] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

wanted=()
for arg in "$@"; do
  case "$arg" in
    servers) wanted+=("${servers[@]}") ;;
    images) wanted+=("${images[@]}") ;;
    tests) wanted+=("${tests[@]}") ;;
    *) wanted+=("$arg") ;;
  esac
done
[ ${#wanted[@]} -gt 0 ] || { log "usage: bash eng/packages.sh servers|images|tests|PKG..."; exit 2; }

missing=()
for pkg in "${wanted[@]}"; do
  # Chromium may come from elsewhere (LEDGER_CHROMIUM), npm with a Node.js that was not installed from Debian.
  case "$pkg" in
    chromium) { [ -n "${LEDGER_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ]; } && continue ;;
    nodejs | npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

lock=(-o "DPkg::Lock::Timeout=${LEDGER_APT_LOCK_TIMEOUT:-600}")
log "installing: ${missing[*]}"
as_root apt-get "${lock[@]}" update -q </dev/null
as_root env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" </dev/null
