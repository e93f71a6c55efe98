"""Connection settings shared by the sample producers (publish_order.py, redeem.py, allocate.py).

From LEDGER_MQ_HOST, LEDGER_MQ_PORT, LEDGER_MQ_VHOST, LEDGER_MQ_USER and LEDGER_MQ_PASSWORD
(defaults: 127.0.0.1, 5672, ledger, ledger, ledger), the same names eng/servers.sh uses.
"""

import os

import pika


def connection_parameters():
    env = os.environ
    return pika.ConnectionParameters(
        host=env.get("LEDGER_MQ_HOST", "127.0.0.1"),
        port=int(env.get("LEDGER_MQ_PORT", "5672")),
        virtual_host=env.get("LEDGER_MQ_VHOST", "ledger"),
        credentials=pika.PlainCredentials(
            env.get("LEDGER_MQ_USER", "ledger"), env.get("LEDGER_MQ_PASSWORD", "ledger")),
        connection_attempts=3,
        retry_delay=1,
        socket_timeout=10,
    )
