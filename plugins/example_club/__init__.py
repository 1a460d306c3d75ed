"""Example club: a small club plugin that shows plugin authors every hook.

Copy this package to start your own club plugin. It is club-scoped (``scope="club"``): it runs
only for members of clubs that switched it on (the club's plugins page), and ``ctx.club_ids``
holds just those clubs. Its settings are typed (``Setting``) with defaults below; a club's
admins set their club's values on their plugin settings page, site admins the site's, and an
operator overrides the defaults with
``MENTORHUB_PLUGIN_SETTINGS='{"example_club": {"focus_topics": ["mixing"]}}'``. Hooks read a
club's values from ``ctx.club_settings`` (see :func:`club_values`).

What it does, hook by hook:

- ``mentorhub_suggest_questions``: adds the club's own question.
- ``mentorhub_available_slots``: answers ``None``, "not mine to decide", so the core scheduler does.
- ``mentorhub_match_signals``: a small boost when a professional talks about a club focus topic.
- ``mentorhub_recommend_referrals``: people the club recommends, kept in ``ctx.store``.
- ``mentorhub_review_request``: reminds the student to mention their club.
- ``mentorhub_event``: counts events per name for each club, in ``ctx.store``.
- ``mentorhub_template_slot``: a short note on the student dashboard.
- ``mentorhub_register``: a page at ``/plugins/example_club/`` with the club's event counts.
"""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup
from sqlalchemy import delete

from mentorhub.plugins import (
    EVENTS,
    Advice,
    PluginInfo,
    Question,
    Recommendation,
    Setting,
    Signal,
    get_club,
    get_professionals,
    hookimpl,
    plugin_session,
)

from .keys import NAME, events_key
from .models import ActivityVisit
from .views import bp

PLUGIN_INFO = PluginInfo(
    name=NAME,
    version="1.0",
    title="Example club",
    description="For your members: a club question to ask professionals, professionals in the club's focus "
    "topics shown first, a reminder on their requests, a note on their dashboard and a page of the club's "
    "activity.",
    scope="club",
    api_version="1.2",
    settings={
        "question": Setting(str, "How did being part of a club or society help you early in your career?",
                            label="The club's question", max_length=300,
                            help="Suggested to your members on every professional's page, under \"From your club\"."),
        "focus_topics": Setting(list, ["touring", "live-sound"], label="Focus topics",
                                help="Topics (their slugs) whose professionals your members see first."),
        "focus_points": Setting(float, 2.0, minimum=0, maximum=10, label="How much the focus topics count",
                                help="Points added to a professional's match; 0 switches it off."),
        "dashboard_note": Setting(str, "Your club is on MentorHub: members who ask well-prepared questions get "
                                  "great chats.", label="Note on members' dashboards", max_length=300),
    },
)


def club_values(ctx) -> list[dict]:
    """The settings of each of the student's clubs that switched us on (a club's own values,
    else the site's), in ``ctx.club_ids`` order; the site's when there is no club."""
    return [ctx.club_settings[club_id] for club_id in ctx.club_ids] or [ctx.settings]


def recommended_key(club_id: int) -> str:
    """The store key of the professionals one club recommends (a list of user ids)."""
    return f"club:{club_id}:recommended"


@hookimpl
def mentorhub_suggest_questions(ctx):
    """Each club's own question, grouped under "From your club"."""
    return [Question(values["question"], "From your club") for values in club_values(ctx)]


@hookimpl
def mentorhub_available_slots():
    """Clubs do not decide anyone's free time: ``None`` leaves it to the next plugin."""
    return None


@hookimpl
def mentorhub_match_signals(professional, ctx):
    """A small boost when the professional talks about one of the club's focus topics."""
    profile = professional.professional_profile
    topics = {t.slug: t.name for t in (profile.topics if profile else [])}
    signals = []
    for values in club_values(ctx):
        shared = [topics[slug] for slug in values["focus_topics"] if slug in topics]
        if shared and values["focus_points"]:
            signals.append(Signal(values["focus_points"], f"Talks about {shared[0]}, a focus of your club"))
    return signals[:1] or None


@hookimpl
def mentorhub_recommend_referrals(professional, limit, ctx):
    """Professionals the club recommends (ids kept in the store by the club), minus this one."""
    ids = {i for club_id in ctx.club_ids for i in ctx.store.get(recommended_key(club_id), [])}
    ids.discard(professional.id)
    if not ids:
        return []
    people = get_professionals(ids)[:limit]
    return [Recommendation(person, "Recommended by your club", 1.0) for person in people]


@hookimpl
def mentorhub_review_request(ctx):
    """Remind the student that a shared club is a good opening line."""
    club = get_club(ctx.club_ids[0])
    return [Advice("info", f"Say that you are a member of {club.name}: a shared connection is a "
                           "friendly way to open, and it helps them remember you.")]


@hookimpl
def mentorhub_event(name, payload, ctx):
    """Count each event by name, for every club of the student that switched us on; forget
    the visits of someone who deleted their account."""
    if name == EVENTS.ACCOUNT_DELETED:
        with plugin_session() as session:
            session.execute(delete(ActivityVisit).where(ActivityVisit.user_id == payload["user_id"]))
    for club_id in ctx.club_ids:
        counts = ctx.store.get(events_key(club_id), {})
        counts[name] = counts.get(name, 0) + 1
        ctx.store.set(events_key(club_id), counts)


@hookimpl
def mentorhub_template_slot(name, ctx):
    """A short note on the student dashboard, linking to the club's activity page."""
    if name != "student_dashboard":
        return None
    return Markup(
        '<section class="card example-club-note"><h2 class="card-title">From your club</h2>'
        '<p>%s</p><p><a href="/plugins/example_club/">See what your club has been up to</a></p></section>'
    ) % club_values(ctx)[0]["dashboard_note"]


@hookimpl
def mentorhub_register(app: Flask):
    """Mount the club's activity page under /plugins/example_club/."""
    app.register_blueprint(bp)
