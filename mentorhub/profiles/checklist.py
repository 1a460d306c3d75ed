"""The dashboard's "complete your profile" card: what is missing, or a short summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mentorhub.accounts.models import User
from mentorhub.profiles.constants import FORMAT_LABELS, industry_label


@dataclass(frozen=True)
class ChecklistItem:
    """Something to add to a profile: a short title and why it helps."""

    title: str
    why: str


@dataclass(frozen=True)
class ProfileChecklist:
    """What a user's profile still lacks (``missing``) and, once complete, a ``summary``."""

    missing: list[ChecklistItem] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    paused: bool = False
    # When MentorHub paused them because three requests in a row expired (``None``: it didn't).
    auto_paused_at: datetime | None = None

    @property
    def complete(self) -> bool:
        """True when nothing is missing."""
        return not self.missing


def profile_checklist(user: User) -> ProfileChecklist:
    """The checklist of ``user``'s profile (student or professional)."""
    if user.is_professional:
        return _professional_checklist(user)
    return _student_checklist(user)


def _professional_checklist(user: User) -> ProfileChecklist:
    profile = user.professional_profile
    if profile is None:
        return ProfileChecklist(
            missing=[
                ChecklistItem(
                    "Fill in your profile",
                    "Students decide whom to ask from your role, field and topics.",
                )
            ]
        )
    missing = []
    if not profile.headline:
        missing.append(
            ChecklistItem("Add your role", "Your job title is the first thing students read.")
        )
    if not profile.industry:
        missing.append(
            ChecklistItem(
                "Choose your field", "Students search by field, e.g. A&R or tour management."
            )
        )
    if not profile.bio:
        missing.append(
            ChecklistItem(
                "Write a short bio",
                "A few lines on what you do and how you got there help students ask "
                "better questions.",
            )
        )
    if not profile.topics:
        missing.append(
            ChecklistItem(
                "Add topics you can talk about",
                "We match students to you by topic, and suggest questions from them.",
            )
        )
    if not profile.will_not_do:
        missing.append(
            ChecklistItem(
                "Say what you won't do",
                'e.g. "No job referrals": it sets expectations before anyone asks.',
            )
        )
    formats = ", ".join(
        FORMAT_LABELS[f] + (f" in {profile.city}" if f == "in_person" and profile.city else "")
        for f in profile.formats
    )
    summary = [
        profile.headline + (f" at {profile.company}" if profile.company else ""),
        industry_label(profile.industry),
        f"{profile.chat_minutes}-minute chats: {formats or 'no format chosen'}",
        f"Up to {profile.monthly_capacity} chats a month",
    ]
    return ProfileChecklist(
        missing=missing,
        summary=[line for line in summary if line],
        topics=[t.name for t in profile.topics],
        paused=not profile.accepting_requests,
        auto_paused_at=profile.auto_paused_at if not profile.accepting_requests else None,
    )


def _student_checklist(user: User) -> ProfileChecklist:
    profile = user.student_profile
    if profile is None:
        return ProfileChecklist(
            missing=[
                ChecklistItem(
                    "Fill in your profile",
                    "Professionals like to know who they are helping and what you want to learn.",
                )
            ]
        )
    missing = []
    if not profile.interests:
        missing.append(
            ChecklistItem(
                "Add interests so we can suggest people",
                "e.g. touring, A&R, sync licensing: we match you with professionals by topic.",
            )
        )
    if not profile.school or not profile.programme:
        missing.append(
            ChecklistItem(
                "Add your school and programme", "Professionals like to know who they are helping."
            )
        )
    if not profile.goals:
        missing.append(
            ChecklistItem(
                "Say what you want to learn",
                "A sentence about your goals makes your requests clearer and warmer.",
            )
        )
    study = " at ".join(part for part in (profile.programme, profile.school) if part)
    if study and profile.graduation_year:
        study += f", graduating {profile.graduation_year}"
    return ProfileChecklist(
        missing=missing,
        summary=[study] if study else [],
        topics=[t.name for t in profile.interests],
    )
