#!/bin/sh
# First start: initdb with POSTGRES_USER as the superuser and POSTGRES_PASSWORD (scram), then POSTGRES_DB, then the
# /docker-entrypoint-initdb.d/*.sql and *.sh scripts (as the official image does; docker-compose mounts the ledger's roles). Every
# start: run the server in the foreground as the postgres user, listening on all of the container's interfaces
# (the host publishes it on loopback only). Arguments after "postgres" are passed through, e.g. -c max_connections=300.
set -eu
[ "${1:-postgres}" = postgres ] && [ $# -gt 0 ] && shift
bin=/usr/lib/postgresql/15/bin
as_postgres() { su postgres -s /bin/sh -c "$1"; }
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required (the superuser's password)}"

mkdir -p "$PGDATA" /var/run/postgresql
chown -R postgres:postgres "$PGDATA" /var/run/postgresql
chmod 0700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres "$bin/initdb -D '$PGDATA' -U '$POSTGRES_USER' --pwfile='$pwfile' --auth-local=trust --auth-host=scram-sha-256 -E UTF8" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  as_postgres "$bin/pg_ctl -D '$PGDATA' -o \"-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql\" -w start" >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    as_postgres "$bin/psql -q -h /var/run/postgresql -U '$POSTGRES_USER' -d postgres -c 'CREATE DATABASE \"$POSTGRES_DB\"'"
  fi
  # Like the official image: *.sql and *.sh under /docker-entrypoint-initdb.d run once, in name order, in POSTGRES_DB
  # (a script reads the environment, which su keeps).
  for script in /docker-entrypoint-initdb.d/*; do
    case "$script" in
      *.sql) as_postgres "$bin/psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -U '$POSTGRES_USER' -d '$POSTGRES_DB' -f '$script'" ;;
      *.sh) as_postgres "PATH=$bin:\$PATH sh '$script'" ;;
    esac
  done
  as_postgres "$bin/pg_ctl -D '$PGDATA' -m fast -w stop" >/dev/null
fi

# setpriv, not su: the server itself becomes PID 1 and receives the container's stop signal.
exec setpriv --reuid=postgres --regid=postgres --init-groups \
  "$bin/postgres" -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
