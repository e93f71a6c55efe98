#!/usr/bin/env bash
# Container images for the tests that need servers of their own (RabbitMQ 4.0 and 3.10 brokers to restart or
# cluster, the docker-compose stack), built locally because no image registry is reachable here.
#
#   bash eng/images.sh          install and start a Docker engine and docker-compose if needed, build what is missing:
#                               ledger/rabbitmq:4.0-trixie, ledger/rabbitmq:3.10-bookworm, ledger/postgres:15-bookworm
#                               and the worker (points-ledger-worker:local, published self-contained from src/, with
#                               the HTTP API in /app/api-app: one image, two entrypoints)
#   bash eng/images.sh worker   only the worker image
#   bash eng/images.sh env      print the settings the tests read, as `export` lines
#   bash eng/images.sh clean    remove the containers Testcontainers left behind (no reaper runs here)
#
# Idempotent: a base image that exists is kept, and an image is rebuilt only when its Dockerfile
# folder changed (its content hash is the image's label). With a registry, point the image settings
# at official images instead (LEDGER_RABBITMQ4_IMAGE=rabbitmq:4.0-management) and skip this script.
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

: "${LEDGER_RABBITMQ4_IMAGE:=ledger/rabbitmq:4.0-trixie}"
: "${LEDGER_RABBITMQ3_IMAGE:=ledger/rabbitmq:3.10-bookworm}"
: "${LEDGER_POSTGRES_IMAGE:=ledger/postgres:15-bookworm}"
: "${LEDGER_WORKER_IMAGE:=points-ledger-worker:local}"
: "${LEDGER_DEBIAN_MIRROR:=http://deb.debian.org/debian}"
: "${LEDGER_DOCKER_TIMEOUT:=60}"
state_dir=$root/.artifacts/docker

# The engine here speaks API 1.41 at most; the reaper image cannot be pulled (containers are removed by
# `clean`); and clients must dial loopback, never the container network's private addresses.
export DOCKER_API_VERSION=1.41

