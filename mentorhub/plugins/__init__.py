"""The MentorHub plugin API (DESIGN.md, "Plugin API", is the contract).

Plugin authors import everything they need from here::

    from mentorhub.plugins import hookimpl, Question

    @hookimpl
    def mentorhub_suggest_questions(student, professional, ctx):
        return [Question("What surprised you most in your first year?")]
"""

from mentorhub.plugins.api import (
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

__all__ = [
    "EVENTS",
    "TEMPLATE_SLOTS",
    "Advice",
    "HookContext",
    "PluginInfo",
    "Question",
    "Recommendation",
    "Signal",
    "Slot",
    "hookimpl",
    "hookspec",
]
