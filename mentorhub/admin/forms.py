"""Forms of the admin pages."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import InputRequired

from mentorhub.forms import Form


class ClubSwitchForm(Form):
    """Pick a club to switch a club-scoped plugin on for."""

    club_id = SelectField("Club", coerce=int, validators=[InputRequired("Choose a club.")])

    def __init__(self, clubs, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.club_id.choices = [(club.id, club.name) for club in clubs]
