"""What the chat pages read: a request for one of its parties, the student's requests, the
professional's inbox, the dashboard sections and the request panel of a public profile.

Every function runs a fixed number of queries whatever the number of rows (eager loading).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from mentorhub import clock, registries
from mentorhub.accounts.models import User
from mentorhub.chats.models import (
    ACCEPTED,
    CANCELLED,
    COMPLETED,
    DECLINED,
    EXPIRED,
    NO_SHOW,
    PENDING,
    WITHDRAWN,
    ChatRequest,
    Message,
    RequestEvent,
)
from mentorhub.chats.rules import request_blocker
from mentorhub.errors import NotFound
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking
from mentorhub.timefmt import format_local, time_for

PAST_LIMIT = 50
LIST_LIMIT = 200
# "My requests" groups, in the order a student cares about them.
STUDENT_GROUPS: tuple[tuple[str, str], ...] = (
    (PENDING, "Waiting for an answer"),
    (ACCEPTED, "Booked"),
    (COMPLETED, "Done"),
    (DECLINED, "Declined"),
    (WITHDRAWN, "Withdrawn"),
    (EXPIRED, "Expired"),
    (CANCELLED, "Cancelled"),
    (NO_SHOW, "Missed"),
)


def _people() -> tuple[Any, ...]:
    return (
        joinedload(ChatRequest.student).joinedload(User.student_profile),
        joinedload(ChatRequest.professional).joinedload(User.professional_profile),
    )


def can_see_person(viewer_id: int, other_id: int) -> bool:
    """Whether ``viewer_id`` can see ``other_id`` on the site: a professional (their page is
    public), or someone they have a chat request with (two queries at most); registered as
    an acquaintance, with which the block page asks every feature."""
    if db.session.scalar(select(User.role).where(User.id == other_id)) == "professional":
        return True
    pair = or_(and_(ChatRequest.student_id == viewer_id, ChatRequest.professional_id == other_id),
               and_(ChatRequest.student_id == other_id, ChatRequest.professional_id == viewer_id))
    return db.session.scalar(select(exists().where(pair))) or False


def load_request_for(actor: User, request_id: int) -> ChatRequest:
    """The request with everything its page shows, if ``actor`` is one of its two parties.

    Anyone else gets :class:`NotFound`, exactly as for an id that does not exist, so request
    ids reveal nothing.
    """
    chat_request = db.session.scalar(
        select(ChatRequest)
        .where(ChatRequest.id == request_id)
        .options(
            *_people(),
            joinedload(ChatRequest.booking),
            selectinload(ChatRequest.proposed_times),
            selectinload(ChatRequest.events).joinedload(RequestEvent.actor),
            selectinload(ChatRequest.messages).joinedload(Message.sender),
        )
    )
    if chat_request is None or actor.id not in (
        chat_request.student_id,
        chat_request.professional_id,
    ):
        raise NotFound("We couldn't find that request.")
    return chat_request


def student_requests(student: User) -> list[tuple[str, str, list[ChatRequest]]]:
    """The student's requests grouped by state: ``(status, heading, requests)``, non-empty
    groups only; within "waiting", those awaiting the student's new times come first."""
    rows = (
        db.session.scalars(
            select(ChatRequest)
            .where(ChatRequest.student_id == student.id)
            .options(
                *_people(),
                joinedload(ChatRequest.booking),
                selectinload(ChatRequest.proposed_times),
            )
            .order_by(ChatRequest.created_at.desc())
            .limit(LIST_LIMIT)
        )
        .unique()
        .all()
    )
    groups = []
    for status, heading in STUDENT_GROUPS:
        items = [r for r in rows if r.status == status]
        if status == PENDING:
            items.sort(key=lambda r: not r.awaiting_student)
        elif status == ACCEPTED:
            items.sort(key=lambda r: r.booking.start_at if r.booking else r.created_at)
        if items:
            groups.append((status, heading, items))
    return groups


def inbox_sections(professional: User) -> dict[str, Any]:
    """The professional's inbox: ``pending`` (those to answer first, oldest first, and among
    them the marked ones first, e.g. referred students), ``upcoming`` chats (soonest first),
    the most recent ``past`` requests, and the ``marks`` other features put on them (labels by
    request id, see :func:`mentorhub.registries.request_mark`)."""
    now = clock.now()
    base = select(ChatRequest).where(ChatRequest.professional_id == professional.id)
    pending = (
        db.session.scalars(
            base.where(ChatRequest.status == PENDING)
            .options(*_people(), selectinload(ChatRequest.proposed_times))
            .order_by(ChatRequest.awaiting_student, ChatRequest.created_at)
        )
        .unique()
        .all()
    )
    upcoming = (
        db.session.scalars(
            base.join(Booking, Booking.request_id == ChatRequest.id)
            .where(ChatRequest.status == ACCEPTED, Booking.end_at > now)
            .options(*_people(), joinedload(ChatRequest.booking))
            .order_by(Booking.start_at)
        )
        .unique()
        .all()
    )
    past = (
        db.session.scalars(
            base.outerjoin(Booking, Booking.request_id == ChatRequest.id)
            .where(
                ChatRequest.status != PENDING,
                not_(and_(ChatRequest.status == ACCEPTED, Booking.end_at > now)),
            )
            .options(*_people(), joinedload(ChatRequest.booking))
            .order_by(ChatRequest.updated_at.desc())
            .limit(PAST_LIMIT)
        )
        .unique()
        .all()
    )
    marks = registries.request_marks([*pending, *upcoming, *past])
    pending = sorted(pending, key=lambda r: r.id not in marks)  # marked first, order kept
    return {"pending": pending, "upcoming": list(upcoming), "past": list(past), "marks": marks}


