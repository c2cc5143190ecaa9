"""Account pages: settings, password, the browsers logged in, API tokens, downloading one's
data and deleting the account."""

import json

from flask import abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from ..auth.logins import current_login, end_all_logins, end_login_by_id, list_logins, log_in_browser
from ..auth.passkeys import (
    PasskeyFailed,
    add_passkey,
    can_remove,
    find_passkey,
    list_passkeys,
    registration_options,
    remove_passkey,
    rename_passkey,
    set_required,
)
from ..auth.passwords import verify_password
from ..auth.service import change_password, delete_account, update_settings
from ..auth.tokens import list_tokens, revoke_all_tokens, revoke_token
from ..errors import Conflict, ValidationFailed
from . import bp
from .forms import (
    AddPasskeyForm,
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    PasskeyRequiredForm,
    RenamePasskeyForm,
    SettingsForm,
)
from .portability import export_csv, export_json


def _me():  # type: ignore[no-untyped-def]
    return current_user._get_current_object()  # type: ignore[attr-defined]


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> str | Response:
    user = _me()
    form = SettingsForm(
        data={"timezone": user.timezone, "wake_time": user.wake_time or "", "clock_hours": user.clock_hours}
    )
    if form.validate_on_submit():
        try:
            update_settings(
                user,
                timezone=form.timezone.data,
                wake_time=form.wake_time.data or "",
                clock_hours=form.clock_hours.data if form.clock_hours.raw_data else None,
            )
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("account.index"))
    return render_template(
        "account/index.html",
        form=form,
        confirm=ConfirmForm(),
        logins=list_logins(user),
        this_login=current_login(),
        tokens=list_tokens(user),
        passkeys=list_passkeys(user),
        can_remove_passkey=can_remove(user),
        add_passkey=AddPasskeyForm(),
        rename_passkey=RenamePasskeyForm(),
        passkey_required=PasskeyRequiredForm(data={"required": user.passkey_required}),
    )


def _json_body() -> dict:  # type: ignore[type-arg]
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def _refused(message: str, status: int = 400, fields: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return jsonify({"error": "passkey_refused", "message": message, "fields": fields or {}}), status


@bp.post("/passkeys/options")
@login_required
def passkey_options():  # type: ignore[no-untyped-def]
    """Step one of adding a passkey (JSON, CSRF header): the current password, then the
    options for navigator.credentials.create(). The password keeps someone who borrowed a
    logged-in browser from planting a passkey of their own."""
    user = _me()
    password = _json_body().get("password")
    if not isinstance(password, str) or not verify_password(user.password_hash, password):
        return _refused(
            "That is not your current password.", 403, {"password": "That is not your current password."}
        )
    return Response(registration_options(user), mimetype="application/json")


@bp.post("/passkeys")
@login_required
def passkey_add():  # type: ignore[no-untyped-def]
    """Step two: the browser's new credential (`credential`) and an optional `name`."""
    body = _json_body()
    name = body.get("name")
    try:
        passkey = add_passkey(_me(), body.get("credential"), name if isinstance(name, str) else None)
    except PasskeyFailed as exc:
        return _refused(exc.message)
    except Conflict as exc:
        return _refused(exc.message, 409)
    flash(f"Passkey “{passkey.name}” added. You can log in with it now.", "success")
    return jsonify(
        {"id": passkey.id, "name": passkey.name, "redirect": url_for("account.index", _anchor="passkeys")}
    ), 201


@bp.post("/passkeys/<id:passkey_id>/rename")
@login_required
def passkey_rename(passkey_id: int) -> Response:
    passkey = find_passkey(_me(), passkey_id)
    if passkey is None:
        abort(404)
    form = RenamePasskeyForm()
    if not form.validate_on_submit():
        flash("Enter a name of at most 80 characters.", "error")
    else:
        rename_passkey(passkey, form.name.data)
        flash("Passkey renamed.", "success")
    return redirect(url_for("account.index", _anchor="passkeys"))


@bp.post("/passkeys/<id:passkey_id>/remove")
@login_required
def passkey_remove(passkey_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = _me()
    passkey = find_passkey(user, passkey_id)
    if passkey is None:
        abort(404)
    try:
        remove_passkey(user, passkey)
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        flash("Passkey removed. It no longer logs in to this account.", "success")
    return redirect(url_for("account.index", _anchor="passkeys"))


@bp.post("/passkeys/required")
@login_required
def passkey_required() -> Response:
    user = _me()
    form = PasskeyRequiredForm()
    if not form.validate_on_submit():
        flash("Enter your current password to change this.", "error")
    elif not verify_password(user.password_hash, form.password.data or ""):
        flash("That is not your current password. Nothing changed.", "error")
    else:
        try:
            set_required(user, bool(form.required.data))
        except Conflict as exc:
            flash(exc.message, "error")
        else:
            flash(
                "From now on, logging in with your password also asks for a passkey."
                if user.passkey_required
                else "Your password alone logs in again (a passkey still does too).",
                "success",
            )
    return redirect(url_for("account.index", _anchor="passkeys"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = _me()
        this = current_login()
        remember = bool(this and this.remember)  # read now: the record ends with the change
        try:
            change_password(user, form.current_password.data or "", form.new_password.data or "")
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
        else:
            # Every log-in and token ended; this browser starts a new one.
            log_in_browser(user, remember=remember)
            flash(
                "Password changed. Every other browser has been logged out and every API token revoked.",
                "success",
            )
            return redirect(url_for("account.index"))
    return render_template("account/password.html", form=form)


@bp.post("/logins/<id:login_id>/end")
@login_required
def end_login(login_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    this = current_login()
    if not end_login_by_id(_me(), login_id):
        abort(404)
    if this is not None and this.id == login_id:
        logout_user()
        session.clear()
        flash("You have logged out of this browser.", "info")
        return redirect(url_for("home.index"))
    flash("That browser has been logged out.", "success")
    return redirect(url_for("account.index", _anchor="logins"))


@bp.post("/logins/end-others")
@login_required
def end_other_logins() -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ended = end_all_logins(_me(), keep=current_login())
    flash(f"Logged out {ended} other browser{'s' if ended != 1 else ''}.", "success")
    return redirect(url_for("account.index", _anchor="logins"))


@bp.post("/tokens/<id:token_id>/revoke")
@login_required
def revoke_one_token(token_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not revoke_token(_me(), token_id):
        abort(404)
    flash("Token revoked.", "success")
    return redirect(url_for("account.index", _anchor="tokens"))


@bp.post("/tokens/revoke-all")
@login_required
def revoke_every_token() -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    revoked = revoke_all_tokens(_me())
    flash(f"Revoked {revoked} token{'s' if revoked != 1 else ''}.", "success")
    return redirect(url_for("account.index", _anchor="tokens"))


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete() -> str | Response:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            delete_account(_me(), form.password.data or "")
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
        else:
            logout_user()
            session.clear()
            flash("Your account and everything in it have been deleted.", "info")
            return redirect(url_for("home.index"))
    return render_template("account/delete.html", form=form)


@bp.get("/export.csv")
@login_required
def download_csv() -> Response:
    return Response(
        export_csv(_me()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="sleep-diary.csv"'},
    )


@bp.get("/export.json")
@login_required
def download_json() -> Response:
    return Response(
        json.dumps(export_json(_me()), indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="sleep-diary.json"'},
    )
