"""A club's funnel, for its club admins: how far its student members' requests got, by the
UTC month in which each request was sent, over the last twelve months.

Every count is one aggregate statement (``GROUP BY`` over ``EXISTS`` flags); the median
time to first reply is taken in Python from one query of reply times, since SQLite has no
percentile function. The members who have sent no request yet are two more statements: a
page costs the same four whatever the club's size. Months are computed here as UTC
boundaries and matched with ``CASE`` ranges, so grouping is the same on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, case, exists, func, select

from mentorhub import clock
from mentorhub.accounts.models import STUDENT, User
from mentorhub.chats.models import COMPLETED, ChatRequest
from mentorhub.chats.queries import first_answers
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db
from mentorhub.followup.models import THANK_YOU, UPDATE, FollowupNote, Referral, ReferralAsk
from mentorhub.scheduling.models import Booking

MONTHS = 12
NAMES_SHOWN = 50
NO_REPLY = "—"
TOTAL_LABEL = f"Last {MONTHS} months"
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The funnel's stages in order: (field of FunnelRow, column heading and chart label).
STAGES: tuple[tuple[str, str], ...] = (
    ("sent", "Requests sent"),
    ("accepted", "Accepted"),
    ("held", "Held"),
    ("thanked", "Thanked"),
    ("followed_up", "Followed up"),
    ("referrals_asked", "Referrals asked"),
    ("referrals_made", "Referrals made"),
)
COLUMNS: tuple[str, ...] = ("Month (UTC)", *(heading for _, heading in STAGES), "Median time to first reply")


def duration_words(seconds: float | None) -> str:
    """A reply time in words, rounded: ``"40 minutes"``, ``"5 hours"`` (under two days),
    ``"2 days"``; :data:`NO_REPLY` when there is none."""
    if seconds is None:
        return NO_REPLY
    # Rounded first, then worded, so 59 minutes 59.9 seconds reads "1 hour", not "60 minutes".
    if round(seconds / 60) < 60:
        amount, unit = max(1, round(seconds / 60)), "minute"
    elif round(seconds / 3600) < 48:
        amount, unit = round(seconds / 3600), "hour"
    else:
        amount, unit = round(seconds / 86400), "day"
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


@dataclass(frozen=True)
class FunnelRow:
    """One month's requests (or the totals over the months shown) and how far they got."""

    label: str
    sent: int = 0
    accepted: int = 0
    held: int = 0
    thanked: int = 0
    followed_up: int = 0
    referrals_asked: int = 0
    referrals_made: int = 0
    median_reply_seconds: float | None = None

    @property
    def median_reply(self) -> str:
        """The median time to first reply in words, or :data:`NO_REPLY`."""
        return duration_words(self.median_reply_seconds)

    def cells(self) -> list[str]:
        """The row as the table and the CSV show it, in :data:`COLUMNS` order."""
        return [self.label, *(str(getattr(self, field)) for field, _ in STAGES), self.median_reply]


@dataclass(frozen=True)
class ClubFunnel:
    """What a club's dashboard shows: the months, oldest first, their totals, and the
    student members who have not sent any request yet."""

    club: Club
    months: list[FunnelRow]
    total: FunnelRow
    student_members: int
    without_requests: int
    without_requests_names: list[str]  # at most NAMES_SHOWN, by name

    @property
    def more_without_requests(self) -> int:
        """How many members without requests the list leaves out ("and N more")."""
        return self.without_requests - len(self.without_requests_names)

    @property
    def period(self) -> str:
        """``"Apr 2026 – Mar 2027"``: the months shown."""
        return f"{self.months[0].label} – {self.months[-1].label}"

    def table_rows(self) -> list[list[str]]:
        """Every row of the table and of the CSV below the header: the months, then the totals."""
        return [row.cells() for row in (*self.months, self.total)]

    def stage_totals(self) -> list[tuple[str, int]]:
        """``(stage heading, total over the months shown)`` pairs."""
        return [(heading, getattr(self.total, field)) for field, heading in STAGES]


