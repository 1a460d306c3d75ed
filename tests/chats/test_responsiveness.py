"""How fast a professional usually replies, on their page and search card, and the pause
after three requests in a row expire (issue 14, part 3): all through HTTP and ``tick``."""

from __future__ import annotations

import re
from datetime import timedelta

from mentorhub import clock
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile, reply_words
from tests.chats_support import (
    NOW,
    TUESDAY_9,
    accept_form,
    client_for,
    iso,
    last_request_id,
    make_professional,
    send_request,
    start_clock,
)

SLOT = TUESDAY_9 + timedelta(days=14)  # a Tuesday within every professional's horizon here


def card(page: str, professional_id: int) -> str:
    """The search card of one professional on a results page."""
    opening = f'<article class="card match" aria-labelledby="match-{professional_id}">'
    found = re.search(re.escape(opening) + ".*?</article>", page, re.S)
    assert found, "no card for that professional"
    return found.group(0)


def profile_row(app, professional) -> dict:
    with app.app_context():
        p = db.session.get(ProfessionalProfile, professional.id)
        return {"accepting": p.accepting_requests, "in_a_row": p.expired_in_a_row,
                "auto_paused": p.auto_paused_at is not None, "seconds": p.usual_reply_seconds}


def ask(app, login, make_user, pro, when=SLOT) -> tuple[int, object]:
    """A new student sends ``pro`` a request for ``when``; returns its id and their client."""
    student = make_user("student")
    client = client_for(app, login, student)
    response = send_request(client, pro, [when])
    assert response.status_code == 302, response.get_data(as_text=True)
    return last_request_id(app), client


def test_the_usual_reply_time_is_the_median_first_answer_once_five_are_answered(app, client, runner, login, make_user):
    start_clock()
    pro = make_professional(app, make_user, display_name="Pat Pro")
    pro_client = client_for(app, login, pro)
    requests = [ask(app, login, make_user, pro) for _ in range(6)]
    ids = [request_id for request_id, _client in requests]

    def answer_at(hours: float, action: str, request_id: int, data: dict | None = None) -> None:
        clock.travel_to(NOW + timedelta(hours=hours))
        response = pro_client.post(f"/requests/{request_id}/{action}", data=data or {})
        assert response.status_code == 302, response.get_data(as_text=True)

    # First answers after 1, 2 (asking for other times), 20, 30 and 60 hours.
    answer_at(1, "decline", ids[0])
    answer_at(2, "ask-times", ids[1])
    answer_at(20, "decline", ids[2])
    answer_at(30, "decline", ids[3])
    page = client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    assert "Usually replies" not in page  # four answered: too few to say
    answer_at(60, "decline", ids[4])

    # The student asked for other times proposes some; the accept after 100 hours is a later
    # answer to the same request and does not count (it would make the median 30 hours).
    clock.travel_to(NOW + timedelta(hours=70))
    new_times = {"times": [iso(SLOT + timedelta(hours=1))]}
    assert requests[1][1].post(f"/requests/{ids[1]}/times", data=new_times).status_code == 302
    answer_at(100, "accept", ids[1], accept_form(SLOT + timedelta(hours=1)))

    # The median of 1, 2, 20, 30 and 60 hours is 20; the sixth request, never answered, doesn't count.
    assert abs(profile_row(app, pro)["seconds"] - 20 * 3600) < 60  # each request was sent a moment after NOW
    page = client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    assert "Usually replies within 20 hours" in page
    login(client, make_user("student"))
    assert "Usually replies within 20 hours" in card(client.get("/professionals").get_data(as_text=True), pro.id)

    # Half a year later the answers have left the 180-day window: tick takes the line away.
    clock.travel_to(NOW + timedelta(days=181))
    assert "reply time refreshed" in runner.invoke(args=["mentorhub", "tick"]).output
    assert profile_row(app, pro)["seconds"] is None
    assert "Usually replies" not in client.get(f"/professionals/{pro.id}").get_data(as_text=True)


def test_the_words_round_up_to_hours_then_days(app):
    assert [reply_words(s) for s in (None, 600, 3600, 3601, 5 * 3600, 24 * 3600, 30 * 3600, 49 * 3600)] == [
        "",
        "Usually replies within an hour",
        "Usually replies within an hour",
        "Usually replies within 2 hours",
        "Usually replies within 5 hours",
        "Usually replies within a day",
        "Usually replies within 2 days",
        "Usually replies within 3 days",
    ]


