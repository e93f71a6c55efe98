#!/bin/sh
# First start, after 10-ledger-roles.sql: each login's own password from the environment (eng/compose.sh passes the random
# ones it made and keeps) instead of the documented development one. A variable left empty keeps the development
# password, which the processor and the API refuse to start with in the Production environment.
set -eu
set_password() {
  [ -n "$2" ] || return 0
  psql -v ON_ERROR_STOP=1 -q -h /var/run/postgresql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -v role="$1" -v password="$2" <<'SQL'
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'password') \gexec
SQL
}
set_password ledger_processor "${LEDGER_PG_PROCESSOR_PASSWORD:-}"
set_password ledger_ops "${LEDGER_PG_OPERATOR_PASSWORD:-}"
set_password ledger_readonly "${LEDGER_PG_READER_PASSWORD:-}"
set_password ledger_http "${LEDGER_PG_API_PASSWORD:-}"
