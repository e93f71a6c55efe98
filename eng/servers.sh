#!/usr/bin/env bash
# Local RabbitMQ + PostgreSQL for development and CI, from Debian packages (no Docker needed).
#
#   bash eng/servers.sh up     install what is missing, configure loopback-only, start, create users
#   bash eng/servers.sh down   stop both servers
#   bash eng/servers.sh env    print the matching .NET configuration as `export` lines
#
# Idempotent: a second `up` reuses running servers and only checks the users exist.
# Everything listens on 127.0.0.1 only (AMQP, management UI, Erlang epmd/distribution, PostgreSQL).
# Names, passwords and ports are overridable through the LEDGER_* variables below.
#
# Passwords: the first `up` on a machine makes a random one for every login of both servers and keeps them in
# LEDGER_SECRETS_FILE (default ~/.config/points-ledger/servers.env, readable by its owner only); later runs reuse them.
# `env` prints them with the connection settings, and the sample producers (eng/*.py) read the file themselves. A
# variable set in the environment wins over the file.
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

# Passwords: made once, kept, reused (eng/secrets.sh).
source "$(dirname "${BASH_SOURCE[0]}")/secrets.sh"
: "${LEDGER_SECRETS_FILE:=${XDG_CONFIG_HOME:-$HOME/.config}/points-ledger/servers.env}"
load_secrets "$LEDGER_SECRETS_FILE" "${1:-}"

: "${LEDGER_PG_HOST:=127.0.0.1}"
: "${LEDGER_PG_PORT:=5432}"
: "${LEDGER_PG_DB:=ledger}"
: "${LEDGER_PG_USER:=ledger}"
: "${LEDGER_PG_PASSWORD:=ledger}"
# Least privilege (docs/architecture.md, "Database roles"): the user above owns the schema and runs migrations only; the
# processor, the admin tool and report readers log in as members of the ledger_runtime, ledger_operator and
# ledger_reader group roles the migrations grant to.
: "${LEDGER_PG_PROCESSOR_USER:=ledger_processor}"
: "${LEDGER_PG_PROCESSOR_PASSWORD:=ledger}"
: "${LEDGER_PG_OPERATOR_USER:=ledger_ops}"
: "${LEDGER_PG_OPERATOR_PASSWORD:=ledger}"
: "${LEDGER_PG_READER_USER:=ledger_readonly}"
: "${LEDGER_PG_READER_PASSWORD:=ledger}"
# The HTTP API's own login: an operator that alone may also queue commands for the broker (api_outbox).
: "${LEDGER_PG_API_USER:=ledger_http}"
: "${LEDGER_PG_API_PASSWORD:=ledger}"
: "${LEDGER_PG_VERSION:=15}"
: "${LEDGER_PG_CLUSTER:=main}"
: "${LEDGER_PG_MAX_CONNECTIONS:=300}"
: "${LEDGER_MQ_HOST:=127.0.0.1}"
: "${LEDGER_MQ_PORT:=5672}"
: "${LEDGER_MQ_MGMT_PORT:=15672}"
: "${LEDGER_MQ_VHOST:=ledger}"
: "${LEDGER_MQ_USER:=ledger}"
: "${LEDGER_MQ_PASSWORD:=ledger}"
: "${LEDGER_SERVERS_TIMEOUT:=120}"   # seconds to wait for each server to accept connections

# Servers bind to loopback only, whatever the client-side host names say.
BIND_ADDRESS=127.0.0.1
RABBIT_NODENAME=rabbit@localhost
RABBIT_CONF=/etc/rabbitmq/rabbitmq.conf
RABBIT_ENV_CONF=/etc/rabbitmq/rabbitmq-env.conf
RABBIT_PLUGINS_FILE=/etc/rabbitmq/enabled_plugins
RABBIT_PID_FILE=/var/run/rabbitmq/pid

