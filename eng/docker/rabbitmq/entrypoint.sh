#!/bin/sh
# Writes rabbitmq.conf from the environment (the official image's variables), then runs the broker in the
# foreground as the rabbitmq user, logging to stdout ("Server startup complete" tells it is ready).
#
# For a cluster, give every node the same RABBITMQ_ERLANG_COOKIE and RABBITMQ_CLUSTER_NODES (node names separated
# by spaces, e.g. "rabbit@rmq1 rabbit@rmq2 rabbit@rmq3", each container's hostname being its node's host part):
# the nodes find each other by that list at their first boot (classic peer discovery) and form one cluster.
set -eu
cat >/etc/rabbitmq/rabbitmq.conf <<CONF
loopback_users = none
default_user = ${RABBITMQ_DEFAULT_USER}
default_pass = ${RABBITMQ_DEFAULT_PASS}
default_vhost = ${RABBITMQ_DEFAULT_VHOST}
default_user_tags.administrator = true
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
CONF

# Snippets mounted under conf.d (docker-compose's definitions) join the generated file, as the official image reads them.
for snippet in /etc/rabbitmq/conf.d/*.conf; do
  [ -e "$snippet" ] && cat "$snippet" >>/etc/rabbitmq/rabbitmq.conf
done

if [ -n "${RABBITMQ_CLUSTER_NODES:-}" ]; then
  echo "cluster_formation.peer_discovery_backend = classic_config" >>/etc/rabbitmq/rabbitmq.conf
  i=1
  for node in $RABBITMQ_CLUSTER_NODES; do
    echo "cluster_formation.classic_config.nodes.$i = $node" >>/etc/rabbitmq/rabbitmq.conf
    i=$((i + 1))
  done
fi

mkdir -p /var/lib/rabbitmq /var/log/rabbitmq
if [ -n "${RABBITMQ_ERLANG_COOKIE:-}" ]; then
  # Nodes of one cluster must share the cookie; Erlang refuses a cookie file others can read.
  printf '%s' "$RABBITMQ_ERLANG_COOKIE" >/var/lib/rabbitmq/.erlang.cookie
  chmod 0400 /var/lib/rabbitmq/.erlang.cookie
fi
chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
# Not recursive: files mounted read-only under /etc/rabbitmq (definitions, conf.d) cannot change owner, and need not.
chown rabbitmq:rabbitmq /etc/rabbitmq /etc/rabbitmq/rabbitmq.conf
exec su rabbitmq -s /bin/sh -c 'exec /usr/lib/rabbitmq/bin/rabbitmq-server'
