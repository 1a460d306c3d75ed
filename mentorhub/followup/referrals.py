""""Is there anyone else you'd recommend I talk to?": the student asks once after a chat;
the professional suggests members (pre-filled from every referral plugin) or invites
someone not on MentorHub yet; each person suggested agrees or declines before the student
sees their name (double opt-in).

Until the referred person agrees, only the referrer and they know who was suggested: the
student's pages, emails and notifications name nobody. Declining is silent to the student.
A request the student then sends to a referred professional is marked "Referred by …" and
comes first in that professional's inbox, and the referrer is told once the chat took place.
``tick`` reminds a professional once, 7 days after an unanswered ask.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_request_context, render_template, session, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.blocks import blocked_ids
from mentorhub.accounts.models import PROFESSIONAL, User
from mentorhub.accounts.rules import AccountError, normalise_email
from mentorhub.accounts.tokens import ClockSigner
from mentorhub.chats.models import ACCEPTED, COMPLETED, DECLINED, ChatRequest
from mentorhub.chats.queries import load_request_for
from mentorhub.chats.rules import clean_text
from mentorhub.chats.writing import request_link, still_open_between, writing
from mentorhub.database import commit
from mentorhub.discovery.models import HiddenProfessional
from mentorhub.errors import Conflict, DomainError, NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.followup import models
from mentorhub.followup.access import student_request
from mentorhub.followup.models import ASKED, INVITED, InvitationOptOut, Referral, ReferralAsk
from mentorhub.followup.notes import chat_ended
from mentorhub.mail import MailError, send_mail
from mentorhub.notifications.services import notify
from mentorhub.plugins import Recommendation, get_professionals, get_users
from mentorhub.plugins._calls import recommend_referrals
from mentorhub.plugins._events import record_event
from mentorhub.scheduling.models import Booking
from mentorhub.web import site_url

log = logging.getLogger(__name__)

WHO_ELSE = "Is there anyone else you'd recommend I talk to?"
REMIND_AFTER = timedelta(days=7)
REMIND_UNTIL = timedelta(days=30)  # a tick that did not run for long sends no stale reminder
RECOMMENDED = 8  # members pre-filled on the suggestion page
MOST_AT_ONCE = 5  # people suggested in one answer
NOTE_MAX = 500
ASK_KIND = "referral_asked"
REMINDER_KIND = "referral_ask_reminder"
CONSENT_KIND = "referral_consent"
ACCEPTED_KIND = "referral_accepted"
HELD_KIND = "referral_chat_held"
INVITATION_SALT = "mentorhub-referral-invitation"
OPT_OUT_SALT = "mentorhub-invitation-opt-out"
SESSION_INVITATION = "referral_invitation"


class InvitationProblem(DomainError):
    """An invitation link that is expired, already used or not genuine; 400."""

    status_code = 400


def ask_path(request_id: int) -> str:
    """Where the professional answers "who else should I talk to?"."""
    return f"/requests/{request_id}/referrals"


def consent_path(referral_id: int) -> str:
    """Where the referred person agrees or declines."""
    return f"/referrals/{referral_id}"


# --- asking ---------------------------------------------------------------------------------


def ask_of(request_id: int) -> ReferralAsk | None:
    """The student's "who else?" ask of this chat, if they asked."""
    return db.session.get(ReferralAsk, request_id)


def ask_who_else(actor: User, request_id: int) -> ReferralAsk:
    """``actor`` (the chat's student) asks its professional who else to talk to: once per
    chat, once the chat has ended. The professional is told at once."""
    with writing():
        chat_request = student_request(actor, request_id)
        name = chat_request.professional.display_name
        if not chat_ended(chat_request):
            raise Conflict(f"You can ask {name} who else to talk to once your chat has ended.")
        if ask_of(request_id) is not None:
            raise Conflict(f"You already asked {name}. We'll tell you when someone they suggest agrees.")
        still_open_between(chat_request)
        now = clock.now()
        ask = ReferralAsk(request_id=request_id, student_id=actor.id,
                          professional_id=chat_request.professional_id, asked_at=now)
        db.session.add(ask)
        try:
            db.session.flush()
        except IntegrityError as exc:  # the same button pressed twice at once
            raise Conflict(f"You already asked {name}.") from exc
        notify(
            chat_request.professional_id, ASK_KIND,
            f"{actor.display_name} asks: is there anyone else you'd recommend they talk to?",
            f"After your chat, {actor.display_name} would like to meet more people in your field. "
            "Suggest a MentorHub member or invite someone you know; each person you suggest is "
            "asked first, and the student only sees their name if they agree.",
            ask_path(request_id), request_id=request_id,
        )
        commit()
    return ask


