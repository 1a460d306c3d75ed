"""Forms for changing a booked chat."""

from __future__ import annotations

from datetime import UTC, datetime

from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from mentorhub.bookings.services import MAX_REASON_LENGTH
from mentorhub.forms import Form


class CancelForm(Form):
    """Why the chat is called off (shown to the other person)."""

    reason = TextAreaField(
        "Why are you cancelling?",
        description="The other person set this time aside; a short, honest reason helps. "
        "They will see it.",
        validators=[
            InputRequired("Please say why you are cancelling."),
            Length(
                max=MAX_REASON_LENGTH,
                message=f"Please keep the reason under {MAX_REASON_LENGTH} characters.",
            ),
        ],
    )


class RescheduleForm(Form):
    """A proposed new time among the professional's free slots (values are UTC ISO timestamps),
    with a note for the other person.

    The choice is not checked against the list here: the service checks the time against
    the professional's free time at the moment of the change and says what is wrong with it.
    """

    start_at = RadioField(
        "New time", validators=[InputRequired("Please pick a new time.")], validate_choice=False
    )
    note = TextAreaField(
        "A note for the other person",
        description="Why the chat needs to move. They confirm the new time or keep the "
        "current one; until then the chat stays where it is.",
        validators=[
            InputRequired("Please add a short note saying why the chat needs to move."),
            Length(max=MAX_REASON_LENGTH, message=f"Please keep the note under {MAX_REASON_LENGTH} characters."),
        ],
    )

    def chosen_start(self) -> datetime | None:
        """The picked time as an aware UTC datetime, or ``None`` when it is not a timestamp."""
        try:
            moment = datetime.fromisoformat(self.start_at.data or "")
        except ValueError:
            return None
        return moment.astimezone(UTC) if moment.tzinfo else None
