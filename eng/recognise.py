#!/usr/bin/python3
"""Publish one GrantRecognition and wait for its answer, as a recognition app would.

    /usr/bin/python3 eng/recognise.py --tenant-id T --giver G --receiver R --points N \\
        [--recognition-id ID] [--message TEXT] [--timeout SECONDS]

First binds an exclusive, auto-delete, server-named queue to the answer exchanges (recognition-granted,
recognition-rejected), so no answer can be missed, then publishes GrantRecognition as plain JSON to the
`grant-recognition` fanout exchange (content_type application/json, persistent, a new message id, publisher
confirms), then waits for the answer whose recognitionId is the one sent and prints one JSON line:

    {"outcome": "<exchange name>", "message": <the answer body>}

A refusal (insufficient_allocation, allowance_exceeded, self_recognition) is an answer, not an error.
Exit status: 0 an answer arrived; 3 none before --timeout (default 30 s; a recognition for an unregistered tenant is
dead-lettered, not answered: `dlq show` has the reason); 1 the broker could not be reached or nothing is bound to
`grant-recognition` (the processor has not started); 2 usage. Run it with Debian's interpreter, /usr/bin/python3,
which sees the python3-pika package. Connection settings: LEDGER_MQ_* (see ledger_mq.py).
"""

import argparse
import datetime
import json
import sys
import uuid

try:
    import ledger_mq  # imports pika
except ImportError:  # pragma: no cover - environment problem, explained to the user
    sys.exit("recognise.py: python3-pika is missing; run `bash eng/servers.sh up` "
             "(installs it) and use /usr/bin/python3")

REQUEST_EXCHANGE = "grant-recognition"
OUTCOME_EXCHANGES = ("recognition-granted", "recognition-rejected")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Publish one GrantRecognition and print its answer as one JSON line.")
    parser.add_argument("--tenant-id", required=True, help="the registered tenant whose pool pays")
    parser.add_argument("--giver", required=True, help="who gives the recognition")
    parser.add_argument("--receiver", required=True, help="whose wallet receives the points")
    parser.add_argument("--points", required=True, type=int, help="points to give (at least 1)")
    parser.add_argument("--recognition-id", default=None, help="the recognition's id (default: a new one); "
                        "sending the same id again is applied once")
    parser.add_argument("--message", default="", help="what the giver writes (at most 500 characters)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the answer (default: 30)")
    args = parser.parse_args(argv)
    if args.points < 1:
        parser.error("--points must be at least 1, got %d" % args.points)
    if len(args.message) > 500:
        parser.error("--message must be at most 500 characters, got %d" % len(args.message))
    if not args.timeout > 0:
        parser.error("--timeout must be a positive number of seconds")
    if args.recognition_id is None:
        args.recognition_id = "rec-" + uuid.uuid4().hex[:12]
    return args


def main(argv):
    args = parse_args(argv)
    body = json.dumps({
        "recognitionId": args.recognition_id,
        "tenantId": args.tenant_id,
        "giverId": args.giver,
        "receiverId": args.receiver,
        "points": args.points,
        "message": args.message,
        "occurredAt": datetime.datetime.now().astimezone().isoformat(timespec="milliseconds"),
    })
    return ledger_mq.answer(
        "recognise.py", REQUEST_EXCHANGE, OUTCOME_EXCHANGES, body,
        lambda m: m.get("recognitionId") == args.recognition_id, args.timeout, "GrantRecognition %s" % args.recognition_id,
        "no RecognitionGranted or RecognitionRejected for recognition %s (is the processor running? is the tenant "
        "registered? `dlq show` lists refused messages)" % args.recognition_id)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
