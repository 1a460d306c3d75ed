"""Profiles' share of people's own data: the profile in the data download, and the profile
emptied when its owner deletes their account (:mod:`mentorhub.accounts.own_data`)."""

from __future__ import annotations

from typing import Any

from mentorhub.accounts.models import User
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile
from mentorhub.signals import schedule_changed, send


def profile_part(user: User) -> dict[str, Any] | None:
    """The person's profile as they filled it in (``None`` without one)."""
    if user.is_professional:
        p = user.professional_profile
        if p is None:
            return None
        return {
            "headline": p.headline, "company": p.company, "industry": p.industry, "bio": p.bio,
            "topics": [t.name for t in p.topics], "formats": p.formats, "city": p.city,
            "meeting_link": p.meeting_link, "chat_minutes": p.chat_minutes,
            "monthly_capacity": p.monthly_capacity, "accepting_requests": p.accepting_requests,
            "will_not_do": p.will_not_do, "buffer_before_minutes": p.buffer_before_minutes,
            "buffer_after_minutes": p.buffer_after_minutes, "min_notice_hours": p.min_notice_hours,
            "horizon_days": p.horizon_days, "usual_reply": p.usual_reply or None,
        }
    s = user.student_profile
    if s is None:
        return None
    return {"school": s.school, "programme": s.programme, "graduation_year": s.graduation_year,
            "goals": s.goals, "interests": [t.name for t in s.interests]}


def empty_profile(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver: everything the person wrote in their profile goes, and a
    professional takes no requests. Before the commit."""
    professional = db.session.get(ProfessionalProfile, user_id)
    if professional is not None:
        for field in ("headline", "company", "industry", "bio", "city", "meeting_link", "will_not_do"):
            setattr(professional, field, "")
        professional.topics = []
        professional.accepting_requests = False
        professional.usual_reply_seconds = professional.auto_paused_at = None
        send(schedule_changed, professional_id=user_id)
    student = db.session.get(StudentProfile, user_id)
    if student is not None:
        student.school = student.programme = student.goals = ""
        student.graduation_year = None
        student.interests = []
