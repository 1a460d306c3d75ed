"""Issue 13, typed settings: a plugin declares plain defaults or ``Setting``s; site admins and
club admins edit them in generated, validated forms (bad values get a message and keep the
old values); precedence is club value, site value, MENTORHUB_PLUGIN_SETTINGS, default; hooks
see ``ctx.settings`` and ``ctx.club_settings``, views ``settings_for``."""

from __future__ import annotations

import html
import textwrap

import pytest

from mentorhub.clubs.models import ClubMembership
from mentorhub.clubs.plugin_switches import set_club_plugin_enabled
from mentorhub.clubs.services import create_club
from mentorhub.extensions import db
from mentorhub.plugins import settings_for

SOCIETY = '''
"""Questions and a welcome from the careers society."""
from mentorhub.plugins import PluginInfo, Question, Setting

PLUGIN_INFO = PluginInfo(
    name="society", title="Careers society", scope="club", api_version="1.1",
    settings={
        "question": Setting(str, "What would you tell your student self?", label="The club's question",
                            max_length=120),
        "questions_shown": Setting(int, 1, minimum=0, maximum=3, help="0 shows none."),
        "weight": 1.5,
        "friendly": True,
        "tone": Setting("choice", "warm", choices=("warm", "formal")),
        "topics": ["touring"],
    },
)


def mentorhub_suggest_questions(ctx):
    found = []
    for club_id in ctx.club_ids:
        values = ctx.club_settings[club_id]
        if values["questions_shown"]:
            found.append(Question(f"{values['question']} ({values['tone']})", "From your club"))
    return found
'''


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "dropins"
    folder.mkdir()
    (folder / "society.py").write_text(textwrap.dedent(SOCIETY))
    return [folder]


@pytest.fixture
def mentorhub_config():
    return {"PLUGIN_SETTINGS": {"society": {"weight": 2.5}}}


@pytest.fixture
def people(app, make_user):
    found = {
        "admin": make_user("professional", is_admin=True),
        "ada": make_user("student", email="ada@example.com"),
        "bea": make_user("student", email="bea@example.com"),
        "mo": make_user("student", email="mo@example.com"),
        "pro": make_user("professional"),
    }
    with app.app_context():
        a = create_club("Audio Society", "audio", "", ["ada@example.com"])
        b = create_club("Film Society", "film", "", ["bea@example.com"])
        db.session.add(ClubMembership(club_id=a.id, user_id=found["mo"].id))
        db.session.commit()
        for club in (a.id, b.id):
            set_club_plugin_enabled(None, "society", club, True)
        found["a"], found["b"] = a.id, b.id
    return found


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def site_form(client, **changes) -> dict[str, str]:
    """The settings form as a browser posts it (its fields and token carry the form's prefix)."""
    values = {"question": "What would you tell your student self?", "questions_shown": "1", "weight": "2.5",
              "friendly": "y", "tone": "warm", "topics": "touring"}
    values.update(changes)
    fields = {name: f"s{i}" for i, name in enumerate(values)}  # the form's generated field names, in order
    return {"setting-csrf_token": client.csrf_token(),
            **{f"setting-{fields[k]}": v for k, v in values.items() if v is not None}}


def values(app, club_id=None) -> dict:
    with app.test_request_context():
        return settings_for("society", club_id)


def test_precedence_club_then_site_then_operator_then_default(app, client, login, people):
    assert values(app)["weight"] == 2.5  # the operator's, over the default 1.5
    assert values(app)["question"] == "What would you tell your student self?"
    login(client, people["admin"])
    response = client.post("/admin/plugins/society/settings",
                           data=site_form(client, question="Site question?", weight="3"))
    assert response.status_code == 302
    assert values(app)["question"] == "Site question?" and values(app)["weight"] == 3.0
    assert values(app, people["a"])["question"] == "Site question?"
    client.post("/logout")

    login(client, people["ada"])
    page = text(client.get("/clubs/audio/plugins/society/settings"))
    assert "Careers society: settings for Audio Society" in page and "Site question?" in page
    response = client.post("/clubs/audio/plugins/society/settings",
                           data=site_form(client, question="Audio question?", weight="3", tone="formal"))
    assert response.status_code == 302
    assert values(app, people["a"])["question"] == "Audio question?"
    assert values(app, people["b"])["question"] == "Site question?"
    assert values(app)["question"] == "Site question?"

    # The club saved only what differs from the site, so a later site change reaches the rest.
    client.post("/logout")
    login(client, people["admin"])
    client.post("/admin/plugins/society/settings", data=site_form(client, question="Site question?", weight="4"))
    assert values(app, people["a"])["weight"] == 4.0 and values(app, people["a"])["tone"] == "formal"


def test_hooks_see_the_site_values_and_each_clubs(app, client, login, people):
    login(client, people["ada"])
    client.post("/clubs/audio/plugins/society/settings",
                data=site_form(client, question="Audio question?", tone="formal"))
    client.post("/logout")
    login(client, people["mo"])
    page = text(client.get(f"/professionals/{people['pro'].id}"))
    assert "Audio question? (formal)" in page
    client.post("/logout")
    login(client, people["ada"])
    client.post("/clubs/audio/plugins/society/settings", data=site_form(client, question="Audio question?",
                                                                         questions_shown="0"))
    client.post("/logout")
    login(client, people["mo"])
    assert "Audio question?" not in text(client.get(f"/professionals/{people['pro'].id}"))


