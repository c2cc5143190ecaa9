"""Register, log in and log out (HTML pages)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..errors import Conflict, ValidationFailed
from ..security import safe_next
from . import bp
from .forms import LoginForm, LogoutForm, RegisterForm
from .limits import limit_failures, limit_registrations, mark_failure
from .service import authenticate, end_all_sessions, register_user


def _start_session(user, remember: bool) -> None:  # type: ignore[no-untyped-def]
    # A fresh session at login: nothing planted in a pre-login cookie survives.
    session.clear()
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@limit_registrations
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    if request.method == "GET":
        form.timezone.data = form.timezone.data or "UTC"
    if form.validate_on_submit():
        try:
            user = register_user(form.email.data or "", form.password.data or "", form.timezone.data)
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                getattr(form, name).errors.append(message)
        except Conflict as exc:
            form.email.errors.append(exc.message)
        else:
            _start_session(user, remember=False)
            flash("Welcome! Your account is ready.", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limit_failures
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            _start_session(user, remember=bool(form.remember.data))
            return redirect(safe_next(request.args.get("next"), url_for("home.index")))
        mark_failure()
        failed = True
    return render_template("auth/login.html", form=form, failed=failed)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    form = LogoutForm()
    if not form.validate_on_submit():  # CSRFProtect already rejects a missing token
        return redirect(url_for("home.index"))
    end_all_sessions(current_user._get_current_object())  # type: ignore[attr-defined]
    logout_user()
    session.clear()
    flash("You have logged out.", "info")
    return redirect(url_for("home.index"))
