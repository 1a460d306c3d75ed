"""Discovery's share of people's own data (:mod:`mentorhub.accounts.own_data`): the people a
student saved or marked "not for me" in the download; both lists, theirs and those they are
on, removed when an account is deleted."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select

from mentorhub.accounts.models import User
from mentorhub.discovery.models import HiddenProfessional, SavedProfessional
from mentorhub.extensions import db


def lists_part(user: User) -> dict[str, Any] | None:
    """A student's saved and "not for me" professionals, by name (``None`` for others)."""
    if not user.is_student:
        return None

    def names(model: Any) -> list[dict[str, Any]]:
        rows = db.session.execute(
            select(User.display_name, model.created_at).join(model, model.professional_id == User.id)
            .where(model.student_id == user.id).order_by(model.created_at, User.id))
        return [{"name": name, "since": at.isoformat()} for name, at in rows]

    return {"saved": names(SavedProfessional), "not_for_me": names(HiddenProfessional)}


def remove_lists(sender: Any, *, user_id: int, name: str, email: str) -> None:
    """``user_deleted`` receiver: the person's lists, and their place on others'. Before the
    commit."""
    for model in (SavedProfessional, HiddenProfessional):
        db.session.execute(delete(model).where(or_(model.student_id == user_id, model.professional_id == user_id)))
