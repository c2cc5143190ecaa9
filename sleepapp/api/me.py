"""GET/PATCH/DELETE /me and POST /me/password: the account's own settings, password and
deletion."""

from __future__ import annotations

from ..auth.models import User
from ..auth.service import change_password, delete_account, update_settings
from ..errors import ValidationFailed
from . import bp
from .auth import api_user, json_body


def user_json(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "timezone": user.timezone,
        "wake_time": user.wake_time,
        "created_at": user.created_at.isoformat(),
    }


@bp.get("/me")
def get_me() -> dict[str, object]:
    return user_json(api_user())


@bp.patch("/me")
def patch_me() -> dict[str, object]:
    data = json_body()
    unknown = set(data) - {"timezone", "wake_time"}
    if unknown:
        raise ValidationFailed({name: "Not a setting that can be changed here." for name in sorted(unknown)})
    wrong_type = {
        k: "Must be a string."
        for k in ("timezone", "wake_time")
        if k in data and not (isinstance(data[k], str) or (k == "wake_time" and data[k] is None))
    }
    if wrong_type:
        raise ValidationFailed(wrong_type)
    wake = data.get("wake_time", ...)
    user = update_settings(
        api_user(),
        timezone=data.get("timezone"),
        wake_time=None if wake is ... else (wake or ""),
    )
    return user_json(user)


@bp.delete("/me")
def delete_me() -> tuple[str, int]:
    data = json_body()
    password = data.get("password")
    if not isinstance(password, str) or not password:
        raise ValidationFailed({"password": "Send your current password to confirm."})
    delete_account(api_user(), password)
    return "", 204


@bp.post("/me/password")
def post_password() -> tuple[str, int]:
    """Change the password; every log-in and token ends, the caller's too."""
    data = json_body()
    wrong = {
        name: "Required, as a string."
        for name in ("current_password", "new_password")
        if not isinstance(data.get(name), str) or not data.get(name)
    }
    if wrong:
        raise ValidationFailed(wrong, "Password not changed.")
    change_password(api_user(), data["current_password"], data["new_password"])
    return "", 204
