"""Safety forms: a member's report, a site admin's decision, lifting a suspension."""

from __future__ import annotations

from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from mentorhub.forms import Form
from mentorhub.safety.models import DISMISS, REASONS, SUSPEND, WARN
from mentorhub.safety.services import DETAILS_MAX, WHY_MAX

DECISIONS = [
    SelectChoice(DISMISS, "Dismiss: nothing to act on"),
    SelectChoice(WARN, "Warn them: they are told why, and may carry on"),
    SelectChoice(SUSPEND, "Suspend: they can't log in; their pending requests and upcoming chats end"),
]


class ReportForm(Form):
    """What happened, in the member's words."""

    reason = RadioField("What happened?", choices=[SelectChoice(key, label) for key, label in REASONS.items()],
                        validators=[InputRequired("Please choose what happened.")])
    details = TextAreaField(
        "Tell us more (optional)",
        validators=[Length(max=DETAILS_MAX, message=f"Please keep it under {DETAILS_MAX} characters.")],
        description="What they said or did, and when. Only site admins read this; the person is not told who "
        "reported them.")


class DecisionForm(Form):
    """A site admin's decision on a report."""

    action = RadioField("Your decision", choices=DECISIONS, validators=[InputRequired("Please choose a decision.")])
    why = TextAreaField(
        "Why", validators=[DataRequired("Please say why: it is kept with the decision."),
                           Length(max=WHY_MAX, message=f"Please keep it under {WHY_MAX} characters.")],
        description="Kept with the decision. A warned or suspended person reads it; the reporter never does.")


class LiftForm(Form):
    """Lifting a suspension, with why."""

    why = TextAreaField(
        "Why lift the suspension?", validators=[DataRequired("Please say why: it is kept with the decision."),
                                   Length(max=WHY_MAX, message=f"Please keep it under {WHY_MAX} characters.")])
