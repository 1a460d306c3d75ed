"""Referral pages: the student's "who else should I talk to?" button, the professional's
answer (members pre-filled from the referral plugins, or an invitation by email), the
referred person's consent, the invitation link and its "never email me again"."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mentorhub.chats.models import ChatRequest
from mentorhub.errors import DomainError, NotAllowed
from mentorhub.followup import referrals
from mentorhub.followup.access import load_request_for
from mentorhub.followup.referrals import InvitationProblem, Invitee
from mentorhub.followup.views import button_action, refused
from mentorhub.forms import EXPIRED_MESSAGE, EmptyForm
from mentorhub.plugins import Recommendation

bp = Blueprint("referral", __name__)
MAX_ID = 2**31 - 1


def _detail(request_id: int) -> str:
    return url_for("chats.detail", request_id=request_id) + "#referrals-heading"


@bp.post("/requests/<int:request_id>/referrals/ask")
@login_required
def ask(request_id: int):
    """The student asks the chat's professional who else to talk to (one click)."""
    return button_action("Asked. We'll tell you as soon as someone they suggest agrees to be introduced.",
                         _detail(request_id), lambda: referrals.ask_who_else(current_user, request_id))


def _picks() -> tuple[list[tuple[int, str]], list[str]]:
    """The ticked members and their notes, as posted; and the raw ids for showing again."""
    raw = [v for v in request.form.getlist("pick") if v.isascii() and v.isdigit() and 0 < int(v) <= MAX_ID]
    ids = list(dict.fromkeys(int(v) for v in raw))[: referrals.MOST_AT_ONCE + 1]
    return [(i, request.form.get(f"note-{i}", "")) for i in ids], [str(i) for i in ids]


def _render_suggest(chat_request: ChatRequest, recs: list[Recommendation], status: int = 200,
                    error: DomainError | None = None):
    ask = referrals.ask_of(chat_request.id)
    return render_template(
        "followup/suggest.html",
        r=chat_request,
        student=chat_request.student,
        ask=ask,
        recommendations=recs,
        suggested=referrals.suggestions_of(chat_request.id),
        form=EmptyForm(),
        posted=request.form if request.method == "POST" else {},
        picked=set(request.form.getlist("pick")) if request.method == "POST" else set(),
        error=error,
        most=referrals.MOST_AT_ONCE,
        note_max=referrals.NOTE_MAX,
    ), status


@bp.route("/requests/<int:request_id>/referrals", methods=["GET", "POST"])
@login_required
def suggest(request_id: int):
    """The professional's answer: tick recommended members, add a note each, or invite
    someone by name and email."""
    chat_request = load_request_for(current_user, request_id)
    if current_user.id != chat_request.professional_id:
        raise NotAllowed("Only the professional of this chat can suggest people.")
    if request.method == "GET":
        return _render_suggest(chat_request, referrals.recommended(chat_request, current_user))
    if not EmptyForm().validate():
        return _render_suggest(chat_request, referrals.recommended(chat_request, current_user), 400,
                               DomainError(EXPIRED_MESSAGE))
    picks, _ = _picks()
    typed = [request.form.get(k, "") for k in ("invite_name", "invite_email", "invite_note")]
    invitee = Invitee(*typed) if any(v.strip() for v in typed[:2]) else None
    try:
        done = referrals.suggest(current_user, request_id, picks, invitee)
    except DomainError as err:
        refused(err)
        return _render_suggest(chat_request, referrals.recommended(chat_request, current_user),
                               err.status_code, err)
    names = done.asked + done.invited
    flash(f"Thank you. We've asked {', '.join(names)} whether they're happy to be introduced to "
          f"{chat_request.student.display_name}; the student sees a name only after a yes.", "success")
    return redirect(_detail(request_id))


@bp.get("/referrals/<int:referral_id>")
@login_required
def consent(referral_id: int):
    """The referred person's page: who suggested them to whom, and why; agree or decline."""
    referral = referrals.referral_for_referred(current_user, referral_id)
    return render_template("followup/consent.html", referral=referral, form=EmptyForm())


def _decide(referral_id: int, agree: bool):
    referral = referrals.referral_for_referred(current_user, referral_id)
    name = referral.student.display_name
    done = (f"Thank you. {name} can now see your name and send you a request; it will say "
            f"{referral.referrer.display_name} referred them." if agree else
            f"Declined. {name} is never told and won't see your name; "
            f"{referral.referrer.display_name} sees that you declined.")
    return button_action(done, url_for("referral.consent", referral_id=referral_id),
                         lambda: referrals.decide(current_user, referral_id, agree))


@bp.post("/referrals/<int:referral_id>/agree")
@login_required
def agree(referral_id: int):
    """Agree to be introduced."""
    return _decide(referral_id, True)


@bp.post("/referrals/<int:referral_id>/decline")
@login_required
def decline(referral_id: int):
    """Decline the introduction (silently)."""
    return _decide(referral_id, False)


@bp.route("/referrals/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """The link in an invitation email: sign up (or log in) as a professional; a logged-in
    professional takes it up with one button. Either way they are asked for consent next."""
    try:
        referral = referrals.read_invitation(token)
    except InvitationProblem as err:
        return render_template("followup/invitation_problem.html", message=err.message), 400
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login", next=request.path))
        if not EmptyForm().validate():
            flash(EXPIRED_MESSAGE, "warning")
            return redirect(request.path)
        try:
            referrals.accept_invitation(current_user, token)
        except DomainError as err:
            refused(err)
            flash(err.message, "warning")
            return redirect(url_for("home.dashboard"))
        return redirect(url_for("referral.consent", referral_id=referral.id))
    if not current_user.is_authenticated:
        referrals.remember_invitation(token)
    return render_template("followup/invitation.html", referral=referral, token=token, form=EmptyForm())


@bp.route("/referrals/no-more-invitations/<token>", methods=["GET", "POST"])
def no_more_invitations(token: str):
    """"Never email me again", from any invitation: no log-in, the signed link says which
    address. Mail programs post to it directly (RFC 8058); opening it changes nothing."""
    try:
        digest = referrals.opt_out_address(token)
    except InvitationProblem as err:
        return render_template("followup/invitation_problem.html", message=err.message), 400
    if request.method == "POST":
        referrals.never_invite(digest)
    return render_template("followup/no_more_invitations.html", token=token,
                           stopped=referrals.is_opted_out(digest), posted=request.method == "POST")
