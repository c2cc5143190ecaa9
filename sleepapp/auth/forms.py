"""Account forms. Rules that need the database live in the service, not here."""

from zoneinfo import available_timezones

from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import Form


def timezone_choices() -> list[tuple[str, str]]:
    return [
        (name, name.replace("_", " "))
        for name in sorted(available_timezones())
        if "/" in name or name == "UTC"
    ]


class RegisterForm(Form):
    email = EmailField("Email", validators=[DataRequired("Enter your email address."), Length(max=254)])
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password.")],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            DataRequired("Type the password again."),
            EqualTo("password", "The two passwords differ."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    timezone = SelectField(
        "Your time zone", choices=timezone_choices, validate_choice=True, render_kw={"data-guess-zone": "1"}
    )
    # Only asked for (and only checked) when registration is by invitation.
    invite = StringField("Invitation code", render_kw={"autocomplete": "off", "spellcheck": "false"})
    # "12" or "24" from the browser's locale (static/js/clock.js); empty without JavaScript,
    # when the Accept-Language header decides (docs/design.md §2.10).
    clock_hours = HiddenField(render_kw={"data-guess-clock": "1"})


class LoginForm(Form):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address.")],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device for 30 days")


class LogoutForm(Form):
    """Only the CSRF token: logging out is a POST."""


class ForgotForm(Form):
    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email address."), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )


def new_password_fields(name: str) -> tuple[PasswordField, PasswordField]:
    """A new password (the field called `name`) and its repeat (`confirm`), for the reset
    and change-password forms."""
    autocomplete = {"autocomplete": "new-password"}
    return (
        PasswordField(
            "New password", validators=[DataRequired("Choose a new password.")], render_kw=autocomplete
        ),
        PasswordField(
            "Repeat the new password",
            validators=[DataRequired("Type the password again."), EqualTo(name, "The two passwords differ.")],
            render_kw=autocomplete,
        ),
    )


class ResetForm(Form):
    password, confirm = new_password_fields("password")
