"""Forms of the club pages."""

from __future__ import annotations

from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange

from mentorhub.clubs.membership import (
    EMAILS_AT_ONCE,
    LINK_DAYS_DEFAULT,
    LINK_DAYS_MAX,
    LINK_USES_DEFAULT,
    LINK_USES_MAX,
)
from mentorhub.clubs.services import DESCRIPTION_MAX, NAME_MAX, SLUG_MAX
from mentorhub.forms import Form


class InviteLinkForm(Form):
    """A new invite link: how long it works and how many people may join with it."""

    days = IntegerField(
        "Works for (days)", default=LINK_DAYS_DEFAULT,
        validators=[InputRequired(f"Choose how many days the link works: 1 to {LINK_DAYS_MAX}."),
                    NumberRange(1, LINK_DAYS_MAX, f"Choose how many days the link works: 1 to {LINK_DAYS_MAX}.")],
    )
    max_uses = IntegerField(
        "People who can join with it", default=LINK_USES_DEFAULT,
        validators=[InputRequired(f"Choose how many people can join with it: 1 to {LINK_USES_MAX}."),
                    NumberRange(1, LINK_USES_MAX, f"Choose how many people can join with it: 1 to {LINK_USES_MAX}.")],
    )


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
