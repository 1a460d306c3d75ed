"""The first-party job_ask_guard plugin: it warns when a request asks for a job, an
internship, a referral or a CV review, and never when a student asks who else to talk to."""

from __future__ import annotations

import importlib.util

import pytest
from chats_support import (
    INTRO,
    TUESDAY_9,
    counts,
    last_request_id,
    make_professional,
    request_row,
    send_request,
    start_clock,
)

from mentorhub.config import PROJECT_ROOT
from mentorhub.plugins import Advice

_spec = importlib.util.spec_from_file_location(
    "job_ask_guard_under_test", PROJECT_ROOT / "plugins" / "job_ask_guard.py"
)
guard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(guard)

ASKS = [
    ("Could you hire me after we talk?", "a job"),
    ("Are you hiring at the moment?", "a job"),
    ("I'm looking for a job in touring.", "a job"),
    ("Any job openings at your company?", "a job"),
    ("Could you help me get a job at your label?", "a job"),
    ("I would love to work for you one day.", "a job"),
    ("I'm looking for an internship this summer.", "an internship"),
    ("Do you have any internships available?", "an internship"),
    ("Could you take me on as an intern?", "an internship"),
    ("Could you refer me to your HR team?", "a job referral"),
    ("Would you put in a word for me with the hiring manager?", "a job referral"),
    ("Could you give me a job referral?", "a job referral"),
    ("Could you review my CV?", "a CV review"),
    ("I'd love feedback on my résumé.", "a CV review"),
    ("My CV is attached, could you look over it?", "a CV review"),
    ("Please look over my resume before we meet.", "a CV review"),
]
LEARNING = [
    "Is there anyone else you'd recommend I talk to?",
    "Could you recommend someone I could talk to next?",
    "What does a typical day for you involve?",
    "How did you get a job in A&R?",
    "How did you land your first role?",
    "When you were looking for a job, what helped?",
    "What internships helped you most early on?",
    "Who were your role models?",
    "Does Tuesday work for you?",
    "I'm not asking for a job or an internship: I just want to learn how you got started.",
    "What should a student do to get experience in this area?",
    "I'm looking for advice on how to start in sync licensing.",
]


@pytest.mark.parametrize(("message", "what"), ASKS)
def test_asking_for_a_job_internship_referral_or_cv_review_is_flagged(message, what):
    [advice] = guard.mentorhub_review_request(message=f"{INTRO} {message}")
    assert advice.level == "warn"
    assert what in advice.text and "for learning" in advice.text
    assert "anyone else you'd recommend I talk to" in advice.text


@pytest.mark.parametrize("message", LEARNING)
def test_asking_to_learn_is_never_flagged(message):
    assert guard.mentorhub_review_request(message=f"{INTRO} {message}") == []


def test_the_plugin_describes_itself():
    assert guard.PLUGIN_INFO.name == "job_ask_guard"


def test_a_flagged_request_shows_the_advice_on_review_and_needs_send_anyway(
    app, client, make_user, login
):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    intro = INTRO + " Also, could you refer me to your HR team?"
    review = send_request(client, pro, [TUESDAY_9], intro=intro, action="review")
    page = review.get_data(as_text=True)
    assert review.status_code == 200
    assert (
        "seems to ask for a job referral" in page
        and "Send anyway" in page
        and "Send request" in page
    )
    refused = send_request(client, pro, [TUESDAY_9], intro=intro)
    assert refused.status_code == 400
    assert "Please read the advice above" in refused.get_data(as_text=True)
    assert counts(app)["ChatRequest"] == 0
    sent = send_request(client, pro, [TUESDAY_9], intro=intro, send_anyway=True)
    assert sent.status_code == 302
    assert request_row(app, last_request_id(app))["status"] == "pending"


def test_a_learning_request_has_no_send_anyway_box(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    intro = INTRO + " Is there anyone else you'd recommend I talk to?"
    page = send_request(client, pro, [TUESDAY_9], intro=intro, action="review").get_data(
        as_text=True
    )
    assert "Send anyway" not in page and "Your request reads well" in page
    assert send_request(client, pro, [TUESDAY_9], intro=intro).status_code == 302


@pytest.fixture
def blocking_plugin_dir(tmp_path):
    folder = tmp_path / "block_plugins"
    folder.mkdir()
    (folder / "strict_club.py").write_text(
        "from mentorhub.plugins import Advice\n\n"
        "def mentorhub_review_request(message):\n"
        "    if 'sponsor' in message.lower():\n"
        "        return [Advice('block', 'Please do not ask for sponsorship.')]\n"
        "    return []\n"
    )
    return [folder]


@pytest.fixture
def mentorhub_plugin_dirs(blocking_plugin_dir):
    return blocking_plugin_dir


def test_block_advice_stops_the_send_even_with_send_anyway(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    intro = INTRO + " Would your company sponsor my visa?"
    review = send_request(client, pro, [TUESDAY_9], intro=intro, action="review")
    page = review.get_data(as_text=True)
    assert "Please do not ask for sponsorship." in page and "Send request" not in page
    forced = send_request(client, pro, [TUESDAY_9], intro=intro, send_anyway=True)
    assert forced.status_code == 400 and "can&#39;t be sent as it is" in forced.get_data(
        as_text=True
    )
    assert counts(app)["ChatRequest"] == 0
    fixed = send_request(client, pro, [TUESDAY_9], intro=INTRO)
    assert fixed.status_code == 302


def test_advice_is_a_plain_value(app):
    assert isinstance(guard.mentorhub_review_request(message="hire me please")[0], Advice)
