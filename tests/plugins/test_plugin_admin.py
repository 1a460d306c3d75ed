"""The admin plugins page and ``flask plugins enable/disable``: switching a plugin applies on
the next request, with no restart; club-scoped plugins are switched per club."""

from __future__ import annotations

import html
import textwrap

import pytest
from sqlalchemy import select

from mentorhub.clubs.models import Club, ClubMembership
from mentorhub.extensions import db
from mentorhub.plugins._models import PluginClubState, PluginState

QUESTION_BANK_QUESTION = "What does a typical day for you involve?"

CLUB_PLUGIN = '''
"""Questions from the careers society."""
from mentorhub.plugins import PluginInfo

PLUGIN_INFO = PluginInfo(name="careers_society", version="0.3", title="Careers society", scope="club")

def mentorhub_suggest_questions():
    return ["What would you have liked to know at our society's age?"]
'''

FLAKY_PLUGIN = """
def mentorhub_template_slot(name):
    if name == "footer":
        raise RuntimeError("footer exploded")
"""


@pytest.fixture
def mentorhub_plugin_dirs(tmp_path):
    folder = tmp_path / "dropins"
    folder.mkdir()
    (folder / "careers_society.py").write_text(textwrap.dedent(CLUB_PLUGIN))
    (folder / "flaky_footer.py").write_text(textwrap.dedent(FLAKY_PLUGIN))
    return [folder]


@pytest.fixture
def admin(make_user):
    return make_user("professional", is_admin=True, timezone="Asia/Tokyo")


@pytest.fixture
def club(app):
    with app.app_context():
        club = Club(name="Careers Society", slug="careers")
        db.session.add(club)
        db.session.commit()
        return club.id


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def club_form(plugin: str, club_id: int, client) -> dict:
    """What the browser sends from a plugin's "switch on for club" form (fields prefixed by
    the plugin's name, so each row's form has its own ids)."""
    return {f"{plugin}-club_id": club_id, f"{plugin}-csrf_token": client.csrf_token()}


QUESTION = "What would you have liked to know at our society&#39;s age?"  # the club plugin's, as the page shows it


def member_on_a_professionals_page(app, client, make_user, login, club_id: int):
    """A student of the club, logged in on ``client``; returns a professional to look at."""
    student, pro = make_user("student"), make_user("professional")
    with app.app_context():
        db.session.add(ClubMembership(club_id=club_id, user_id=student.id))
        db.session.commit()
    login(client, student)
    return pro


def questions_page(client, make_user, login):
    student, pro = make_user("student"), make_user("professional")
    login(client, student)
    return lambda: client.get(f"/professionals/{pro.id}").get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/admin/plugins")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_non_admin_gets_403(client, make_user, login):
    login(client, make_user("student"))
    assert client.get("/admin/plugins").status_code == 403
    assert client.post("/admin/plugins/question_bank/disable").status_code == 403


def test_admin_sees_every_plugin_with_its_source_hooks_scope_and_errors(app, client, admin, login):
    login(client, admin)
    page = client.get("/admin/plugins").get_data(as_text=True)  # the footer slot fails once
    page = client.get("/admin/plugins").get_data(as_text=True)
    assert "Question bank" in page and "project plugins/" in page and "suggest_questions" in page
    row = page.split('id="plugin-careers_society"', 1)[1].split("</tr>", 1)[0]
    assert "Careers society" in row and "0.3" in row and "MENTORHUB_PLUGIN_DIRS" in row
    assert "Per club" in row and "There are no clubs yet" in row
    flaky = page.split('id="plugin-flaky_footer"', 1)[1].split("</tr>", 1)[0]
    assert "Whole site" in flaky and "template_slot" in flaky
    assert "mentorhub_template_slot: RuntimeError: footer exploded" in flaky
    assert "(Asia/Tokyo)" in flaky  # the time of the last error, in the admin's zone


def test_disabling_question_bank_removes_its_questions_on_the_next_request(app, client, make_user, login, admin):
    page = questions_page(client, make_user, login)
    assert QUESTION_BANK_QUESTION in page()
    admin_client = app.test_client()
    login(admin_client, admin)

    response = admin_client.post("/admin/plugins/question_bank/disable")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/plugins")
    assert QUESTION_BANK_QUESTION not in page()
    assert "is off" in admin_client.get("/admin/plugins").get_data(as_text=True)

    admin_client.post("/admin/plugins/question_bank/enable")
    assert QUESTION_BANK_QUESTION in page()


def test_switch_without_csrf_token_changes_nothing(app, client, admin, login):
    login(client, admin)
    response = client.post("/admin/plugins/question_bank/disable", csrf=False, follow_redirects=True)
    assert "This form expired" in text(response)
    with app.app_context():
        assert db.session.get(PluginState, "question_bank") is None


