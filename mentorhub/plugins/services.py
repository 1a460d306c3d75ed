"""Switching plugins on and off at run time (no restart)."""

from __future__ import annotations

from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.database import commit
from mentorhub.errors import NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.plugins.host import get_host
from mentorhub.plugins.models import PluginClubState, PluginState


def set_plugin_enabled(actor: User | None, name: str, enabled: bool) -> None:
    """Enable or disable plugin ``name`` site-wide. ``actor`` None means the CLI operator."""
    if actor is not None and not actor.is_admin:
        raise NotAllowed("Only site admins can switch plugins on or off.")
    if name not in get_host().plugins:
        raise NotFound(f"There is no plugin named {name!r}.")
    state = db.session.get(PluginState, name)
    if state is None:
        state = PluginState(name=name, enabled=enabled, error_count=0, last_error="")
        db.session.add(state)
    state.enabled = enabled
    commit()


def set_club_plugin_enabled(actor: User | None, name: str, club_id: int, enabled: bool) -> None:
    """Switch a club-scoped plugin on or off for one club (site or club admins)."""
    from mentorhub.clubs.models import ClubMembership

    host = get_host()
    if name not in host.plugins:
        raise NotFound(f"There is no plugin named {name!r}.")
    if host.plugins[name].scope != "club":
        raise NotAllowed(f"{name!r} is a site-wide plugin; it cannot be switched per club.")
    if actor is not None and not actor.is_admin:
        membership = db.session.scalar(
            select(ClubMembership).where(ClubMembership.club_id == club_id, ClubMembership.user_id == actor.id)
        )
        if membership is None or not membership.is_club_admin:
            raise NotAllowed("Only this club's admins can switch its plugins.")
    state = db.session.get(PluginClubState, (name, club_id))
    if state is None:
        state = PluginClubState(plugin_name=name, club_id=club_id, enabled=enabled)
        db.session.add(state)
    state.enabled = enabled
    commit()
