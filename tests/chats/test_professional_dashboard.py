"""A professional's dashboard leads with the work: request cards first (the introduction's
start, the proposed times in both zones, accept or ask for other times in place), the next
chat with its join link, and a count on "Requests" in the menu."""

from __future__ import annotations

import html
import re

from followup_support import CHAT, INTRO, NOW, PROFILE
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_request_cards_come_first_and_can_be_answered_in_place(app, make_user, add_window, login):
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Pat Pro", timezone="Europe/London",
                    profile={**PROFILE, "meeting_link": "https://meet.example.com/pat"}, topics=["Touring"])
    add_window(pro, CHAT.weekday(), "09:00", "12:00")
    student = make_user("student", display_name="Sam Student", timezone="America/New_York")
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    assert "to answer" not in page(pro_client.get("/dashboard"))
    student_client.post(f"/professionals/{pro.id}/request", data={
        "format": "video", "introduction": INTRO, "times": [CHAT.isoformat()], "action": "send"})
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))

    dashboard = page(pro_client.get("/dashboard"))
    assert '<span class="badge" aria-label="1 to answer">1</span>' in dashboard
    work, profile = dashboard.index("Requests to answer"), dashboard.index("profile-checklist")
    assert work < profile  # the work first
    card = dashboard[work:profile]
    assert "I'm Sam, a second-year music business student" in card
    assert "Tue 2 Mar 2027, 09:00 (Europe/London) · 04:00 for Sam, night" in card
    assert 'value="https://meet.example.com/pat"' in card
    assert re.search(rf'action="/requests/{request_id}/accept"', card)

    # Accepting from the card, as the browser would post it.
    response = pro_client.post(f"/requests/{request_id}/accept",
                               data={"start_at": CHAT.isoformat(), "location": "https://meet.example.com/pat"})
    assert response.status_code == 302
    dashboard = page(pro_client.get("/dashboard"))
    assert "Requests to answer" not in dashboard and 'aria-label="1 to answer"' not in dashboard
    coming = dashboard[dashboard.index("Coming up"):]
    assert "Sam Student" in coming and 'href="https://meet.example.com/pat"' in coming


def test_asking_for_other_times_from_the_card(app, make_user, add_window, login):
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Pat Pro", profile=PROFILE)
    add_window(pro, CHAT.weekday(), "09:00", "12:00")
    student = make_user("student", display_name="Sam Student")
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    student_client.post(f"/professionals/{pro.id}/request", data={
        "format": "video", "introduction": INTRO, "times": [CHAT.isoformat()], "action": "send"})
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))
    card = page(pro_client.get("/dashboard"))
    assert f'formaction="/requests/{request_id}/ask-times"' in card
    # The button posts the card's fields to ask-times: they are ignored there.
    response = pro_client.post(f"/requests/{request_id}/ask-times",
                               data={"start_at": CHAT.isoformat(), "location": ""})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ChatRequest, request_id).awaiting_student is True
    assert "Requests to answer" not in page(pro_client.get("/dashboard"))
