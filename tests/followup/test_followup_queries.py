"""The followup sections and pages cost the same queries whatever the number of chats."""

from __future__ import annotations

from followup_support import CHAT, NOW, book_chat, text

from mentorhub import clock


def test_the_sections_cost_the_same_queries_for_one_chat_or_three(app, make_user, add_window, login, queries):
    clock.travel_to(NOW)
    first = book_chat(app, make_user, add_window, login)

    def count() -> tuple[int, int]:
        with queries() as dashboard:
            first.student_client.get("/dashboard")
        with queries() as prepared:
            first.student_client.get(f"/requests/{first.request_id}/prepare")
        return len(dashboard), len(prepared)

    one = count()
    for hour in (10, 11):
        book_chat(app, make_user, add_window, login, pro=first.pro, student=first.student,
                  student_client=first.student_client, start=CHAT.replace(hour=hour))
    assert text(first.student_client.get("/dashboard")).count("Prepare your questions") == 3
    assert count() == one
