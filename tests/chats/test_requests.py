"""A student writes a request, reviews the advice and sends it (issue 3, "Requests")."""

from __future__ import annotations

from bookings_support import notifications_of
from chats_support import (
    INTRO,
    TUESDAY_9,
    at,
    counts,
    iso,
    last_request_id,
    make_professional,
    request_row,
    send_request,
    start_clock,
)


def test_request_form_offers_free_times_in_the_students_zone_with_the_zone_named(
    app, client, make_user, login
):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student", timezone="Asia/Tokyo"))
    page = client.get(f"/professionals/{pro.id}/request").get_data(as_text=True)
    assert "Asia/Tokyo" in page
    # Tuesday 09:00 UTC is 18:00 in Tokyo; the checkbox carries the UTC time.
    assert "Tuesday 2 March" in page and "18:00" in page
    assert f'value="{iso(TUESDAY_9)}"' in page


def test_request_form_shows_guidance_formats_and_questions_to_ask(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user, offers_phone=True)
    login(client, make_user("student"))
    page = client.get(f"/professionals/{pro.id}/request").get_data(as_text=True)
    assert "who you are" in page.lower() and "what you want to learn" in page and "why" in page
    assert "Video call" in page and "Phone call" in page and "In person" not in page
    assert "Questions you could ask" in page
    assert (
        "anyone else you&#39;d recommend I talk to" in page
        or "anyone else you'd recommend I talk to" in page
    )



def test_request_form_reads_the_professional_with_their_profile_at_once(app, client, make_user, login, queries):
    """The professional comes with their profile in one query (it was read again, lazily,
    for the format list and the rules)."""
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    client.get(f"/professionals/{pro.id}/request")  # warm-up: per-process caches
    with queries() as statements:
        assert client.get(f"/professionals/{pro.id}/request").status_code == 200
    flat = [" ".join(s.split()) for s in statements]
    lazy = [s for s in flat if s.startswith("SELECT professional_profiles.")]
    assert lazy == [], lazy

def test_review_step_shows_the_request_and_keeps_what_was_typed(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    response = send_request(client, pro, [TUESDAY_9, at(1)], action="review")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Review your request" in page and "Send request" in page
    assert "second-year music business student" in page
    assert page.count("checked") >= 2
    assert counts(app)["ChatRequest"] == 0


def test_sending_creates_a_pending_request_and_tells_the_professional(
    app, client, make_user, login
):
    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    login(client, student)
    response = send_request(client, pro, [TUESDAY_9, at(1), at(2)])
    request_id = last_request_id(app)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/requests/{request_id}")
    row = request_row(app, request_id)
    assert row["status"] == "pending" and row["format"] == "video"
    assert row["proposed"] == [TUESDAY_9, at(1), at(2)]
    assert row["events"] == [("request_created", None, "pending")]
    assert row["expires_at"] - row["created_at"] == app.config["REQUEST_EXPIRY_DAYS"] * (
        at(24) - at(0)
    )
    [note] = notifications_of(app, pro)
    assert note["kind"] == "request_created" and note["link"] == f"/requests/{request_id}"
    page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Your request was sent" in page and "Waiting for an answer" in page


def test_the_professional_sees_the_proposed_times_in_their_own_zone(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user, timezone="America/New_York")
    login(client, make_user("student", timezone="Europe/London"))
    # 09:00 in New York on Tuesday 2 March 2027 is 14:00 UTC.
    send_request(client, pro, [at(5)])
    pro_client = app.test_client()
    login(pro_client, pro)
    inbox = pro_client.get("/inbox").get_data(as_text=True)
    assert "Tue 2 Mar 2027, 09:00 (America/New_York)" in inbox


def test_the_text_survives_a_failed_send(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    response = send_request(client, pro, [])
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please tick between 1 and 3 times." in page
    assert "second-year music business student" in page


def test_sending_without_review_still_gets_the_advice_checked(app, client, make_user, login):
    start_clock()
    pro = make_professional(app, make_user)
    login(client, make_user("student"))
    response = send_request(
        client, pro, [TUESDAY_9], intro=INTRO + " Also, could you refer me for a job at your label?"
    )
    assert response.status_code == 400
    assert "Send anyway" in response.get_data(as_text=True)
    assert counts(app)["ChatRequest"] == 0


def test_a_request_page_reads_the_viewers_blocks_once(app, client, make_user, login, queries):
    """The thread's "still open?" check and the block button read the same person's blocks
    (the signed-in one's): one query, not one per person (the professional's page read the
    student's blocks, then their own)."""
    start_clock()
    pro = make_professional(app, make_user)
    student = make_user("student")
    login(client, student)
    assert send_request(client, pro, [TUESDAY_9]).status_code == 302
    request_id = last_request_id(app)
    client.get("/logout")
    login(client, pro)
    client.get(f"/requests/{request_id}")  # warm-up: per-process caches
    with queries() as statements:
        assert client.get(f"/requests/{request_id}").status_code == 200
    blocks = [s for s in statements if "FROM blocks" in " ".join(s.split())]
    assert len(blocks) == 1, blocks
