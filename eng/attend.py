#!/usr/bin/python3
"""Publish one EventAttended and wait for its answer, as an event system would.

    /usr/bin/python3 eng/attend.py --event-id E --user U --event-type T \\
        [--attended-at ISO] [--points N] [--tenant-id T] [--timeout SECONDS]

First binds an exclusive, auto-delete, server-named queue to the answer exchange (attendance-points-earned), so the
answer cannot be missed, then publishes EventAttended as plain JSON to the `event-attended` fanout exchange
(content_type application/json, persistent, a new message id, publisher confirms), then waits for the
AttendancePointsEarned whose eventId and userId are the ones sent and prints one JSON line:

    {"outcome": "<exchange name>", "message": <the answer body>}

Streak bonuses and badges the attendance settles are announced on their own exchanges (streak-extended, streak-broken,
badge-awarded); the answer's balanceAfter includes them. An attendance is paid once per (eventId, userId): to send
the same attendance again, give the same --event-id, --user, --event-type, --attended-at, --points and --tenant-id
(--attended-at defaults to now, so a resend without it is other content: an idempotency conflict, dead-lettered).
Exit status: 0 an answer arrived; 3 none before --timeout (default 30 s; an attendance already paid is acknowledged
without a new answer, and an attendance for an unregistered tenant, an idempotency conflict or an invalid message is
dead-lettered, not answered: `dlq show` has the reason); 1 the broker could not be reached or nothing is bound to
`event-attended` (the processor has not started); 2 usage. Run it with Debian's interpreter, /usr/bin/python3, which
sees the python3-pika package. Connection settings: LEDGER_MQ_* (see ledger_mq.py).
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
    sys.exit("attend.py: python3-pika is missing; run `bash eng/servers.sh up` "
             "(installs it) and use /usr/bin/python3")

REQUEST_EXCHANGE = "event-attended"
OUTCOME_EXCHANGES = ("attendance-points-earned",)
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# RFC 3339, the schema's date-time: a 'T' between date and time, and an offset.
DATE_TIME_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
MAX_POINTS = 10000


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Publish one EventAttended and print its answer as one JSON line.")
    parser.add_argument("--event-id", default=None, help="the event's id (default: a new one); the same event and "
                        "user again is paid once")
    parser.add_argument("--user", required=True, help="who attended; their wallet is paid")
    parser.add_argument("--event-type", required=True, help="the kind of event, e.g. workshop "
                        "(letters, digits, '.', '_', '-'; at most 60 characters)")
    parser.add_argument("--attended-at", default=None, help="when the user attended, ISO 8601 with an offset, e.g. "
                        "2026-11-26T18:30:00+01:00 (default: now); its ISO week is the streak week")
    parser.add_argument("--points", type=int, default=None, help="points for attending, 1 to %d (default: left out, "
                        "so the processor's default for the event type applies)" % MAX_POINTS)
    parser.add_argument("--tenant-id", default=None, help="the event's registered tenant (default: none); its time "
                        "zone decides the week")
    parser.add_argument("--achievement", action="append", default=None, help="what the user achieved there, e.g. "
                        "trivia-win (repeatable; badges and special-activity bonuses may count it)")
    parser.add_argument("--brought", action="append", default=None, help="a new member the user brought (repeatable)")
    parser.add_argument("--connected", action="append", default=None, help="an attendee the user connected with "
                        "(repeatable)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the answer (default: 30)")
    args = parser.parse_args(argv)
    for achievement in args.achievement or []:
        if len(achievement) > 60 or not NAME_PATTERN.match(achievement):
            parser.error("--achievement must be at most 60 characters matching %s (for example trivia-win), got %r"
                         % (NAME_PATTERN.pattern, achievement))
    for option, values in (("--brought", args.brought), ("--connected", args.connected)):
        for value in values or []:
            if not 1 <= len(value) <= 100:
                parser.error("%s must be a user id of 1 to 100 characters, got %r" % (option, value))
    if len(args.event_type) > 60:
        parser.error("--event-type must be at most 60 characters, got %d" % len(args.event_type))
    if not NAME_PATTERN.match(args.event_type):
        parser.error("--event-type must match %s (for example workshop), got %r"
                     % (NAME_PATTERN.pattern, args.event_type))
    if args.points is not None and not 1 <= args.points <= MAX_POINTS:
        parser.error("--points must be between 1 and %d, got %d" % (MAX_POINTS, args.points))
    if args.tenant_id is not None:
        if len(args.tenant_id) > 100:
            parser.error("--tenant-id must be at most 100 characters, got %d" % len(args.tenant_id))
        if not NAME_PATTERN.match(args.tenant_id):
            parser.error("--tenant-id must match %s (for example acme), got %r"
                         % (NAME_PATTERN.pattern, args.tenant_id))
    if args.attended_at is None:
        args.attended_at = datetime.datetime.now().astimezone().isoformat(timespec="milliseconds")
    else:
        try:
            valid = DATE_TIME_PATTERN.match(args.attended_at) is not None
            if valid:
                datetime.datetime.fromisoformat(args.attended_at.replace("Z", "+00:00"))
        except ValueError:
            valid = False
        if not valid:
            parser.error("--attended-at must be an ISO 8601 date-time with a 'T' and an offset, "
                         "e.g. 2026-11-26T18:30:00+01:00 or 2026-11-26T17:30:00Z, got %r" % args.attended_at)
    if not args.timeout > 0:
        parser.error("--timeout must be a positive number of seconds")
    if args.event_id is None:
        args.event_id = "evt-" + uuid.uuid4().hex[:12]
    return args


def main(argv):
    args = parse_args(argv)
    attendance = {
        "eventId": args.event_id,
        "userId": args.user,
        "eventType": args.event_type,
        "attendedAt": args.attended_at,
    }
    if args.points is not None:  # left out otherwise: the processor's default for the event type
        attendance["pointsReward"] = args.points
    if args.tenant_id is not None:
        attendance["tenantId"] = args.tenant_id
    # Each list is left out unless given, and given without repeats (the contract's uniqueItems).
    for field, values in (("achievements", args.achievement), ("broughtUserIds", args.brought),
                          ("connectedUserIds", args.connected)):
        if values:
            attendance[field] = list(dict.fromkeys(values))
    body = json.dumps(attendance)
    return ledger_mq.answer(
        "attend.py", REQUEST_EXCHANGE, OUTCOME_EXCHANGES, body,
        lambda m: m.get("eventId") == args.event_id and m.get("userId") == args.user, args.timeout,
        "EventAttended %s for %s" % (args.event_id, args.user),
        "no AttendancePointsEarned for event %s and user %s (is the processor running? an attendance already paid is "
        "acknowledged without a new answer; an unregistered tenant, an idempotency conflict or an invalid message is "
        "dead-lettered: `dlq show` has the reason)" % (args.event_id, args.user))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
