"""Safety rules: a member reports someone; a site admin dismisses, warns, suspends or lifts a
suspension, each decision kept with who, when and why; the reporter is told it was handled.

Suspending ends the person's access (:func:`mentorhub.accounts.suspension.end_access`: log-in,
sessions, calendar feed), and the features below end what was open with them, each with a kind
note to the other person (they answer ``user_suspended``). Lifting gives the access back, not
what was cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.blocks import person_met
from mentorhub.accounts.models import User
from mentorhub.accounts.suspension import end_access, restore_access
from mentorhub.chats.models import ChatRequest
from mentorhub.chats.rules import clean_text
from mentorhub.chats.writing import writing
from mentorhub.database import commit
from mentorhub.errors import Conflict, DomainError, NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.notifications.services import notify
from mentorhub.safety.models import (
    ACTIONS,
    DISMISS,
    HANDLED,
    LIFT,
    OPEN,
    REASONS,
    SUSPEND,
    WARN,
    Decision,
    Report,
)

DETAILS_MAX = 2000
WHY_MAX = 1000
REPORTS_LINK = "/admin/reports"


def person_to_report(reporter: User, reported_id: int) -> User:
    """Whom ``reporter`` may report: anyone else they have met on the site
    (:func:`mentorhub.accounts.blocks.person_met`, as for blocking)."""
    return person_met(reporter, reported_id, "You can't report yourself.")


def request_between(request_id: int | None, a: int, b: int) -> int | None:
    """``request_id`` when it is a request between ``a`` and ``b`` (what a report is about),
    else ``None``."""
    if request_id is None:
        return None
    chat_request = db.session.get(ChatRequest, request_id)
    if chat_request is None or {chat_request.student_id, chat_request.professional_id} != {a, b}:
        return None
    return request_id


def report_person(reporter: User, reported_id: int, reason: str, details: str, request_id: int | None) -> Report:
    """``reporter`` reports ``reported_id`` for ``reason`` (one of :data:`REASONS`), with
    ``details``, about a request between them or not. A second report of the same person
    while the first is open adds its details to it. Site admins are told."""
    other = person_to_report(reporter, reported_id)
    if reason not in REASONS:
        raise DomainError("Please choose what happened.", field="reason")
    text = clean_text(details, DETAILS_MAX, "details", field="details")
    with writing():
        about = request_between(request_id, reporter.id, other.id)
        report = db.session.scalar(select(Report).where(
            Report.reporter_id == reporter.id, Report.reported_id == other.id, Report.status == OPEN))
        if report is not None:
            added = f"Also reported: {REASONS[reason]}." + (f"\n{text}" if text else "")
            report.details = "\n\n".join(part for part in (report.details, added) if part)
            report.request_id = report.request_id or about
        else:
            report = Report(reporter_id=reporter.id, reported_id=other.id, request_id=about, reason=reason,
                            details=text, status=OPEN, created_at=clock.now())
            db.session.add(report)
            db.session.flush()
            admins = select(User.id).where(User.is_admin.is_(True), User.id != other.id, User.suspended_at.is_(None))
            for admin in db.session.scalars(admins):
                notify(admin, "report_received", f"A new report about {other.display_name}",
                       f"{REASONS[reason]}. Open the reports queue to look into it.",
                       f"{REPORTS_LINK}/{report.id}")
        commit()
    return report


@dataclass(frozen=True)
class QueueRow:
    """An open report, as the queue lists it."""

    report: Report
    reports_about_them: int  # open reports about the same person


def open_reports(viewer: User) -> list[QueueRow]:
    """Open reports, oldest first, with their people, and how many are open about each
    reported person (two queries); never those about ``viewer``, whom another admin decides."""
    reports = list(db.session.scalars(
        select(Report).where(Report.status == OPEN, Report.reported_id != viewer.id)
        .options(joinedload(Report.reporter), joinedload(Report.reported))
        .order_by(Report.created_at, Report.id)))
    counts = dict(db.session.execute(
        select(Report.reported_id, func.count()).where(Report.status == OPEN).group_by(Report.reported_id)).all())
    return [QueueRow(r, counts.get(r.reported_id, 1)) for r in reports]


def suspended_people() -> list[User]:
    """Everyone suspended now, most recent first."""
    return list(db.session.scalars(
        select(User).where(User.suspended_at.is_not(None), User.deleted_at.is_(None))
        .order_by(User.suspended_at.desc(), User.id)))


def report_at(report_id: int) -> Report:
    """One report with its people, or :class:`NotFound`."""
    report = db.session.scalar(select(Report).where(Report.id == report_id)
                               .options(joinedload(Report.reporter), joinedload(Report.reported)))
    if report is None:
        raise NotFound("There is no such report.")
    return report


def decisions_about(user_id: int) -> list[Decision]:
    """Every decision about ``user_id``, newest first, with who made it."""
    return list(db.session.scalars(
        select(Decision).where(Decision.user_id == user_id).options(joinedload(Decision.decided_by))
        .order_by(Decision.decided_at.desc(), Decision.id.desc())))


def _locked_person(user_id: int) -> User:
    """The account ``user_id``, its row locked for the decision and read afresh."""
    person = db.session.scalar(select(User).where(User.id == user_id).with_for_update()
                               .execution_options(populate_existing=True))
    if person is None:
        raise NotFound("There is no such account.")
    return person


def _why(why: str) -> str:
    return clean_text(why, WHY_MAX, "reason for the decision", required=True, field="why")


def decide(admin: User, report_id: int, action: str, why: str) -> Decision:
    """A site admin decides an open report: ``dismiss``, ``warn`` (the reported person is
    told ``why``) or ``suspend``; recorded with who, when and why. The reporter is told it
    was handled, not how."""
    if action not in (DISMISS, WARN, SUSPEND):
        raise DomainError("Please choose a decision.", field="action")
    text = _why(why)
    with writing():
        # Two admins deciding at once, or two reports about one person: one waits for the other.
        db.session.execute(select(Report.id).where(Report.id == report_id).with_for_update())
        report = report_at(report_id)
        if report.status != OPEN:
            raise Conflict("This report was already handled. Please look at the queue again.")
        if report.reported_id == admin.id:
            raise NotAllowed("This report is about you: another site admin must decide it.")
        person = _locked_person(report.reported_id)
        if action == SUSPEND and person.suspended_at is not None:
            raise Conflict(f"{person.display_name} is already suspended.")
        if action == SUSPEND and person.is_admin:
            raise DomainError("Site admins can't be suspended here: take away their admin rights first.",
                              field="action")
        now = clock.now()
        report.status = HANDLED
        decision = Decision(report_id=report.id, user_id=person.id, action=action, why=text,
                            decided_by_id=admin.id, decided_at=now)
        db.session.add(decision)
        if action == WARN:
            notify(person, "safety_warning", "A warning from MentorHub",
                   f"We looked into a report about how you used MentorHub, and we ask you to change "
                   f"this:\n\n{text}\n\nMentorHub works because students and professionals can trust "
                   "each other. If it happens again, we may suspend your account.")
        elif action == SUSPEND:
            end_access(person, now)
            notify(person, "safety_suspended", "Your MentorHub account is suspended",
                   f"We looked into a report about how you used MentorHub and suspended your account:"
                   f"\n\n{text}\n\nYou can't log in while it is suspended. If you think this is a mistake, "
                   "reply to the email we sent you about it.")
        if report.reporter_id is not None:
            notify(report.reporter_id, "report_handled", "We looked into your report",
                   f"Thank you for telling us about {person.display_name}. A site admin looked into it and "
                   "took the action they judged right. We don't share what it was, to be fair to everyone.")
        commit()
    return decision


def lift_suspension(admin: User, user_id: int, why: str) -> Decision:
    """A site admin lifts ``user_id``'s suspension: they can log in again (what was
    cancelled stays cancelled); recorded with who, when and why, and the person is told."""
    text = _why(why)
    with writing():
        person = _locked_person(user_id)
        if person.id == admin.id:
            raise NotAllowed("Another site admin must lift your suspension.")
        if person.is_deleted:
            raise Conflict("That account was deleted by its owner: there is nothing to lift.")
        if person.suspended_at is None:
            raise Conflict(f"{person.display_name} is not suspended.")
        now = clock.now()
        restore_access(person)
        decision = Decision(user_id=person.id, action=LIFT, why=text, decided_by_id=admin.id, decided_at=now)
        db.session.add(decision)
        next_step = ("students can send you requests again whenever you accept them" if person.is_professional
                     else "send a new request when you are ready")
        notify(person, "safety_lifted", "Your MentorHub account is active again",
               f"You can log in again. Chats and requests that ended while your account was suspended "
               f"stay ended: {next_step}.")
        commit()
    return decision


__all__ = ["ACTIONS", "REASONS", "decide", "decisions_about", "lift_suspension", "open_reports",
           "person_to_report", "report_at", "report_person", "suspended_people"]
