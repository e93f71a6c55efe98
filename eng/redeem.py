#!/usr/bin/python3
"""Publish one RedeemRequested and wait for its outcome, as an app would.

    /usr/bin/python3 eng/redeem.py --redemption-id UUID --user U --reward R \
        [--expected-points N] [--timeout SECONDS]

First binds an exclusive, auto-delete, server-named queue to the outcome exchanges
(redemption-completed, redemption-failed, redemption-rejected), so no answer can be missed, then
publishes RedeemRequested as plain JSON to the `redeem-requested` fanout exchange (content_type
application/json, persistent, a new message id, AMQP type `RedeemRequested`, publisher confirms),
then waits for the outcome whose redemptionId is the one sent and prints one JSON line:

    {"outcome": "<exchange name>", "message": <the outcome body>}

Exit status: 0 an outcome arrived; 3 no outcome before --timeout (default 30 s); 1 the broker could
not be reached or nothing is bound to `redeem-requested` (the processor has not started); 2 usage.
Sending the same --redemption-id again is harmless: the processor answers with the same outcome.

Run it with Debian's interpreter, /usr/bin/python3, which sees the python3-pika package.
Connection settings: LEDGER_MQ_* (see ledger_mq.py); it publishes as ledger_redemptions unless LEDGER_MQ_USER says otherwise.
"""

import argparse
import datetime
import json
import sys
import uuid

try:
    import ledger_mq  # imports pika
except ImportError:  # pragma: no cover - environment problem, explained to the user
    sys.exit("redeem.py: python3-pika is missing; run `bash eng/servers.sh up` "
             "(installs it) and use /usr/bin/python3")

REQUEST_EXCHANGE = "redeem-requested"
OUTCOME_EXCHANGES = ("redemption-completed", "redemption-failed", "redemption-rejected")


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Publish one RedeemRequested and print its outcome as one JSON line.")
    parser.add_argument("--redemption-id", required=True, help="the redemption's id (a UUID)")
    parser.add_argument("--user", required=True, help="the user whose wallet pays")
    parser.add_argument("--reward", required=True, help="a reward id from the catalog")
    parser.add_argument("--expected-points", type=int, default=None,
                        help="the cost shown to the user (rejected with cost_mismatch if it differs)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to wait for the outcome (default: 30)")
    args = parser.parse_args(argv)
    try:
        args.redemption_id = uuid.UUID(args.redemption_id)
    except ValueError:
        parser.error("--redemption-id must be a UUID, got %r" % args.redemption_id)
    if not args.user:
        parser.error("--user must not be empty")
    if not args.reward:
        parser.error("--reward must not be empty")
    if args.expected_points is not None and args.expected_points < 0:
        parser.error("--expected-points must not be negative")
    if not args.timeout > 0:
        parser.error("--timeout must be a positive number of seconds")
    return args


def build_body(args):
    requested_at = datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")
    body = {
        "redemptionId": str(args.redemption_id),
        "userId": args.user,
        "rewardId": args.reward,
        "requestedAt": requested_at,
    }
    if args.expected_points is not None:
        body["expectedPoints"] = args.expected_points
    return json.dumps(body)


def same_redemption(value, redemption_id):
    """True when value is the UUID redemption_id in any spelling (case, braces)."""
    try:
        return uuid.UUID(str(value)) == redemption_id
    except ValueError:
        return False


def main(argv):
    args = parse_args(argv)
    return ledger_mq.answer(
        "redeem.py", REQUEST_EXCHANGE, OUTCOME_EXCHANGES, build_body(args),
        lambda m: same_redemption(m.get("redemptionId"), args.redemption_id), args.timeout,
        "RedeemRequested %s" % args.redemption_id,
        "no RedemptionCompleted, RedemptionFailed or RedemptionRejected for redemption %s (is the processor running?)"
        % args.redemption_id,
        # The saga's queue carries several message types; this names the contract.
        message_type="RedeemRequested")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
