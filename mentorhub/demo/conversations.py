"""Demo conversations, so a fresh site shows a professional's inbox at work: one request
waiting for an answer and one chat already booked, which its student has prepared for. Made
through the real services, so they look exactly like what users create (events,
notifications, next free times)."""

from __future__ import annotations

from sqlalchemy import select

from mentorhub.accounts.models import User
from mentorhub.chats.answers import accept_request
from mentorhub.chats.services import create_request
from mentorhub.extensions import db
from mentorhub.followup.preparation import save_preparation
from mentorhub.scheduling.services import upcoming_slots

INTRODUCTIONS = {
    "pending": (
        "Hi! I'm a second-year music business student. I'd love to learn what a typical week "
        "in A&R looks like, how you decide which artists to follow, and how you got started. "
        "Your work with new songwriters is exactly what I'm curious about."
    ),
    "booked": (
        "Hello, I'm studying audio production and I'm trying to understand the paths into "
        "A&R. I'd be grateful for twenty minutes to hear how your first years went and what "
        "you wish you had known as a student."
    ),
}
LEARN_NOTE = "How people find their way into A&R, and what the first years in the job are like."


def add_demo_chats(professional_email: str, student_emails: tuple[str, str]) -> int:
    """Give the professional a pending request from the first student and a booked chat with
    the second; returns how many were made (0 when the professional has no free times)."""
    professional = db.session.scalar(select(User).where(User.email == professional_email))
    waiting, booked = (db.session.scalar(select(User).where(User.email == e)) for e in student_emails)
    if professional is None or waiting is None or booked is None:
        return 0
    slots = upcoming_slots(professional)
    if len(slots) < 4:
        return 0
    fmt = professional.professional_profile.formats[0]
    create_request(waiting, professional.id, fmt, INTRODUCTIONS["pending"], [s.start for s in slots[1:4]])
    request = create_request(booked, professional.id, fmt, INTRODUCTIONS["booked"], [slots[0].start])
    accept_request(professional, request.id, slots[0].start, "https://meet.example.org/mentorhub-demo")
    save_preparation(booked, request.id, LEARN_NOTE, [
        "How would someone interested in your field get started?",
        "What did your first year in A&R look like?",
        "What do you wish you had known as a student?",
        "Is there anyone else you'd recommend I talk to?",
    ])
    return 2
