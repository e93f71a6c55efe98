# Sourced by eng/servers.sh and eng/compose.sh: every login's password, made at random on the first setup and kept in a
# file readable by its owner only, so that no server of this project runs with a password anyone can read in the
# repository. A LEDGER_*_PASSWORD variable set in the environment wins over the file.

secret_names() {
  printf '%s\n' LEDGER_PG_PASSWORD LEDGER_PG_PROCESSOR_PASSWORD LEDGER_PG_OPERATOR_PASSWORD LEDGER_PG_READER_PASSWORD \
    LEDGER_PG_API_PASSWORD LEDGER_MQ_PASSWORD
  # One per broker user of eng/rabbitmq/users.tsv but the administrator (whose is LEDGER_MQ_PASSWORD).
  grep -v '^#' "$(dirname "${BASH_SOURCE[0]}")/rabbitmq/users.tsv" | awk -F'\t' 'NF == 5 && $2 != "administrator" { print "LEDGER_MQ_PASSWORD_" toupper($1) }'
}

random_password() {
  local chars
  chars=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  printf '%s' "${chars:0:24}"
}

# load_secrets FILE COMMAND: reads the kept passwords (those the environment does not set); on `up` makes and keeps
# the ones the file lacks (all of them on the first setup).
load_secrets() {
  local file=$1 name value
  if [ -f "$file" ]; then
    while IFS='=' read -r name value; do
      [[ $name =~ ^LEDGER_[A-Z_]+$ ]] || continue
      [ -n "${!name:-}" ] || printf -v "$name" '%s' "$value"
    done <"$file"
    # A login added since the file was made (a new user in users.tsv) gets its own password too.
    if [ "${2:-}" = up ]; then
      for name in $(secret_names); do
        grep -q "^${name}=" "$file" && continue
        value=${!name:-$(random_password)}
        printf '%s=%s\n' "$name" "$value" >>"$file"
        printf -v "$name" '%s' "$value"
      done
    fi
  elif [ "${2:-}" = up ]; then
    mkdir -p "$(dirname "$file")"
    (
      umask 077
      {
        printf '# Passwords made by eng/secrets.sh on the first setup; delete this file and set up again to change them.\n'
        for name in $(secret_names); do
          value=${!name:-$(random_password)}
          printf '%s=%s\n' "$name" "$value"
        done
      } >"$file"
    )
    printf '[secrets] made random passwords for every login, kept in %s\n' "$file" >&2
    load_secrets "$file"
  fi
}