def remind_unanswered(now: datetime | None = None) -> int:
    """Remind each professional once of an ask unanswered for 7 days; returns how many went
    out (a conditional update claims each, so concurrent ticks send it once)."""
    now = now or clock.now()
    due = db.session.execute(
        select(ReferralAsk.request_id, ReferralAsk.professional_id, User.display_name)
        .join(User, User.id == ReferralAsk.student_id)
        .where(
            ReferralAsk.answered_at.is_(None),
            ReferralAsk.reminded_at.is_(None),
            ReferralAsk.asked_at <= now - REMIND_AFTER,
            ReferralAsk.asked_at > now - REMIND_UNTIL,
        )
        .order_by(ReferralAsk.asked_at)
    ).all()
    sent = 0
    for request_id, professional_id, student_name in due:
        claimed = db.session.execute(
            update(ReferralAsk)
            .where(ReferralAsk.request_id == request_id, ReferralAsk.reminded_at.is_(None),
                   ReferralAsk.answered_at.is_(None))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            db.session.rollback()
            continue
        notify(
            professional_id, REMINDER_KIND,
            f"Who else should {student_name} talk to?",
            f"A week ago {student_name} asked whether there is anyone else you'd recommend they "
            "talk to. One name, or none, helps them plan their next step.",
            ask_path(request_id), request_id=request_id,
        )
        commit()
        sent += 1
    return sent


# --- suggesting -----------------------------------------------------------------------------


def end_open_on_block(sender: Any, *, blocker_id: int, blocked_id: int) -> None:
    """``user_blocked`` receiver: between the two, an unanswered "who else?" ask counts as
    answered, and introductions still waiting for an answer (whichever two of student,
    referrer and referred they are) end as declined, without telling anyone. Before the
    commit."""
    pair = {blocker_id, blocked_id}

    def between(a: Any, b: Any) -> Any:
        return and_(a.in_(pair), b.in_(pair))

    _close_open(between(ReferralAsk.student_id, ReferralAsk.professional_id),
                or_(between(Referral.student_id, Referral.referred_id),
                    between(Referral.student_id, Referral.referrer_id),
                    between(Referral.referrer_id, Referral.referred_id)))


def end_open_on_suspension(sender: Any, *, user_id: int) -> None:
    """``user_suspended`` receiver: the suspended person's unanswered "who else?" asks (as
    student or professional) count as answered, and introductions still waiting that involve
    them end as declined, without telling anyone. Before the commit."""
    _close_open(or_(ReferralAsk.student_id == user_id, ReferralAsk.professional_id == user_id),
                or_(Referral.student_id == user_id, Referral.referrer_id == user_id, Referral.referred_id == user_id))


def _close_open(asks: Any, introductions: Any) -> None:
    """The unanswered asks matching ``asks`` count as answered, and the introductions still
    waiting that match ``introductions`` end as declined, silently (in the caller's
    transaction)."""
    now = clock.now()
    db.session.execute(
        update(ReferralAsk).where(asks, ReferralAsk.answered_at.is_(None))
        .values(answered_at=now).execution_options(synchronize_session=False))
    db.session.execute(
        update(Referral).where(Referral.status.in_((ASKED, INVITED)), introductions)
        .values(status=models.DECLINED, decided_at=now).execution_options(synchronize_session=False))


def introduced(viewer_id: int, other_id: int) -> bool:
    """Whether an introduction joins the two: a student and someone suggested to them, or a
    referrer and the person they suggested (an acquaintance: each may block the other)."""
    pair = {viewer_id, other_id}
    return bool(db.session.scalar(select(exists().where(
        Referral.referred_id.is_not(None),
        or_(and_(Referral.student_id.in_(pair), Referral.referred_id.in_(pair)),
            and_(Referral.referrer_id.in_(pair), Referral.referred_id.in_(pair)))))))


def excluded_people(student_id: int) -> set[int]:
    """Whom ``student_id`` is never pointed to: themselves, people they met or have a chat
    booked with, hid, were declined by, were already suggested (whatever the answer), or are
    blocked with either way (four queries)."""
    met_or_declined = db.session.scalars(
        select(ChatRequest.professional_id).where(
            ChatRequest.student_id == student_id,
            ChatRequest.status.in_((ACCEPTED, COMPLETED, DECLINED)),
        )
    )
    hidden = db.session.scalars(
        select(HiddenProfessional.professional_id).where(HiddenProfessional.student_id == student_id)
    )
    suggested = db.session.scalars(
        select(Referral.referred_id).where(Referral.student_id == student_id, Referral.referred_id.is_not(None))
    )
    return {student_id, *met_or_declined, *hidden, *suggested, *blocked_ids(student_id)}


def _already_suggested(request_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(Referral.referred_id).where(
                Referral.ask_request_id == request_id, Referral.referred_id.is_not(None)
            )
        )
    )


