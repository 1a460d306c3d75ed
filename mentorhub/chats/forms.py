"""Forms of chat requests and answers. The services check every rule again; these give quick
inline messages and keep what the user typed when a page is shown again."""

from __future__ import annotations

from datetime import UTC, datetime

from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from mentorhub.chats.rules import (
    INTRO_MAX,
    INTRO_MIN,
    LOCATION_MAX,
    MAX_PROPOSED,
    MESSAGE_MAX,
    NOTE_MAX,
)
from mentorhub.forms import Form
from mentorhub.plugins._api import Slot
from mentorhub.profiles.constants import FORMAT_LABELS
from mentorhub.timefmt import format_local

INTRO_GUIDANCE = (
    "Say who you are (what you study, where), what you want to learn about their work, and why "
    f"you'd like to talk to this person in particular. {INTRO_MIN} to {INTRO_MAX:,} characters."
)
LOCATION_LABELS = {
    "video": (
        "Video link",
        "The link you'll both join, starting with https://. Only you and the student see it.",
    ),
    "phone": (
        "Phone number",
        "The number the student should call. Only you and the student see it.",
    ),
    "in_person": ("Where to meet", "A place and address. Only you and the student see it."),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def time_value(moment: datetime) -> str:
    """The form value of a time: its UTC ISO form."""
    return moment.astimezone(UTC).isoformat()


def parse_time(value: str) -> datetime | None:
    """A form value back to an aware UTC datetime (``None`` when it is not one)."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


class TimesField(SelectMultipleField):
    """1-3 times ticked among those offered; values are UTC ISO times, labels local times."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Form) -> None:
        offered = {value for value, _label in self.choices or ()}
        for value in self.data or ():
            if parse_time(value) is None or value not in offered:
                raise ValidationError(
                    "One of those times isn't offered any more. Please pick from the list."
                )
        if not 1 <= len(self.data or ()) <= MAX_PROPOSED:
            raise ValidationError(f"Please tick between 1 and {MAX_PROPOSED} times.")

    def set_slots(self, slots: list[Slot], zone: str) -> None:
        """Offer ``slots``, labelled in ``zone`` and grouped by local day (see ``by_day``)."""
        self.choices = [
            (time_value(s.start), format_local(s.start, "%H:%M", zone, with_zone=False))
            for s in slots
        ]
        self._days = {
            time_value(s.start): format_local(s.start, "%A %-d %B", zone, with_zone=False)
            for s in slots
        }

    def by_day(self) -> list[tuple[str, list]]:
        """The checkboxes grouped by local day: ``[(day label, [subfield, ...]), ...]``."""
        groups: dict[str, list] = {}
        for option in self:
            groups.setdefault(getattr(self, "_days", {}).get(option.data, ""), []).append(option)
        return list(groups.items())

    @property
    def times(self) -> list[datetime]:
        """The ticked times as aware UTC datetimes."""
        return [t for t in (parse_time(v) for v in self.data or ()) if t is not None]


class RequestForm(Form):
    """A student's request: format, introduction, 1-3 proposed times (and "send anyway")."""

    format = SelectField(
        "How would you like to talk?",
        validators=[InputRequired("Please choose how you'd like to talk.")],
    )
    introduction = TextAreaField(
        "Introduce yourself",
        filters=[_strip],
        description=INTRO_GUIDANCE,
        validators=[
            DataRequired(
                "Please introduce yourself: who you are, what you want to learn "
                "and why this person."
            ),
            Length(
                min=INTRO_MIN,
                max=INTRO_MAX,
                message=f"Please write between {INTRO_MIN} and {INTRO_MAX:,} characters "
                "(you wrote %(length)s).",
            ),
        ],
        render_kw={"rows": 8, "maxlength": INTRO_MAX},
    )
    times = TimesField("Propose 1 to 3 times")
    send_anyway = BooleanField("Send anyway: I've read the advice and my message is right as it is")

    def __init__(self, professional, slots: list[Slot], zone: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        formats = professional.professional_profile.formats
        self.format.choices = [(f, FORMAT_LABELS[f]) for f in formats]
        if len(formats) == 1 and not self.format.data:
            self.format.data = formats[0]
        self.times.set_slots(slots, zone)


class AcceptForm(Form):
    """The professional picks one proposed time and says where the chat happens."""

    start_at = RadioField(
        "Which time?", validators=[InputRequired("Please pick one of the proposed times.")]
    )
    location = StringField(
        "Where",
        filters=[_strip],
        validators=[DataRequired("Please say where the chat happens."), Length(max=LOCATION_MAX)],
    )

    def __init__(self, chat_request, zone: str, now: datetime, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only times still ahead can be picked.
        self.start_at.choices = [
            (time_value(p.start_at), format_local(p.start_at, zone=zone))
            for p in chat_request.proposed_times
            if p.start_at > now
        ]
        label, hint = LOCATION_LABELS.get(chat_request.format, LOCATION_LABELS["in_person"])
        self.location.label.text = label
        self.location.description = hint


class DeclineForm(Form):
    """Decline, optionally with a kind note."""

    decline_note = TextAreaField(
        "A kind note (optional)",
        filters=[_strip],
        description='E.g. "I\'m travelling this month, but good luck with your studies."',
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=f"Please keep your note under {NOTE_MAX:,} characters."),
        ],
        render_kw={"rows": 3, "maxlength": NOTE_MAX},
    )


class AskTimesForm(Form):
    """Ask the student for other times, with a note about what suits."""

    ask_note = TextAreaField(
        "Note to the student (optional)",
        filters=[_strip],
        description='E.g. "Evenings work better for me next week."',
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=f"Please keep your note under {NOTE_MAX:,} characters."),
        ],
        render_kw={"rows": 3, "maxlength": NOTE_MAX},
    )


class ReproposeForm(Form):
    """The student's new 1-3 times after "other times, please"."""

    times = TimesField("Propose 1 to 3 new times")

    def __init__(self, slots: list[Slot], zone: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.times.set_slots(slots, zone)


class MessageForm(Form):
    """A plain-text message in the request's thread."""

    body = TextAreaField(
        "Message",
        filters=[_strip],
        validators=[
            DataRequired("Please write a message."),
            Length(
                max=MESSAGE_MAX,
                message=f"Please keep your message under {MESSAGE_MAX:,} characters.",
            ),
        ],
        render_kw={"rows": 3, "maxlength": MESSAGE_MAX},
    )
