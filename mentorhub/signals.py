"""The core's signals: how a feature tells the features above it what happened.

The core only sends; the feature that owns the derived data subscribes in its ``init_app``
(the way Indico's ``indico.core.signals`` works). Signals are sent *before* the change is
committed, inside the same transaction, so a receiver's writes commit or roll back with it.

Receivers are module-level functions connected once (blinker holds weak references, so a
closure connected per app would silently vanish) and act on ``current_app``, so many apps in
one process (the test suite) stay apart.
"""

from __future__ import annotations

from typing import Any

from blinker import NamedSignal, Namespace
from flask import current_app

_signals = Namespace()

schedule_changed = _signals.signal(
    "schedule-changed",
    doc="""A write changed what a professional's free times may be.

    Sent with keyword ``professional_id`` by every write in the table of
    ``docs/architecture.md`` (availability windows, blackouts, buffers, notice and horizon,
    time zone, pause switch, monthly capacity, accept, reschedule, cancel, no-show).
    Scheduling recomputes the professional's next free time just before the commit.
    """,
)

user_signed_up = _signals.signal(
    "user-signed-up",
    doc="""A new account was added to the session (not committed yet).

    Sent with keyword ``user``; profiles gives the user an empty profile of their role.
    """,
)


user_blocked = _signals.signal(
    "user-blocked",
    doc="""Someone blocked someone else (not committed yet).

    Sent with keywords ``blocker_id`` and ``blocked_id``. Chats end the pending requests
    between the two and bookings cancel their upcoming chats, each with a neutral note that
    does not say why.
    """,
)


user_suspended = _signals.signal(
    "user-suspended",
    doc="""A site admin suspended an account (not committed yet).

    Sent with keyword ``user_id``. Chats end the person's pending requests and bookings cancel
    their upcoming chats, each with a kind note to the other person.
    """,
)


user_deleted = _signals.signal(
    "user-deleted",
    doc="""Someone deleted their account (not committed yet).

    Sent with keywords ``user_id``, ``name`` and ``email`` (what the account was called, for
    finding it in texts; the account already reads "A former member"). Each feature ends what
    was open with the person, with a note to the other person, and removes or anonymises what
    it keeps of them. What must stop a deletion is asked before, with
    ``registries.departure_check`` (clubs: the last admin of a club).
    """,
)


def send(signal: NamedSignal, **payload: Any) -> None:
    """Send ``signal`` from the current app with keyword ``payload``."""
    signal.send(current_app._get_current_object(), **payload)

