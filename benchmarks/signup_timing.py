"""Sign-up timing: does a registered address answer sooner than a new one? (Not run by the tests.)

The sign-up form answers a registered and a new address alike; this checks that the time it
takes does not tell them apart either. In one process, on a fresh SQLite database with the
production password hash, it posts sign-ups in random order: half with new addresses, half
with the address of an existing account. Emails go to the log, as with no mail server: what
it compares is the work of the two paths (a password hash and one row written each). With a
real, slow mail server the held-back notice of a repeated sign-up answers sooner by the SMTP
round trip, until email leaves the request path (issue 16). It
prints the median and p95 of each and the ratio of the medians (the registered address's
owner is emailed at most once an hour, as in production). Target: the medians
within 10% of each other.

    .venv/bin/python benchmarks/signup_timing.py
    .venv/bin/python benchmarks/signup_timing.py --requests 100
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mentorhub import create_app  # noqa: E402
from mentorhub.accounts.services import create_account  # noqa: E402
from mentorhub.extensions import db  # noqa: E402

TARGET_RATIO = 1.10
FORM = {
    "role": "student",
    "display_name": "Timing Student",
    "password": "violet harbour lantern 42",
    "confirm": "violet harbour lantern 42",
    "timezone": "Europe/Lisbon",
}


def main() -> int:
    """Post the sign-ups, print the figures; exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="sign-ups of each kind")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the emails would otherwise fill the terminal
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "ENV": "testing",
                "SECRET_KEY": "benchmark",
                "INSTANCE_PATH": f"{folder}/instance",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "WTF_CSRF_ENABLED": False,
                "SIGNUP_RATE_LIMIT": "100000 per hour",
                "SERVER_NAME": "localhost",
                "SITE_URL": "http://localhost",
            }
        )
        with app.app_context():
            db.create_all()
            create_account(
                email="taken@example.com",
                password="an owner's own password 7",
                display_name="Owner",
                role="student",
                confirmed=True,
            )
        kinds = ["new"] * args.requests + ["taken"] * args.requests
        random.Random(7).shuffle(kinds)
        times: dict[str, list[float]] = {"new": [], "taken": []}
        client = app.test_client()
        for number, kind in enumerate(kinds, 1):
            email = f"new{number}@example.com" if kind == "new" else "taken@example.com"
            start = time.perf_counter()
            response = client.post("/signup", data={**FORM, "email": email})
            times[kind].append((time.perf_counter() - start) * 1000)
            if response.status_code != 302:
                print(f"sign-up {number} answered {response.status_code}", file=sys.stderr)
                return 1
            if number % 20 == 0 or number == len(kinds):
                print(f"\r{number}/{len(kinds)} sign-ups", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    medians = {kind: statistics.median(values) for kind, values in times.items()}
    for kind, values in times.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"{kind:6} median {medians[kind]:7.1f} ms   p95 {p95:7.1f} ms   ({len(values)} sign-ups)")
    ratio = max(medians.values()) / min(medians.values())
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"slower median / faster median: {ratio:.3f} (target at most {TARGET_RATIO}) {verdict}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