@pytest.mark.parametrize(("field", "bad", "message"), [
    ("questions_shown", "4", "Enter a number from 0 to 3."),
    ("questions_shown", "two", "Enter a whole number."),
    ("questions_shown", "1.5", "Enter a whole number."),
    ("weight", "lots", "Enter a number, e.g. 2.5."),
    ("question", "x" * 121, "Keep it to 120 characters (this is 121)."),
    ("tone", "shouty", "Choose one of: warm, formal."),
    ("topics", "\n".join(["t"] * 101), "Enter at most 100 items."),
])
def test_a_bad_value_gets_its_message_and_keeps_the_old_values(app, client, login, people, field, bad, message):
    login(client, people["admin"])
    client.post("/admin/plugins/society/settings", data=site_form(client, question="Kept?"))
    before = values(app)
    response = client.post("/admin/plugins/society/settings",
                           data=site_form(client, **{"question": "Not saved?", field: bad}))
    assert response.status_code == 400
    page = text(response)
    assert message in page
    if field == "question":
        assert "x" * 121 in page
    else:
        assert "Not saved?" in page  # what was typed is kept on the page
    assert values(app) == before


def test_an_unticked_checkbox_saves_false(app, client, login, people):
    login(client, people["admin"])
    assert client.post("/admin/plugins/society/settings", data=site_form(client, friendly=None)).status_code == 302
    assert values(app)["friendly"] is False


def test_forgetting_the_saved_values_brings_back_the_layer_below(app, client, login, people):
    login(client, people["admin"])
    client.post("/admin/plugins/society/settings", data=site_form(client, weight="9"))
    assert "Saved for the whole site" in text(client.get("/admin/plugins/society/settings"))
    client.post("/admin/plugins/society/settings/reset")
    assert values(app)["weight"] == 2.5


def test_a_club_admin_edits_only_their_clubs_values(app, client, login, people):
    for person in ("bea", "mo"):
        login(client, people[person])
        assert client.get("/clubs/audio/plugins/society/settings").status_code == 403
        assert client.post("/clubs/audio/plugins/society/settings",
                           data=site_form(client, question="Hijacked?")).status_code == 403
        assert client.post("/clubs/audio/plugins/society/settings/reset").status_code == 403
        client.post("/logout")
    login(client, people["ada"])
    assert client.get("/admin/plugins/society/settings").status_code == 403
    assert client.get("/clubs/audio/plugins/question_bank/settings").status_code == 404  # a site plugin
    assert values(app, people["a"])["question"] == "What would you tell your student self?"


def test_a_saved_value_a_newer_plugin_no_accepts_is_ignored(app, people):
    from mentorhub.plugins._models import PluginSettingValues

    with app.app_context():
        db.session.add(PluginSettingValues(plugin_name="society", club_id=None,
                                           values={"questions_shown": 99, "gone": 1, "question": "Still good?"}))
        db.session.commit()
    assert values(app)["questions_shown"] == 1 and values(app)["question"] == "Still good?"


def test_the_settings_page_says_where_each_value_comes_from(app, client, login, people):
    login(client, people["admin"])
    page = text(client.get("/admin/plugins"))
    assert "/admin/plugins/society/settings" in page
    page = text(client.get("/admin/plugins/society/settings"))
    assert "The club's question" in page and "0 shows none." in page and "One per line." in page
    client.post("/logout")
    login(client, people["ada"])
    assert "/clubs/audio/plugins/society/settings" in text(client.get("/clubs/audio/plugins"))


def test_a_stale_form_changes_only_what_its_user_changed(app, client, login, people):
    import re

    login(client, people["ada"])
    page = client.get("/clubs/audio/plugins/society/settings").get_data(as_text=True)
    shown = html.unescape(re.search(r'name="setting-shown"[^>]*value="([^"]*)"', page).group(1))
    client.post("/logout")
    login(client, people["admin"])  # meanwhile the site's question changes
    client.post("/admin/plugins/society/settings", data=site_form(client, question="New site question?"))
    client.post("/logout")
    login(client, people["ada"])  # Ada saves her open page, where she changed the tone only
    form = {**site_form(client, tone="formal"), "setting-shown": shown}
    assert client.post("/clubs/audio/plugins/society/settings", data=form).status_code == 302
    assert values(app, people["a"])["tone"] == "formal"
    assert values(app, people["a"])["question"] == "New site question?"  # not pinned to the old one


def test_a_huge_number_or_a_control_character_is_a_message_not_a_500(app, client, login, people):
    login(client, people["admin"])
    response = client.post("/admin/plugins/society/settings", data=site_form(client, questions_shown="9" * 400))
    assert response.status_code == 400 and "Enter a number between" in text(response)
    response = client.post("/admin/plugins/society/settings", data=site_form(client, question="Hi\x00there"))
    assert response.status_code == 400 and "Remove the invisible control characters" in text(response)
