"""Profile forms. They carry what the user typed; the rules live in ``profiles.validation``
(so a bad value comes back as an inline message from one place)."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from mentorhub.forms import Form
from mentorhub.profiles import constants as c
from mentorhub.profiles.models import ProfessionalProfile, StudentProfile
from mentorhub.profiles.services import TopicChoice, topics_text
from mentorhub.profiles.validation import ProfileInvalid, graduation_year_range


def _choices(pairs: tuple[tuple[str, str], ...], blank: str | None = None) -> list[SelectChoice]:
    return ([SelectChoice("", blank)] if blank else []) + [
        SelectChoice(value, label) for value, label in pairs
    ]


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (one per choice) instead of a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(Form):
    """Shared behaviour: show the service's field messages inline."""

    def add_errors(self, error: ProfileInvalid) -> None:
        """Attach each field message of ``error`` to its field (or to the form)."""
        for name, message in error.errors.items():
            self.add_error(message, name)


class ProfessionalProfileForm(ProfileForm):
    """What a professional offers students."""

    headline = StringField(
        "Your role",
        description="Your job title, e.g. Tour manager, A&R scout, Mix engineer.",
        render_kw={"maxlength": c.HEADLINE_MAX, "autocomplete": "organization-title"},
    )
    company = StringField(
        "Company",
        description="Leave empty if you work independently.",
        render_kw={"maxlength": c.COMPANY_MAX, "autocomplete": "organization"},
    )
    industry = SelectField(
        "Field", choices=_choices(c.INDUSTRIES, blank="Choose your field…"), validate_choice=False
    )
    bio = TextAreaField(
        "About you",
        description="A few lines on what you do and how you got there.",
        render_kw={"maxlength": c.BIO_MAX},
    )
    topics = StringField(
        "Topics you can talk about",
        description=f"Separate with commas, up to {c.MAX_TOPICS}, "
        "e.g. touring, budgets, festival season.",
    )
    formats = MultiCheckboxField(
        "How you can chat", choices=_choices(c.FORMAT_CHOICES), validate_choice=False
    )
    city = StringField(
        "City for in-person chats",
        description="Needed when you offer in-person chats.",
        render_kw={"maxlength": c.CITY_MAX, "autocomplete": "address-level2"},
    )
    chat_minutes = RadioField(
        "Chat length", choices=_choices(c.CHAT_LENGTH_CHOICES), validate_choice=False
    )
    monthly_capacity = StringField(
        "Chats per month",
        description=f"How many chats you can give in a month ({c.MIN_CAPACITY}–{c.MAX_CAPACITY}).",
        render_kw={
            "type": "number",
            "min": c.MIN_CAPACITY,
            "max": c.MAX_CAPACITY,
            "inputmode": "numeric",
        },
    )
    accepting_requests = BooleanField(
        "Accepting new requests",
        description="Untick to pause: your page stays up, "
        "but students can't send you new requests.",
    )
    # What the switch showed when the page was drawn: a page opened before a pause and saved
    # after it leaves the switch as it is now (see update_professional_profile).
    accepting_shown = HiddenField()
    meeting_link = StringField(
        "Your video meeting link",
        description="Filled in when you accept a video chat (you can change it each time), "
        "e.g. https://meet.example.com/your-room.",
        render_kw={"maxlength": c.MEETING_LINK_MAX, "inputmode": "url"},
    )
    will_not_do = StringField(
        "What you won't do",
        description='e.g. "No job referrals or CV reviews."',
        render_kw={"maxlength": c.WILL_NOT_DO_MAX},
    )

    @staticmethod
    def initial(profile: ProfessionalProfile | None) -> dict[str, Any]:
        """Form data showing ``profile`` as it is saved (defaults for a new one)."""
        if profile is None:
            return {
                "formats": ["video"],
                "chat_minutes": "20",
                "monthly_capacity": "4",
                "accepting_requests": True,
            }
        return {
            "headline": profile.headline,
            "company": profile.company,
            "industry": profile.industry,
            "bio": profile.bio,
            "topics": topics_text(profile.topics),
            "formats": profile.formats,
            "city": profile.city,
            "chat_minutes": str(profile.chat_minutes),
            "monthly_capacity": str(profile.monthly_capacity),
            "accepting_requests": profile.accepting_requests,
            "accepting_shown": "y" if profile.accepting_requests else "n",
            "will_not_do": profile.will_not_do,
            "meeting_link": profile.meeting_link,
        }


class StudentProfileForm(ProfileForm):
    """Where a student studies and what they want to learn."""

    school = StringField(
        "School",
        description="Your university, college or school.",
        render_kw={"maxlength": c.SCHOOL_MAX, "autocomplete": "organization"},
    )
    programme = StringField(
        "Programme",
        description="e.g. BA Music Business, MSc Audio Engineering.",
        render_kw={"maxlength": c.PROGRAMME_MAX},
    )
    graduation_year = StringField("Graduation year")
    picked = MultiCheckboxField(
        "Topics professionals here talk about",
        description="Tick the ones you'd like to learn about: each says what it means in plain words.",
        validate_choice=False,
    )
    interests = StringField(
        "Interests",
        description=(
            f"What you'd like to learn about, in your own words, separated by commas (up to "
            f"{c.MAX_TOPICS} with the ones you ticked), e.g. finding new artists, life on tour."
        ),
    )
    goals = TextAreaField(
        "Your goals",
        description="What you hope to learn from informational interviews.",
        render_kw={"maxlength": c.GOALS_MAX},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low, high = graduation_year_range()
        self.graduation_year.description = (
            f"The year you expect to finish ({low}–{high}); leave empty if unsure."
        )
        self.graduation_year.render_kw = {
            "type": "number",
            "inputmode": "numeric",
            "min": low,
            "max": high,
        }

    def offer_topics(self, offered: list[TopicChoice]) -> None:
        """Offer ``offered`` (topics in use, with their plain explanation) as ticks."""
        self.picked.choices = [
            (t.slug, f"{t.name}: {t.explains}" if t.explains else t.name) for t in offered
        ]

    @staticmethod
    def initial(profile: StudentProfile | None, offered: list[TopicChoice] = ()) -> dict[str, Any]:
        """Form data showing ``profile`` as it is saved: interests among the ``offered``
        topics as ticks, the others as typed."""
        if profile is None:
            return {}
        slugs = {t.slug for t in offered}
        return {
            "school": profile.school,
            "programme": profile.programme,
            "graduation_year": ""
            if profile.graduation_year is None
            else str(profile.graduation_year),
            "picked": [t.slug for t in profile.interests if t.slug in slugs],
            "interests": topics_text([t for t in profile.interests if t.slug not in slugs]),
            "goals": profile.goals,
        }
