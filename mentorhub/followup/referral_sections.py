"""What referrals add to other pages: a request's page ("who else should I talk to?" for
the student; the ask, the suggestions and "referred by" for the professionals) and the
professional's dashboard (introductions to answer, asks to answer)."""

from __future__ import annotations

from flask import render_template

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ChatRequest
from mentorhub.chats.writing import is_open_between
from mentorhub.followup import referrals
from mentorhub.followup.notes import chat_ended
from mentorhub.forms import EmptyForm


def render_referral_request(viewer: User, chat_request: ChatRequest) -> str:
    """The ``request_detail`` section of referrals (nothing when there is nothing to say).

    The student sees the ask button after the chat and, once asked, only the people who
    agreed; the professional of the chat sees the ask and their suggestions; a referred
    professional sees who referred the student."""
    student = viewer.id == chat_request.student_id
    ended = chat_ended(chat_request, clock.now())
    ask = referrals.ask_of(chat_request.id)
    referred_by = referrals.referrer_of(chat_request.student_id, chat_request.professional_id)
    can_ask = student and ended and ask is None and is_open_between(chat_request)
    if not (can_ask or ask or referred_by):
        return ""
    context = {
        "r": chat_request,
        "viewer_is_student": student,
        "ask": ask,
        "can_ask": can_ask,
        "accepted": referrals.accepted_for(chat_request.student_id, chat_request.id) if student and ask else [],
        "suggested": referrals.suggestions_of(chat_request.id) if not student and ask else [],
        "referred_by": referred_by,
        "question": referrals.WHO_ELSE,
        "button": EmptyForm(),
    }
    return render_template("followup/_referrals_request.html", **context)


def render_referral_dashboard(viewer: User) -> str:
    """The professional's introductions to answer and students' asks to answer."""
    waiting = referrals.waiting_for(viewer)
    asks = referrals.unanswered_asks(viewer)
    if not (waiting or asks):
        return ""
    return render_template("followup/_dashboard_referrals.html", waiting=waiting, asks=asks)
