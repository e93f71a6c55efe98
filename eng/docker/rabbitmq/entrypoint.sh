#!/bin/sh
# Writes rabbitmq.conf from the environment (the official image's variables), then runs the broker in the
# foreground as the rabbitmq user, logging to stdout ("Server startup complete" tells it is ready).
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
mkdir -p /var/lib/rabbitmq /var/log/rabbitmq
chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq /etc/rabbitmq
exec su rabbitmq -s /bin/sh -c 'exec /usr/lib/rabbitmq/bin/rabbitmq-server'
