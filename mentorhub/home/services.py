"""What each dashboard shows. Features add their sections here."""

from __future__ import annotations

from typing import Any

from mentorhub.accounts.models import User


def dashboard_context(user: User) -> dict[str, Any]:
    """Everything the dashboard template of ``user``'s role needs."""
    from mentorhub.profiles.checklist import profile_checklist

    context: dict[str, Any] = {"user": user, "profile_checklist": profile_checklist(user)}
    if user.is_professional and user.professional_profile is not None:
        from mentorhub.scheduling.availability import availability_summary

        context["availability"] = availability_summary(user)
    if user.is_student:
        from mentorhub.discovery.services import student_dashboard

        context["discovery"] = student_dashboard(user)
    from mentorhub.chats.queries import dashboard_chats

    context.update(dashboard_chats(user))
    return context
