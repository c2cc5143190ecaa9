"""The share pages' forms: making a link (the person) and typing its code (the clinician)."""

from __future__ import annotations

from wtforms import Field, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ..forms import Form
from . import rules

DAYS_MESSAGE = f"Enter a whole number of days from 1 to {rules.MAX_LIFETIME_DAYS}."


def _whole_days(form: Form, field: Field) -> None:
    text = str(field.data or "").strip()
    if not (
        text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= rules.MAX_LIFETIME_DAYS
    ):
        raise ValidationError(DAYS_MESSAGE)


class ShareLinkForm(Form):
    period_days = SelectField(
        "What to share",
        choices=[SelectChoice(days, f"The last {days // 7} weeks") for days in rules.PERIODS],  # type: ignore[arg-type]
        coerce=int,
        default=rules.PERIODS[0],
        validate_choice=True,
    )
    lifetime_days = StringField(
        "Days the link works",
        default=str(rules.DEFAULT_LIFETIME_DAYS),
        validators=[_whole_days],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )

    @property
    def days(self) -> int:
        """The lifetime as a number, once the form has validated."""
        return int(str(self.lifetime_days.data).strip())


class AccessCodeForm(Form):
    code = StringField(
        "Access code",
        validators=[DataRequired("Enter the access code you were given."), Length(max=64)],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "maxlength": 64,
        },
    )
