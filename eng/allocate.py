#!/usr/bin/python3
"""Publish one AllocateToTenant as plain JSON to the `allocate-to-tenant` fanout exchange, as an admin.

This is how the platform's admin tooling mints points into a tenant's pool (contracts/README.md, "AllocateToTenant"):
a raw JSON body, content_type application/json, persistent, with a message id, and the AMQP user_id property set to
the RabbitMQ user this connection logs in as. RabbitMQ refuses any other user_id, and the processor applies the
command only when that user is on its Tenants:Administrators list. Run it with Debian's interpreter, /usr/bin/python3,
which sees the python3-pika package.

Connection settings: LEDGER_MQ_* (see ledger_mq.py); it publishes as ledger_admin unless LEDGER_MQ_USER says otherwise.
"""

import argparse
import datetime
import json
import os
import sys
import uuid

try:
    import pika

    import ledger_mq
except ImportError:  # pragma: no cover - environment problem, explained to the user
    sys.exit("allocate.py: python3-pika is missing; run `bash eng/servers.sh up` "
             "(installs it) and use /usr/bin/python3")

EXCHANGE = "allocate-to-tenant"


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Publish one AllocateToTenant command as an admin.")
    parser.add_argument("--tenant-id", required=True, help="the tenant whose pool receives the points")
    parser.add_argument("--points", required=True, type=int, help="points to mint (at least 1)")
    parser.add_argument("--allocation-id", default=None, help="allocation id (default: a random one); "
                        "publishing the same id again is applied once")
    parser.add_argument("--reference-note", default="", help="why: an invoice or contract reference")
    parser.add_argument("--requested-by", default=os.environ.get("USER", "admin"), help="who asks for it")
    args = parser.parse_args(argv)
    if args.points < 1:
        parser.error("--points must be at least 1, got %d" % args.points)
    if args.allocation_id is None:
        args.allocation_id = "alloc-" + uuid.uuid4().hex[:12]
    return args


def main(argv):
    args = parse_args(argv)
    body = json.dumps({
        "allocationId": args.allocation_id,
        "tenantId": args.tenant_id,
        "points": args.points,
        "referenceNote": args.reference_note,
        "requestedBy": args.requested_by,
        "occurredAt": datetime.datetime.now().astimezone().isoformat(timespec="milliseconds"),
    })
    message_id = str(uuid.uuid4())
    parameters = ledger_mq.connection_parameters(EXCHANGE)

    connection = pika.BlockingConnection(parameters)
    try:
        channel = connection.channel()
        ledger_mq.require_exchange(channel, EXCHANGE, "allocate.py")
        channel.confirm_delivery()  # basic_publish raises if the broker does not confirm
        channel.basic_publish(
            exchange=EXCHANGE,
            routing_key="",
            body=body.encode("utf-8"),
            properties=pika.BasicProperties(
                content_type="application/json",
                delivery_mode=2,
                message_id=message_id,
                # Who publishes: RabbitMQ checks it is this connection's user.
                user_id=parameters.credentials.username,
            ),
        )
    except ledger_mq.RequestFailed as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        connection.close()

    print("published AllocateToTenant to exchange '%s' as RabbitMQ user '%s'" % (EXCHANGE, parameters.credentials.username))
    print("message id:    %s" % message_id)
    print("allocation id: %s" % args.allocation_id)
    print("body:          %s" % body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
