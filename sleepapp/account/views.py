"""Account pages: settings, password, the browsers logged in, API tokens, downloading one's
data and deleting the account."""

import json

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from ..auth.logins import current_login, end_all_logins, end_login_by_id, list_logins, log_in_browser
from ..auth.service import change_password, delete_account, update_settings
from ..auth.tokens import list_tokens, revoke_all_tokens, revoke_token
from ..errors import ValidationFailed
from . import bp
from .forms import ChangePasswordForm, ConfirmForm, DeleteAccountForm, SettingsForm
from .portability import export_csv, export_json


def _me():  # type: ignore[no-untyped-def]
    return current_user._get_current_object()  # type: ignore[attr-defined]


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> str | Response:
    user = _me()
    form = SettingsForm(data={"timezone": user.timezone, "wake_time": user.wake_time or ""})
    if form.validate_on_submit():
        try:
            update_settings(user, timezone=form.timezone.data, wake_time=form.wake_time.data or "")
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
    )


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


@bp.post("/logins/<int:login_id>/end")
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


@bp.post("/tokens/<int:token_id>/revoke")
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
