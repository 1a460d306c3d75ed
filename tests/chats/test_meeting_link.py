"""A professional's usual video link fills in when they accept a video chat, and a booked
video chat has a "Join call" button for both people."""

from __future__ import annotations

import html

import pytest
from followup_support import CHAT, INTRO, NOW, PROFILE
from sqlalchemy import func, select

from mentorhub import clock
from mentorhub.chats.models import ChatRequest
from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile
from mentorhub.scheduling.models import Booking


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


PRO_FORM = {"headline": "Tour Manager", "company": "Roadcase Touring", "industry": "tour-management",
            "bio": "I run tours.", "topics": "touring", "formats": ["video"], "chat_minutes": "30",
            "monthly_capacity": "6", "accepting_requests": "y"}


@pytest.mark.parametrize("bad", ["meet.example.com/pat", "javascript:alert(1)", "https://meet example.com"])
def test_a_meeting_link_must_be_a_whole_web_address(app, client, make_user, login, bad):
    pro = make_user("professional")
    login(client, pro)
    response = client.post("/profile", data={**PRO_FORM, "meeting_link": bad})
    assert response.status_code == 200
    assert "Please give the whole link, starting with https://" in page(response)
    assert f'value="{bad}"' in page(response)
    with app.app_context():
        assert db.session.get(ProfessionalProfile, pro.id).meeting_link == ""


def test_the_usual_link_fills_in_on_accept_and_both_can_join(app, make_user, add_window, login):
    clock.travel_to(NOW)
    pro = make_user("professional", display_name="Pat Pro", profile=PROFILE, topics=["Touring"])
    add_window(pro, CHAT.weekday(), "09:00", "12:00")
    student = make_user("student", display_name="Sam Student")
    pro_client, student_client = app.test_client(), app.test_client()
    login(pro_client, pro)
    login(student_client, student)
    assert pro_client.post("/profile", data={**PRO_FORM, "meeting_link": "https://meet.example.com/pat"}
                           ).status_code == 302
    student_client.post(f"/professionals/{pro.id}/request", data={
        "format": "video", "introduction": INTRO, "times": [CHAT.isoformat()], "action": "send"})
    with app.app_context():
        request_id = db.session.scalar(select(func.max(ChatRequest.id)))
    detail = page(pro_client.get(f"/requests/{request_id}"))
    assert 'value="https://meet.example.com/pat"' in detail
    assert "Your usual link from your profile" in detail
    response = pro_client.post(f"/requests/{request_id}/accept",
                               data={"start_at": CHAT.isoformat(), "location": "https://meet.example.com/pat"})
    assert response.status_code == 302
    for client in (pro_client, student_client):
        join = '<a class="button join-call" href="https://meet.example.com/pat"'
        assert join in client.get(f"/requests/{request_id}").get_data(as_text=True)
        dashboard = client.get("/dashboard").get_data(as_text=True)
        assert 'class="join-call" href="https://meet.example.com/pat"' in dashboard
    with app.app_context():
        booking = db.session.scalar(select(Booking).where(Booking.request_id == request_id))
        booking.location = "+44 20 7946 0958"  # a phone chat has nothing to join
        db.session.commit()
    assert "Join call" not in page(student_client.get(f"/requests/{request_id}"))
