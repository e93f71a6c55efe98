#!/usr/bin/env bash
# Set up and run all the tests: starts the local servers (eng/servers.sh up), a Docker engine with the
# test images (eng/images.sh up: RabbitMQ 4.0 and 3.10, PostgreSQL 15 and the worker, built while the solution builds), builds Messaging.sln in Release, runs every
# test project, and ends with one line computed from the TRX results:
#
#   tests: N passed, N failed[, N skipped]
#
# Exits non-zero when a test failed, when `dotnet test` failed, or when no test ran.
# Extra arguments go to `dotnet test`, e.g.  bash eng/test.sh --filter "FullyQualifiedName~Ledger"
#
# The unit and integration tests run first, side by side; then the fault tests (tests/Messaging.FaultTests: crash loops,
# broker and database restarts, containers, docker-compose; each carries the trait Category=Fault) run alone.
# --fast runs only the first phase, so it needs no Docker engine or images: the loop to run while working. A --filter
# given is combined with each phase's. CI runs everything.
#
# Environment: LEDGER_TEST_SOLUTION (default Messaging.sln), LEDGER_TEST_SKIP_SERVERS=1 to reuse
# servers you manage yourself (the LEDGER_* variables of eng/servers.sh still apply).
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

fast=0
test_args=()
for arg in "$@"; do
  if [ "$arg" = --fast ]; then fast=1; else test_args+=("$arg"); fi