log() { printf '[images] %s\n' "$*" >&2; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

apt_install() {
  bash "$root/eng/packages.sh" "$@"
}

ensure_engine() {
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  mkdir -p "$state_dir"
  log "starting dockerd (published ports bind to 127.0.0.1 only)"
  # --ip: a port published without an address binds to loopback, never to every interface.
  as_root nohup dockerd --ip=127.0.0.1 --pidfile="$state_dir/dockerd.pid" >"$state_dir/dockerd.log" 2>&1 &
  local start=$SECONDS
  until docker info >/dev/null 2>&1; do
    if (( SECONDS - start >= LEDGER_DOCKER_TIMEOUT )); then
      tail -20 "$state_dir/dockerd.log" >&2 || true
      die "dockerd did not answer within ${LEDGER_DOCKER_TIMEOUT}s (log: $state_dir/dockerd.log)"
    fi
    sleep 0.5
  done
}

# base_image SUITE: local/debian:SUITE from the Debian mirror (no registry to pull debian:SUITE from).
base_image() {
  local suite=$1 image=local/debian:$1
  docker image inspect "$image" >/dev/null 2>&1 && return 0
  apt_install debootstrap
  local rootfs
  rootfs=$(mktemp -d)
  log "debootstrap $suite (minbase) for $image"
  as_root debootstrap --variant=minbase "$suite" "$rootfs" "$LEDGER_DEBIAN_MIRROR" >"$state_dir/debootstrap-$suite.log" 2>&1 \
    || { tail -20 "$state_dir/debootstrap-$suite.log" >&2; die "debootstrap $suite failed (log: $state_dir/debootstrap-$suite.log)"; }
  # Package installs inside the image must not try to start services.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
  tar -C "$rootfs" -c . | docker import - "$image" >/dev/null
  as_root rm -rf "$rootfs"
}

# build_image IMAGE DIR BASE: docker build DIR unless IMAGE already carries DIR's content hash.
build_image() {
  local image=$1 dir=$2 base=$3 hash current
  hash=$( (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum; echo "$base") | sha256sum | cut -c1-16)
  current=$(docker image inspect -f '{{ index .Config.Labels "ledger.source-hash" }}' "$image" 2>/dev/null || true)
  if [ "$current" = "$hash" ]; then
    log "$image is up to date ($hash)"
    return 0
  fi
  log "building $image from ${dir#"$root"/} on $base"
  docker build -q --build-arg "BASE_IMAGE=$base" --label "ledger.source-hash=$hash" -t "$image" "$dir" >/dev/null \
    || die "docker build of $image failed; run: docker build --build-arg BASE_IMAGE=$base -t $image $dir"
}

# worker_image: publish the worker self-contained and build its image, unless the image carries the sources' hash.
# The publish runs on a copy of the sources: a runtime-specific restore rewrites the lock files, which CI restores
# in locked mode for the plain (runtime-independent) build.
worker_image() {
  local image=$LEDGER_WORKER_IMAGE base=local/debian:bookworm hash current copy
  hash=$( (find contracts src \( -name bin -o -name obj \) -prune -o -type f -print0 | sort -z | xargs -0 sha256sum
           sha256sum global.json Directory.Build.props Directory.Packages.props .editorconfig .dockerignore; echo "$base") \
          | sha256sum | cut -c1-16)
  current=$(docker image inspect -f '{{ index .Config.Labels "ledger.source-hash" }}' "$image" 2>/dev/null || true)
  if [ "$current" = "$hash" ]; then
    log "$image is up to date ($hash)"
    return 0
  fi
  log "publishing the worker (linux-x64, self-contained) for $image"
  copy=$state_dir/worker-src
  rm -rf "$copy" "$root/.artifacts/worker/publish"
  mkdir -p "$copy"
  tar -C "$root" --exclude=bin --exclude=obj -cf - global.json Directory.Build.props Directory.Packages.props .editorconfig contracts src \
    | tar -C "$copy" -xf -
  dotnet publish "$copy/src/Messaging.Worker/Messaging.Worker.csproj" -c Release -r linux-x64 --self-contained \
      -p:RestoreLockedMode=false -o "$root/.artifacts/worker/publish" </dev/null >"$state_dir/worker-publish.log" 2>&1 \
    || { tail -20 "$state_dir/worker-publish.log" >&2; die "dotnet publish of the worker failed (log: $state_dir/worker-publish.log)"; }
  # The API in a folder of its own: its ASP.NET Core runtime files must not replace the worker's.
  log "publishing the API (linux-x64, self-contained) into the same image"
  dotnet publish "$copy/src/Messaging.Api/Messaging.Api.csproj" -c Release -r linux-x64 --self-contained \
      -p:RestoreLockedMode=false -o "$root/.artifacts/worker/publish/api-app" </dev/null >"$state_dir/api-publish.log" 2>&1 \
    || { tail -20 "$state_dir/api-publish.log" >&2; die "dotnet publish of the API failed (log: $state_dir/api-publish.log)"; }
  log "building $image on $base"
  docker build -q -f "$root/src/Messaging.Worker/Dockerfile" --build-arg "BASE_IMAGE=$base" --label "ledger.source-hash=$hash" \
      -t "$image" "$root" >/dev/null \
    || die "docker build of $image failed; run: docker build -f src/Messaging.Worker/Dockerfile --build-arg BASE_IMAGE=$base -t $image ."
}

print_env() {
  cat <<ENV
export DOCKER_API_VERSION=1.41
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
export LEDGER_RABBITMQ4_IMAGE=$LEDGER_RABBITMQ4_IMAGE
export LEDGER_RABBITMQ3_IMAGE=$LEDGER_RABBITMQ3_IMAGE
export LEDGER_POSTGRES_IMAGE=$LEDGER_POSTGRES_IMAGE
export LEDGER_WORKER_IMAGE=$LEDGER_WORKER_IMAGE
ENV
}

case "${1:-up}" in
  up)
    ensure_engine
    command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
    mkdir -p "$state_dir"
    # The two bases are independent downloads: fetch them side by side (after the one apt-get both need).
    apt_install debootstrap
    base_image trixie & trixie_pid=$!
    base_image bookworm
    wait "$trixie_pid"
    build_image "$LEDGER_RABBITMQ4_IMAGE" "$root/eng/docker/rabbitmq" local/debian:trixie & rabbitmq4_pid=$!
    build_image "$LEDGER_RABBITMQ3_IMAGE" "$root/eng/docker/rabbitmq" local/debian:bookworm & rabbitmq3_pid=$!
    build_image "$LEDGER_POSTGRES_IMAGE" "$root/eng/docker/postgres" local/debian:bookworm & postgres_pid=$!
    worker_image
    wait "$rabbitmq4_pid" && wait "$rabbitmq3_pid" && wait "$postgres_pid"
    ;;
  worker)
    ensure_engine
    mkdir -p "$state_dir"
    base_image bookworm
    worker_image
    ;;
  env)
    print_env
    ;;
  clean)
    if docker info >/dev/null 2>&1; then
      ids=$(docker ps -aq --filter label=org.testcontainers=true)
      [ -n "$ids" ] && docker rm -f $ids >/dev/null && log "removed $(echo "$ids" | wc -w) test container(s)"
      # Compose stacks the tests started (ComposeStackTests names them ledger-compose-test-*) and did not take down.
      for project in $(docker ps -a --filter label=com.docker.compose.project --format '{{.Label "com.docker.compose.project"}}' | grep '^ledger-compose-test-' | sort -u); do
        LEDGER_COMPOSE_PROJECT=$project bash "$root/eng/compose.sh" down >/dev/null 2>&1 && log "took down compose project $project"
      done
      docker network prune -f --filter label=org.testcontainers=true >/dev/null 2>&1 || true
    fi
    ;;
  *)
    die "usage: bash eng/images.sh [up|env|clean]"
    ;;
esac
