"""Forms of the availability page. Their field names (or prefixes) differ, so one page shows
them all and re-renders the one that failed with what was typed: the weekly window form as
it is, one-off hours under ``one_off-``, the window being edited under ``edit-`` and the
"Undo" of a deletion under ``undo-``."""

from __future__ import annotations

from wtforms import DateField, IntegerField, SelectField, StringField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from mentorhub.forms import Form
from mentorhub.scheduling.window_times import WEEKDAY_NAMES, WindowTimes


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
        """The window ends after it starts."""
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("The end time must be after the start time.")

    @property
    def times(self) -> WindowTimes:
        """The window as typed (call after validating)."""
        return WindowTimes(int(self.weekday.data), None, self.start.data, self.end.data)


class OneOffForm(Form):
    """One-off hours: a date and a start and end time in the professional's zone."""

    on_date = DateField("Date", validators=[InputRequired("Choose a date.")])
    start = TimeField("From", validators=[InputRequired("Enter a start time, e.g. 18:00.")])
    end = TimeField("Until", validators=[InputRequired("Enter an end time, e.g. 20:00.")])

    def validate_end(self, field: TimeField) -> None:
        """The window ends after it starts."""
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("The end time must be after the start time.")

    @property
    def times(self) -> WindowTimes:
        """The one-off hours as typed (call after validating)."""
        return WindowTimes(None, self.on_date.data, self.start.data, self.end.data)


def edit_form(times: WindowTimes, sent: bool = False) -> WindowForm | OneOffForm:
    """The form that edits a window of these ``times`` in place (prefix ``edit-``): filled
    with them, or with what the professional just sent when ``sent``."""
    form_class = OneOffForm if times.is_one_off else WindowForm
    data = {"on_date": times.on_date} if times.is_one_off else {"weekday": str(times.weekday)}
    data |= {"start": times.start, "end": times.end}
    if sent:
        return form_class(prefix="edit", data=data)
    return form_class(formdata=None, prefix="edit", data=data)


class UndoForm(Form):
    """The times of a window just deleted, sent back by its "Undo" button (hidden fields)."""

    weekday = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(0, 6)])
    on_date = DateField(widget=HiddenInput(), validators=[Optional()])
    start = TimeField(widget=HiddenInput(), validators=[InputRequired()])
    end = TimeField(widget=HiddenInput(), validators=[InputRequired()])

    def validate_start(self, field: TimeField) -> None:
        """Exactly one of a weekday or a date is given."""
        # Here, not on the optional fields: an empty optional field skips its own checks.
        if (self.on_date.data is None) == (self.weekday.data is None):
            raise ValidationError("Give either a weekday or a date.")

    @property
    def times(self) -> WindowTimes:
        """The window to put back."""
        return WindowTimes(self.weekday.data, self.on_date.data, self.start.data, self.end.data)


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