def recommended(chat_request: ChatRequest, viewer: User) -> list[Recommendation]:
    """Members the professional of ``chat_request`` might suggest to its student: every
    referral plugin's recommendations, merged, without anyone the student met, hid or was
    declined by (whichever plugin returned them), nor anyone already suggested."""
    skip = excluded_people(chat_request.student_id) | _already_suggested(chat_request.id)
    skip |= blocked_ids(chat_request.professional_id)
    skip.add(chat_request.professional_id)
    # Loaded as hooks receive them: profiles, the professional's topics too.
    [student] = get_users([chat_request.student_id])
    [professional] = get_professionals([chat_request.professional_id])
    # Plugins cut to the limit they are given: ask for enough that the filter leaves some.
    found = recommend_referrals(student, professional, min(RECOMMENDED + len(skip), 60), viewer)
    return [r for r in found if r.professional.id not in skip and _can_be_asked(r.professional)][:RECOMMENDED]


def _can_be_asked(user: User) -> bool:
    """A professional who takes requests now (a plugin may return anyone)."""
    profile = getattr(user, "professional_profile", None)
    return (user.role == PROFESSIONAL and profile is not None and bool(profile.accepting_requests)
            and getattr(user, "suspended_at", None) is None)


@dataclass(frozen=True)
class Invitee:
    """Someone off MentorHub (or typed by hand) the professional suggests."""

    name: str
    email: str
    note: str


@dataclass(frozen=True)
class Suggested:
    """What an answer did: members asked, invitations sent."""

    asked: list[str]
    invited: list[str]


def _digest(email: str) -> str:
    """A keyed fingerprint of an address (HMAC with a key derived from the secret key), so
    the opt-out table and links hold no address, nor anything a dictionary attack reverses."""
    key = hashlib.sha256(b"mentorhub-invitation-opt-out:" + str(current_app.secret_key).encode()).digest()
    return hmac.new(key, email.encode(), hashlib.sha256).hexdigest()


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt, signer=ClockSigner)


def _clean_invitee(invitee: Invitee) -> tuple[str, str, str]:
    name = clean_text(invitee.name, 80, "name", required=True, field="invite_name").replace("\n", " ")
    try:
        email = normalise_email(invitee.email)
    except AccountError as error:
        raise DomainError(error.message, field="invite_email") from error
    note = clean_text(invitee.note, NOTE_MAX, "note", field="invite_note")
    return name, email, note


def _askable(member: User | None, skip: set[int]) -> bool:
    """Whether ``member`` may be asked for this student. When not (not a professional, or
    someone the student met, hid, was declined by or was already suggested), the answer is
    the same as for anyone else, so the referrer learns nothing of the student's history
    nor of who has an account."""
    return member is not None and member.id not in skip and _can_be_asked(member)