def test_unknown_plugin_is_a_clear_message(client, admin, login):
    login(client, admin)
    response = client.post("/admin/plugins/no_such_plugin/disable", follow_redirects=True)
    assert "There is no plugin named 'no_such_plugin'." in text(response)


def test_club_plugin_runs_only_for_members_of_clubs_that_switched_it_on(app, client, make_user, login, admin, club):
    pro = member_on_a_professionals_page(app, client, make_user, login, club)
    assert QUESTION not in client.get(f"/professionals/{pro.id}").get_data(as_text=True)

    admin_client = app.test_client()
    login(admin_client, admin)
    response = admin_client.post(
        "/admin/plugins/careers_society/clubs",
        data=club_form("careers_society", club, admin_client),
        follow_redirects=True,
    )
    assert "Careers society is on for Careers Society." in text(response)
    assert QUESTION in client.get(f"/professionals/{pro.id}").get_data(as_text=True)

    admin_client.post(f"/admin/plugins/careers_society/clubs/{club}/disable")
    assert QUESTION not in client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    with app.app_context():
        state = db.session.scalar(select(PluginClubState))
        assert (state.plugin_name, state.club_id, state.enabled) == ("careers_society", club, False)


def test_site_plugin_cannot_be_switched_per_club(client, admin, login, club):
    login(client, admin)
    response = client.post(
        "/admin/plugins/question_bank/clubs", data=club_form("question_bank", club, client), follow_redirects=True
    )
    assert "cannot be switched per club" in text(response)


def test_cli_disable_and_enable_apply_without_restart(app, client, make_user, login, runner):
    page = questions_page(client, make_user, login)
    result = runner.invoke(args=["plugins", "disable", "question_bank"])
    assert result.exit_code == 0 and "question_bank: disabled" in result.output
    assert QUESTION_BANK_QUESTION not in page()
    assert "[disabled," in runner.invoke(args=["plugins", "list"]).output

    assert runner.invoke(args=["plugins", "enable", "question_bank"]).exit_code == 0
    assert QUESTION_BANK_QUESTION in page()


def test_cli_refuses_an_unknown_plugin(runner):
    result = runner.invoke(args=["plugins", "disable", "no_such_plugin"])
    assert result.exit_code != 0
    assert "There is no plugin named 'no_such_plugin'." in result.output


def test_the_page_says_what_people_notice_and_keeps_technical_details_folded(client, admin, login):
    login(client, admin)
    page = client.get("/admin/plugins").get_data(as_text=True)
    row = page.split('id="plugin-question_bank"', 1)[1].split("</tr>", 1)[0]
    effects = row.split('class="plugin-effects"', 1)[1]
    assert "Suggests questions students can ask" in effects
    assert "If you switch it off:" in effects and "Students see fewer suggested questions" in effects
    technical = row.split("<summary>Technical details</summary>", 1)[1].split("</details>", 1)[0]
    assert "suggest_questions" in technical and "project plugins/" in technical
    assert "suggest_questions" not in row.split("<details", 1)[0]  # hook names only when unfolded


def test_every_hook_has_words_for_the_admin_page(app):
    """A new hook spec must say, in users' words, what it gives and what switching it off
    changes, or the admin page would fall silent about plugins that use it."""
    from mentorhub.admin.plugin_switches import HOOK_EFFECTS
    from mentorhub.plugins._host import get_host

    specs = {name for name in dir(get_host(app).hook) if name.startswith("mentorhub_")}
    assert specs and specs <= set(HOOK_EFFECTS), sorted(specs - set(HOOK_EFFECTS))


def test_cli_switches_a_club_plugin_for_one_club(app, client, make_user, login, runner, club):
    pro = member_on_a_professionals_page(app, client, make_user, login, club)
    result = runner.invoke(args=["plugins", "enable", "careers_society", "--club", "careers"])
    assert result.exit_code == 0 and "careers_society: enabled for Careers Society" in result.output
    assert QUESTION in client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    result = runner.invoke(args=["plugins", "disable", "careers_society", "--club", "careers"])
    assert result.exit_code == 0 and "careers_society: disabled for Careers Society" in result.output
    assert QUESTION not in client.get(f"/professionals/{pro.id}").get_data(as_text=True)


@pytest.mark.parametrize(("args", "message"), [
    (["careers_society", "--club", "nowhere"], "There is no club at that address."),
    (["careers_society", "--club", ""], "There is no club at that address."),  # never the whole site
    (["question_bank", "--club", "careers"], "cannot be switched per club"),
    (["no_such_plugin", "--club", "careers"], "There is no plugin named 'no_such_plugin'."),
])
def test_cli_club_switch_refuses_with_a_message_and_changes_nothing(app, runner, club, args, message):
    result = runner.invoke(args=["plugins", "enable", *args])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(PluginClubState)) is None
