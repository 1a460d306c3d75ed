"""Preparing for a chat: the student's questions (chosen from every question plugin's
suggestions, reordered, edited, or their own) and what they want to learn.

The professional reads both on the request page before the chat. Only the student of an
accepted chat (booked, not yet cancelled) changes them; after the chat they are kept to read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from mentorhub import clock
from mentorhub.accounts.models import User
from mentorhub.chats.models import ACCEPTED, COMPLETED, ChatRequest
from mentorhub.chats.rules import clean_text
from mentorhub.chats.writing import writing
from mentorhub.database import commit
from mentorhub.errors import Conflict, DomainError
from mentorhub.extensions import db
from mentorhub.followup.access import student_request
from mentorhub.followup.models import Preparation, PreparedQuestion
from mentorhub.plugins import _calls as calls
from mentorhub.plugins._calls import question_key

# The buttons of the preparation page: "save", "add", "up-2", "down-0", "remove-1".
ACTION = re.compile(r"(save|add|up|down|remove)(?:-([0-9]{1,3}))?", re.ASCII)
MAX_QUESTIONS = 25
QUESTION_MAX = 300
NOTE_MAX = 1000
EMPTY_MESSAGE = "This question is empty: write it, or remove it with its Remove button."
CLOSED_MESSAGE = "This chat is over or no longer booked, so its preparation can't be changed."


@dataclass(frozen=True)
class Suggestion:
    """One suggested question; ``in_list`` when the student's list has it already,
    ``ticked`` when it was ticked on the page being shown again."""

    text: str
    in_list: bool
    ticked: bool


@dataclass(frozen=True)
class SuggestionGroup:
    """Suggested questions under one topic heading, in the plugins' order."""

    topic: str
    questions: tuple[Suggestion, ...]


@dataclass(frozen=True)
class Prepared:
    """What the student saved for one chat."""

    learn_note: str
    questions: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """Nothing saved yet."""
        return not self.learn_note and not self.questions


def prepare_path(request_id: int) -> str:
    """The site path of a chat's preparation page (reminders link to it from ``tick``,
    where no request is there to build URLs)."""
    return f"/requests/{request_id}/prepare"


def can_edit(chat_request: ChatRequest, now: datetime | None = None) -> bool:
    """The preparation can still change: the chat is booked and not cancelled nor over."""
    booking = chat_request.booking
    return (
        chat_request.status == ACCEPTED
        and booking is not None
        and booking.end_at > (now or clock.now())
    )


def is_kept(chat_request: ChatRequest) -> bool:
    """The preparation is shown: the chat is booked or took place."""
    return chat_request.status in (ACCEPTED, COMPLETED)


def prepared(request_id: int) -> Prepared:
    """What was saved for the chat of ``request_id`` (empty when nothing was)."""
    note = db.session.scalar(select(Preparation.learn_note).where(Preparation.request_id == request_id))
    questions = db.session.scalars(
        select(PreparedQuestion.text)
        .where(PreparedQuestion.request_id == request_id)
        .order_by(PreparedQuestion.position, PreparedQuestion.id)
    )
    return Prepared(note or "", tuple(questions))


def prepared_many(request_ids: Sequence[int]) -> dict[int, Prepared]:
    """What was saved for each of ``request_ids`` that has anything (two queries)."""
    if not request_ids:
        return {}
    notes = dict(
        db.session.execute(
            select(Preparation.request_id, Preparation.learn_note).where(Preparation.request_id.in_(request_ids))
        ).all()
    )
    questions: dict[int, list[str]] = {}
    for request_id, text in db.session.execute(
        select(PreparedQuestion.request_id, PreparedQuestion.text)
        .where(PreparedQuestion.request_id.in_(request_ids))
        .order_by(PreparedQuestion.request_id, PreparedQuestion.position, PreparedQuestion.id)
    ):
        questions.setdefault(request_id, []).append(text)
    found = {
        request_id: Prepared(notes.get(request_id) or "", tuple(questions.get(request_id, ())))
        for request_id in set(notes) | set(questions)
    }
    return {request_id: p for request_id, p in found.items() if not p.is_empty}


STUDENT_REMINDER_LINE = (
    "Your preparation page (linked from this reminder) keeps your questions in order and what "
    "you want to learn, ready to print."
)


def professional_reminder_lines(request_ids: Sequence[int]) -> dict[int, str]:
    """For the professionals' day-before reminders: what each student prepared."""
    lines = {}
    for request_id, saved in prepared_many(request_ids).items():
        parts = [f"What they want to learn: {saved.learn_note}"] if saved.learn_note else []
        if saved.questions:
            numbered = "\n".join(f"{n}. {q}" for n, q in enumerate(saved.questions, start=1))
            parts.append(f"The questions they prepared:\n{numbered}")
        lines[request_id] = "\n\n".join(parts)
    return lines


