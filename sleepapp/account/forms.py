from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..auth.forms import new_password_fields, timezone_choices
from ..forms import Form


class SettingsForm(Form):
    timezone = SelectField("Time zone", choices=timezone_choices, validate_choice=True)
    wake_time = StringField(
        "Usual wake time (optional)",
        validators=[
            Optional(),
            Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message="Enter a time as HH:MM, for example 06:30."),
        ],
        render_kw={"type": "time", "inputmode": "numeric"},
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
