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
from mentorhub.timefmt import DAY_ENDS, DAY_STARTS, format_local, is_night, time_for

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
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
        ticked = len(self.data or ())
        if not 1 <= ticked <= MAX_PROPOSED:
            extra = f" You ticked {ticked}: untick {ticked - MAX_PROPOSED}." if ticked > MAX_PROPOSED else ""
            raise ValidationError(f"Please tick between 1 and {MAX_PROPOSED} times.{extra}")

    def set_slots(self, slots: list[Slot], zone: str, other: tuple[str, str] | None = None) -> None:
        """Offer ``slots``, labelled in ``zone`` ("03:00 · night for you") and grouped by local
        day (see ``by_day``); ``other`` is ``(zone, name)`` of the other person, whose time is
        shown beside each ("10:00 for Pat")."""

        def label(start: datetime) -> str:
            text = format_local(start, "%H:%M", zone, with_zone=False)
            if is_night(start, zone):
                text += " · night for you"
            if other is not None and other[0] != zone:  # they offered it: no night mark for them
                text += f" ({format_local(start, '%H:%M', other[0], with_zone=False)} for {other[1]})"
            return text

        self.choices = [(time_value(s.start), label(s.start)) for s in slots]
        self._hidden: set[str] = set()
        self._days = {
            time_value(s.start): format_local(s.start, "%A %-d %B", zone, with_zone=False)
            for s in slots
        }

    def by_day(self) -> list[tuple[str, list]]:
        """The checkboxes grouped by local day: ``[(day label, [subfield, ...]), ...]``."""
        groups: dict[str, list] = {}
        hidden = getattr(self, "_hidden", set())
        for option in self:
            if option.data in hidden and not option.checked:
                continue
            groups.setdefault(getattr(self, "_days", {}).get(option.data, ""), []).append(option)
        return list(groups.items())

    def show_only(self, keep) -> int:
        """Hide the offered times for which ``keep(start)`` is false (ticked ones stay shown;
        all stay valid); returns how many are hidden."""
        self._hidden = {v for v, _label in self.choices or () if (t := parse_time(v)) and not keep(t)}
        return len(self._hidden)

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
    # "Times that suit me": only show times inside these hours of the student's day.
    only_suiting = BooleanField("Only show times that suit me")
    day_starts = SelectField("From", coerce=int, validate_choice=False, default=DAY_STARTS)
    day_ends = SelectField("Until", coerce=int, validate_choice=False, default=DAY_ENDS)

    def __init__(self, professional, slots: list[Slot], zone: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        formats = professional.professional_profile.formats
        self.format.choices = [(f, FORMAT_LABELS[f]) for f in formats]
        if len(formats) == 1 and not self.format.data:
            self.format.data = formats[0]
        self.times.set_slots(slots, zone, (professional.timezone, professional.display_name.split()[0]))
        self.day_starts.choices = self.day_ends.choices = HOURS
        for hours, default in ((self.day_starts, DAY_STARTS), (self.day_ends, DAY_ENDS)):
            if not isinstance(hours.data, int) or not 0 <= hours.data <= 23:
                hours.data = default
                hours.errors = []
        self.hidden_count = 0
        if self.only_suiting.data:
            day = (self.day_starts.data, self.day_ends.data)
            self.hidden_count = self.times.show_only(lambda start: not is_night(start, zone, day))


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
        student = chat_request.student
        self.start_at.choices = [
            (time_value(p.start_at), format_local(p.start_at, zone=zone)
             + ("" if student.timezone == zone else
                f" · {time_for(p.start_at, student.timezone, student.display_name.split()[0])}"))
            for p in chat_request.proposed_times
            if p.start_at > now
        ]
        label, hint = LOCATION_LABELS.get(chat_request.format, LOCATION_LABELS["in_person"])
        self.location.label.text = label
        self.location.description = hint
        profile = chat_request.professional.professional_profile
        if chat_request.format == "video" and not self.location.data and profile and profile.meeting_link:
            self.location.data = profile.meeting_link  # their usual link, unless they change it
            self.location.description = (
                f"{hint} Your usual link from your profile; change it if this chat needs another."
            )


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
