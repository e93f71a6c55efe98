#!/usr/bin/env bash
# The docker-compose stack (docker-compose.yml) on images built here: no image registry is needed.
#
#   bash eng/compose.sh up       build what is missing (eng/images.sh), start the stack, wait until the processor runs
#                                and the API answers (http://127.0.0.1:5080/health/ready)
#   bash eng/compose.sh down     stop the stack and remove its containers and volumes
#   bash eng/compose.sh ps       what runs
#
# Environment: LEDGER_COMPOSE_PROJECT (default points-ledger) runs a second stack beside the first;
# LEDGER_AMQP_PORT, LEDGER_MANAGEMENT_PORT, LEDGER_POSTGRES_PORT, LEDGER_API_PORT move its loopback ports (defaults
# 5672, 15672, 5432, 5080: stop eng/servers.sh's servers first, or pick others); LEDGER_COMPOSE_SKIP_IMAGES=1 uses the
# images as they are. LEDGER_API_SIGNING_KEY signs the API's tokens; unset, a random one is made once and kept in
# .artifacts/compose-api-signing-key. Every login's password is made at random on the first `up` and kept in
# .artifacts/compose-secrets.env (the LEDGER_*_PASSWORD variables of eng/servers.sh win when set); the broker's users get
# theirs through definitions written to .artifacts/compose-rabbitmq-definitions.json.
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
project=${LEDGER_COMPOSE_PROJECT:-points-ledger}

log() { printf '[compose] %s\n' "$*" >&2; }
die() { printf '[compose] ERROR: %s\n' "$*" >&2; exit 1; }

# The images eng/images.sh builds, under the names docker-compose.yml reads.
eval "$(bash "$root/eng/images.sh" env)"
export LEDGER_RABBITMQ_IMAGE=${LEDGER_RABBITMQ_IMAGE:-$LEDGER_RABBITMQ4_IMAGE}
export LEDGER_POSTGRES_IMAGE LEDGER_WORKER_IMAGE

compose() { docker-compose -p "$project" -f "$root/docker-compose.yml" "$@"; }

# The API's token key: never a default that would work anywhere else.
if [ -z "${LEDGER_API_SIGNING_KEY:-}" ]; then
  mkdir -p "$root/.artifacts"
  [ -s "$root/.artifacts/compose-api-signing-key" ] || (umask 077; head -c 48 /dev/urandom | base64 -w0 > "$root/.artifacts/compose-api-signing-key")
  LEDGER_API_SIGNING_KEY=$(cat "$root/.artifacts/compose-api-signing-key")
fi
export LEDGER_API_SIGNING_KEY

source "$root/eng/secrets.sh"
load_secrets "$root/.artifacts/compose-secrets.env" "${1:-up}"
for name in $(secret_names); do
  [ -n "${!name:-}" ] && export "${name?}"
done
if [ "${1:-up}" = up ]; then
  # Readable by all: the broker reads it as its own user inside the container. It holds salted hashes of random
  # passwords, never the passwords themselves.
  LEDGER_DEFINITIONS_FROM_ENV=1 /usr/bin/python3 "$root/eng/rabbitmq/definitions.py" --out "$root/.artifacts/compose-rabbitmq-definitions.json"
  chmod 0644 "$root/.artifacts/compose-rabbitmq-definitions.json"
fi
export LEDGER_RABBITMQ_DEFINITIONS="$root/.artifacts/compose-rabbitmq-definitions.json"

case "${1:-up}" in
  up)
    [ "${LEDGER_COMPOSE_SKIP_IMAGES:-0}" = 1 ] || bash "$root/eng/images.sh" up
    log "docker-compose -p $project up -d (RabbitMQ on 127.0.0.1:${LEDGER_AMQP_PORT:-5672}, PostgreSQL on 127.0.0.1:${LEDGER_POSTGRES_PORT:-5432})"
    compose up -d --no-build
    # docker-compose v1 has no `up --wait`: the processor starts once migrations have run, which needs both servers healthy.
    start=$SECONDS
    until [ "$(docker inspect -f '{{.State.Running}}' "$(compose ps -q processor)" 2>/dev/null)" = true ]; do
      if (( SECONDS - start >= 180 )); then
        compose ps >&2
        compose logs --tail=30 >&2
        die "the processor did not start within 180 s (see the logs above)"
      fi
      sleep 1
    done
    log "the processor runs (after $((SECONDS - start)) s)"
    api_url="http://127.0.0.1:${LEDGER_API_PORT:-5080}/health/live"
    # Plain bash (no curl needed): one HTTP/1.0 request over /dev/tcp, answered 200 once the API runs.
    api_live() {
      (exec 3<>"/dev/tcp/127.0.0.1/${LEDGER_API_PORT:-5080}" && printf 'GET /health/live HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 \
        && head -n 1 <&3 | grep -q ' 200 ') 2>/dev/null
    }
    until api_live; do
      if (( SECONDS - start >= 180 )); then
        compose logs --tail=30 api >&2
        die "the API did not answer $api_url within 180 s (see its log above)"
      fi
      sleep 1
    done
    log "the API answers on http://127.0.0.1:${LEDGER_API_PORT:-5080} (after $((SECONDS - start)) s)"
    ;;
  down)
    compose down --volumes --remove-orphans
    ;;
  ps)
    compose ps
    ;;
  *)
    die "usage: bash eng/compose.sh [up|down|ps]"
    ;;
esac
