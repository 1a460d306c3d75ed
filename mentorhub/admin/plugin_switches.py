"""Switching plugins on and off at run time (no restart): the state lives in the database
and every worker reads it at most once per request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.database import commit
from mentorhub.errors import Conflict, NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.plugins._host import LoadedPlugin, get_host
from mentorhub.plugins._models import PluginClubState, PluginState

_RACE = "Someone else switched this plugin at the same moment. Please look at the page again."


def _plugin(name: str) -> LoadedPlugin:
    plugin = get_host().plugins.get(name)
    if plugin is None:
        raise NotFound(f"There is no plugin named {name!r}.")
    return plugin


def _save() -> None:
    try:
        commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise Conflict(_RACE) from exc
    get_host().states.forget()


def set_plugin_enabled(actor: User | None, name: str, enabled: bool) -> None:
    """Enable or disable plugin ``name`` site-wide. ``actor`` None means the CLI operator.

    A disabled plugin's hooks are skipped and its pages answer 404, from the next request on.
    """
    if actor is not None and not actor.is_admin:
        raise NotAllowed("Only site admins can switch plugins on or off.")
    _plugin(name)
    state = db.session.get(PluginState, name)
    if state is None:
        state = PluginState(name=name, enabled=enabled, error_count=0, last_error="")
        db.session.add(state)
    state.enabled = enabled
    _save()


def set_club_plugin_enabled(actor: User | None, name: str, club_id: int, enabled: bool) -> Club:
    """Switch a club-scoped plugin on or off for one club (site admins, or that club's
    admins); returns the club."""
    plugin = _plugin(name)
    if plugin.scope != "club":
        raise NotAllowed(f"{plugin.title} is a site-wide plugin; it cannot be switched per club.")
    club = db.session.get(Club, club_id)
    if club is None:
        raise NotFound("There is no such club.")
    if actor is not None and not actor.is_admin:
        membership = db.session.get(ClubMembership, (club_id, actor.id))
        if membership is None or not membership.is_club_admin:
            raise NotAllowed(f"Only the admins of {club.name} can switch its plugins.")
    state = db.session.get(PluginClubState, (name, club_id))
    if state is None:
        state = PluginClubState(plugin_name=name, club_id=club_id, enabled=enabled)
        db.session.add(state)
    state.enabled = enabled
    _save()
    return club


def plugin_title(name: str) -> str:
    """The title plugin ``name`` describes itself with."""
    return _plugin(name).title


def all_clubs() -> list[Club]:
    """Every club, by name."""
    return list(db.session.scalars(select(Club).order_by(Club.name, Club.id)))


# What each hook gives people, and what they notice when its plugin is switched off, in
# the words of the people who use the site (the admin page leads with these).
HOOK_EFFECTS: dict[str, tuple[str, str]] = {
    "mentorhub_suggest_questions": (
        "Suggests questions students can ask, on professionals' pages and when preparing.",
        "Students see fewer suggested questions (or none) while preparing.",
    ),
    "mentorhub_match_signals": (
        "Decides whom students are recommended first, and the reasons they read.",
        "Recommendations and search order lose its reasons; results may look less relevant.",
    ),
    "mentorhub_recommend_referrals": (
        "Suggests members a professional could introduce a student to after a chat.",
        "Professionals see fewer people to suggest; they can still name someone by hand.",
    ),
    "mentorhub_review_request": (
        "Advises students on their message before they send a request.",
        "Students send requests without its advice.",
    ),
    "mentorhub_available_slots": (
        "Decides which free times are offered for a professional.",
        "Free times come from professionals' weekly availability again.",
    ),
    "mentorhub_event": (
        "Hears what happens (requests, chats, thank-you notes) and acts on it.",
        "Whatever it does when something happens stops, e.g. its notes or counts.",
    ),
    "mentorhub_template_slot": (
        "Adds content to some pages.",
        "What it adds to pages disappears.",
    ),
    "mentorhub_register": (
        "Adds its own pages or commands.",
        "Its own pages answer 404 and its commands refuse to run.",
    ),
}


def plugin_overview() -> tuple[list[dict[str, Any]], list[Club]]:
    """Every plugin as ``describe()`` gives it, with ``hook_labels`` (hook names without the
    ``mentorhub_`` prefix), ``gives`` and ``if_off`` (what it does for people and what they
    notice when it is off, from :data:`HOOK_EFFECTS`) and, for club-scoped ones,
    ``club_list`` (the clubs that switched them on); and all clubs by name, for the admin
    page."""
    clubs = all_clubs()
    by_id = {club.id: club for club in clubs}
    rows = get_host().describe()
    for row in rows:
        row["club_list"] = [by_id[c] for c in row["clubs"] if c in by_id]
        row["hook_labels"] = [hook.removeprefix("mentorhub_") for hook in row["hooks"]]
        effects = [HOOK_EFFECTS[h] for h in row["hooks"] if h in HOOK_EFFECTS]
        row["gives"] = [gives for gives, _off in effects]
        row["if_off"] = [off for _gives, off in effects]
    return rows, clubs
