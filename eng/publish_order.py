#!/usr/bin/python3
"""Publish one OrderCompleted as plain JSON to the `order-completed` fanout exchange.

This is how the upstream order system (not a MassTransit application) publishes: a raw JSON body,
content_type application/json, persistent, with a message id. Run it with Debian's interpreter,
/usr/bin/python3, which sees the python3-pika package.

Connection settings: LEDGER_MQ_* (see ledger_mq.py); it publishes as ledger_orders unless LEDGER_MQ_USER says otherwise.
"""

import argparse
import datetime
import decimal
import json
import sys
import uuid

try:
    import pika

    import ledger_mq
except ImportError:  # pragma: no cover - environment problem, explained to the user
    sys.exit("publish_order.py: python3-pika is missing; run `bash eng/servers.sh up` "
             "(installs it) and use /usr/bin/python3")

EXCHANGE = "order-completed"


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Publish one sample OrderCompleted message.")
    parser.add_argument("--order-id", default=None, help="order id (default: a random one)")
    parser.add_argument("--user-id", default="user-1", help="customer id (default: user-1)")
    parser.add_argument("--amount", default="42.50", help="order total (default: 42.50)")
    parser.add_argument("--currency", default="USD", help="ISO 4217 code (default: USD)")
    parser.add_argument("--exchange", default=EXCHANGE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.order_id is None:
        args.order_id = "order-" + uuid.uuid4().hex[:12]
    try:
        amount = decimal.Decimal(args.amount)
    except decimal.InvalidOperation:
        parser.error("--amount must be a decimal number, got %r" % args.amount)
    if not amount.is_finite():
        parser.error("--amount must be a finite decimal number, got %r" % args.amount)
    return args


def build_body(args):
    occurred_at = datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")
    # The amount is written as the decimal literal given (42.50 stays 42.50, no float rounding).
    amount = decimal.Decimal(args.amount)
    return (
        '{"orderId": %s, "userId": %s, "amount": %s, "currency": %s, "occurredAt": %s}'
        % (
            json.dumps(args.order_id),
            json.dumps(args.user_id),
            format(amount, "f"),
            json.dumps(args.currency),
            json.dumps(occurred_at),
        )
    )


def main(argv):
    args = parse_args(argv)
    body = build_body(args)
    json.loads(body)  # sanity check: valid JSON

    message_id = str(uuid.uuid4())

    connection = pika.BlockingConnection(ledger_mq.connection_parameters(args.exchange))
    try:
        channel = connection.channel()
        ledger_mq.require_exchange(channel, args.exchange, "publish_order.py")
        channel.confirm_delivery()  # basic_publish raises if the broker does not confirm
        channel.basic_publish(
            exchange=args.exchange,
            # The partition key: a partitioned ledger routes each user's orders to one partition (docs/scaling.md).
            routing_key=args.user_id,
            body=body.encode("utf-8"),
            properties=pika.BasicProperties(
                content_type="application/json",
                delivery_mode=2,
                message_id=message_id,
            ),
        )
    except ledger_mq.RequestFailed as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        connection.close()

    print("published OrderCompleted to exchange '%s'" % args.exchange)
    print("message id: %s" % message_id)
    print("order id:   %s" % args.order_id)
    print("body:       %s" % body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