log() { printf '[servers] %s\n' "$*" >&2; }
die() { printf '[servers] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# helpers

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

# tcp_open HOST PORT: true when something accepts TCP connections there.
tcp_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# wait_for DESCRIPTION TIMEOUT COMMAND...: retry COMMAND every second until it succeeds.
wait_for() {
  local what=$1 limit=$2 start=$SECONDS
  shift 2
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start >= limit )); then
      die "timed out after ${limit}s waiting for $what"
    fi
    sleep 1
  done
}

# write_if_changed FILE OWNER: replace FILE with stdin when the content differs; returns 0 if it changed.
write_if_changed() {
  local file=$1 owner=$2 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    return 1
  fi
  install -m 0644 -o "${owner%%:*}" -g "${owner##*:}" "$tmp" "$file"
  rm -f "$tmp"
  return 0
}

# ---------------------------------------------------------------------------------------------
# install

install_packages() {
  bash "$(dirname "${BASH_SOURCE[0]}")/packages.sh" servers
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ

rabbit_running() {
  local pid
  [ -s "$RABBIT_PID_FILE" ] || return 1
  pid=$(cat "$RABBIT_PID_FILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

rabbit_desired_conf() {
  cat <<EOF
# Managed by eng/servers.sh: loopback only.
listeners.tcp.default = ${BIND_ADDRESS}:${LEDGER_MQ_PORT}
listeners.ssl = none
management.tcp.ip = ${BIND_ADDRESS}
management.tcp.port = ${LEDGER_MQ_MGMT_PORT}
EOF
}

rabbit_desired_env_conf() {
  # Sourced by the rabbitmq scripts (server and CLI); unprefixed names map to RABBITMQ_*.
  # - ERL_EPMD_ADDRESS: epmd (port 4369), started by whichever Erlang node comes first, binds loopback.
  # - SERVER_ADDITIONAL_ERL_ARGS / CTL_ERL_ARGS: the Erlang distribution listeners of the server
  #   (25672) and of the CLI tools (35672-35682) bind loopback.
  # - NODENAME rabbit@localhost: the CLI finds the node through epmd on "localhost", which works
  #   whatever the machine's host name resolves to.
  cat <<EOF
# Managed by eng/servers.sh: loopback only.
NODENAME=${RABBIT_NODENAME}
ERL_EPMD_ADDRESS=${BIND_ADDRESS}
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {${BIND_ADDRESS//./,}}"
CTL_ERL_ARGS="-kernel inet_dist_use_interface {${BIND_ADDRESS//./,}}"
EOF
}

rabbit_configure() {
  local desired_conf desired_env desired_plugins
  desired_conf=$(rabbit_desired_conf)
  desired_env=$(rabbit_desired_env_conf)
  # The consistent-hash exchange routes a partitioned ledger's messages by user (docs/scaling.md).
  desired_plugins='[rabbitmq_management,rabbitmq_consistent_hash_exchange].'
  if [ "$(cat "$RABBIT_CONF" 2>/dev/null)" = "$desired_conf" ] &&
     [ "$(cat "$RABBIT_ENV_CONF" 2>/dev/null)" = "$desired_env" ] &&
     [ "$(cat "$RABBIT_PLUGINS_FILE" 2>/dev/null)" = "$desired_plugins" ]; then
    log "rabbitmq: configuration up to date (loopback only, management and consistent-hash exchange enabled)"
    return
  fi
  # Stop a server started with other settings first, while the old env file (and node name)
  # is still in place, so that the init script can find it.
  if rabbit_running; then
    log "rabbitmq: configuration changes; stopping the running server first"
    as_root service rabbitmq-server stop </dev/null || true
  fi
  log "rabbitmq: writing $RABBIT_CONF, $RABBIT_ENV_CONF, $RABBIT_PLUGINS_FILE"
  mkdir -p /etc/rabbitmq
  printf '%s\n' "$desired_conf" | write_if_changed "$RABBIT_CONF" rabbitmq:rabbitmq || true
  printf '%s\n' "$desired_env" | write_if_changed "$RABBIT_ENV_CONF" rabbitmq:rabbitmq || true
  # Same effect as `rabbitmq-plugins enable --offline rabbitmq_management rabbitmq_consistent_hash_exchange`, without starting Erlang.
  printf '%s\n' "$desired_plugins" | write_if_changed "$RABBIT_PLUGINS_FILE" rabbitmq:rabbitmq || true
}

rabbit_start() {
  if rabbit_running; then
    log "rabbitmq: already running (pid $(cat "$RABBIT_PID_FILE")), reusing it"
  else
    if tcp_open "$BIND_ADDRESS" "$LEDGER_MQ_PORT"; then
      die "port ${BIND_ADDRESS}:${LEDGER_MQ_PORT} is taken by something that is not the rabbitmq-server service"
    fi
    log "rabbitmq: starting (service rabbitmq-server start)"
    as_root service rabbitmq-server start </dev/null ||
      die "rabbitmq-server failed to start; see /var/log/rabbitmq/"
  fi
  log "rabbitmq: waiting for AMQP on ${BIND_ADDRESS}:${LEDGER_MQ_PORT} and management on ${BIND_ADDRESS}:${LEDGER_MQ_MGMT_PORT}"
  wait_for "RabbitMQ AMQP port ${BIND_ADDRESS}:${LEDGER_MQ_PORT}" "$LEDGER_SERVERS_TIMEOUT" tcp_open "$BIND_ADDRESS" "$LEDGER_MQ_PORT"
  wait_for "RabbitMQ management API on ${BIND_ADDRESS}:${LEDGER_MQ_MGMT_PORT}" "$LEDGER_SERVERS_TIMEOUT" \
    curl -fsS -o /dev/null "http://${BIND_ADDRESS}:${LEDGER_MQ_MGMT_PORT}/api/"
}

urlencode() {
  local s=$1 out='' c i
  for (( i = 0; i < ${#s}; i++ )); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# True when the user can log in to the management API as an administrator with full rights on the vhost.
rabbit_user_ok() {
  local api="http://${BIND_ADDRESS}:${LEDGER_MQ_MGMT_PORT}/api" perms whoami
  whoami=$(curl -fsS -u "${LEDGER_MQ_USER}:${LEDGER_MQ_PASSWORD}" "$api/whoami" 2>/dev/null) || return 1
  grep -q '"administrator"' <<<"$whoami" || return 1
  perms=$(curl -fsS -u "${LEDGER_MQ_USER}:${LEDGER_MQ_PASSWORD}" \
    "$api/permissions/$(urlencode "$LEDGER_MQ_VHOST")/$(urlencode "$LEDGER_MQ_USER")" 2>/dev/null) || return 1
  grep -q '"configure":"\.\*"' <<<"$perms" &&
    grep -q '"write":"\.\*"' <<<"$perms" &&
    grep -q '"read":"\.\*"' <<<"$perms"
}

# The users of eng/rabbitmq/users.tsv other than the administrator above, one "user<TAB>tags<TAB>configure<TAB>write<TAB>read" per line.
rabbit_ledger_users() {
  grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/rabbitmq/users.tsv" | awk -F'\t' -v admin="$LEDGER_MQ_USER" 'NF == 5 && $1 != admin'
}

# rabbit_password USER: LEDGER_MQ_PASSWORD_<USER> when set, else LEDGER_MQ_PASSWORD.
rabbit_password() {
  local var="LEDGER_MQ_PASSWORD_${1^^}"
  printf '%s' "${!var:-$LEDGER_MQ_PASSWORD}"
}

# Users earlier versions provisioned and users.tsv no longer has: deleted, so that no login keeps rights nobody gives it.
RETIRED_USERS=(guest ledger_producer)

# True when every user of users.tsv has exactly the permissions that file gives it on the vhost, and no retired user exists.
rabbit_ledger_users_ok() {
  local api="http://${BIND_ADDRESS}:${LEDGER_MQ_MGMT_PORT}/api" permissions users
  permissions=$(curl -fsS -u "${LEDGER_MQ_USER}:${LEDGER_MQ_PASSWORD}" "$api/vhosts/$(urlencode "$LEDGER_MQ_VHOST")/permissions" 2>/dev/null) || return 1
  users=$(curl -fsS -u "${LEDGER_MQ_USER}:${LEDGER_MQ_PASSWORD}" "$api/users" 2>/dev/null) || return 1
  local retired
  for retired in "${RETIRED_USERS[@]}"; do
    grep -q "\"name\":\"${retired}\"" <<<"$users" && return 1
  done
  rabbit_ledger_users | /usr/bin/python3 -c '
import json, sys
granted = {p["user"]: (p["configure"], p["write"], p["read"]) for p in json.loads(sys.argv[1])}
wanted = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip()]
sys.exit(0 if all(granted.get(w[0]) == (w[2], w[3], w[4]) for w in wanted) else 1)' "$permissions"
}

rabbit_provision() {
  if rabbit_user_ok && rabbit_ledger_users_ok; then
    log "rabbitmq: vhost '${LEDGER_MQ_VHOST}', administrator '${LEDGER_MQ_USER}' and the users of eng/rabbitmq/users.tsv already in place"
    return
  fi
  log "rabbitmq: creating vhost '${LEDGER_MQ_VHOST}' and user '${LEDGER_MQ_USER}'"
  local ctl=(rabbitmqctl -q)
  if ! "${ctl[@]}" list_vhosts name </dev/null | grep -qxF -- "$LEDGER_MQ_VHOST"; then
    "${ctl[@]}" add_vhost "$LEDGER_MQ_VHOST" </dev/null
  fi
  if "${ctl[@]}" list_users </dev/null | awk '{print $1}' | grep -qxF -- "$LEDGER_MQ_USER"; then
    "${ctl[@]}" change_password "$LEDGER_MQ_USER" "$LEDGER_MQ_PASSWORD" </dev/null
  else
    "${ctl[@]}" add_user "$LEDGER_MQ_USER" "$LEDGER_MQ_PASSWORD" </dev/null
  fi
  "${ctl[@]}" set_user_tags "$LEDGER_MQ_USER" administrator </dev/null
  "${ctl[@]}" set_permissions -p "$LEDGER_MQ_VHOST" "$LEDGER_MQ_USER" '.*' '.*' '.*' </dev/null
  # Least privilege: the processor, the platform admins and upstream producers each get their own user.
  local user tags configure write read
  while IFS=$'\t' read -r user tags configure write read; do
    log "rabbitmq: user '${user}' (configure ${configure}, write ${write}, read ${read})"
    if "${ctl[@]}" list_users </dev/null | awk '{print $1}' | grep -qxF -- "$user"; then
      "${ctl[@]}" change_password "$user" "$(rabbit_password "$user")" </dev/null
    else
      "${ctl[@]}" add_user "$user" "$(rabbit_password "$user")" </dev/null
    fi
    "${ctl[@]}" set_user_tags "$user" $([ "$tags" = - ] || printf '%s' "$tags") </dev/null
    "${ctl[@]}" set_permissions -p "$LEDGER_MQ_VHOST" "$user" "$configure" "$write" "$read" </dev/null
  done < <(rabbit_ledger_users)
  local retired
  for retired in "${RETIRED_USERS[@]}"; do
    if "${ctl[@]}" list_users </dev/null | awk '{print $1}' | grep -qxF "$retired"; then
      log "rabbitmq: deleting the user '${retired}' (the default one, or one users.tsv no longer has)"
      "${ctl[@]}" delete_user "$retired" </dev/null
    fi
  done
  wait_for "RabbitMQ user '${LEDGER_MQ_USER}' to be usable through the management API" 30 rabbit_user_ok
}

rabbit_stop() {
  if rabbit_running; then
    log "rabbitmq: stopping"
    as_root service rabbitmq-server stop </dev/null
  else
    log "rabbitmq: not running"
  fi
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL

pg_cluster_exists() {
  [ -f "/etc/postgresql/${LEDGER_PG_VERSION}/${LEDGER_PG_CLUSTER}/postgresql.conf" ]
}

pg_running() {
  pg_ctlcluster "$LEDGER_PG_VERSION" "$LEDGER_PG_CLUSTER" status >/dev/null 2>&1
}

# pg_set NAME VALUE: set a parameter in postgresql.conf (VALUE written as given, so quote strings
# yourself); returns 0 if it changed. Rewrites the first active line for NAME, else the first
# commented-out one, else appends.
pg_set() {
  local conf="/etc/postgresql/${LEDGER_PG_VERSION}/${LEDGER_PG_CLUSTER}/postgresql.conf" current tmp
  current=$(awk -v k="$1" '
    $0 ~ "^[[:space:]]*" k "[[:space:]]*=" { sub("^[^=]*=[[:space:]]*", ""); sub("[[:space:]]*(#.*)?$", ""); v = $0 }
    END { print v }' "$conf")
  [ "$current" = "$2" ] && return 1
  log "postgresql: setting $1 = $2 (was: ${current:-default})"
  tmp=$(mktemp)
  awk -v k="$1" -v v="$2" '
    BEGIN { active = "^[[:space:]]*" k "[[:space:]]*="; commented = "^[[:space:]]*#[[:space:]]*" k "[[:space:]]*=" }
    { lines[NR] = $0; if (!a && $0 ~ active) a = NR; if (!c && $0 ~ commented) c = NR }
    END {
      target = a ? a : c
      for (i = 1; i <= NR; i++) print (i == target ? k " = " v "\t\t# set by eng/servers.sh" : lines[i])
      if (!target) print k " = " v "\t\t# set by eng/servers.sh"
    }' "$conf" >"$tmp"
  cat "$tmp" >"$conf"   # keep owner and mode
  rm -f "$tmp"
  return 0
}

pg_configure() {
  if ! pg_cluster_exists; then
    log "postgresql: creating cluster ${LEDGER_PG_VERSION}/${LEDGER_PG_CLUSTER}"
    as_root pg_createcluster "$LEDGER_PG_VERSION" "$LEDGER_PG_CLUSTER" --port "$LEDGER_PG_PORT" </dev/null
  fi
  local changed=0
  pg_set listen_addresses "'${BIND_ADDRESS}'" && changed=1
  pg_set port "$LEDGER_PG_PORT" && changed=1
  pg_set max_connections "$LEDGER_PG_MAX_CONNECTIONS" && changed=1
  # Debian's cluster turns TLS on with a self-signed certificate, and Npgsql takes it when offered: every byte between
  # the processor and the ledger was encrypted on loopback, where it protects nothing (a tenth of the worker's CPU in a
  # redemptions profile). The compose stack's PostgreSQL has no TLS either. Across a network, use TLS (SSL Mode=Require).
  pg_set ssl off && changed=1
  if [ "$changed" -eq 0 ]; then
    log "postgresql: configuration up to date (listen_addresses=${BIND_ADDRESS}, port=${LEDGER_PG_PORT}, max_connections=${LEDGER_PG_MAX_CONNECTIONS}, ssl=off)"
  elif pg_running; then
    log "postgresql: restarting to apply the configuration"
    as_root pg_ctlcluster "$LEDGER_PG_VERSION" "$LEDGER_PG_CLUSTER" restart </dev/null
  fi
}

pg_start() {
  if pg_running; then
    log "postgresql: cluster ${LEDGER_PG_VERSION}/${LEDGER_PG_CLUSTER} already running, reusing it"
  else
    log "postgresql: starting cluster ${LEDGER_PG_VERSION}/${LEDGER_PG_CLUSTER}"
    as_root pg_ctlcluster "$LEDGER_PG_VERSION" "$LEDGER_PG_CLUSTER" start </dev/null ||
      die "PostgreSQL failed to start; see /var/log/postgresql/postgresql-${LEDGER_PG_VERSION}-${LEDGER_PG_CLUSTER}.log"
  fi
  log "postgresql: waiting for ${BIND_ADDRESS}:${LEDGER_PG_PORT}"
  wait_for "PostgreSQL on ${BIND_ADDRESS}:${LEDGER_PG_PORT}" "$LEDGER_SERVERS_TIMEOUT" \
    pg_isready -q -h "$BIND_ADDRESS" -p "$LEDGER_PG_PORT"
}

pg_provision() {
  if PGPASSWORD="$LEDGER_PG_PASSWORD" psql -X -q -t -A -w -h "$BIND_ADDRESS" -p "$LEDGER_PG_PORT" \
       -U "$LEDGER_PG_USER" -d "$LEDGER_PG_DB" \
       -c "select rolcreatedb and pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')
                 and (select count(*) from pg_auth_members m join pg_roles g on g.oid = m.roleid
                      where g.rolname in ('ledger_runtime', 'ledger_operator', 'ledger_reader', 'ledger_api')) >= 5
           from pg_roles where rolname = current_user" 2>/dev/null </dev/null | grep -qx t; then
    log "postgresql: role '${LEDGER_PG_USER}' (CREATEDB), database '${LEDGER_PG_DB}' and the processor, operator and reader roles already in place"
    return
  fi
  log "postgresql: creating role '${LEDGER_PG_USER}', database '${LEDGER_PG_DB}' and the roles '${LEDGER_PG_PROCESSOR_USER}', '${LEDGER_PG_OPERATOR_USER}', '${LEDGER_PG_READER_USER}', '${LEDGER_PG_API_USER}'"
  # Through the local socket as the postgres superuser (peer authentication). The group roles are created here too, so
  # the owner that runs migrations needs no CREATEROLE; the migrations grant each group what it may do.
  (cd / && as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$LEDGER_PG_PORT" -d postgres \
      -v u="$LEDGER_PG_USER" -v p="$LEDGER_PG_PASSWORD" -v d="$LEDGER_PG_DB" \
      -v pu="$LEDGER_PG_PROCESSOR_USER" -v pp="$LEDGER_PG_PROCESSOR_PASSWORD" \
      -v ou="$LEDGER_PG_OPERATOR_USER" -v op="$LEDGER_PG_OPERATOR_PASSWORD" \
      -v ru="$LEDGER_PG_READER_USER" -v rp="$LEDGER_PG_READER_PASSWORD" \
      -v au="$LEDGER_PG_API_USER" -v ap="$LEDGER_PG_API_PASSWORD") <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'d') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'d', :'u') \gexec
SELECT format('CREATE ROLE %I NOLOGIN', g) FROM unnest(ARRAY['ledger_runtime', 'ledger_operator', 'ledger_reader', 'ledger_api']) AS g
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', r.name, r.password)
  FROM (VALUES (:'pu', :'pp'), (:'ou', :'op'), (:'ru', :'rp'), (:'au', :'ap')) AS r(name, password)
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name) \gexec
SELECT format('ALTER ROLE %I LOGIN NOCREATEDB NOCREATEROLE NOSUPERUSER PASSWORD %L', r.name, r.password)
  FROM (VALUES (:'pu', :'pp'), (:'ou', :'op'), (:'ru', :'rp'), (:'au', :'ap')) AS r(name, password) \gexec
SELECT format('GRANT %I TO %I', r.grp, r.name)
  FROM (VALUES ('ledger_runtime', :'pu'), ('ledger_operator', :'ou'), ('ledger_reader', :'ru'), ('ledger_operator', :'au'), ('ledger_api', :'au')) AS r(grp, name) \gexec
-- The owner watches what the other roles' sessions wait on (pg_stat_activity hides it from other roles otherwise).
SELECT format('GRANT pg_read_all_stats TO %I', :'u') \gexec
SQL
}

pg_stop() {
  if pg_cluster_exists && pg_running; then
    log "postgresql: stopping cluster ${LEDGER_PG_VERSION}/${LEDGER_PG_CLUSTER}"
    as_root pg_ctlcluster "$LEDGER_PG_VERSION" "$LEDGER_PG_CLUSTER" stop </dev/null
  else
    log "postgresql: not running"
  fi
}

# ---------------------------------------------------------------------------------------------

# shell_quote VALUE: VALUE as is when it is plain, else in single quotes.
shell_quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:@=,+-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

print_env() {
  local pairs=(
    ConnectionStrings__Ledger "Host=${LEDGER_PG_HOST};Port=${LEDGER_PG_PORT};Database=${LEDGER_PG_DB};Username=${LEDGER_PG_PROCESSOR_USER};Password=${LEDGER_PG_PROCESSOR_PASSWORD};Maximum Pool Size=50"
    ConnectionStrings__LedgerOwner "Host=${LEDGER_PG_HOST};Port=${LEDGER_PG_PORT};Database=${LEDGER_PG_DB};Username=${LEDGER_PG_USER};Password=${LEDGER_PG_PASSWORD}"
    ConnectionStrings__LedgerOperator "Host=${LEDGER_PG_HOST};Port=${LEDGER_PG_PORT};Database=${LEDGER_PG_DB};Username=${LEDGER_PG_OPERATOR_USER};Password=${LEDGER_PG_OPERATOR_PASSWORD}"
    ConnectionStrings__LedgerReader "Host=${LEDGER_PG_HOST};Port=${LEDGER_PG_PORT};Database=${LEDGER_PG_DB};Username=${LEDGER_PG_READER_USER};Password=${LEDGER_PG_READER_PASSWORD}"
    ConnectionStrings__LedgerApi "Host=${LEDGER_PG_HOST};Port=${LEDGER_PG_PORT};Database=${LEDGER_PG_DB};Username=${LEDGER_PG_API_USER};Password=${LEDGER_PG_API_PASSWORD}"
    RabbitMq__Host "$LEDGER_MQ_HOST"
    RabbitMq__Port "$LEDGER_MQ_PORT"
    RabbitMq__VirtualHost "$LEDGER_MQ_VHOST"
    RabbitMq__Username "$LEDGER_MQ_USER"
    RabbitMq__Password "$LEDGER_MQ_PASSWORD"
    LEDGER_SECRETS_FILE "$LEDGER_SECRETS_FILE"
  )
  # Every login's password under the names the scripts, the tests and the benchmark read.
  local name
  for name in $(secret_names); do
    pairs+=("$name" "${!name:-$LEDGER_MQ_PASSWORD}")
  done
  local i
  for (( i = 0; i < ${#pairs[@]}; i += 2 )); do
    printf 'export %s=%s\n' "${pairs[i]}" "$(shell_quote "${pairs[i+1]}")"
  done
}

cmd_up() {
  local start=$SECONDS
  install_packages
  rabbit_configure
  pg_configure
  rabbit_start
  pg_start
  rabbit_provision
  pg_provision
  log "ready in $(( SECONDS - start ))s: PostgreSQL ${BIND_ADDRESS}:${LEDGER_PG_PORT} db '${LEDGER_PG_DB}', RabbitMQ ${BIND_ADDRESS}:${LEDGER_MQ_PORT} vhost '${LEDGER_MQ_VHOST}', management http://${BIND_ADDRESS}:${LEDGER_MQ_MGMT_PORT}/"
}

cmd_down() {
  if pkg_installed rabbitmq-server; then rabbit_stop; fi
  if pkg_installed postgresql; then pg_stop; fi
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  env) print_env ;;
  *)
    echo "usage: bash eng/servers.sh up|down|env" >&2
    exit 2
    ;;
esac
