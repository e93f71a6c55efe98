#!/usr/bin/env bash
# Puts promtool (from Debian's prometheus package) at .artifacts/tools/promtool, for the alert rules' unit tests, and prints its
# path. The package is downloaded and unpacked, never installed: installing it would start a Prometheus server listening on every
# interface. Idempotent: a promtool already there is kept.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.artifacts/tools"
log() { printf '[promtool] %s\n' "$*" >&2; }

if [ -x "$tools/promtool" ]; then
  echo "$tools/promtool"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# apt-get download needs the package lists; a fresh machine may not have read them yet.
if ! apt-get download prometheus >/dev/null 2>&1; then
  log "updating the package lists to find Debian's prometheus package"
  if [ "$(id -u)" = 0 ]; then apt-get update -q >/dev/null; else sudo -n apt-get update -q >/dev/null; fi
  apt-get download prometheus >/dev/null || { log "cannot download Debian's prometheus package (apt-get download prometheus)"; exit 1; }
fi
dpkg-deb -x prometheus_*.deb unpacked
mkdir -p "$tools"
install -m 0755 unpacked/usr/bin/promtool "$tools/promtool"
log "promtool $("$tools/promtool" --version 2>&1 | head -1 | awk '{print $3}') at $tools/promtool"
echo "$tools/promtool"
