"""The search form (a GET form, so no CSRF token) and its translation into criteria."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from mentorhub.discovery.candidates import Criteria
from mentorhub.forms import Form
from mentorhub.profiles.constants import FORMAT_CHOICES, INDUSTRIES
from mentorhub.profiles.services import slugify_topic

QUERY_MAX = 100
MAX_PAGE = 1000
SORTS = (
    ("best", "Best match"),
    ("soonest", "Soonest free time"),
    ("newest", "Newest on MentorHub"),
)

_CHOICE_MESSAGES = {
    "industry": "Choose an industry from the list.",
    "format": "Choose a format from the list.",
    "sort": "Choose how to sort from the list.",
}


def _printable(text: str) -> str:
    """``text`` without control characters (a NUL byte cannot even be sent to PostgreSQL)."""
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _choices(anything: str, pairs: tuple[tuple[str, str], ...]) -> list[SelectChoice]:
    return [SelectChoice("", anything), *(SelectChoice(v, label) for v, label in pairs)]


class SearchForm(Form):
    """Search and filters of the professionals page, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(
        "Search",
        validators=[
            Optional(),
            Length(max=QUERY_MAX, message=f"Keep your search under {QUERY_MAX} characters."),
        ],
        description="A name, role, company or topic, e.g. “touring” or “publishing”.",
    )
    industry = SelectField(
        "Industry",
        choices=_choices("Any industry", INDUSTRIES),
        default="",
        validate_choice=True,
    )
    topic = StringField(
        "Topic",
        validators=[Optional(), Length(max=60, message="Topics are at most 60 characters.")],
        description="One topic tag, e.g. “sync licensing”.",
    )
    format = SelectField("Format", choices=_choices("Any format", FORMAT_CHOICES), default="")
    free_soon = BooleanField("Free in the next 14 days")
    accepting = BooleanField("Accepting requests")
    sort = SelectField(
        "Sort by", choices=[SelectChoice(v, label) for v, label in SORTS], default="best"
    )
    page = IntegerField(
        "Page",
        default=1,
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_PAGE, message=f"Pages go from 1 to {MAX_PAGE}."),
        ],
    )

    def _friendly_messages(self) -> None:
        """Say what to do when a list value is not one of the choices."""
        for name, message in _CHOICE_MESSAGES.items():
            field = getattr(self, name)
            if field.errors:
                field.errors = [message]
        if self.page.errors and self.page.data is None:
            self.page.errors = ["The page must be a whole number, e.g. 2."]

    def validate(self, extra_validators=None) -> bool:  # noqa: D102 - friendlier messages
        ok = super().validate(extra_validators=extra_validators)
        if not ok:
            self._friendly_messages()
        return ok

    def criteria(self) -> Criteria:
        """The validated search as :class:`Criteria`."""
        return Criteria(
            q=" ".join(_printable(self.q.data or "").split()),
            industry=self.industry.data or "",
            topic=slugify_topic(self.topic.data or ""),
            format=self.format.data or "",
            free_soon=bool(self.free_soon.data),
            accepting=bool(self.accepting.data),
            sort=self.sort.data or "best",
        )

    @property
    def page_number(self) -> int:
        """The page asked for (1 when none was given)."""
        return self.page.data or 1