def suggest(actor: User, request_id: int, picks: Sequence[tuple[int, str]],
            invitee: Invitee | None = None) -> Suggested:
    """The chat's professional answers its student's ask: ``picks`` are ``(member id,
    note)``; ``invitee`` someone by name and email (a member's address asks that member, any
    other gets an invitation email). Each person is asked before the student sees their name.
    At most :data:`MOST_AT_ONCE` at once; invitations are limited per day."""
    if not picks and invitee is None:
        raise DomainError("Choose someone to suggest, or give the name and email of someone "
                          "who is not on MentorHub yet.")
    if len(picks) + (invitee is not None) > MOST_AT_ONCE:
        raise DomainError(f"Please suggest at most {MOST_AT_ONCE} people at once.")
    notes = [(member_id, clean_text(note, NOTE_MAX, "note")) for member_id, note in picks]
    typed = _clean_invitee(invitee) if invitee is not None else None
    with writing():
        chat_request = load_request_for(actor, request_id)
        if actor.id != chat_request.professional_id:
            raise NotAllowed("Only the professional of this chat can suggest people.")
        ask = ask_of(request_id)
        student = chat_request.student
        if ask is None:
            raise Conflict(f"{student.display_name} hasn't asked who else to talk to.")
        still_open_between(chat_request)
        skip = excluded_people(student.id) | _already_suggested(request_id) | {actor.id} | blocked_ids(actor)
        members = {u.id: u for u in get_professionals([m for m, _ in notes])}
        asked, invited = [], []
        for member_id, note in notes:
            member = members.get(member_id)
            if member is None:  # not a professional: a form nobody was shown
                raise DomainError("Please pick from the list, or give a name and an email.")
            if _askable(member, skip):
                skip.add(member.id)
                _ask_member(chat_request, actor, member, note)
            asked.append(member.display_name)
        if typed is not None:
            name, email, note = typed
            member = db.session.scalar(select(User).where(User.email == email))
            if member is None:
                _invite(chat_request, actor, name, email, note)
                invited.append(name)
            else:
                if _askable(member, skip):
                    _ask_member(chat_request, actor, member, note)
                asked.append(name)
        ask.answered_at = clock.now()
        commit()
    return Suggested(asked, invited)


def _made(referral: Referral, actor: User) -> None:
    record_event("referral_made", referral_id=referral.id, request_id=referral.ask_request_id,
                 student_id=referral.student_id, professional_id=referral.referrer_id, actor_id=actor.id)


def _ask_member(chat_request: ChatRequest, actor: User, member: User, note: str) -> Referral:
    referral = Referral(ask_request_id=chat_request.id, student_id=chat_request.student_id,
                        referrer_id=actor.id, referred_id=member.id, status=ASKED, note=note,
                        created_at=clock.now())
    db.session.add(referral)
    db.session.flush()
    notify(member.id, CONSENT_KIND,
           f"{actor.display_name} would like to introduce a student to you",
           f"After their chat, {actor.display_name} suggested that {chat_request.student.display_name} "
           "talk to you" + (f":\n\n{note}" if note else ".") + "\n\nDo you agree to be introduced? "
           "The student sees your name only if you agree; if you decline, nobody is told.",
           consent_path(referral.id))
    _made(referral, actor)
    return referral


def invitations_today(professional_id: int, now: datetime) -> int:
    """How many invitations ``professional_id`` sent in the last 24 hours."""
    return db.session.scalar(
        select(func.count()).select_from(Referral).where(
            Referral.referrer_id == professional_id,
            Referral.invite_name != "",
            Referral.created_at > now - timedelta(days=1),
        )
    ) or 0


def _invite(chat_request: ChatRequest, actor: User, name: str, email: str, note: str) -> Referral:
    now = clock.now()
    if db.session.get(InvitationOptOut, _digest(email)) is not None:
        raise DomainError("That address asked MentorHub never to email it an invitation, so we "
                          "can't invite them. You could tell them about MentorHub yourself.",
                          field="invite_email")
    most = int(current_app.config["REFERRAL_INVITES_PER_DAY"])
    if invitations_today(actor.id, now) >= most:
        raise DomainError(f"You've sent {most} invitations today, the most for one day. "
                          "Please invite them tomorrow.", field="invite_email")
    if db.session.scalar(select(Referral.id).where(Referral.ask_request_id == chat_request.id,
                                                   Referral.invite_email == email)):
        raise DomainError(f"You already invited {email} for this student.", field="invite_email")
    referral = Referral(ask_request_id=chat_request.id, student_id=chat_request.student_id,
                        referrer_id=actor.id, status=INVITED, note=note, invite_name=name,
                        invite_email=email, invite_nonce=secrets.token_hex(16), created_at=now)
    db.session.add(referral)
    db.session.flush()
    _made(referral, actor)
    _send_invitation(referral, actor, chat_request.student)
    return referral


