"""Safety's share of people's own data (:mod:`mentorhub.accounts.own_data`): the reports
someone filed in the download (never reports about them, nor what admins decided, which are
the site's records); when they delete their account, their name and email are scrubbed from
the reports and decisions that mention them, which stay for the site admins."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import selectinload

from mentorhub.accounts.models import User
from mentorhub.database import scrub_text
from mentorhub.extensions import db
from mentorhub.notifications.models import Notification
from mentorhub.notifications.own_data import MENTION, scrub_mentions
from mentorhub.safety.models import HANDLED, OPEN, Decision, Report
from mentorhub.safety.services import REPORTS_LINK

# The reporter's notification that their report was handled, which names the person.
HANDLED_KIND = "report_handled"


def reports_part(user: User) -> list[dict[str, Any]]:
    """The reports the person filed: about whom, why, when, and whether it was handled."""
    reports = db.session.scalars(select(Report).where(Report.reporter_id == user.id)
                                 .options(selectinload(Report.reported)).order_by(Report.created_at, Report.id))
    return [{"about": r.reported.display_name, "reason": r.reason, "details": r.details,
             "sent_at": r.created_at.isoformat(), "handled": not r.is_open} for r in reports]


def scrub_reports(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver: the open reports about them are closed (there is no one left
    to decide about); the reports they filed or that are about them, the decisions about
    them and the site admins' and reporters' notifications no longer name them. Before the
    commit."""
    words = (email, name)
    involved = or_(Report.reporter_id == user_id, Report.reported_id == user_id)
    reports = db.session.execute(select(Report.id, Report.reporter_id).where(involved)).all()
    db.session.execute(update(Report).where(Report.reported_id == user_id, Report.status == OPEN)
                       .values(status=HANDLED).execution_options(synchronize_session=False))
    scrub_text(Report, ("details",), involved, words, MENTION)
    scrub_text(Decision, ("why",), Decision.user_id == user_id, words, MENTION)
    # The admins' "a new report about …" of these reports, and the reporters' "we looked into
    # your report" (which names the person it was about).
    scrub_mentions(Notification.link.in_([f"{REPORTS_LINK}/{report_id}" for report_id, _ in reports]), name, email)
    reporters = {reporter for _, reporter in reports if reporter and reporter != user_id}
    scrub_mentions(and_(Notification.kind == HANDLED_KIND, Notification.user_id.in_(reporters)), name, email)
    # Reports they filed stay for the admins, by "a former member", who is told nothing more.
    db.session.execute(update(Report).where(Report.reporter_id == user_id)
                       .values(reporter_id=None).execution_options(synchronize_session=False))
