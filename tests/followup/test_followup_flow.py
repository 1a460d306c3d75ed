"""Must show 1: the whole practice after a booking, through HTTP with a controllable clock:
prepare (pick, reorder, add, save), the professional sees the list, the chat ends, the
thank-you prompt, the reminder (once), the thank-you sent and seen, keep-in-touch nudges at
1, 3 and 6 months (each once), snooze and stop, and an update the professional answers."""

from __future__ import annotations

import re
from datetime import timedelta

from followup_support import END, NOW, book_chat, kinds_of, nudge_rows, text, tick

from mentorhub import clock

TYPICAL_DAY = "What does a typical day for you involve?"
GET_STARTED = "How would someone interested in your field get started?"
OWN = "How do you decide which tours to take on?"
NOTE = "how people get their first job in touring, and what a tour manager's week looks like"


def test_prepare_thank_and_keep_in_touch(app, runner, make_user, add_window, login):
    clock.travel_to(NOW)
    chat = book_chat(app, make_user, add_window, login)
    rid, student, pro = chat.request_id, chat.student_client, chat.pro_client

    # Before the chat: the dashboard says "prepare" for a chat tomorrow with nothing saved.
    dashboard = text(student.get("/dashboard"))
    assert "Prepare your questions" in dashboard and f"/requests/{rid}/prepare" in dashboard

    # The preparation page: suggestions grouped by topic, from the question bank.
    page = text(student.get(f"/requests/{rid}/prepare"))
    assert "<legend>About the job</legend>" in page and "<legend>Tour management</legend>" in page
    assert TYPICAL_DAY in page and "What does a show day look like for you" in page

    # Pick two suggestions and add one of their own, with the note.
    response = student.post(f"/requests/{rid}/prepare", data={
        "learn_note": NOTE, "picks": [TYPICAL_DAY, GET_STARTED], "own": OWN, "action": "add",
    })
    assert response.status_code == 302
    page = text(student.get(response.headers["Location"]))
    assert "Added 3 questions to your list." in page
    assert _questions(page) == [TYPICAL_DAY, GET_STARTED, OWN]

    # Reorder without JavaScript: the whole page is submitted with the button pressed.
    typed = {"learn_note": NOTE, "questions-0": TYPICAL_DAY, "questions-1": GET_STARTED, "questions-2": OWN}
    student.post(f"/requests/{rid}/prepare", data={**typed, "action": "up-2"})
    page = text(student.get(f"/requests/{rid}/prepare"))
    assert _questions(page) == [TYPICAL_DAY, OWN, GET_STARTED]
    edited = {"learn_note": NOTE, "questions-0": TYPICAL_DAY, "questions-1": OWN,
              "questions-2": "How did you get started in touring?"}
    response = student.post(f"/requests/{rid}/prepare", data={**edited, "action": "save"})
    assert "Saved." in text(student.get(response.headers["Location"]))
    assert "Prepare your questions" not in text(student.get("/dashboard"))

    # The professional sees the list, in order, and the note on the request page.
    page = text(pro.get(f"/requests/{rid}"))
    assert "Sam Student's questions for you" in page and NOTE in page
    assert page.index(TYPICAL_DAY) < page.index(OWN) < page.index("How did you get started in touring?")
    # The day-before reminder leads the student to the preparation page.
    clock.travel_to(END - timedelta(hours=24, minutes=20))
    tick(runner)
    [reminder] = kinds_of(app, chat.student, "reminder_24h")
    assert reminder.link == f"/requests/{rid}/prepare"
    [pro_reminder] = kinds_of(app, chat.pro, "reminder_24h")
    assert pro_reminder.link == f"/requests/{rid}"
    assert f"What they want to learn: {NOTE}" in pro_reminder.body
    assert f"1. {TYPICAL_DAY}\n2. {OWN}\n3. How did you get started in touring?" in pro_reminder.body

    # The chat ends: the student is asked for a thank-you at once, before tick completes it.
    clock.travel_to(END + timedelta(minutes=1))
    assert "Write your thank-you" in text(student.get(f"/requests/{rid}"))
    assert f"/requests/{rid}/thank-you" in text(student.get("/dashboard"))
    draft = text(student.get(f"/requests/{rid}/thank-you"))
    assert "Dear Pat," in draft and NOTE in draft and "What I learned most was" in draft

    # Two days on with no thank-you: one reminder, however often tick runs.
    clock.travel_to(END + timedelta(days=2, minutes=1))
    assert "1 nudge sent" in tick(runner)
    assert "0 nudges sent" in tick(runner)
    [thank_reminder] = kinds_of(app, chat.student, "thank_you_reminder")
    assert thank_reminder.link == f"/requests/{rid}/thank-you"

    # The thank-you goes out and the professional sees it: notification, dashboard, request.
    response = student.post(f"/requests/{rid}/thank-you", data={
        "body": "Dear Pat,\n\nThank you! What I learned most was how much planning a tour takes.",
    })
    assert response.status_code == 302
    [thanks] = kinds_of(app, chat.pro, "thank_you")
    assert thanks.title == "Sam Student sent you a thank-you note" and "how much planning" in thanks.body
    assert "how much planning a tour takes" in text(pro.get("/dashboard"))
    assert "how much planning a tour takes" in text(pro.get(f"/requests/{rid}"))
    assert "Write your thank-you" not in text(student.get(f"/requests/{rid}"))
    again = student.post(f"/requests/{rid}/thank-you", data={"body": "Thanks again!"})
    assert "You sent your thank-you" in text(again)
    assert len(kinds_of(app, chat.pro, "thank_you")) == 1

    # A month after the chat: a keep-in-touch nudge, once.
    clock.travel_to(END + timedelta(days=30, minutes=1))
    assert "1 nudge sent" in tick(runner)
    assert "0 nudges sent" in tick(runner)
    [nudge] = kinds_of(app, chat.student, "keep_in_touch")
    assert nudge.title == "Keep in touch with Pat Pro" and nudge.link == f"/requests/{rid}/update"
    dashboard = text(student.get("/dashboard"))
    assert "it's been a month since your chat" in dashboard

    # Snoozed, it is gone for two weeks and then comes back once.
    nudge_id = int(re.search(r"/nudges/(\d+)/snooze", dashboard).group(1))
    response = student.post(f"/nudges/{nudge_id}/snooze", data={"from": "dashboard"})
    assert response.headers["Location"].endswith("/dashboard")
    assert "it's been a month" not in text(student.get("/dashboard"))
    clock.travel_to(END + timedelta(days=44, minutes=2))
    assert "1 nudge sent" in tick(runner)
    assert "0 nudges sent" in tick(runner)
    assert len(kinds_of(app, chat.student, "keep_in_touch")) == 2
    assert "it's been a month" in text(student.get("/dashboard"))

    # The update reaches the professional, who answers in the request's thread.
    response = student.post(f"/requests/{rid}/update", data={
        "body": "I signed up for the live events module and I'm helping at a festival this summer.",
    })
    assert response.status_code == 302
    [news] = kinds_of(app, chat.pro, "followup_update")
    assert news.title == "News from Sam Student since your chat" and news.link == f"/requests/{rid}"
    page = text(pro.get(f"/requests/{rid}"))
    assert "helping at a festival this summer" in page and "Reply to Sam Student in the messages" in page
    pro.post(f"/requests/{rid}/messages", data={"body": "Brilliant news! Say hi to the crew for me."})
    assert "Say hi to the crew for me." in text(student.get(f"/requests/{rid}"))
    assert "it's been a month" not in text(student.get("/dashboard"))  # answered

    # Three months: the next nudge. Then the student stops them for Pat: no six-month one.
    clock.travel_to(END + timedelta(days=91, minutes=1))
    assert "1 nudge sent" in tick(runner)
    assert "it's been three months" in text(student.get("/dashboard"))
    response = student.post(f"/requests/{rid}/keep-in-touch/stop")
    assert "No more keep-in-touch reminders about Pat Pro" in text(student.get(response.headers["Location"]))
    assert "it's been three months" not in text(student.get("/dashboard"))
    clock.travel_to(END + timedelta(days=182, minutes=1))
    assert "0 nudges sent" in tick(runner)
    assert [stage for stage, _ in nudge_rows(app, rid)] == ["thank_you_reminder", "month_1", "month_3"]
    assert nudge_rows(app, rid)[1] == ("month_1", 2)

    # Turned back on, the six-month nudge comes while it is still due.
    student.post(f"/requests/{rid}/keep-in-touch/resume")
    assert "1 nudge sent" in tick(runner)
    assert "it's been six months" in text(student.get("/dashboard"))


def _questions(page: str) -> list[str]:
    """The question boxes of the preparation page, in order."""
    return re.findall(r'<input[^>]*name="questions-\d+"[^>]*value="([^"]*)"', page)
