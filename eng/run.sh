#!/usr/bin/env bash
# Set up and run the main job: starts the local servers (eng/servers.sh up), builds Messaging.sln
# in Release, applies the database migrations, starts the HTTP admin API in the background
# (http://127.0.0.1:5080: /health/ready, /metrics, /openapi/v1.json; its log in logs/api.log), then runs
# the worker in the foreground. The API's token signing key is made once per machine in
# .artifacts/api-signing-key; mint a token with
#   dotnet src/Messaging.Api/bin/Release/net10.0/Messaging.Api.dll token --subject NAME --role viewer|operator|admin
# (with Api__Jwt__SigningKey="$(cat .artifacts/api-signing-key)"). LEDGER_API=0 leaves the API out.
# Extra arguments go to the worker, e.g.  bash eng/run.sh --Logging:LogLevel:Default=Debug
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
worker=src/Messaging.Worker/bin/Release/net10.0/Messaging.Worker.dll
api=src/Messaging.Api/bin/Release/net10.0/Messaging.Api.dll

log() { printf '[run] %s\n' "$*" >&2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash eng/servers.sh up
eval "$(bash eng/servers.sh env)"
# Least privilege (eng/rabbitmq/users.tsv): only ledger_admin's allocations and clawbacks mint (eng/allocate.py publishes
# as ledger_admin).
export Tenants__Administrators__0="${Tenants__Administrators__0:-ledger_admin}"
# The worker's Prometheus endpoint, http://127.0.0.1:9464/metrics (the API serves its own on :5080/metrics), and its
# health, http://127.0.0.1:9465/health/ready (Degraded names a paused queue, or a fulfilment queue without a consumer).
export Metrics__Port="${Metrics__Port:-9464}"
export Health__Port="${Health__Port:-9465}"

log "dotnet build Messaging.sln -c Release"
dotnet build Messaging.sln -c Release </dev/null

[ -f "$worker" ] || { log "ERROR: $worker not found after the build"; exit 1; }
bash eng/install-cli.sh

# Each process holds only its own secrets: migrations run once as the schema's owner; the API and the processor each get
# their own database and broker logins, and nothing else (eng/rabbitmq/users.tsv, the database roles).
log "applying migrations as the schema's owner: dotnet $worker migrate"
ConnectionStrings__LedgerOwner="$ConnectionStrings__LedgerOwner" DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}" \
  dotnet "$worker" migrate </dev/null
processor_env=(
  "ConnectionStrings__Ledger=$ConnectionStrings__Ledger"
  RabbitMq__Host="$RabbitMq__Host" RabbitMq__Port="$RabbitMq__Port" RabbitMq__VirtualHost="$RabbitMq__VirtualHost"
  RabbitMq__Username=ledger_processor RabbitMq__Password="$LEDGER_MQ_PASSWORD_LEDGER_PROCESSOR"
)
api_env=(
  "ConnectionStrings__LedgerReader=$ConnectionStrings__LedgerReader" "ConnectionStrings__LedgerApi=$ConnectionStrings__LedgerApi"
  Api__Broker__Username=ledger_admin Api__Broker__Password="$LEDGER_MQ_PASSWORD_LEDGER_ADMIN"
  Api__DeadLetters__Username=ledger_dlq Api__DeadLetters__Password="$LEDGER_MQ_PASSWORD_LEDGER_DLQ"
)
# Everything servers.sh printed is dropped from the environment the long-running processes inherit.
unset_servers_env=()
while IFS= read -r name; do unset_servers_env+=(-u "$name"); done < <(bash eng/servers.sh env | sed -n 's/^export \([A-Za-z_]*\)=.*/\1/p')

if [ "${LEDGER_API:-1}" != 0 ]; then
  # A random key per machine, readable by its owner only: no signing key ships with the code.
  mkdir -p .artifacts logs
  if [ ! -s .artifacts/api-signing-key ]; then
    (umask 077; head -c 48 /dev/urandom | base64 -w0 > .artifacts/api-signing-key)
  fi
  log "starting the API in the background as its own logins: dotnet $api (log: logs/api.log)"
  env "${unset_servers_env[@]}" "${api_env[@]}" Api__Jwt__SigningKey="$(cat .artifacts/api-signing-key)" \
    dotnet "$api" </dev/null >>logs/api.log 2>&1 &
  api_pid=$!
  trap 'kill "$api_pid" 2>/dev/null || true' EXIT
fi

# Says once when each process is ready, from its own /health/ready (readiness, not just a running process): the
# processor's on Health__Port, then the API's, which also waits for the processor's heartbeat.
announce_ready() { # NAME URL
  command -v curl >/dev/null 2>&1 || return 0
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then log "$1 is ready: $2"; return 0; fi
    sleep 1
  done
  log "WARNING: $1 is not ready after 120 s; \`curl $2\` says why"
}
announce_ready "the processor" "http://127.0.0.1:${Health__Port}/health/ready" &
ready_pids=($!)
if [ "${LEDGER_API:-1}" != 0 ]; then
  announce_ready "the API" "${Api__Urls:-http://127.0.0.1:5080}/health/ready" &
  ready_pids+=($!)
fi
trap 'kill "${api_pid:-}" "${ready_pids[@]}" 2>/dev/null || true' EXIT

# Exit code 75: the worker gave up on a broker connection that did not come back (Endpoints:ReconnectDeadline) and
# asks to be started afresh, as docker-compose's restart policy or systemd would. Anything else ends the script.
while true; do
  log "starting the worker as its own logins: dotnet $worker $*"
  set +e
  env "${unset_servers_env[@]}" "${processor_env[@]}" dotnet "$worker" "$@"
  rc=$?
  set -e
  [ "$rc" -eq 75 ] || exit "$rc"
  log "the worker exited with 75 (its broker connection did not recover); starting it again"
done
