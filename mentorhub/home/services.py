"""What each dashboard shows: the sections features registered, in the order they did."""

from __future__ import annotations

from typing import Any

from mentorhub.accounts.models import User
from mentorhub.registries import registries


def dashboard_context(user: User) -> dict[str, Any]:
    """Everything the dashboard template of ``user``'s role needs: the variables of every
    registered section that is on that role's dashboard."""
    context: dict[str, Any] = {"user": user}
    for section in registries().dashboard_sections:
        if user.role in section.roles:
            context.update(section.build(user))
    return context
