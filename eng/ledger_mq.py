"""What the sample producers share (publish_order.py, redeem.py, allocate.py, recognise.py): connection settings,
and waiting for the processor's answer to a request.

From LEDGER_MQ_HOST, LEDGER_MQ_PORT, LEDGER_MQ_VHOST, LEDGER_MQ_USER and LEDGER_MQ_PASSWORD
(defaults: 127.0.0.1, 5672, ledger, ledger, ledger), the same names eng/servers.sh uses.
"""

import json
import os
import sys
import time

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


def wait_for_outcome(channel, queue, is_ours, timeout, script):
    """Return (exchange, body) of the first JSON message on queue for which is_ours(body) holds, or None at timeout.

    Outcome exchanges are fanouts, so other requesters' answers arrive too: is_ours keeps ours.
    """
    deadline = time.monotonic() + timeout
    try:
        # inactivity_timeout makes the generator yield (None, None, None) when idle, so the deadline
        # is checked at least every second even when nothing arrives.
        for method, _properties, body in channel.consume(
                queue, auto_ack=True, exclusive=True, inactivity_timeout=1.0):
            if method is not None:
                try:
                    message = json.loads(body)
                except (ValueError, UnicodeDecodeError):
                    print("%s: ignoring a non-JSON message from '%s'" % (script, method.exchange), file=sys.stderr)
                    message = None
                if isinstance(message, dict) and is_ours(message):
                    return method.exchange, message
            if time.monotonic() >= deadline:
                return None
    finally:
        channel.cancel()
    return None
