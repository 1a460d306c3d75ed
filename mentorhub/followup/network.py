"""What the pictures show: a student's network (the people they talked with and the
introductions that led from one to the next, as chains student → A → B → C) and a
professional's impact (chats given, notes received, referrals made and agreed to, chats per
month). Only agreed referrals appear: the student never sees a name before consent.

Each function runs a fixed number of queries, whatever the size of the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ACCEPTED, COMPLETED, ChatRequest
from mentorhub.extensions import db
from mentorhub.followup.models import ACCEPTED as AGREED
from mentorhub.followup.models import THANK_YOU, UPDATE, FollowupNote, Referral
from mentorhub.scheduling.models import Booking
from mentorhub.timefmt import to_zone

YOU = "you"
MONTHS = 12


@dataclass(frozen=True)
class Person:
    """Someone in the student's network: ``met`` when their chat took place (``met_on``)."""

    id: int
    name: str
    met_on: datetime | None
    referred_by: str = ""


@dataclass
class Network:
    """A student's network: people, chat and referral links, and the chains."""

    people: list[Person] = field(default_factory=list)
    chats: list[int] = field(default_factory=list)  # people the student talked with
    referrals: list[tuple[int, int]] = field(default_factory=list)  # (referrer, referred)
    chains: list[list[str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nobody yet."""
        return not self.people


def _chats_held(student_id: int, now: datetime) -> dict[int, datetime]:
    """When the student first talked with each professional (chats that took place)."""
    rows = db.session.execute(
        select(ChatRequest.professional_id, func.min(Booking.start_at))
        .join(Booking, Booking.request_id == ChatRequest.id)
        .where(ChatRequest.student_id == student_id, ChatRequest.status.in_((ACCEPTED, COMPLETED)),
               Booking.active, Booking.end_at <= now)
        .group_by(ChatRequest.professional_id)
    ).all()
    return {pid: start for pid, start in rows}


def student_network(student: User, now: datetime | None = None) -> Network:
    """``student``'s network: everyone they talked with and everyone introduced to them who
    agreed, linked by chats and referrals, with the chains of introductions (three queries)."""
    now = now or clock.now()
    met = _chats_held(student.id, now)
    agreed = list(
        db.session.scalars(
            select(Referral)
            .where(Referral.student_id == student.id, Referral.status == AGREED)
            .options(joinedload(Referral.referrer), joinedload(Referral.referred))
            .order_by(Referral.decided_at, Referral.id)
        )
    )
    names: dict[int, str] = {}
    referred_by: dict[int, str] = {}
    edges: list[tuple[int, int]] = []
    for ref in agreed:
        if ref.referred is None:
            continue
        names[ref.referrer_id] = ref.referrer.display_name
        names[ref.referred_id] = ref.referred.display_name
        referred_by.setdefault(ref.referred_id, ref.referrer.display_name)
        if (ref.referrer_id, ref.referred_id) not in edges:
            edges.append((ref.referrer_id, ref.referred_id))
    missing = [pid for pid in met if pid not in names]
    if missing:
        rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(missing)))
        names.update({user_id: name for user_id, name in rows})
    people = sorted(
        (Person(pid, names[pid], met.get(pid), referred_by.get(pid, "")) for pid in names),
        key=lambda p: (p.met_on is None, p.met_on or now, p.name),
    )
    return Network(people, sorted(met, key=lambda pid: met[pid]), edges, _chains(met, edges, names))


def _chains(met: dict[int, datetime], edges: list[tuple[int, int]], names: dict[int, str]) -> list[list[str]]:
    """Every path of introductions from someone the student met on their own: ["You", A, B, C]."""
    onward: dict[int, list[int]] = {}
    for referrer, referred in edges:
        onward.setdefault(referrer, []).append(referred)
    introduced = {referred for _, referred in edges}
    starts = [pid for pid in sorted(met, key=lambda p: met[p]) if pid not in introduced and pid in onward]
    chains: list[list[str]] = []

    def walk(path: list[int]) -> None:
        nexts = [n for n in onward.get(path[-1], []) if n not in path]
        if not nexts:
            chains.append(["You", *(names[p] for p in path)])
            return
        for n in nexts:
            walk([*path, n])

    for start in starts:
        walk([start])
    return chains


@dataclass(frozen=True)
class Impact:
    """What a professional's time has done."""

    chats_given: int
    thank_yous: int
    updates: int
    referrals_made: int
    referrals_agreed: int
    introductions_agreed: int  # students introduced to them, who they agreed to meet
    months: list[tuple[str, int]]


def _month_starts(today: date, count: int) -> list[date]:
    firsts, year, month = [], today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(firsts))


def impact_of(professional: User, now: datetime | None = None) -> Impact:
    """``professional``'s chats given, notes received, referrals, and chats per month for the
    last 12 months in their zone (four queries)."""
    now = now or clock.now()
    starts = list(
        db.session.scalars(
            select(Booking.start_at)
            .join(ChatRequest, ChatRequest.id == Booking.request_id)
            .where(ChatRequest.professional_id == professional.id,
                   ChatRequest.status.in_((ACCEPTED, COMPLETED)), Booking.active, Booking.end_at <= now)
        )
    )
    notes: dict[str, int] = {
        kind: count
        for kind, count in db.session.execute(
            select(FollowupNote.kind, func.count())
            .where(FollowupNote.professional_id == professional.id)
            .group_by(FollowupNote.kind)
        )
    }
    made: dict[str, int] = {
        status: count
        for status, count in db.session.execute(
            select(Referral.status, func.count()).where(Referral.referrer_id == professional.id)
            .group_by(Referral.status)
        )
    }
    introduced = db.session.scalar(
        select(func.count()).select_from(Referral)
        .where(Referral.referred_id == professional.id, Referral.status == AGREED)
    ) or 0
    firsts = _month_starts(to_zone(now, professional.timezone).date(), MONTHS)
    counts = dict.fromkeys(firsts, 0)
    for start in starts:
        local = to_zone(start, professional.timezone).date().replace(day=1)
        if local in counts:
            counts[local] += 1
    return Impact(
        chats_given=len(starts),
        thank_yous=notes.get(THANK_YOU, 0),
        updates=notes.get(UPDATE, 0),
        referrals_made=sum(made.values()),
        referrals_agreed=made.get(AGREED, 0),
        introductions_agreed=introduced,
        months=[(first.strftime("%b %Y"), counts[first]) for first in firsts],
    )
