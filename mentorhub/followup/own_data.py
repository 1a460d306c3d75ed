"""Follow-up's share of people's own data (:mod:`mentorhub.accounts.own_data`).

**Download.** What the person prepared (questions, what they want to learn), the thank-yous
and updates they wrote, the "who else?" asks they sent or received, and the introductions
they made or were part of (by the names people show everyone; a student's only once the
suggested person agreed, as their pages show them). Words others wrote to them (a thank-you
received, a referrer's note) stay out, counted only.

**Deletion.** Open asks and introductions end silently; their preparations, notes, nudges
and asks go; the notes they wrote on introductions are emptied and an invitation to their
address forgets it; and their name and email are scrubbed from other people's texts about
their chats and introductions, notifications included.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update

from mentorhub.accounts.models import User
from mentorhub.accounts.own_data import moment as _moment
from mentorhub.chats.models import ChatRequest
from mentorhub.chats.writing import request_link
from mentorhub.database import scrub_text
from mentorhub.extensions import db
from mentorhub.followup.models import (
    ACCEPTED,
    FollowupNote,
    KeepInTouchStop,
    Nudge,
    Preparation,
    PreparedQuestion,
    Referral,
    ReferralAsk,
)
from mentorhub.followup.referrals import consent_path, end_open_on_suspension
from mentorhub.notifications.models import Notification
from mentorhub.notifications.own_data import MENTION, scrub_mentions


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def followup_part(user: User) -> dict[str, Any]:
    """The person's preparations, notes, asks and introductions (see the module)."""
    mine = select(ChatRequest.id).where(ChatRequest.student_id == user.id)
    learn = dict(db.session.execute(
        select(Preparation.request_id, Preparation.learn_note).where(Preparation.request_id.in_(mine))).all())
    questions: dict[int, list[str]] = {}
    for q in db.session.scalars(select(PreparedQuestion).where(PreparedQuestion.request_id.in_(mine))
                                .order_by(PreparedQuestion.request_id, PreparedQuestion.position)):
        questions.setdefault(q.request_id, []).append(q.text)
    written = db.session.scalars(select(FollowupNote).where(FollowupNote.student_id == user.id)
                                 .order_by(FollowupNote.created_at, FollowupNote.id)).all()
    received = db.session.scalar(select(func.count()).select_from(FollowupNote)
                                 .where(FollowupNote.professional_id == user.id)) or 0
    asks = db.session.scalars(
        select(ReferralAsk).where(or_(ReferralAsk.student_id == user.id, ReferralAsk.professional_id == user.id))
        .order_by(ReferralAsk.asked_at)).all()
    # A student only ever sees the introductions the suggested person agreed to.
    referrals = db.session.scalars(
        select(Referral)
        .where(or_(and_(Referral.student_id == user.id, Referral.status == ACCEPTED),
                   Referral.referrer_id == user.id, Referral.referred_id == user.id))
        .order_by(Referral.created_at, Referral.id)).all()
    names = _names({n.professional_id for n in written}
                   | {i for a in asks for i in (a.student_id, a.professional_id)}
                   | {i for r in referrals for i in (r.student_id, r.referrer_id, r.referred_id) if i})
    return {
        "preparations": [{"request_id": rid, "what_you_want_to_learn": learn.get(rid, ""),
                          "questions": questions.get(rid, [])} for rid in sorted(set(learn) | set(questions))],
        "notes_you_wrote": [{"request_id": n.request_id, "to": names.get(n.professional_id), "kind": n.kind,
                             "text": n.body, "sent_at": _moment(n.created_at)} for n in written],
        "thank_yous_and_updates_received": int(received),
        "who_else_asks": [_ask(a, user, names) for a in asks],
        "introductions": [_introduction(r, user, names) for r in referrals],
    }


def _ask(a: ReferralAsk, user: User, names: dict[int, str]) -> dict[str, Any]:
    sent = a.student_id == user.id
    return {"request_id": a.request_id, "you_were": "student" if sent else "professional",
            "with": names.get(a.professional_id if sent else a.student_id),
            "asked_at": _moment(a.asked_at), "answered_at": _moment(a.answered_at)}


def _introduction(r: Referral, user: User, names: dict[int, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"status": r.status, "made_at": _moment(r.created_at)}
    if r.referrer_id == user.id:
        item.update(you_were="referrer", **{"for": names.get(r.student_id)},
                    to=names.get(r.referred_id) if r.referred_id else r.invite_name, your_note=r.note)
    elif r.student_id == user.id:
        item.update(you_were="student", by=names.get(r.referrer_id),
                    to=names.get(r.referred_id) if r.referred_id else None)
    else:
        item.update(you_were="suggested", by=names.get(r.referrer_id), **{"for": names.get(r.student_id)})
    return item


def erase_followup(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver (see the module). Before the commit."""
    end_open_on_suspension(sender, user_id=user_id)
    words = (email, name)
    theirs = select(ChatRequest.id).where(
        or_(ChatRequest.student_id == user_id, ChatRequest.professional_id == user_id)).scalar_subquery()
    as_student = select(ChatRequest.id).where(ChatRequest.student_id == user_id).scalar_subquery()
    db.session.execute(delete(PreparedQuestion).where(PreparedQuestion.request_id.in_(as_student)))
    db.session.execute(delete(Preparation).where(Preparation.request_id.in_(as_student)))
    db.session.execute(delete(FollowupNote).where(FollowupNote.student_id == user_id))
    db.session.execute(delete(Nudge).where(Nudge.student_id == user_id))
    db.session.execute(delete(KeepInTouchStop).where(
        or_(KeepInTouchStop.student_id == user_id, KeepInTouchStop.professional_id == user_id)))
    db.session.execute(delete(ReferralAsk).where(ReferralAsk.student_id == user_id))
    db.session.execute(update(Referral).where(Referral.referrer_id == user_id, Referral.note != "")
                       .values(note="").execution_options(synchronize_session=False))
    db.session.execute(update(Referral).where(func.lower(Referral.invite_email) == email.lower())
                       .values(invite_email=None, invite_name="").execution_options(synchronize_session=False))
    involved = or_(Referral.student_id == user_id, Referral.referrer_id == user_id, Referral.referred_id == user_id)
    introductions = db.session.execute(select(
        Referral.id, Referral.student_id, Referral.referrer_id, Referral.referred_id, Referral.ask_request_id,
    ).where(involved)).all()
    scrub_text(Referral, ("note", "invite_name"), involved, words, MENTION)
    scrub_text(FollowupNote, ("body",), FollowupNote.request_id.in_(theirs), words, MENTION)
    scrub_text(Preparation, ("learn_note",), Preparation.request_id.in_(theirs), words, MENTION)
    scrub_text(PreparedQuestion, ("text",), PreparedQuestion.request_id.in_(theirs), words, MENTION)
    # Their chats' notifications (a thank-you quoted) were cleared by chats. An introduction's
    # reach the people in it, at its consent page, the suggested person's page or the chat it
    # came from, and are cleared where they name the person.
    people = {i for r in introductions for i in r[1:4] if i and i != user_id}
    links = {consent_path(r.id) for r in introductions} | {request_link(r.ask_request_id) for r in introductions}
    links |= {f"/professionals/{r.referred_id}" for r in introductions if r.referred_id}
    if people and links:
        scrub_mentions(and_(Notification.user_id.in_(people), Notification.link.in_(links)), name, email)
