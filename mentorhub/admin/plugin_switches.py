"""Switching plugins on and off at run time (no restart): the state lives in the database
and every worker reads it at most once per request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.clubs.models import Club
from mentorhub.clubs.plugin_switches import plugin_named, save_switch, set_club_plugin_enabled
from mentorhub.errors import NotAllowed
from mentorhub.extensions import db
from mentorhub.plugins._host import get_host
from mentorhub.plugins._models import PluginState

__all__ = ["set_club_plugin_enabled", "set_plugin_enabled", "plugin_title", "all_clubs", "plugin_overview",
           "HOOK_EFFECTS"]


def set_plugin_enabled(actor: User | None, name: str, enabled: bool) -> None:
    """Enable or disable plugin ``name`` site-wide. ``actor`` None means the CLI operator.

    A disabled plugin's hooks are skipped and its pages answer 404, from the next request on.
    """
    if actor is not None and not actor.is_admin:
        raise NotAllowed("Only site admins can switch plugins on or off.")
    plugin_named(name)
    state = db.session.get(PluginState, name)
    if state is None:
        state = PluginState(name=name, enabled=enabled, error_count=0, last_error="")
        db.session.add(state)
    state.enabled = enabled
    save_switch()


def plugin_title(name: str) -> str:
    """The title plugin ``name`` describes itself with."""
    return plugin_named(name).title


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