def requests_with_questions(request_ids: Sequence[int]) -> set[int]:
    """Which of ``request_ids`` have at least one saved question (one query)."""
    if not request_ids:
        return set()
    return set(
        db.session.scalars(
            select(PreparedQuestion.request_id)
            .where(PreparedQuestion.request_id.in_(request_ids))
            .distinct()
        )
    )


def suggestion_groups(
    chat_request: ChatRequest, viewer: User, listed: Sequence[str] = (), ticked: Sequence[str] = ()
) -> list[SuggestionGroup]:
    """Every question plugin's suggestions for this chat (de-duplicated by the host, a
    failing plugin leaves the rest), grouped by topic in the order topics first appear, each
    marked when it is among the ``listed`` questions or the ``ticked`` ones."""
    in_list = {question_key(text) for text in listed}
    ticks = set(ticked)
    return [
        SuggestionGroup(topic, tuple(Suggestion(t, question_key(t) in in_list, t in ticks) for t in texts))
        for topic, texts in calls.questions_by_topic(
            chat_request.student, chat_request.professional, chat_request=chat_request, viewer=viewer
        )
    ]


def clean_questions(texts: Sequence[str]) -> list[str]:
    """The questions as they will be saved: each stripped and checked, repeats dropped (the
    first kept), at most :data:`MAX_QUESTIONS`. Raises :class:`DomainError` naming the
    field (``questions-<i>``) of a question that is empty or too long."""
    kept: list[str] = []
    seen: set[str] = set()
    for index, text in enumerate(texts):
        question = " ".join(clean_text(text, QUESTION_MAX, "question", field=f"questions-{index}").split())
        if not question:
            raise DomainError(EMPTY_MESSAGE, field=f"questions-{index}")
        if question_key(question) not in seen:
            seen.add(question_key(question))
            kept.append(question)
    if len(kept) > MAX_QUESTIONS:
        raise DomainError(
            f"Please keep to {MAX_QUESTIONS} questions: a short chat has room for a handful. "
            f"You have {len(kept)}; remove some first.",
            field="questions",
        )
    return kept


def save_preparation(actor: User, request_id: int, learn_note: str, questions: Sequence[str]) -> Prepared:
    """Save ``actor``'s questions (in this order) and "what I want to learn" note for the
    chat of ``request_id``, replacing what was saved. Returns what was saved."""
    note = clean_text(learn_note, NOTE_MAX, "note", field="learn_note")
    kept = clean_questions(questions)
    with writing():
        chat_request = student_request(actor, request_id)
        if not can_edit(chat_request):
            raise Conflict(CLOSED_MESSAGE)
        preparation = db.session.get(Preparation, request_id)
        if preparation is None:
            preparation = Preparation(request_id=request_id)
            db.session.add(preparation)
        preparation.learn_note = note
        preparation.updated_at = clock.now()
        db.session.execute(delete(PreparedQuestion).where(PreparedQuestion.request_id == request_id))
        db.session.add_all(
            PreparedQuestion(request_id=request_id, position=position, text=text)
            for position, text in enumerate(kept)
        )
        commit()
    return Prepared(note, tuple(kept))


@dataclass(frozen=True)
class Arranged:
    """The questions after one button of the preparation page, and what to tell the user."""

    questions: list[str]
    message: str
    anchor: str


def arrange(texts: Sequence[str], picks: Sequence[str], own: str, action: str) -> Arranged:
    """Apply one button of the preparation page (which works without JavaScript: every
    button submits the whole page) to the typed ``texts``: ``up-<i>``/``down-<i>`` move
    question ``i``, ``remove-<i>`` drops it; every button also adds the ticked ``picks`` and
    the student's ``own`` question at the end (repeats are skipped). Raises
    :class:`DomainError` for an empty question that is kept, or "Add" with nothing to add."""
    items = [" ".join(t.split()) for t in texts]
    button = ACTION.fullmatch(action or "")
    verb = button.group(1) if button else "save"
    index = int(button.group(2)) if button and button.group(2) else None
    index = index if index is not None and index < len(items) else None
    for position, text in enumerate(items):
        if not text and not (verb == "remove" and position == index):
            raise DomainError(EMPTY_MESSAGE, field=f"questions-{position}")
    message, anchor = "Saved.", "questions-heading"
    if index is not None and verb == "remove":
        del items[index]
        message = "Question removed."
    elif index is not None and verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(items):
            items[index], items[other] = items[other], items[index]
            anchor = f"q-{other}"
        message = ""
    seen = {question_key(t) for t in items}
    added = 0
    for text in [*picks, own]:
        text = " ".join((text or "").split())
        if text and question_key(text) not in seen:
            seen.add(question_key(text))
            items.append(text)
            added += 1
    if verb == "add" and not added:
        if own.strip() or picks:
            raise DomainError("That question is already in your list.", field="own")
        raise DomainError("Tick a suggested question or write your own first.", field="own")
    if added and verb in ("add", "save"):
        message = f"Added {added} question{'s' if added != 1 else ''} to your list."
    return Arranged(items, message, anchor)
