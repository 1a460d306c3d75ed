"""Hook specifications: the contract plugin authors write against (DESIGN.md, "Plugin API").

Each spec is a bodiless function whose docstring says what to return and how results are
combined. Implementations may take any subset of the arguments, by name. ``ctx`` is a
:class:`~mentorhub.plugins.HookContext` built for each plugin (its own settings and store).
docs/plugins.md has a section per hook; tests/core/test_docs.py keeps the two in step.
"""

# ruff: noqa: ARG001
from __future__ import annotations

from mentorhub.plugins._api import hookspec


@hookspec
def mentorhub_suggest_questions(student, professional, chat_request, ctx):
    """Suggest questions ``student`` could ask ``professional``.

    ``chat_request`` is the :class:`~mentorhub.chats.models.ChatRequest`, or ``None`` on a
    public profile page. Return a list of ``str`` or :class:`Question`. All results are shown
    in plugin order, de-duplicated by text (case and spacing ignored).
    """


@hookspec(firstresult=True)
def mentorhub_available_slots(professional, start, end, duration, moving_booking, ctx):
    """Return the free :class:`Slot` s of ``professional`` within ``[start, end)`` lasting
    ``duration`` (a ``timedelta``), or ``None`` for "not mine to decide".

    ``[]`` means "no free time". The first non-``None`` answer wins; the core's own scheduler
    (in the scheduling feature, always on) answers last. ``moving_booking`` is the booking
    being rescheduled, else ``None``: its own time counts as free. The host then drops any
    slot outside the range, of the wrong length, or overlapping another booking.
    """


@hookspec
def mentorhub_match_signals(student, professional, facts, ctx):
    """Score how well ``professional`` suits ``student``.

    ``facts`` is a dict the database stage computed for this pair (``shared_topics``,
    ``next_free_at``, ``capacity_left``, ``response_rate``, ...), so no query is needed.
    Return a :class:`Signal`, a list of them, or ``None``. All points are summed into the
    score; the reasons are shown to the student.
    """


@hookspec
def mentorhub_recommend_referrals(student, professional, limit, ctx):
    """Recommend people ``student`` could talk to after their chat with ``professional``.

    Return a list of :class:`Recommendation`. Results are merged by professional (highest
    score kept, reasons joined), ranked by score and cut to ``limit``.
    """


@hookspec
def mentorhub_review_request(student, professional, message, ctx):
    """Review a request ``message`` before it is sent.

    Return a list of :class:`Advice`. All advice is shown on a review step: ``warn`` needs
    the student to confirm "send anyway"; ``block`` stops the send and is checked again on
    the final submit. A plugin that fails gives no advice.
    """


@hookspec
def mentorhub_event(name, payload, ctx):
    """Be told that something happened; ``name`` is one of ``EVENTS``.

    ``payload`` is a dict with the keys that apply among ``request_id``, ``booking_id``,
    ``student_id``, ``professional_id``, ``actor_id`` and ``referral_id``. Called after the
    change is committed, once, by the request that made it. Return nothing.
    """


@hookspec
def mentorhub_template_slot(name, context, ctx):
    """Add HTML where a core template declares slot ``name`` (one of ``TEMPLATE_SLOTS``).

    ``context`` is a dict of the page's objects. Return ``Markup`` (trusted HTML), ``str``
    (escaped) or ``None``. Results are joined in plugin order.
    """


@hookspec
def mentorhub_register(app):
    """Register blueprints (mount them under ``/plugins/<name>/``: a route elsewhere stops
    start-up), CLI commands and templates on the Flask ``app``. Called once at start-up,
    whether or not the plugin is switched on (its pages answer 404 while it is off).
    Return nothing."""
