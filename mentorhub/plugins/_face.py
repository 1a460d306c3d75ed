"""The helpers of the public face (re-exported by :mod:`mentorhub.plugins`): what a plugin's
views, commands and hooks may read of MentorHub without importing its internals.

Every lookup is answered by a provider that the owning feature registered with the host in
its ``init_app`` (accounts: users; profiles: professionals and labels; followup: the referral
graph; clubs: clubs and memberships), so the host imports no feature and a renamed internal module breaks no plugin.
Each runs a bounded number of queries, whatever the number of ids. What they return are the
app's own objects, for reading: a plugin writes only its own store and its own tables.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from flask import g, has_app_context

from mentorhub.plugins._host import get_host
from mentorhub.plugins._store import PluginStore

_CLUB_IDS_CACHE = "_mentorhub_club_ids"


def _ids(ids: Iterable[int]) -> list[int]:
    return sorted({int(i) for i in ids})


def _by_ids(lookup: str, ids: Iterable[int]) -> list[Any]:
    wanted = _ids(ids)
    return list(get_host().provider(lookup)(wanted)) if wanted else []


def _first(found: list[Any]) -> Any | None:
    return found[0] if found else None


def _user_id(user: Any) -> int | None:
    return user if isinstance(user, int) else getattr(user, "id", None)


def _loaded(name: str) -> Any:
    plugin = get_host().plugins.get(name)
    if plugin is None:
        raise LookupError(f"no plugin named {name!r} is loaded (PLUGIN_INFO name or module name)")
    return plugin


def store_for(name: str) -> PluginStore:
    """Your plugin's own key-value store (JSON values), as ``ctx.store`` is in its hooks: for
    views and commands; pass your own plugin's name. Writes are committed at the end of the
    request or command. :class:`LookupError` when no plugin of that name is loaded."""
    _loaded(name)
    return PluginStore(name)


def settings_for(name: str, club_id: int | None = None) -> dict[str, Any]:
    """A copy of plugin ``name``'s settings, as its hooks see them: the site's values
    (``ctx.settings``: a site admin's saved values, then the operator's
    ``MENTORHUB_PLUGIN_SETTINGS``, then the defaults), or with ``club_id`` that club's
    (``ctx.club_settings[club_id]``: its admins' values first). :class:`LookupError` when no
    plugin of that name is loaded."""
    plugin = _loaded(name)
    host = get_host()
    values = host.site_settings(plugin) if club_id is None else host.club_settings(plugin, int(club_id))
    return copy.deepcopy(values)


def is_enabled(name: str, club_id: int | None = None) -> bool:
    """Whether plugin ``name`` runs: site-wide, or for club ``club_id`` (a club-scoped plugin
    runs only for clubs that switched it on). ``False`` for a plugin that is not loaded."""
    if name not in get_host().plugins:
        return False
    return get_host().is_enabled(name, () if club_id is None else (club_id,))


def club_ids_of(user: Any) -> tuple[int, ...]:
    """The ids of the clubs ``user`` (a ``User`` or a user id) belongs to, sorted; cached for
    the request (one query per user)."""
    user_id = _user_id(user)
    if user_id is None:
        return ()
    cache: dict[int, tuple[int, ...]] = g.setdefault(_CLUB_IDS_CACHE, {}) if has_app_context() else {}
    if user_id not in cache:
        cache[user_id] = tuple(get_host().provider("club_ids")(user_id))
    return cache[user_id]


def remember_club_ids(user_id: int, ids: Iterable[int]) -> None:
    """Keep ``ids`` as the clubs of ``user_id`` for the rest of the request (read by the core
    with the signed-in user, so :func:`club_ids_of` need not ask)."""
    if has_app_context():
        g.setdefault(_CLUB_IDS_CACHE, {})[user_id] = tuple(sorted(ids))


def forget_club_ids() -> None:
    """Drop the clubs kept for the request (after a commit that may have changed them)."""
    if has_app_context():
        g.pop(_CLUB_IDS_CACHE, None)


def clubs_of(user: Any) -> list[Any]:
    """The clubs ``user`` (a ``User`` or id) belongs to, by name (``Club``: ``id``, ``name``,
    ``slug``, ``description``); one query."""
    user_id = _user_id(user)
    return [] if user_id is None else list(get_host().provider("clubs_of")(user_id))


def get_clubs(ids: Iterable[int]) -> list[Any]:
    """The clubs with these ids that exist, by id; one query."""
    return _by_ids("clubs", ids)


def get_club(club_id: int) -> Any | None:
    """The club ``club_id``, or ``None``."""
    return _first(get_clubs([club_id]))


def get_users(ids: Iterable[int]) -> list[Any]:
    """The users with these ids that exist, by id (``User``: ``id``, ``display_name``,
    ``role``, ``timezone``, ...), each with ``student_profile`` or ``professional_profile``
    loaded; three queries."""
    return _by_ids("users", ids)


def get_user(user_id: int) -> Any | None:
    """The user ``user_id``, or ``None``."""
    return _first(get_users([user_id]))


def get_professionals(ids: Iterable[int]) -> list[Any]:
    """The professionals among these ids, by id, each with ``professional_profile`` and its
    topics loaded (as hooks receive them); three queries."""
    return _by_ids("professionals", ids)


def find_professionals(
    *,
    topics: Iterable[str] = (),
    industry: str | None = None,
    company: str | None = None,
    exclude: Iterable[int] = (),
    limit: int = 50,
) -> list[Any]:
    """Professionals whose profile has any of the topic slugs ``topics``, or the industry slug
    ``industry``, or the company ``company`` (trimmed, case-insensitive; an empty one matches
    nothing), without the ids in ``exclude``: at most ``limit``, those that match most first
    (each matching topic, the company and the industry count one), then by id. Each has
    ``professional_profile`` and its topics loaded, as hooks receive them; three queries.

    Professionals who paused requests are left out (they take no chats now). Nothing asked
    for (no topic, industry or company) finds nobody.
    """
    slugs = sorted({topics} if isinstance(topics, str) else {s for s in topics if s})
    industry, company = (industry or "").strip(), (company or "").strip()
    if not (slugs or industry or company) or limit <= 0:
        return []
    return list(
        get_host().provider("find_professionals")(
            topics=slugs, industry=industry or None, company=company or None, exclude=_ids(exclude), limit=int(limit)
        )
    )


def referral_edges(user_ids: Iterable[int]) -> list[tuple[int, int]]:
    """The referral graph around these users: ``(referrer_id, referred_id)`` of every
    referral the referred member agreed to where either of them is among ``user_ids``, each
    pair once, sorted; one query. (Asks not yet answered, declined ones and invitations of
    people not yet on MentorHub are left out.)"""
    return [(int(a), int(b)) for a, b in _by_ids("referral_edges", user_ids)]


def industry_labels() -> dict[str, str]:
    """Every industry's label by its slug (``"a-and-r"`` -> ``"A&R (artists and repertoire)"``)."""
    return dict(get_host().provider("industry_labels")())


def industry_label(slug: str) -> str:
    """The label of industry ``slug`` (the slug itself when unknown; ``""`` for none)."""
    return industry_labels().get(slug, slug) if slug else ""


def topic_labels(slugs: Iterable[str]) -> dict[str, str]:
    """The display names of these topic slugs that exist; one query."""
    wanted = sorted({s for s in slugs if s})
    return dict(get_host().provider("topic_labels")(wanted)) if wanted else {}
