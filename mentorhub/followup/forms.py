"""Forms after the chat: the preparation (questions, note), the thank-you and an update.

The services check every rule again; these keep what the user typed when a page is shown
again with a message."""

from __future__ import annotations

from wtforms import FieldList, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from mentorhub.errors import DomainError
from mentorhub.followup.notes import NOTE_BODY_MAX
from mentorhub.followup.preparation import NOTE_MAX, QUESTION_MAX
from mentorhub.forms import Form


class PrepareForm(Form):
    """The preparation page: the student's questions in order (each editable), suggestions
    to tick, one of their own, and the note. Which button was pressed is ``action``."""

    learn_note = TextAreaField("What I want to learn", validators=[Length(max=NOTE_MAX)])
    # Far more than a page ever shows: a bound on what one post may make us process.
    questions = FieldList(StringField("Question", validators=[Length(max=QUESTION_MAX)]), max_entries=100)
    picks = SelectMultipleField("Suggested questions", choices=[], validate_choice=False)
    own = StringField("Add your own question", validators=[Length(max=QUESTION_MAX)])

    def show_error(self, error: DomainError, field: str | None = None) -> None:
        """Like :meth:`Form.show_error`, also onto one question (``questions-<i>``)."""
        name = error.field or field or ""
        head, _, index = name.partition("-")
        if head == "questions" and index.isdigit() and int(index) < len(self.questions.entries):
            entry = self.questions.entries[int(index)]
            entry.errors = [*entry.errors, error.message]
            self.form_errors.append(f"Please look at question {int(index) + 1}: {error.message}")
        elif head == "questions":  # about the whole list: at the top of the form
            self.form_errors.append(error.message)
        else:
            super().show_error(error, field)


class ThankYouForm(Form):
    """The thank-you note (prefilled with a draft)."""

    body = TextAreaField(
        "Your thank-you note",
        validators=[DataRequired("Please write your note."), Length(max=NOTE_BODY_MAX)],
    )


class UpdateForm(Form):
    """An update on what happened since the chat."""

    body = TextAreaField(
        "What happened since your chat?",
        description="A course you took, an internship, a project, a decision their advice "
        f"helped with. {NOTE_BODY_MAX:,} characters at most.",
        validators=[DataRequired("Please write your update."), Length(max=NOTE_BODY_MAX)],
    )