def test_three_expiries_in_a_row_pause_the_professional_who_resumes_in_one_click(
    app, client, runner, login, make_user, smtp
):
    sink, port = smtp
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    start_clock()
    pro = make_professional(app, make_user, display_name="Pat Pro")
    pro_client = client_for(app, login, pro)

    def expire_all(days: int) -> None:
        clock.travel_to(NOW + timedelta(days=days))
        assert "expired" in runner.invoke(args=["mentorhub", "tick"]).output

    # Two expire, then an answer starts the count again.
    ask(app, login, make_user, pro)
    ask(app, login, make_user, pro)
    expire_all(8)
    assert profile_row(app, pro) == {"accepting": True, "in_a_row": 2, "auto_paused": False, "seconds": None}
    answered, _ = ask(app, login, make_user, pro)
    assert pro_client.post(f"/requests/{answered}/decline", data={}).status_code == 302
    assert profile_row(app, pro)["in_a_row"] == 0

    # One more expiry is one in a row, not three.
    ask(app, login, make_user, pro)
    expire_all(16)
    assert profile_row(app, pro)["accepting"] is True

    # Two more make three in a row: paused, and told why by email.
    ask(app, login, make_user, pro, SLOT + timedelta(days=7))
    ask(app, login, make_user, pro, SLOT + timedelta(days=7))
    sink.messages.clear()
    expire_all(24)
    assert profile_row(app, pro) == {"accepting": False, "in_a_row": 0, "auto_paused": True, "seconds": None}
    mail = next(m for m in sink.wait_for(3) if m["To"] == pro.email)
    assert mail["Subject"] == "We paused new requests for you"
    body = mail.get_content()
    assert "Three requests in a row expired" in body and "/profile/resume" in body

    # Students see a break, and can't send a request.
    login(client, make_user("student"))
    assert "is taking a break" in client.get(f"/professionals/{pro.id}").get_data(as_text=True)
    later = SLOT + timedelta(days=14)
    assert send_request(client, pro, [later]).status_code != 302

    # The professional reads why on the dashboard and on the email's page, and resumes in one click.
    dashboard = pro_client.get("/dashboard").get_data(as_text=True)
    assert "three requests in a row expired" in dashboard
    assert 'action="/profile/resume"' in dashboard
    assert "Resume requests" in pro_client.get("/profile/resume").get_data(as_text=True)
    resumed = pro_client.post("/profile/resume", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Requests are open again" in resumed
    assert "three requests in a row expired" not in resumed
    assert profile_row(app, pro) == {"accepting": True, "in_a_row": 0, "auto_paused": False, "seconds": None}
    assert send_request(client, pro, [later]).status_code == 302


def test_resume_is_for_professionals_and_reads_what_paused_them(app, client, login, make_user):
    student = make_user("student")
    login(client, student)
    assert client.get("/profile/resume").status_code == 404
    assert client.post("/profile/resume", data={}).status_code == 404
    pro = make_professional(app, make_user, accepting_requests=False)
    pro_client = client_for(app, login, pro)
    page = pro_client.get("/profile/resume").get_data(as_text=True)
    assert "You paused new requests yourself" in page
    pro_client.post("/profile/resume", data={})
    assert profile_row(app, pro)["accepting"] is True
    assert "Nothing to do here" in pro_client.get("/profile/resume").get_data(as_text=True)


def test_only_requests_left_a_whole_week_count_and_a_message_is_not_silence(app, runner, login, make_user):
    start_clock()
    pro = make_professional(app, make_user)
    pro_client = client_for(app, login, pro)
    # Proposed for tomorrow: the time passes before the week is up, so it doesn't count.
    ask(app, login, make_user, pro, TUESDAY_9)
    clock.travel_to(NOW + timedelta(days=2))
    assert "1 request expired" in runner.invoke(args=["mentorhub", "tick"]).output
    assert profile_row(app, pro)["in_a_row"] == 0
    # Two left a week count; a message in a third's thread starts the count again.
    ask(app, login, make_user, pro)
    ask(app, login, make_user, pro)
    clock.travel_to(NOW + timedelta(days=10))
    runner.invoke(args=["mentorhub", "tick"])
    assert profile_row(app, pro)["in_a_row"] == 2
    written, _ = ask(app, login, make_user, pro, SLOT + timedelta(days=7))
    assert pro_client.post(f"/requests/{written}/messages", data={"body": "Busy week, back soon!"}).status_code == 302
    assert profile_row(app, pro)["in_a_row"] == 0


def test_a_profile_page_opened_before_the_pause_does_not_lift_it(app, runner, login, make_user):
    start_clock()
    pro = make_professional(app, make_user)
    pro_client = client_for(app, login, pro)
    page = pro_client.get("/profile").get_data(as_text=True)
    assert 'name="accepting_shown" type="hidden" value="y"' in page
    for _ in range(3):
        ask(app, login, make_user, pro)
    clock.travel_to(NOW + timedelta(days=8))
    runner.invoke(args=["mentorhub", "tick"])
    assert profile_row(app, pro)["accepting"] is False
    # The page from before the pause is saved as it was shown: the pause stays.
    stale = {"headline": "Tour manager", "company": "Roadcase", "industry": "tour-management",
             "bio": "I run tours.", "topics": "touring", "formats": ["video"], "chat_minutes": "30",
             "monthly_capacity": "10", "accepting_requests": "y", "accepting_shown": "y"}
    assert pro_client.post("/profile", data=stale).status_code == 302
    assert profile_row(app, pro)["accepting"] is False and profile_row(app, pro)["auto_paused"] is True
    # Ticking the switch on a fresh page resumes.
    assert pro_client.post("/profile", data={**stale, "accepting_shown": "n"}).status_code == 302
    assert profile_row(app, pro) == {"accepting": True, "in_a_row": 0, "auto_paused": False, "seconds": None}
