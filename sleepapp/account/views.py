"""Account pages: settings, downloading one's data and deleting the account."""

import json

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from ..auth.service import delete_account, update_settings
from ..errors import ValidationFailed
from . import bp
from .forms import DeleteAccountForm, SettingsForm
from .portability import export_csv, export_json


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> str | Response:
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    form = SettingsForm(data={"timezone": user.timezone, "wake_time": user.wake_time or ""})
    if form.validate_on_submit():
        try:
            update_settings(user, timezone=form.timezone.data, wake_time=form.wake_time.data or "")
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                getattr(form, name).errors.append(message)
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("account.index"))
    return render_template("account/index.html", form=form)


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete() -> str | Response:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            delete_account(current_user._get_current_object(), form.password.data or "")  # type: ignore[attr-defined]
        except ValidationFailed as exc:
            form.password.errors.append(exc.fields["password"])
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
        export_csv(current_user._get_current_object()),  # type: ignore[attr-defined]
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="sleep-diary.csv"'},
    )


@bp.get("/export.json")
@login_required
def download_json() -> Response:
    return Response(
        json.dumps(export_json(current_user._get_current_object()), indent=2),  # type: ignore[attr-defined]
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="sleep-diary.json"'},
    )
