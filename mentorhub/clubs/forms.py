"""Forms of the club pages."""

from __future__ import annotations

from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from mentorhub.clubs.invites import (
    EMAILS_AT_ONCE,
    LINK_DAYS_DEFAULT,
    LINK_DAYS_MAX,
    LINK_USES_DEFAULT,
    LINK_USES_MAX,
)
from mentorhub.clubs.services import DESCRIPTION_MAX, NAME_MAX, SLUG_MAX
from mentorhub.forms import Form


class WholeNumberField(IntegerField):
    """A whole number whose every problem (empty, not a number, out of range) reads as the one
    ``message``."""

    def __init__(self, label: str, *, low: int, high: int, message: str, **kwargs) -> None:
        super().__init__(label, validators=[InputRequired(message), NumberRange(low, high, message)],
                         render_kw={"inputmode": "numeric", "min": low, "max": high}, **kwargs)
        self.message = message

    def process_formdata(self, valuelist) -> None:  # noqa: D102 - see class docstring
        try:
            super().process_formdata(valuelist)
        except ValueError as err:
            raise ValueError(self.message) from err

    def post_validate(self, form, validation_stopped: bool) -> None:  # noqa: D102 - one message, once
        self.errors = list(dict.fromkeys(self.errors))


_DAYS = f"Choose how many days the link works: 1 to {LINK_DAYS_MAX}."
_USES = f"Choose how many people can join with it: 1 to {LINK_USES_MAX}."


class InviteLinkForm(Form):
    """A new invite link: how long it works and how many people may join with it."""

    days = WholeNumberField("Works for (days)", low=1, high=LINK_DAYS_MAX, message=_DAYS,
                            default=LINK_DAYS_DEFAULT, description=f"1 to {LINK_DAYS_MAX} days.")
    max_uses = WholeNumberField("People who can join with it", low=1, high=LINK_USES_MAX, message=_USES,
                                default=LINK_USES_DEFAULT, description=f"1 to {LINK_USES_MAX:,} people.")


class EmailInviteForm(Form):
    """Addresses to email an invitation to."""

    emails = TextAreaField(
        "Email addresses", validators=[InputRequired("Type at least one email address.")],
        description=f"Separate them with commas or new lines; up to {EMAILS_AT_ONCE} at once. "
                    "Each gets a link for one person that works for two weeks.",
    )


class NewClubForm(Form):
    """A site admin's new club."""

    name = StringField("Name", validators=[InputRequired("Please give the club a name.")],
                       render_kw={"maxlength": NAME_MAX})
    slug = StringField("Address", validators=[InputRequired("Please choose the club's address.")],
                       description="Its page will be /clubs/<address>: lower-case letters, digits and hyphens, "
                                   "e.g. audio-society.", render_kw={"maxlength": SLUG_MAX})
    description = TextAreaField("What the club is", description="A sentence or two, shown on its page.",
                                render_kw={"maxlength": DESCRIPTION_MAX})
    admins = TextAreaField(
        "Club admins", validators=[InputRequired("Please name at least one club admin by their email.")],
        description="The email addresses of their MentorHub accounts, separated by commas or new lines.",
    )
