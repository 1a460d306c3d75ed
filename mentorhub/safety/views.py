"""Safety pages: reporting someone, and the site admins' reports queue."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mentorhub.auth import admin_required, limit_from, person_or_address
from mentorhub.errors import DomainError, NotFound
from mentorhub.extensions import limiter
from mentorhub.routing import MAX_ID
from mentorhub.safety import services
from mentorhub.safety.forms import DecisionForm, LiftForm, ReportForm
from mentorhub.safety.models import REASONS
from mentorhub.web import safe_next

bp = Blueprint("safety", __name__)


def _request_id() -> int | None:
    raw = request.args.get("request_id", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 and int(raw) <= MAX_ID else None


@bp.route("/people/<int:user_id>/report", methods=["GET", "POST"])
@limiter.limit(limit_from("REPORT_RATE_LIMIT"), methods=["POST"], key_func=person_or_address)
@login_required
def report(user_id: int):
    """Report someone the member has met, about a request between them or not."""
    back = safe_next(request.args.get("next")) or url_for("home.dashboard")
    try:
        other = services.person_to_report(current_user, user_id)
    except NotFound:
        raise
    except DomainError as error:  # yourself
        flash(error.message, "error")
        return redirect(back)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report_person(current_user, other.id, form.reason.data, form.details.data or "", _request_id())
        except DomainError as error:
            form.show_error(error)
        else:
            flash(f"Thank you for telling us about {other.display_name}. A site admin will look into it, and we'll "
                  "tell you when they have. Reports are private: we never tell anyone who made one.", "success")
            return redirect(back)
    status = 400 if form.errors else 200
    return render_template("safety/report.html", other=other, form=form, back=back), status


@bp.get("/admin/reports")
@admin_required
def queue():
    """Open reports, oldest first, and the suspended accounts."""
    return render_template("safety/queue.html", rows=services.open_reports(current_user),
                           suspended=services.suspended_people(), lift_form=LiftForm(), reasons=REASONS)


@bp.route("/admin/reports/<int:report_id>", methods=["GET", "POST"])
@admin_required
def report_detail(report_id: int):
    """One report, what was decided about the person before, and the decision form."""
    found = services.report_at(report_id)
    form, status = DecisionForm(), 200
    if form.validate_on_submit():
        try:
            services.decide(current_user, report_id, form.action.data, form.why.data)
        except DomainError as error:
            form.show_error(error)
            status = 403 if error.status_code == 403 else 400
        else:
            flash(f"Your decision about {found.reported.display_name} is recorded.", "success")
            return redirect(url_for("safety.queue"))
    elif form.errors:
        status = 400
    found = services.report_at(report_id)  # as it is now (another admin may just have decided)
    return render_template("safety/report_detail.html", report=found, form=form, reasons=REASONS,
                           history=services.decisions_about(found.reported_id)), status


@bp.post("/admin/people/<int:user_id>/lift")
@admin_required
def lift(user_id: int):
    """Lift a suspension, with why."""
    form = LiftForm()
    if form.validate_on_submit():
        try:
            services.lift_suspension(current_user, user_id, form.why.data)
        except DomainError as error:
            form.show_error(error)
            status = error.status_code
        else:
            flash("The suspension is lifted: they can log in again.", "success")
            return redirect(url_for("safety.queue"))
    else:
        status = 400
    return render_template("safety/queue.html", rows=services.open_reports(current_user),
                           suspended=services.suspended_people(), lift_form=form, lift_for=user_id,
                           reasons=REASONS), status