def month_starts(now: datetime, count: int = MONTHS) -> list[datetime]:
    """The first instants (UTC) of the ``count`` months up to ``now``'s, oldest first, and of
    the month after: ``count + 1`` boundaries."""
    now = now.astimezone(UTC)
    year, month = now.year, now.month
    starts = []
    for _ in range(count):
        starts.append(datetime(year, month, 1, tzinfo=UTC))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    last = starts[-1]
    starts.append(datetime(last.year + last.month // 12, last.month % 12 + 1, 1, tzinfo=UTC))
    return starts


def _label(start: datetime) -> str:
    return f"{_MONTH_NAMES[start.month - 1]} {start.year}"


def _student_members(club: Club) -> Select:
    """The ids of ``club``'s current members who are students (club admins included)."""
    return (
        select(ClubMembership.user_id)
        .join(User, User.id == ClubMembership.user_id)
        .where(ClubMembership.club_id == club.id, User.role == STUDENT)
    )


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def club_funnel(club: Club, now: datetime | None = None) -> ClubFunnel:
    """``club``'s funnel for the :data:`MONTHS` UTC months up to ``now``'s (default: the
    clock's), with zeros for quiet months. Four statements whatever the club's size."""
    bounds = month_starts(now or clock.now())
    month = case(*((ChatRequest.created_at < end, index) for index, end in enumerate(bounds[1:])))
    in_window = (
        ChatRequest.student_id.in_(_student_members(club)),
        ChatRequest.created_at >= bounds[0],
        ChatRequest.created_at < bounds[-1],
    )

    flags = select(
        month.label("month"),
        _flag(exists().where(Booking.request_id == ChatRequest.id)).label("accepted"),
        _flag(ChatRequest.status == COMPLETED).label("held"),
        _flag(exists().where(FollowupNote.request_id == ChatRequest.id, FollowupNote.kind == THANK_YOU))
        .label("thanked"),
        _flag(exists().where(FollowupNote.request_id == ChatRequest.id, FollowupNote.kind == UPDATE))
        .label("followed_up"),
        _flag(exists().where(ReferralAsk.request_id == ChatRequest.id)).label("referrals_asked"),
        _flag(exists().where(Referral.ask_request_id == ChatRequest.id)).label("referrals_made"),
    ).where(*in_window).subquery()
    # Grouped outside the subquery: PostgreSQL would not see two renderings of the CASE
    # (each with its own parameters) as the same grouping expression.
    counts = {
        row[0]: row[1:]
        for row in db.session.execute(
            select(flags.c.month, func.count(), *(func.sum(flags.c[field]) for field, _ in STAGES[1:]))
            .group_by(flags.c.month)
        )
    }

    # The professional's first answer, not the latest that ``responded_at`` holds.
    first_answer = first_answers(*in_window)
    replies: dict[int, list[float]] = {}
    for index, created_at, answered_at in db.session.execute(
        select(month, ChatRequest.created_at, first_answer.c.at)
        .join(first_answer, first_answer.c.request_id == ChatRequest.id)
        .where(*in_window)
    ):
        replies.setdefault(index, []).append((answered_at - created_at).total_seconds())

    months = []
    for index, start in enumerate(bounds[:-1]):
        figures = [int(value or 0) for value in counts.get(index, ())] or [0] * len(STAGES)
        waits = replies.get(index)
        months.append(FunnelRow(_label(start), *figures, statistics.median(waits) if waits else None))
    every_wait = [wait for waits in replies.values() for wait in waits]
    total = FunnelRow(
        TOTAL_LABEL,
        *(sum(getattr(row, field) for row in months) for field, _ in STAGES),
        statistics.median(every_wait) if every_wait else None,
    )

    no_request = ~exists().where(ChatRequest.student_id == User.id)
    student_members, without = db.session.execute(
        select(func.count(), func.coalesce(func.sum(_flag(no_request)), 0))
        .select_from(User).join(ClubMembership, ClubMembership.user_id == User.id)
        .where(ClubMembership.club_id == club.id, User.role == STUDENT)
    ).one()
    names = list(db.session.scalars(
        select(User.display_name).join(ClubMembership, ClubMembership.user_id == User.id)
        .where(ClubMembership.club_id == club.id, User.role == STUDENT, no_request)
        .order_by(User.display_name, User.id).limit(NAMES_SHOWN)
    ))
    return ClubFunnel(club, months, total, int(student_members), int(without), names)