def dashboard_chats(user: User) -> dict[str, Any]:
    """The dashboard's chat sections (three queries): ``chat_pending`` requests (the student's
    own, or those the professional should answer, with their proposed times) and
    ``chat_upcoming`` bookings."""
    now = clock.now()
    if user.is_student:
        mine, other_of_request, mine_of_booking, other_of_booking = (
            ChatRequest.student_id,
            ChatRequest.professional,
            Booking.student_id,
            Booking.professional,
        )
    else:
        mine, other_of_request, mine_of_booking, other_of_booking = (
            ChatRequest.professional_id,
            ChatRequest.student,
            Booking.professional_id,
            Booking.student,
        )
    pending = db.session.scalars(
        select(ChatRequest)
        .where(mine == user.id, ChatRequest.status == PENDING)
        .options(joinedload(other_of_request), selectinload(ChatRequest.proposed_times))
        .order_by(
            ChatRequest.awaiting_student.desc()
            if user.is_student
            else ChatRequest.awaiting_student,
            ChatRequest.created_at,
        )
        .limit(20)
    ).all()
    upcoming = db.session.scalars(
        select(Booking)
        .where(mine_of_booking == user.id, Booking.active, Booking.end_at > now)
        .options(joinedload(other_of_booking))
        .order_by(Booking.start_at)
        .limit(10)
    ).all()
    return {"chat_pending": list(pending), "chat_upcoming": list(upcoming)}


@dataclass(frozen=True)
class PanelState:
    """What the "Request a chat" panel of a public profile shows to its viewer.

    ``kind``: ``anonymous``, ``own_page``, ``professional``, ``ok``, or one of the blockers of
    :func:`mentorhub.chats.rules.request_blocker`.
    """

    kind: str
    message: str = ""


def panel_state(viewer: User | None, professional: User) -> PanelState:
    """Whether ``viewer`` may request a chat with ``professional``, and if not, why."""
    if viewer is None:
        return PanelState("anonymous", "Log in or sign up as a student to request a chat.")
    if viewer.id == professional.id:
        return PanelState(
            "own_page", "This is your public page: students request chats with you here."
        )
    if not viewer.is_student:
        return PanelState("professional", "Only students can request chats.")
    if professional.professional_profile is None:
        return PanelState("paused", f"{professional.display_name} isn't taking requests.")
    blocker = request_blocker(viewer, professional, fresh=False)
    if blocker is not None:
        return PanelState(*blocker)
    return PanelState("ok")


@dataclass(frozen=True)
class RequestCard:
    """A request to answer, as the professional's dashboard shows it: the introduction's
    start, the proposed times still ahead in both zones, and their usual meeting link."""

    request: ChatRequest
    excerpt: str
    times: list[tuple[str, str]]  # (UTC ISO value, "Tue 2 Mar, 09:00 (Europe/London) · 04:00 for Sam")
    location: str


EXCERPT = 240


def request_cards(professional: User, pending: list[ChatRequest]) -> list[RequestCard]:
    """The cards of the ``pending`` requests ``professional`` can answer now (no query)."""
    now = clock.now()
    link = professional.professional_profile.meeting_link if professional.professional_profile else ""
    cards = []
    for r in pending:
        if r.awaiting_student:
            continue
        student = r.student
        first = student.display_name.split()[0] if student.display_name.split() else student.display_name
        same_zone = student.timezone == professional.timezone
        times = [
            (p.start_at.isoformat(), format_local(p.start_at, zone=professional.timezone)
             + ("" if same_zone else f" · {time_for(p.start_at, student.timezone, first)}"))
            for p in r.proposed_times if p.start_at > now
        ]
        text = " ".join(r.introduction.split())
        excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1].rsplit(" ", 1)[0] + "…"
        cards.append(RequestCard(r, excerpt, times, link if r.format == "video" else ""))
    return cards


def pending_count_column(user_id: Any) -> Any:
    """How many requests wait for the answer of the professional whose id is the column
    ``user_id`` (none for anyone else), as a correlated subquery (read with the signed-in
    user)."""
    return (
        select(func.count()).select_from(ChatRequest)
        .where(ChatRequest.professional_id == user_id, ChatRequest.status == PENDING,
               ChatRequest.awaiting_student.is_(False))
        .scalar_subquery()
    )


def pending_count(professional: User) -> int:
    """How many requests wait for ``professional``'s answer (for the menu's count)."""
    return db.session.scalar(
        select(func.count()).select_from(ChatRequest).where(
            ChatRequest.professional_id == professional.id, ChatRequest.status == PENDING,
            ChatRequest.awaiting_student.is_(False))
    ) or 0


def first_answers(*conditions: Any) -> Any:
    """A subquery of each request matching ``conditions`` (on :class:`ChatRequest`) that its
    professional answered: ``request_id`` and ``at``, the time of their *first* answer
    (accept, decline or ask for other times: the earliest history entry they made, since
    ``responded_at`` keeps the latest)."""
    return (
        select(RequestEvent.request_id.label("request_id"), func.min(RequestEvent.created_at).label("at"))
        .join(ChatRequest, ChatRequest.id == RequestEvent.request_id)
        .where(*conditions, RequestEvent.actor_id == ChatRequest.professional_id)
        .group_by(RequestEvent.request_id)
        .subquery()
    )
