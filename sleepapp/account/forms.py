from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, Field, HiddenField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from ..auth.forms import new_password_fields, timezone_choices
from ..auth.service import CLOCK_HOURS, CLOCK_HOURS_MESSAGE, WAKE_TIME_MESSAGE
from ..clock import clock_or_none
from ..forms import Form


def _clock_time(form: Form, field: Field) -> None:
    """A clock time as the diary reads them (sleepapp/clock.py): "6:45", "06:45", "06:45:00"."""
    if clock_or_none(field.data) is None:
        raise ValidationError(WAKE_TIME_MESSAGE)


def _hours(value: object) -> int:
    """The posted clock as a number; anything else as 0, which the AnyOf check refuses."""
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 2 else 0


class SettingsForm(Form):
    timezone = SelectField("Time zone", choices=timezone_choices, validate_choice=True)
    wake_time = StringField(
        "Usual wake time (optional)",
        validators=[
            Optional(),
            _clock_time,
        ],
        render_kw={"type": "time", "inputmode": "numeric"},
    )
    # Left out of a post, the setting is kept (as the API's PATCH /me does).
    clock_hours = RadioField(
        "How times are written",
        choices=[SelectChoice(24, "13:30 (24-hour clock)"), SelectChoice(12, "1:30 PM (12-hour clock)")],
        coerce=_hours,
        validate_choice=False,
        validators=[Optional(), AnyOf(CLOCK_HOURS, message=CLOCK_HOURS_MESSAGE)],
    )


class DeleteAccountForm(Form):
    password = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your password to confirm.")],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(Form):
    current_password = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )
    new_password, confirm = new_password_fields("new_password")


class ConfirmForm(Form):
    """A button that changes something (end a log-in, revoke a token): only the CSRF token."""


class AddPasskeyForm(Form):
    """Shown on the account page; static/js/passkeys.js sends it as JSON with the browser's
    new credential (a passkey cannot be made without JavaScript)."""

    name = StringField(
        "A name for it (optional)",
        validators=[Optional(), Length(max=80)],
        id="passkey-new-name",
        render_kw={"autocomplete": "off", "placeholder": "for example: my phone"},
    )
    password = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your password to add a passkey.")],
        id="passkey-add-password",
        render_kw={"autocomplete": "current-password"},
    )


class RenamePasskeyForm(Form):
    name = StringField("New name", validators=[DataRequired("Enter a name."), Length(max=80)])


class PasskeyRequiredForm(Form):
    required = BooleanField("Require a passkey after my password", id="passkey-required")
    password = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your password to change this.")],
        id="passkey-required-password",
        render_kw={"autocomplete": "current-password"},
    )


class ImportForm(Form):
    """The import page's upload: a CSV of nights or this app's JSON export."""

    file = FileField(
        "The file to import",
        validators=[FileRequired("Choose a file: a CSV of nights or this app's JSON export.")],
        render_kw={"accept": ".csv,.json,text/csv,application/json"},
    )


class ImportConfirmForm(Form):
    """The preview's confirm button: the file as read (compressed, base64) and the plan's
    fingerprint, so nothing is imported that the person did not see."""

    payload = HiddenField()
    digest = HiddenField()
    filename = HiddenField()
