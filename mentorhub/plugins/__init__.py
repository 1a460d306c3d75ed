"""The MentorHub plugin API: the one module a plugin imports (DESIGN.md, "Plugin API", is the
contract; its names are extended, never renamed or removed).

Plugin authors import everything they need from here::

    from mentorhub.plugins import hookimpl, Question

    @hookimpl
    def mentorhub_suggest_questions(student, professional, ctx):
        return [Question("What surprised you most in your first year?")]

Besides the markers, value classes (:class:`Setting` declares a typed setting), the plugin API's
version (:data:`API_VERSION`), the base of a plugin's own tables (:class:`PluginModel`, written
inside :func:`plugin_session`) and name lists, it offers helpers for plugin views,
commands and hooks: the plugin's own store and settings outside a hook (:func:`store_for`,
:func:`settings_for`), whether it is on for a club (:func:`is_enabled`), the clubs of a user
(:func:`club_ids_of`, :func:`clubs_of`), read-only lookups of users, professionals and clubs
(:func:`get_user`, :func:`get_users`, :func:`get_professionals`, :func:`get_club`,
:func:`get_clubs`), professionals by topic, industry or company (:func:`find_professionals`),
the referral graph (:func:`referral_edges`) and labels (:func:`industry_label`,
:func:`industry_labels`, :func:`topic_labels`). The modules whose names start with ``_`` are
the host's internals.
"""

from mentorhub.plugins._api import (
    API_VERSION,
    EVENTS,
    TEMPLATE_SLOTS,
    Advice,
    HookContext,
    PluginInfo,
    Question,
    Recommendation,
    Signal,
    Slot,
    hookimpl,
    hookspec,
)
from mentorhub.plugins._face import (
    club_ids_of,
    clubs_of,
    find_professionals,
    get_club,
    get_clubs,
    get_professionals,
    get_user,
    get_users,
    industry_label,
    industry_labels,
    is_enabled,
    referral_edges,
    settings_for,
    store_for,
    topic_labels,
)
from mentorhub.plugins._settings import Setting
from mentorhub.plugins._store import PluginStore
from mentorhub.plugins._tables import PluginModel, plugin_session

__all__ = [
    "API_VERSION",
    "EVENTS",
    "TEMPLATE_SLOTS",
    "Advice",
    "HookContext",
    "PluginInfo",
    "PluginModel",
    "PluginStore",
    "Question",
    "Recommendation",
    "Setting",
    "Signal",
    "Slot",
    "club_ids_of",
    "clubs_of",
    "find_professionals",
    "get_club",
    "get_clubs",
    "get_professionals",
    "get_user",
    "get_users",
    "hookimpl",
    "hookspec",
    "industry_label",
    "industry_labels",
    "is_enabled",
    "plugin_session",
    "referral_edges",
    "settings_for",
    "store_for",
    "topic_labels",
]
