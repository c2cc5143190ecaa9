"""GET/PATCH/DELETE /me and POST /me/password: the account's own settings, password and
deletion."""

from __future__ import annotations

from ..auth.models import User, as_utc
from ..auth.service import change_password, delete_account, update_settings
from . import bp
from .bearer import api_user
from .bodies import read_body
from .openapi import describe
from .schemas import AccountDeletion, Me, PasswordChange, SettingsChange


def user_json(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "timezone": user.timezone,
        "wake_time": user.wake_time,
        "clock_hours": user.clock_hours,
        "created_at": as_utc(user.created_at).isoformat(timespec="seconds"),
    }


@bp.get("/me")
@describe("The account's settings", {200: ("Settings", Me)})
def get_me() -> dict[str, object]:
    return user_json(api_user())


@bp.patch("/me")
@describe(
    "Change time zone, wake time and/or clock (12 or 24 hours)",
    {
        200: ("Updated", Me),
        422: "An unknown zone, a time that is not HH:MM, a clock other than 12 or 24, or another key",
    },
    body=SettingsChange,
)
def patch_me() -> dict[str, object]:
    change = read_body(SettingsChange)
    sent = change.model_fields_set
    user = update_settings(
        api_user(),
        timezone=change.timezone if "timezone" in sent else None,
        wake_time=(change.wake_time or "") if "wake_time" in sent else None,
        clock_hours=change.clock_hours if "clock_hours" in sent else None,
    )
    return user_json(user)


@bp.delete("/me")
@describe(
    "Delete the account and everything in it; every session and token stops working",
    {204: "Deleted", 422: "The password is missing or wrong"},
    body=AccountDeletion,
)
def delete_me() -> tuple[str, int]:
    delete_account(api_user(), read_body(AccountDeletion).password)
    return "", 204


@bp.post("/me/password")
@describe(
    "Change the password; every log-in and token ends, this one too",
    {204: "Changed", 422: "The current password is wrong, or the new one is refused (§8.3)"},
    body=PasswordChange,
)
def post_password() -> tuple[str, int]:
    change = read_body(PasswordChange)
    change_password(api_user(), change.current_password, change.new_password)
    return "", 204
