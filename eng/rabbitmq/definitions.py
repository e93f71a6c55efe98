#!/usr/bin/python3
"""Write eng/rabbitmq/ledger-definitions.json from eng/rabbitmq/users.tsv: the broker definitions docker-compose loads at
first boot (the `ledger` vhost, the users with their permissions; no guest).

    /usr/bin/python3 eng/rabbitmq/definitions.py          # rewrite the file
    /usr/bin/python3 eng/rabbitmq/definitions.py --check  # exit 1 when the file does not match users.tsv
    LEDGER_DEFINITIONS_FROM_ENV=1 /usr/bin/python3 eng/rabbitmq/definitions.py --out FILE
        # each user's password from LEDGER_MQ_PASSWORD_<USER> (the administrator's: LEDGER_MQ_PASSWORD), as
        # eng/compose.sh writes them for its stack

The committed file has development passwords only (every user's is `ledger`, which the processor and the API refuse
in Production). Each password is stored as RabbitMQ's salted SHA-256 hash; the salt is derived from the user name so
the file is reproducible.
"""

import base64
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VHOST = "ledger"
PASSWORD = "ledger"


def password_hash(user, password):
    # rabbit_password_hashing_sha256: base64(salt + sha256(salt + password)), with a 4-byte salt.
    salt = hashlib.sha256(("ledger-salt:" + user).encode("utf-8")).digest()[:4]
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode("utf-8")).digest()).decode("ascii")


def password_of(user, tags):
    if os.environ.get("LEDGER_DEFINITIONS_FROM_ENV") != "1":
        return PASSWORD
    name = "LEDGER_MQ_PASSWORD" if "administrator" in tags.split(",") else "LEDGER_MQ_PASSWORD_" + user.upper()
    return os.environ.get(name) or PASSWORD


def definitions():
    users, permissions = [], []
    with open(os.path.join(HERE, "users.tsv"), encoding="utf-8") as source:
        for line in source:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            user, tags, configure, write, read = line.split("\t")
            users.append({
                "name": user,
                "password_hash": password_hash(user, password_of(user, tags)),
                "hashing_algorithm": "rabbit_password_hashing_sha256",
                "tags": [] if tags == "-" else tags.split(","),
                "limits": {},
            })
            permissions.append({"user": user, "vhost": VHOST, "configure": configure, "write": write, "read": read})
    return {"users": users, "vhosts": [{"name": VHOST}], "permissions": permissions}


def main(argv):
    target = os.path.join(HERE, "ledger-definitions.json")
    text = json.dumps(definitions(), indent=2) + "\n"
    if len(argv) == 2 and argv[0] == "--out":
        target = argv[1]
    elif argv == ["--check"]:
        with open(target, encoding="utf-8") as current:
            if current.read() != text:
                print("definitions.py: %s does not match users.tsv; run /usr/bin/python3 eng/rabbitmq/definitions.py" % target, file=sys.stderr)
                return 1
        return 0
    with open(target, "w", encoding="utf-8") as out:
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
