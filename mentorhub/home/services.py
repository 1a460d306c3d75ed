"""What each dashboard shows. Features add their sections here."""

from __future__ import annotations

from typing import Any

from mentorhub.accounts.models import User


def dashboard_context(user: User) -> dict[str, Any]:
    """Everything the dashboard template of ``user``'s role needs."""
    return {"user": user}