def _send_invitation(referral: Referral, actor: User, student: User) -> None:
    """Email the invitation (before the commit: if it can't be sent, nothing is kept and the
    professional is told to try again)."""
    token = _serializer(INVITATION_SALT).dumps([referral.id, referral.invite_nonce])
    opt_out = invitation_opt_out_url(referral.invite_email or "")
    profile = actor.professional_profile
    body = render_template(
        "followup/email/invitation.txt", referral=referral, referrer=actor, student=student,
        referrer_role=", ".join(p for p in (profile.headline, profile.company) if p) if profile else "",
        link=site_url(url_for("referral.invitation", token=token)), opt_out=opt_out,
        valid_days=int(current_app.config["REFERRAL_INVITE_MAX_AGE"]) // 86400,
    )
    try:
        send_mail(referral.invite_email or "", f"{actor.display_name} would like to introduce you to a student",
                  body, headers={"List-Unsubscribe": f"<{opt_out}>",
                                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    except MailError as exc:
        raise Conflict("We couldn't send the invitation email just now, so nothing was sent. "
                       "Please try again in a few minutes.", field="invite_email") from exc


# --- invitations ----------------------------------------------------------------------------


def read_invitation(token: str) -> Referral:
    """The referral of an invitation link that is genuine, unexpired and unused."""
    try:
        referral_id, nonce = _serializer(INVITATION_SALT).loads(
            token, max_age=int(current_app.config["REFERRAL_INVITE_MAX_AGE"]))
    except SignatureExpired as exc:
        raise InvitationProblem("This invitation has expired. Ask the person who invited you to "
                                "suggest you again, or sign up on your own.") from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise InvitationProblem("This invitation link isn't valid. It may have been cut short "
                                "when it was copied: open it from the email again.") from exc
    referral = db.session.get(Referral, referral_id) if isinstance(referral_id, int) else None
    if referral is None or not isinstance(nonce, str) or referral.invite_nonce != nonce:
        raise InvitationProblem("This invitation link isn't valid any more (perhaps its address "
                                "asked never to be emailed again).")
    if referral.invite_used_at is not None or referral.status != INVITED:
        raise InvitationProblem("This invitation has already been used. Log in to see it.")
    return referral


def _attach(referral: Referral, user: User) -> bool:
    """The invited person is ``user`` now: they are asked for consent like any member (the
    address they were invited at is forgotten). A conditional update, so a link used twice at
    once attaches one person; ``False`` when it was already used."""
    claimed = db.session.execute(
        update(Referral)
        .where(Referral.id == referral.id, Referral.status == INVITED, Referral.invite_used_at.is_(None))
        .values(status=ASKED, invite_used_at=clock.now(), invite_email=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed:
        db.session.expire(referral, ["status", "invite_used_at", "invite_email"])
        referral.referred = user
    return bool(claimed)


def accept_invitation(actor: User, token: str) -> Referral:
    """A logged-in professional takes up an invitation: it becomes a consent question."""
    with writing():
        referral = read_invitation(token)
        if actor.role != PROFESSIONAL:
            raise NotAllowed("Invitations are for professionals. Log out, then sign up as a "
                             "professional with the link in the email.")
        if actor.id == referral.referrer_id:
            raise Conflict("This is your own invitation: it is for the person you suggested.")
        if actor.id in excluded_people(referral.student_id):
            raise Conflict("You have already talked with this student, or were already asked about "
                           "them, so there is no new introduction to make. See your dashboard.")
        if not _attach(referral, actor):
            raise InvitationProblem("This invitation has already been used. Log in to see it.")
        commit()
    return referral


def remember_invitation(token: str) -> None:
    """Keep a valid invitation for the sign-up that follows in this browser."""
    session[SESSION_INVITATION] = token


def attach_on_signup(sender: Any, user: User, **_: Any) -> None:
    """``user_signed_up`` receiver: a professional who signs up in the browser that opened an
    invitation is attached to it (asked for consent on first log-in; signing up is not
    consent). Anything wrong with the invitation just leaves the sign-up as it is."""
    if not has_request_context() or user.role != PROFESSIONAL:
        return
    token = session.pop(SESSION_INVITATION, None)
    if not isinstance(token, str):
        return
    try:
        referral = read_invitation(token)
    except InvitationProblem:
        return
    _attach(referral, user)


def opt_out_address(token: str) -> str:
    """The address digest an opt-out link is for (:class:`InvitationProblem` if not genuine)."""
    try:
        digest = _serializer(OPT_OUT_SALT).loads(token)
    except BadSignature as exc:
        raise InvitationProblem("This link isn't valid. It may have been cut short when it was copied.") from exc
    if not isinstance(digest, str) or len(digest) != 64:
        raise InvitationProblem("This link isn't valid.")
    return digest


def never_invite(digest: str) -> None:
    """No invitation is ever emailed to this address again (idempotent); its open
    invitations stop working and the address is forgotten."""
    with writing():
        if db.session.get(InvitationOptOut, digest) is None:
            db.session.add(InvitationOptOut(email_digest=digest, created_at=clock.now()))
        for referral in db.session.scalars(
            select(Referral).where(Referral.status == INVITED, Referral.invite_email.is_not(None))
        ):
            if _digest(referral.invite_email or "") == digest:
                referral.invite_email, referral.invite_nonce = None, None
        commit()


def invitation_opt_out_url(email: str) -> str:
    """The one-click "never email me an invitation again" address for ``email`` (for the
    ``List-Unsubscribe`` header of any invitation MentorHub emails)."""
    return site_url(url_for("referral.no_more_invitations", token=_serializer(OPT_OUT_SALT).dumps(_digest(email))))


def address_opted_out(email: str) -> bool:
    """Whether ``email`` asked MentorHub never to email it an invitation again."""
    return is_opted_out(_digest(email))


def is_opted_out(digest: str) -> bool:
    """Whether this address asked for no more invitations."""
    return db.session.get(InvitationOptOut, digest) is not None


# --- consent --------------------------------------------------------------------------------


def referral_for_referred(actor: User, referral_id: int) -> Referral:
    """A referral as its referred person sees it; 404 for anyone else (ids reveal nothing)."""
    referral = db.session.scalar(
        select(Referral).where(Referral.id == referral_id)
        .options(joinedload(Referral.student), joinedload(Referral.referrer))
    )
    if referral is None or referral.referred_id != actor.id:
        raise NotFound("We couldn't find that introduction.")
    return referral


def decide(actor: User, referral_id: int, agree: bool) -> Referral:
    """The referred person agrees (the student is told, with their name) or declines
    (nobody is told). Deciding twice keeps the first answer."""
    with writing():
        referral = referral_for_referred(actor, referral_id)
        now = clock.now()
        changed = db.session.execute(
            update(Referral)
            .where(Referral.id == referral_id, Referral.status == ASKED)
            .values(status=models.ACCEPTED if agree else models.DECLINED, decided_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            raise Conflict("You already answered this introduction.")
        if agree:
            notify(
                referral.student_id, ACCEPTED_KIND,
                f"{referral.referrer.display_name} introduced you to {actor.display_name}",
                f"{referral.referrer.display_name} suggested you talk to {actor.display_name}, and "
                f"{actor.display_name} agreed." + (f"\n\nWhy: {referral.note}" if referral.note else "")
                + "\n\nSend them a request when you're ready; it will say who referred you.",
                f"/professionals/{actor.id}",
            )
            record_event("referral_accepted", referral_id=referral.id, request_id=referral.ask_request_id,
                         student_id=referral.student_id, professional_id=actor.id, actor_id=actor.id)
        commit()
    db.session.refresh(referral)
    return referral


def waiting_for(professional: User) -> list[Referral]:
    """Introductions ``professional`` has not answered yet, oldest first (one query)."""
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.referred_id == professional.id, Referral.status == ASKED)
            .options(joinedload(Referral.student), joinedload(Referral.referrer))
            .order_by(Referral.created_at)
        )
    )


def unanswered_asks(professional: User) -> list[ReferralAsk]:
    """Students' "who else?" asks ``professional`` has not answered, oldest first."""
    return list(
        db.session.scalars(
            select(ReferralAsk)
            .where(ReferralAsk.professional_id == professional.id, ReferralAsk.answered_at.is_(None))
            .options(joinedload(ReferralAsk.student))
            .order_by(ReferralAsk.asked_at)
        )
    )


# --- what the student sees, and the chain ---------------------------------------------------


def accepted_for(student_id: int, ask_request_id: int | None = None) -> list[Referral]:
    """The referrals ``student_id`` may see (agreed to), oldest first, with both people."""
    query = (
        select(Referral)
        .where(Referral.student_id == student_id, Referral.status == models.ACCEPTED)
        .options(joinedload(Referral.referrer), joinedload(Referral.referred))
        .order_by(Referral.decided_at, Referral.id)
    )
    if ask_request_id is not None:
        query = query.where(Referral.ask_request_id == ask_request_id)
    return list(db.session.scalars(query))


def suggestions_of(request_id: int) -> list[Referral]:
    """Whom the professional suggested for this chat (for the referrer's own view)."""
    return list(
        db.session.scalars(
            select(Referral).where(Referral.ask_request_id == request_id)
            .options(joinedload(Referral.referred)).order_by(Referral.id)
        )
    )


def referred_by_marks(requests: list[Any]) -> dict[int, str]:
    """A request mark (see ``registries.request_mark``): "Referred by …" on a student's request
    to a professional who agreed to be introduced to them (one query)."""
    pairs = {(r.student_id, r.professional_id) for r in requests}
    if not pairs:
        return {}
    rows = db.session.execute(
        select(Referral.student_id, Referral.referred_id, User.display_name)
        .join(User, User.id == Referral.referrer_id)
        .where(Referral.status == models.ACCEPTED,
               or_(*(and_(Referral.student_id == s, Referral.referred_id == p) for s, p in pairs)))
        .order_by(Referral.decided_at)
    ).all()
    by_pair: dict[tuple[int, int], str] = {}
    for student_id, referred_id, name in rows:
        by_pair.setdefault((student_id, referred_id), name)
    return {r.id: f"Referred by {by_pair[(r.student_id, r.professional_id)]}"
            for r in requests if (r.student_id, r.professional_id) in by_pair}


def referrer_of(student_id: int, professional_id: int) -> Referral | None:
    """The first agreed referral that introduced ``student_id`` to ``professional_id``."""
    return db.session.scalar(
        select(Referral)
        .where(Referral.student_id == student_id, Referral.referred_id == professional_id,
               Referral.status == models.ACCEPTED)
        .options(joinedload(Referral.referrer))
        .order_by(Referral.decided_at)
        .limit(1)
    )


def tell_referrers(now: datetime | None = None) -> int:
    """Tell each referrer once that a chat they made possible took place (its time ended and
    it was not cancelled); returns how many were told."""
    now = now or clock.now()
    held = (
        select(ChatRequest.id)
        .join(Booking, Booking.request_id == ChatRequest.id)
        .where(ChatRequest.student_id == Referral.student_id,
               ChatRequest.professional_id == Referral.referred_id,
               ChatRequest.status.in_((ACCEPTED, COMPLETED)), Booking.active, Booking.end_at <= now,
               Booking.start_at >= Referral.decided_at)
        .exists()
    )
    due = db.session.scalars(
        select(Referral.id).where(Referral.status == models.ACCEPTED,
                                  Referral.referrer_told_at.is_(None), held)
        .order_by(Referral.id)
    ).all()
    told = 0
    for referral_id in due:
        claimed = db.session.execute(
            update(Referral).where(Referral.id == referral_id, Referral.referrer_told_at.is_(None))
            .values(referrer_told_at=now).execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            db.session.rollback()
            continue
        referral = db.session.scalar(
            select(Referral).where(Referral.id == referral_id)
            .options(joinedload(Referral.student), joinedload(Referral.referred))
        )
        notify(referral.referrer_id, HELD_KIND,
               f"{referral.student.display_name} talked with {referral.shown_name}, thanks to you",
               f"The chat you made possible took place: {referral.student.display_name} talked with "
               f"{referral.shown_name}. Thank you for passing it on.",
               request_link(referral.ask_request_id), request_id=referral.ask_request_id)
        commit()
        told += 1
    return told


def referral_step(progress: Any = None, full: bool = False) -> int:
    """The ``tick`` step: reminders of unanswered asks, then referrers told of chats held."""
    del progress, full  # small and incremental
    return remind_unanswered() + tell_referrers()
