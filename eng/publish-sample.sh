#!/usr/bin/env bash
# Publish one sample OrderCompleted (plain JSON) to the `order-completed` fanout exchange, as the
# upstream order system would, using Debian's python3-pika.
#
#   bash eng/publish-sample.sh [ORDER_ID [USER_ID [AMOUNT [CURRENCY]]]]
#   bash eng/publish-sample.sh --order-id o-1 --user-id user-1 --amount 42.50 --currency USD
#
# Connection settings: LEDGER_MQ_HOST/PORT/VHOST/USER/PASSWORD (defaults as in eng/servers.sh).
set -euo pipefail

# --help prints the comment above and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/help.sh"
if wants_help "$@"; then
  print_help
  exit 0
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."

args=()
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  # Positional form: ORDER_ID USER_ID AMOUNT CURRENCY (empty or missing ones take the defaults).
  names=(--order-id --user-id --amount --currency)
  i=0
  for value in "$@"; do
    [ $i -lt ${#names[@]} ] || { echo "usage: bash eng/publish-sample.sh [ORDER_ID [USER_ID [AMOUNT [CURRENCY]]]]" >&2; exit 2; }
    [ -z "$value" ] || args+=("${names[i]}" "$value")
    i=$((i + 1))
  done
else
  args=("$@")
fi

# /usr/bin/python3, not `python3`: the python3 on PATH may be a pyenv interpreter that cannot see
# Debian's python3-pika.
exec /usr/bin/python3 eng/publish_order.py ${args[@]+"${args[@]}"}
