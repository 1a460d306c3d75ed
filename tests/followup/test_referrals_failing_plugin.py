"""A referral plugin that raises in every hook leaves the referral pages working, and the
professional can still type a referral by hand."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from followup_support import END, NOW, PROFILE, book_chat, kinds_of, text

from mentorhub import clock

FAILING = Path(__file__).parents[1] / "fixtures" / "plugins" / "all_raising"


@pytest.fixture
def mentorhub_plugin_dirs():
    return [FAILING]


def test_pages_work_and_a_referral_can_be_typed_by_hand(app, make_user, add_window, login):
    clock.travel_to(NOW)
    chat = book_chat(app, make_user, add_window, login)
    rae = make_user("professional", email="rae@example.com", display_name="Rae Referred", profile=PROFILE)
    clock.travel_to(END + timedelta(minutes=5))
    assert chat.student_client.post(f"/requests/{chat.request_id}/referrals/ask").status_code == 302
    page = chat.pro_client.get(f"/requests/{chat.request_id}/referrals")
    assert page.status_code == 200
    assert "Someone else, on MentorHub or not" in text(page)
    response = chat.pro_client.post(f"/requests/{chat.request_id}/referrals",
                                    data={"invite_name": "Rae", "invite_email": "RAE@example.com"})
    assert response.status_code == 302
    assert len(kinds_of(app, rae, "referral_consent")) == 1
    for client, path in ((chat.student_client, f"/requests/{chat.request_id}"),
                         (chat.pro_client, f"/requests/{chat.request_id}"),
                         (chat.student_client, "/network"), (chat.pro_client, "/impact"),
                         (chat.pro_client, "/dashboard")):
        assert client.get(path).status_code == 200, path
