"""The booked chat's card on a request's page: what it shows and which buttons the viewer
gets, decided here so the template only shows (``bookings/_actions.html``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.bookings.access import BookingActions, available_actions
from mentorhub.bookings.models import CONFIRMED, DECLINED, OPEN, MoveProposal
from mentorhub.chats.models import ACCEPTED, CANCELLED, COMPLETED, NO_SHOW, ChatRequest
from mentorhub.extensions import db
from mentorhub.scheduling.models import Booking

# A calendar file is offered while the chat goes ahead, once it took place, and once it was
# cancelled (so calendars can remove it); not after a no-show.
_CALENDAR_STATUSES = (ACCEPTED, COMPLETED, CANCELLED)


@dataclass(frozen=True)
class BookingCard:
    """Everything ``bookings/_actions.html`` shows about one booking to one viewer."""

    booking: Booking
    actions: BookingActions
    cancelled: bool
    no_show: bool
    completed: bool
    cancelled_by: str
    no_show_by: str
    viewer_is_student: bool
    offers_calendar_file: bool
    suggests_feed: bool
    # A proposal to move the chat waiting for an answer (its time still ahead), whether the
    # viewer made it, and the last move confirmed, shown as "Your chat moved".
    move: MoveProposal | None = None
    move_is_mine: bool = False
    moved: MoveProposal | None = None
    moved_by: str = ""
    # The viewer's last proposal, if the other person kept the current time (and nothing
    # moved since).
    kept: MoveProposal | None = None
    other_name: str = ""
    other_role: str = ""


def booking_card(booking: Booking, chat_request: ChatRequest, viewer: User) -> BookingCard:
    """The card of ``booking`` (of ``chat_request``) as ``viewer``, one of its two people, sees it."""
    names = {
        booking.student_id: booking.student.display_name,
        booking.professional_id: booking.professional.display_name,
    }
    status = chat_request.status
    now = clock.now()
    going_ahead = status == ACCEPTED and booking.active and now < booking.start_at
    move = moved = kept = None
    if going_ahead:
        moves = db.session.scalars(
            select(MoveProposal)
            .where(MoveProposal.booking_id == booking.id, MoveProposal.status.in_((OPEN, CONFIRMED, DECLINED)))
            .order_by(MoveProposal.id)
        ).all()
        move = next((m for m in moves if m.status == OPEN and m.start_at > now), None)
        # Only the latest answer is news: a move confirmed, or the viewer's proposal declined.
        last = next((m for m in reversed(moves) if m.status in (CONFIRMED, DECLINED)), None)
        if last is not None and last.status == CONFIRMED:
            moved = last
        elif last is not None and last.proposed_by_id == viewer.id:
            kept = last
    return BookingCard(
        booking=booking,
        actions=available_actions(booking, viewer, now),
        cancelled=status == CANCELLED,
        no_show=status == NO_SHOW,
        completed=status == COMPLETED,
        # Without anyone's id, MentorHub itself cancelled it (a suspension).
        cancelled_by=names.get(booking.cancelled_by_id, "someone") if booking.cancelled_by_id else "MentorHub",
        no_show_by=names.get(booking.no_show_marked_by_id, "Someone"),
        viewer_is_student=viewer.id == booking.student_id,
        offers_calendar_file=status in _CALENDAR_STATUSES,
        suggests_feed=status == ACCEPTED,
        move=move,
        move_is_mine=move is not None and move.proposed_by_id == viewer.id,
        moved=moved,
        moved_by=("you" if moved.proposed_by_id == viewer.id else names.get(moved.proposed_by_id, ""))
        if moved else "",
        kept=kept,
        other_name=names[booking.professional_id if viewer.id == booking.student_id else booking.student_id],
        other_role="the professional" if viewer.id == booking.student_id else "the student",
    )


def render_booking_section(viewer: User, chat_request: ChatRequest) -> str:
    """The ``request_detail`` section: the booked chat's card, or nothing before a booking."""
    if chat_request.booking is None:
        return ""
    return render_template("bookings/_actions.html", card=booking_card(chat_request.booking, chat_request, viewer))
