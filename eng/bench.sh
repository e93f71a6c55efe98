#!/usr/bin/env bash
# Throughput, latency and memory of the points processor against its ceilings (docs/benchmarks.md):
#
#   bash eng/bench.sh [--count N] [--users U] [--only MODE[,MODE]] [--help for every option]
#
# Starts the local servers (eng/servers.sh up), builds the worker and the benchmark in Release, then runs
# bench/Messaging.Benchmarks: raw-rabbitmq and raw-postgres ceilings, a naive MassTransit + EF Core
# consumer, and the real worker as a child process, each on its own ledger_bench_* database and vhost
# (dropped at the end). Prints the results table and writes it to .artifacts/bench/results.md.
# Exits non-zero when a mode failed or a problem was seen (dead letters, worker errors, failed checks,
# a machine that was not quiet).
#
# Environment: LEDGER_BENCH_SKIP_SERVERS=1 to reuse servers you manage yourself (the LEDGER_*
# variables of eng/servers.sh still apply). Only loopback servers are accepted.
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  bench_dll="$(dirname "${BASH_SOURCE[0]}")/../bench/Messaging.Benchmarks/bin/Release/net10.0/Messaging.Benchmarks.dll"
  [ -f "$bench_dll" ] && dotnet "$bench_dll" --help
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
out=$root/.artifacts/bench
bench=$root/bench/Messaging.Benchmarks/bin/Release/net10.0/Messaging.Benchmarks.dll

log() { printf '[bench] %s\n' "$*" >&2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# MassTransit 8 reports usage to its vendor over the internet by default: loopback only here.
export MASSTRANSIT_USAGE_TELEMETRY=false

if [ "${LEDGER_BENCH_SKIP_SERVERS:-0}" != 1 ]; then
  bash "$root/eng/servers.sh" up
fi
# The logins' passwords eng/servers.sh made on its first setup (LEDGER_PG_*_PASSWORD, LEDGER_MQ_PASSWORD, ...).
eval "$(bash "$root/eng/servers.sh" env)"

mkdir -p "$out"
# Only what the benchmark runs (the worker, the admin tool and the benchmark itself), so that work in progress elsewhere
# in the solution (tests) cannot stop a benchmark.
: >"$out/build.log"
for project in src/Messaging.Worker/Messaging.Worker.csproj src/Messaging.Admin/Messaging.Admin.csproj bench/Messaging.Benchmarks/Messaging.Benchmarks.csproj; do
  log "dotnet build $project -c Release (log: .artifacts/bench/build.log)"
  if ! dotnet build "$root/$project" -c Release </dev/null >>"$out/build.log" 2>&1; then
    tail -n 40 "$out/build.log" >&2
    log "build failed"
    exit 1
  fi
done

log "nproc $(nproc), $(free -g | awk '/^Mem:/ {print $2}') GiB; dotnet $(dotnet --version)"
exec dotnet "$bench" --repo-root "$root" "$@" </dev/null
