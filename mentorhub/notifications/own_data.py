"""Notifications' share of deleting an account (:mod:`mentorhub.accounts.own_data`): the
person's inbox and email choices go, and the features above make other people's
notifications about what they shared forget them (:func:`scrub_mentions`).

The inbox is left out of the data download: its texts are about other people as much as
about the person (a message's words, who accepted what), and all of it is in the download's
requests, chats and notes already.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from mentorhub.database import queue, scrub_words
from mentorhub.extensions import db
from mentorhub.notifications.models import EmailOptOut, Notification
from mentorhub.notifications.services import NEW_NOTES

# What a deleted person's name or email reads in the texts of other people that named them.
MENTION = "a former member"


DETAILS_REMOVED = "The details of this notification were removed when the other person left MentorHub."


def scrub_mentions(where: Any, name: str, email: str, *, about_them: bool = False) -> int:
    """Other people's notifications matching ``where`` forget a deleted person: their
    ``name`` and ``email`` read :data:`MENTION` in the title and the outcome line ("✓ … withdrew
    it"), and a body that named them, or
    any body when ``about_them`` (the notifications of a request or chat with them, which may
    quote their words, even cut short), reads :data:`DETAILS_REMOVED`. Returns how many
    changed. Part of the caller's transaction."""
    words = [w for w in (email, name) if w and w.strip()]
    limit, outcome_limit = Notification.title.type.length, Notification.outcome.type.length
    changed = 0
    db.session.flush()
    # The notes this deletion just wrote (the other person told they left) are already kind.
    fresh = [note.id for note in queue(NEW_NOTES) if note.id is not None]
    for note_id, title, body, outcome in db.session.execute(
        select(Notification.id, Notification.title, Notification.body, Notification.outcome)
        .where(where, Notification.id.notin_(fresh))
    ).all():
        outcome = outcome or ""
        new_title = scrub_words(title, words, MENTION)[:limit]
        new_outcome = scrub_words(outcome, words, MENTION)[:outcome_limit]
        named = new_title != title or new_outcome != outcome or scrub_words(body, words, MENTION) != body
        new_body = DETAILS_REMOVED if (about_them or named) and body else body
        if (new_title, new_body, new_outcome) != (title, body, outcome):
            db.session.execute(update(Notification).where(Notification.id == note_id)
                               .values(title=new_title, body=new_body, outcome=new_outcome)
                               .execution_options(synchronize_session=False))
            changed += 1
    return changed


def remove_inbox(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver: the person's notifications and email choices go. Before the
    commit."""
    db.session.execute(delete(Notification).where(Notification.user_id == user_id))
    db.session.execute(delete(EmailOptOut).where(EmailOptOut.user_id == user_id))
