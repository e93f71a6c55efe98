"""What the sample producers share (publish_order.py, redeem.py, allocate.py, recognise.py, deduct.py, attend.py):
connection settings, and sending a request and waiting for the processor's answer.

From LEDGER_MQ_HOST, LEDGER_MQ_PORT, LEDGER_MQ_VHOST and LEDGER_MQ_USER (defaults: 127.0.0.1, 5672, ledger, and the
broker user of the kind of system that publishes to the script's exchange, as eng/rabbitmq/users.tsv says: ledger_orders
for orders, ledger_redemptions, ledger_recognition, ledger_metering, ledger_events, ledger_admin for allocations), the
same names eng/servers.sh uses.
The password is LEDGER_MQ_PASSWORD_<USER>, else LEDGER_MQ_PASSWORD when LEDGER_MQ_USER is set, else the one
eng/servers.sh made for that user (LEDGER_SECRETS_FILE, default ~/.config/points-ledger/servers.env), else ledger.
"""

import json
import os
import re
import sys
import time
import uuid

import pika
import pika.exceptions


def kept_secrets():
    """The passwords eng/servers.sh made on its first setup, by variable name; empty when there are none."""
    path = os.environ.get("LEDGER_SECRETS_FILE") or os.path.join(
        os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config"), "points-ledger", "servers.env")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as source:
        return dict(line.rstrip("\n").split("=", 1) for line in source if line.startswith("LEDGER_") and "=" in line)


def upstream_user(exchange):
    """The broker user users.tsv lets publish to the exchange: an upstream system's, never the processor's or the administrator's."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rabbitmq", "users.tsv"), encoding="utf-8") as source:
        for line in source:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 5 and not line.startswith("#") and fields[1] != "administrator" and fields[0] != "ledger_processor" \
                    and re.search(fields[3], exchange):
                return fields[0]
    return "ledger"


def connection_parameters(exchange):
    """Each upstream system publishes as its own broker user (eng/rabbitmq/users.tsv), never as the administrator."""
    env = os.environ
    user = env.get("LEDGER_MQ_USER") or upstream_user(exchange)
    name = "LEDGER_MQ_PASSWORD" if user == "ledger" else "LEDGER_MQ_PASSWORD_" + user.upper()
    password = (env.get(name) or (env.get("LEDGER_MQ_PASSWORD") if "LEDGER_MQ_USER" in env else None)
                or kept_secrets().get(name) or "ledger")
    return pika.ConnectionParameters(
        host=env.get("LEDGER_MQ_HOST", "127.0.0.1"),
        port=int(env.get("LEDGER_MQ_PORT", "5672")),
        virtual_host=env.get("LEDGER_MQ_VHOST", "ledger"),
        credentials=pika.PlainCredentials(user, password),
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


EXIT_ERROR = 1
EXIT_TIMEOUT = 3


class RequestFailed(Exception):
    """The request could not be sent: the broker is unreachable, refused it, or nothing reads its exchange."""


def require_exchange(channel, exchange, script):
    """Checks that the exchange exists. Only the processor declares the shared exchanges (eng/rabbitmq/users.tsv: no
    producer may configure them), so a passive declare, which needs no permission; a missing one means the processor
    has never started on this virtual host."""
    try:
        channel.exchange_declare(exchange=exchange, passive=True)
    except pika.exceptions.ChannelClosedByBroker as error:
        raise RequestFailed("%s: the exchange '%s' does not exist (%s): start the processor once (`bash eng/run.sh`) so it "
                            "declares its exchanges and queues, then publish again" % (script, exchange, error.reply_text)) from error


def request(script, request_exchange, outcome_exchanges, body, message_id, is_ours, timeout, what, message_type=None):
    """Publish one request as plain JSON and wait for its answer, as an app would.

    Listens first (an exclusive, auto-delete, server-named queue bound to every outcome exchange), so the answer cannot
    arrive before the queue is bound; then publishes body to request_exchange (content_type application/json,
    persistent, message_id, the AMQP type when given, publisher confirms, mandatory: returned rather than dropped when
    nothing is bound). Returns (exchange, message) of the first answer for which is_ours(message) holds, or None at
    timeout; raises RequestFailed when it could not be sent, or when an exchange does not exist yet (the processor
    declares them).
    """
    try:
        connection = pika.BlockingConnection(connection_parameters(request_exchange))
    except pika.exceptions.AMQPError as error:
        raise RequestFailed("%s: cannot connect to RabbitMQ: %r" % (script, error)) from error
    try:
        channel = connection.channel()
        queue = channel.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue
        for exchange in outcome_exchanges:
            require_exchange(channel, exchange, script)
            channel.queue_bind(queue=queue, exchange=exchange)
        require_exchange(channel, request_exchange, script)
        channel.confirm_delivery()  # basic_publish raises if the broker does not confirm
        try:
            channel.basic_publish(
                exchange=request_exchange,
                routing_key="",
                body=body.encode("utf-8"),
                properties=pika.BasicProperties(
                    content_type="application/json", delivery_mode=2, message_id=message_id, type=message_type),
                mandatory=True,
            )
        except pika.exceptions.UnroutableError as error:
            raise RequestFailed("%s: nothing is bound to the exchange '%s' (has the processor started?); "
                                "the request was not delivered" % (script, request_exchange)) from error
        print("%s: published %s (message id %s); waiting up to %gs" % (script, what, message_id, timeout), file=sys.stderr)
        return wait_for_outcome(channel, queue, is_ours, timeout, script)
    except pika.exceptions.AMQPError as error:
        raise RequestFailed("%s: RabbitMQ error: %r" % (script, error)) from error
    finally:
        if connection.is_open:
            connection.close()


def answer(script, request_exchange, outcome_exchanges, body, is_ours, timeout, what, no_answer, message_type=None):
    """Send one request (see request) under a new message id and print its answer as one JSON line,
    {"outcome": <exchange name>, "message": <the answer body>}. Returns the exit status: 0 answered; EXIT_ERROR when it
    could not be sent; EXIT_TIMEOUT when no answer came in time, after printing "<script>: timed out after Ns: <no_answer>".
    """
    try:
        outcome = request(script, request_exchange, outcome_exchanges, body, str(uuid.uuid4()), is_ours, timeout, what,
                          message_type=message_type)
    except RequestFailed as error:
        print(error, file=sys.stderr)
        return EXIT_ERROR
    if outcome is None:
        print("%s: timed out after %gs: %s" % (script, timeout, no_answer), file=sys.stderr)
        return EXIT_TIMEOUT
    exchange, message = outcome
    print(json.dumps({"outcome": exchange, "message": message}))
    return 0
