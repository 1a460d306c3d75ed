"""The dashboard's profile card: what is missing, or a short summary when complete."""

from __future__ import annotations

import html

from sqlalchemy import update

from mentorhub.extensions import db
from mentorhub.profiles.models import ProfessionalProfile


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_student_without_interests_is_asked_to_add_them(client, make_user, login):
    login(client, make_user("student"))
    text = page(client.get("/dashboard"))
    assert "Complete your profile" in text
    assert "Add interests so we can suggest people" in text


def test_student_without_programme_or_goals_is_told_what_is_missing(client, make_user, login):
    login(
        client,
        make_user(
            "student", topics=["touring"], profile={"school": "", "programme": "", "goals": ""}
        ),
    )
    text = page(client.get("/dashboard"))
    assert "Add your school and programme" in text
    assert "Say what you want to learn" in text
    assert "Add interests so we can suggest people" not in text


def test_complete_student_sees_a_summary(client, make_user, login):
    login(
        client,
        make_user(
            "student",
            topics=["touring", "A&R"],
            profile={
                "school": "Westbridge University",
                "programme": "BA Music Business",
                "graduation_year": 2030,
                "goals": "Learn about A&R.",
            },
        ),
    )
    text = page(client.get("/dashboard"))
    assert "Complete your profile" not in text
    assert "BA Music Business at Westbridge University, graduating 2030" in text
    assert "A&R" in text
    assert "Find professionals" in text


def test_professional_without_bio_or_topics_is_prompted(client, make_user, login):
    login(client, make_user("professional", profile={"bio": ""}))
    text = page(client.get("/dashboard"))
    assert "Complete your profile" in text
    assert "Write a short bio" in text
    assert "Add topics you can talk about" in text


def test_complete_professional_sees_a_summary(client, make_user, login):
    login(
        client,
        make_user(
            "professional",
            topics=["touring"],
            profile={
                "bio": "Twelve years on the road.",
                "will_not_do": "No job referrals.",
                "chat_minutes": 15,
                "monthly_capacity": 5,
                "offers_phone": True,
            },
        ),
    )
    text = page(client.get("/dashboard"))
    assert "Complete your profile" not in text
    assert "Tour manager at Acme Live" in text
    assert "15-minute chats: Video call, Phone call" in text
    assert "Up to 5 chats a month" in text
    assert "Next steps" not in text  # the list goes once the profile is done
    assert "Your availability" in text  # which still says when no windows are set


def test_paused_professional_is_reminded_on_the_dashboard(app, client, make_user, login):
    user = make_user("professional")
    with app.app_context():
        db.session.execute(update(ProfessionalProfile).values(accepting_requests=False))
        db.session.commit()
    login(client, user)
    assert "You're paused" in page(client.get("/dashboard"))
