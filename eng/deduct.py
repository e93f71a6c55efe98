#!/usr/bin/python3
"""Publish one TokensDeductRequested and wait for its answer, as a product that meters usage would.

    /usr/bin/python3 eng/deduct.py --user U --feature F --amount N \\
        [--usage-id ID] [--context JSON-OBJECT] [--timeout SECONDS]

First binds an exclusive, auto-delete, server-named queue to the answer exchanges (tokens-deducted,
tokens-deduct-rejected), so no answer can be missed, then publishes TokensDeductRequested as plain JSON to the
`tokens-deduct-requested` fanout exchange (content_type application/json, persistent, a new message id, publisher
confirms), then waits for the answer whose usageId is the one sent and prints one JSON line:

    {"outcome": "<exchange name>", "message": <the answer body>}

A refusal (quota_exceeded) is an answer, not an error. The same --usage-id sent again gets the same answer: the same
TokensDeducted figures (nothing is deducted twice) or the same refusal.
Exit status: 0 an answer arrived; 3 none before --timeout (default 30 s; the same usage id with other content is an
idempotency conflict and is dead-lettered, not answered: `dlq show` has the reason); 1 the broker could not be reached
or nothing is bound to `tokens-deduct-requested` (the processor has not started); 2 usage. Run it with Debian's
interpreter, /usr/bin/python3, which sees the python3-pika package. Connection settings: LEDGER_MQ_* (see ledger_mq.py).
"""

import argparse
import datetime
import json
import re
import sys
import uuid

try:
    import ledger_mq  # imports pika
except ImportError:  # pragma: no cover - environment problem, explained to the user
    sys.exit("deduct.py: python3-pika is missing; run `bash eng/servers.sh up` "
             "(installs it) and use /usr/bin/python3")

REQUEST_EXCHANGE = "tokens-deduct-requested"
OUTCOME_EXCHANGES = ("tokens-deducted", "tokens-deduct-rejected")
FEATURE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Publish one TokensDeductRequested and print its answer as one JSON line.")
    parser.add_argument("--user", required=True, help="whose monthly quota pays")
    parser.add_argument("--feature", required=True, help="what was used, e.g. literature_search "
                        "(letters, digits, '.', '_', '-'; at most 100 characters)")
    parser.add_argument("--amount", required=True, type=int, help="tokens to deduct (at least 1)")
    parser.add_argument("--usage-id", default=None, help="the use's id (default: a new one); "
                        "sending the same id again gets the same answer")
    parser.add_argument("--context", default=None, help="a JSON object kept with the use, e.g. '{\"query\": \"x\"}'")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the answer (default: 30)")
    args = parser.parse_args(argv)
    if args.amount < 1:
        parser.error("--amount must be at least 1, got %d" % args.amount)
    if len(args.feature) > 100:
        parser.error("--feature must be at most 100 characters, got %d" % len(args.feature))
    if not FEATURE_PATTERN.match(args.feature):
        parser.error("--feature must match %s (for example literature_search), got %r"
                     % (FEATURE_PATTERN.pattern, args.feature))
    if args.context is not None:
        try:
            args.context = json.loads(args.context)
        except ValueError as error:
            parser.error("--context must be a JSON object: %s" % error)
        if not isinstance(args.context, dict):
            parser.error("--context must be a JSON object ({...}), got %s" % type(args.context).__name__)
        if len(args.context) > 50:
            parser.error("--context must have at most 50 keys, got %d" % len(args.context))
    if not args.timeout > 0:
        parser.error("--timeout must be a positive number of seconds")
    if args.usage_id is None:
        args.usage_id = "use-" + uuid.uuid4().hex[:12]
    return args


def main(argv):
    args = parse_args(argv)
    body = json.dumps({
        "usageId": args.usage_id,
        "userId": args.user,
        "feature": args.feature,
        "amount": args.amount,
        "context": args.context,
        "occurredAt": datetime.datetime.now().astimezone().isoformat(timespec="milliseconds"),
    })
    return ledger_mq.answer(
        "deduct.py", REQUEST_EXCHANGE, OUTCOME_EXCHANGES, body,
        lambda m: m.get("usageId") == args.usage_id, args.timeout, "TokensDeductRequested %s" % args.usage_id,
        "no TokensDeducted or TokensDeductRejected for usage %s (is the processor running? `dlq show` lists "
        "refused messages)" % args.usage_id)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