done
# The run's phases: the unit and integration tests side by side, then (without --fast) the fault tests alone, on a
# quiet machine: their crash loops and restarts time what they wait for, and other tests' load would skew it. A
# --filter given is combined with each phase's.
user_filter=
phase_args=()
for ((i = 0; i < ${#test_args[@]}; i++)); do
  if [ "${test_args[$i]}" = --filter ] && [ $((i + 1)) -lt ${#test_args[@]} ]; then
    user_filter=${test_args[$((i + 1))]}
    i=$((i + 1))
  else
    phase_args+=("${test_args[$i]}")
  fi
done
phase_filter() { if [ -n "$user_filter" ]; then echo "($user_filter)&$1"; else echo "$1"; fi; }
solution=${LEDGER_TEST_SOLUTION:-Messaging.sln}
results_dir=$root/.artifacts/test-results

log() { printf '[test] %s\n' "$*" >&2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

images_pid=
mkdir -p "$root/.artifacts"
# Every Debian package either script below or the tests need (servers, Docker, Chromium for the console's browser
# tests, Node.js for the interop tests' producer), in one apt-get run before anything runs in the background: two
# apt-get runs at once fail on dpkg's lock.
if [ "$fast" = 1 ] && [ "${LEDGER_TEST_SKIP_SERVERS:-0}" != 1 ]; then
  bash "$root/eng/packages.sh" servers chromium nodejs npm
elif [ "$fast" = 1 ]; then
  bash "$root/eng/packages.sh" chromium nodejs npm
elif [ "${LEDGER_TEST_SKIP_SERVERS:-0}" != 1 ]; then
  bash "$root/eng/packages.sh" tests
else
  bash "$root/eng/packages.sh" images chromium nodejs npm
fi
# promtool for the alert rules' unit tests: unpacked from Debian's prometheus package, never installed (no server started).
bash "$root/eng/promtool.sh" >/dev/null
if [ "${LEDGER_TEST_SKIP_SERVERS:-0}" != 1 ]; then
  bash "$root/eng/servers.sh" up
fi
if [ "${LEDGER_TEST_SKIP_SERVERS:-0}" != 1 ] && [ "$fast" = 0 ]; then
  # The image build (a minute on a fresh machine) overlaps the solution's build.
  bash "$root/eng/images.sh" up >"$root/.artifacts/images.log" 2>&1 &
  images_pid=$!
fi
eval "$(bash "$root/eng/servers.sh" env)"
if [ "$fast" = 0 ]; then
  eval "$(bash "$root/eng/images.sh" env)"
fi

log "npm ci --prefix eng/node"
npm ci --prefix "$root/eng/node" --no-audit --no-fund --loglevel=error </dev/null

# The formatter's version is pinned in .config/dotnet-tools.json; its line length is .editorconfig's max_line_length.
log "dotnet csharpier check (formatting)"
dotnet tool restore </dev/null >/dev/null
if ! dotnet csharpier check "$root/src" "$root/tests" "$root/contracts" "$root/bench" </dev/null; then
  log "the sources are not formatted as CSharpier formats them: run \`dotnet tool restore && dotnet csharpier format .\` and commit"
  exit 1
fi

log "dotnet build $solution -c Release"
if ! dotnet build "$solution" -c Release </dev/null; then
  log "build failed"
  exit 1
fi
bash "$root/eng/install-cli.sh"

if [ -n "$images_pid" ] && ! wait "$images_pid"; then
  cat "$root/.artifacts/images.log" >&2
  log "eng/images.sh failed: the tests on containers (RabbitMQ 4.0 and 3.10, restarts, the cluster, docker-compose) cannot run"
  exit 1
fi

rm -rf "$results_dir"
mkdir -p "$results_dir"

run_phase() {
  local filter
  filter=$(phase_filter "$1")
  log "dotnet test $solution -c Release --no-build --filter \"$filter\" ${phase_args[*]}"
  dotnet test "$solution" -c Release --no-build \
    --logger "trx;LogFilePrefix=results" --results-directory "$results_dir" --filter "$filter" "${phase_args[@]}" </dev/null
}
set +e
run_phase "Category!=Fault"
test_rc=$?
if [ "$fast" = 0 ]; then
  run_phase "Category=Fault"
  fault_rc=$?
  [ "$fault_rc" -ne 0 ] && test_rc=$fault_rc
fi
set -e
if [ "$fast" = 0 ]; then
  # No reaper container runs here (its image cannot be pulled): remove what the tests left.
  bash "$root/eng/images.sh" clean || true
fi

# Sum the <Counters .../> element over every TRX file. Failures include error/timeout/aborted
# outcomes. Skipped tests: VSTest's TRX logger counts a skipped test (outcome="NotExecuted") in
# total but not in executed, and leaves notExecuted at 0, so use total - executed when larger.
mapfile -t trx_files < <(find "$results_dir" -type f -name '*.trx' | sort)
if [ ${#trx_files[@]} -eq 0 ]; then
  log "no TRX file was produced in $results_dir (dotnet test exit code $test_rc)"
  echo "tests: 0 passed, 0 failed"
  exit 1
fi

read -r total executed passed failed skipped < <(
  for f in "${trx_files[@]}"; do
    # One Counters element per file; put it on a line of its own whatever the formatting.
    tr '\n' ' ' <"$f" | grep -o '<Counters [^>]*>' || true
  done | awk '
    function attr(name,   m) {
      if (match($0, " " name "=\"[0-9]+\"")) {
        m = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0
      }
      return 0
    }
    {
      total += attr("total"); executed += attr("executed"); passed += attr("passed")
      failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted")
      s = attr("total") - attr("executed")
      skipped += (attr("notExecuted") > s ? attr("notExecuted") : s)
    }
    END { printf "%d %d %d %d %d\n", total, executed, passed, failed, skipped }'
)

log "${#trx_files[@]} TRX file(s): total=$total executed=$executed passed=$passed failed=$failed skipped=$skipped (dotnet test exit code $test_rc)"

status=0
if [ "$failed" -gt 0 ]; then
  log "FAILED: $failed test(s) failed"
  status=1
fi
if [ "$test_rc" -ne 0 ]; then
  log "FAILED: dotnet test exited with code $test_rc"
  status=1
fi
if [ "$executed" -eq 0 ] || [ $(( passed + failed )) -eq 0 ]; then
  log "FAILED: no test ran"
  status=1
fi

summary="tests: $passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then
  summary+=", $skipped skipped"
fi
echo "$summary"
exit "$status"
