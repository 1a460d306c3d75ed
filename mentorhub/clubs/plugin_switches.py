"""Club-scoped plugins, switched on or off for one club by its club admins (or a site admin)
at run time: the switch is a row in the database, which every worker reads at most once
per request, so it takes effect on the next request everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from mentorhub.accounts.models import User
from mentorhub.clubs.access import is_club_admin
from mentorhub.clubs.models import Club
from mentorhub.errors import NotAllowed, NotFound
from mentorhub.extensions import db
from mentorhub.plugins._host import LoadedPlugin, get_host
from mentorhub.plugins._models import PluginClubState

RACE = "Someone else switched this plugin at the same moment. Please look at the page again."


def plugin_named(name: str) -> LoadedPlugin:
    """The loaded plugin ``name``, or :class:`NotFound`."""
    plugin = get_host().plugins.get(name)
    if plugin is None:
        raise NotFound(f"There is no plugin named {name!r}.")
    return plugin


def save_switch() -> None:
    """Commit a switch and drop this request's cached switches; a switch written by someone
    else at the same moment becomes :class:`Conflict`."""
    get_host().commit_state(RACE)


def set_club_plugin_enabled(actor: User | None, name: str, club_id: int, enabled: bool) -> Club:
    """Switch a club-scoped plugin on or off for one club (site admins, or that club's
    admins; ``actor`` None means the CLI operator); returns the club."""
    plugin = plugin_named(name)
    if plugin.scope != "club":
        raise NotAllowed(f"{plugin.title} is a site-wide plugin; it cannot be switched per club.")
    club = db.session.get(Club, club_id)
    if club is None:
        raise NotFound("There is no such club.")
    if actor is not None and not is_club_admin(club, actor):
        raise NotAllowed(f"Only the admins of {club.name} can switch its plugins.")
    state = db.session.get(PluginClubState, (name, club_id))
    if state is None:
        state = PluginClubState(plugin_name=name, club_id=club_id, enabled=enabled)
        db.session.add(state)
    state.enabled = enabled
    save_switch()
    return club


@dataclass(frozen=True)
class ClubPlugin:
    """A club-scoped plugin as a club's settings page shows it."""

    name: str
    title: str
    description: str
    on_for_club: bool
    off_site_wide: bool  # a site admin switched it off for everyone: the club's switch waits
    has_settings: bool


def club_plugins(club: Club) -> list[ClubPlugin]:
    """Every club-scoped plugin, in plugin order, with whether ``club`` switched it on (the
    switches are read once for the request)."""
    host = get_host()
    switches = host.states.switches()
    return [
        ClubPlugin(plugin.name, plugin.title, plugin.description,
                   (plugin.name, club.id) in switches.club_enabled, plugin.name in switches.disabled,
                   any(s.in_forms for s in plugin.schema.values()))
        for plugin in host.plugins.values() if plugin.scope == "club"
    ]
