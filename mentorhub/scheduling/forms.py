"""Forms of the availability page. Their field names differ, so one page shows all three and
re-renders the one that failed with what was typed."""

from __future__ import annotations

from wtforms import DateField, IntegerField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from mentorhub.forms import Form
from mentorhub.scheduling.availability import WEEKDAY_NAMES


class WindowForm(Form):
    """A weekly window: a weekday and a start and end time in the professional's zone."""

    weekday = SelectField(
        "Day",
        choices=[SelectChoice(str(i), name) for i, name in enumerate(WEEKDAY_NAMES)],
        validators=[InputRequired("Choose a day.")],
    )
    start = TimeField("From", validators=[InputRequired("Enter a start time, e.g. 17:00.")])
    end = TimeField("Until", validators=[InputRequired("Enter an end time, e.g. 19:00.")])

    def validate_end(self, field: TimeField) -> None:
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("The end time must be after the start time.")


class BlackoutForm(Form):
    """A date with no chats, with an optional note for the professional."""

    day = DateField("Date", validators=[InputRequired("Choose a date.")])
    note = StringField(
        "Note (only you see it)",
        validators=[Optional(), Length(max=120, message="Keep the note under 120 characters.")],
        description="E.g. holiday, conference.",
    )


def _buffer_field(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired("Enter a number of minutes (0 for none)."),
            NumberRange(0, 60, "Choose between 0 and 60 minutes."),
        ],
    )


class SettingsForm(Form):
    """Buffers, minimum notice and booking horizon."""

    buffer_before_minutes = _buffer_field("Free time before each chat (minutes)")
    buffer_after_minutes = _buffer_field("Free time after each chat (minutes)")
    min_notice_hours = IntegerField(
        "Minimum notice (hours)",
        description="Students cannot ask for a time sooner than this.",
        validators=[
            InputRequired("Enter a number of hours (0 for none)."),
            NumberRange(0, 168, "Choose between 0 and 168 hours (one week)."),
        ],
    )
    horizon_days = IntegerField(
        "Booking horizon (days)",
        description="How far ahead students can ask for a time.",
        validators=[
            InputRequired("Enter a number of days."),
            NumberRange(1, 90, "Choose between 1 and 90 days."),
        ],
    )
