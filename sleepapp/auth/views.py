"""Register, log in and log out (HTML pages)."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from ..clock import locale_clock_hours
from ..errors import Conflict, ValidationFailed
from ..mail import mail_enabled, send_mail
from ..security import safe_next
from . import bp
from .confirmations import confirm, is_confirmed, send_already_registered, send_confirmation
from .forms import ForgotForm, LoginForm, LogoutForm, RegisterForm, ResetForm
from .invites import invite_is_valid, registration_mode, use_invite
from .limits import (
    forget_failures,
    limit_failures,
    limit_passkey_failures,
    limit_registrations,
    limit_reset_requests,
    mark_failure,
)
from .logins import current_login, end_login, log_in_browser
from .passkeys import (
    PasskeyFailed,
    cancel_second_step,
    login_options,
    pending_second_step,
    second_step_needed,
    second_step_options,
    start_second_step,
    verify_login,
)
from .resets import create_reset, find_reset, reset_url, use_reset
from .service import (
    authenticate,
    check_registration,
    delete_unused_account,
    find_user_by_email,
    normalise_email,
    register_user,
)

RESET_MAIL = """Someone (we hope you) asked to reset the password of your sleep diary account.

Open this link within 30 minutes to choose a new password:

{url}

If you did not ask, ignore this message: your password stays as it is.
"""


@bp.route("/register", methods=["GET", "POST"])
@limit_registrations
def register() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    mode = registration_mode()
    form = RegisterForm()
    if mode == "closed":
        return render_template("auth/register.html", form=form, mode=mode), (
            403 if request.method == "POST" else 200
        )
    if request.method == "GET":
        form.timezone.data = form.timezone.data or "UTC"
    if form.validate_on_submit():
        if mode == "invite" and not invite_is_valid(form.invite.data or ""):
            form.invite.errors.append("That invitation code is not valid (or has expired or been used).")
            return render_template("auth/register.html", form=form, mode=mode)
        if mail_enabled():
            return _register_with_confirmation(form, mode)
        try:
            user = register_user(
                form.email.data or "",
                form.password.data or "",
                form.timezone.data,
                clock_hours=_clock_hours(form),
            )
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
        except Conflict as exc:
            form.email.errors.append(exc.message)
        else:
            if mode == "invite" and not use_invite(form.invite.data or ""):
                delete_unused_account(user)  # the code was spent by someone else a moment ago
                form.invite.errors.append("That invitation code has just been used. Ask for another.")
                return render_template("auth/register.html", form=form, mode=mode)
            log_in_browser(user, remember=False)
            flash("Welcome! Your account is ready.", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/register.html", form=form, mode=mode)


def _clock_hours(form: RegisterForm) -> int:
    """The browser's own clock (static/js/clock.js fills the hidden field), else the one
    usual for its preferred language (docs/design.md §2.10)."""
    sent = form.clock_hours.data
    if sent in ("12", "24"):
        return int(sent)
    return locale_clock_hours(request.accept_languages.values())


def _register_with_confirmation(form: RegisterForm, mode: str) -> str:
    """With mail: a new address gets a confirmation link, an address that has an account
    gets a note to its owner, and the page answers the same either way."""
    email, password, timezone = form.email.data or "", form.password.data or "", form.timezone.data
    try:
        check_registration(email, password, timezone or "UTC")
    except ValidationFailed as exc:
        form.populate_errors(exc.fields)
        return render_template("auth/register.html", form=form, mode=mode)
    existing = find_user_by_email(email)
    if existing is not None:
        send_already_registered(existing)
    else:
        try:
            user = register_user(email, password, timezone, confirmed=False, clock_hours=_clock_hours(form))
        except Conflict:  # registered a moment ago by a concurrent request: same answer
            user = None
        if user is not None:
            if mode == "invite" and not use_invite(form.invite.data or ""):
                delete_unused_account(user)
                form.invite.errors.append("That invitation code has just been used. Ask for another.")
                return render_template("auth/register.html", form=form, mode=mode)
            send_confirmation(user)
    return render_template("auth/check_email.html", email=normalise_email(email))


@bp.get("/confirm/<secret>")
def confirm_email(secret: str) -> Response | tuple[str, int]:
    user = confirm(secret)
    if user is None:
        return render_template("auth/confirm_gone.html"), 404
    flash("Your address is confirmed. Log in to start your diary.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@limit_failures
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None and not is_confirmed(user):
            send_confirmation(user)  # a fresh link; the old one may have expired
            return render_template("auth/login.html", form=form, failed=False, unconfirmed=user.email)
        if user is not None:
            next_url = safe_next(request.args.get("next"), url_for("home.index"))
            if second_step_needed(user):
                # No log-in record yet: only the passkey step creates one (§8.7).
                start_second_step(user, remember=bool(form.remember.data), next_url=next_url)
                return redirect(url_for("auth.second_step"))
            forget_failures(user.email)
            log_in_browser(user, remember=bool(form.remember.data))
            return redirect(next_url)
        mark_failure()
        failed = True
    return render_template("auth/login.html", form=form, failed=failed)


def _json_body() -> dict:  # type: ignore[type-arg]
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def _passkey_refused(message: str, status: int = 400) -> tuple[Response, int]:
    return jsonify({"error": "passkey_refused", "message": message}), status


@bp.post("/login/passkey/options")
def passkey_login_options() -> Response | tuple[Response, int]:
    """Options for logging in with a passkey instead of the password (JSON; CSRF header).
    An optional `email` limits them to that account's passkeys."""
    if current_user.is_authenticated:
        return _passkey_refused("You are logged in already.", 409)
    email = _json_body().get("email")
    return Response(login_options(email if isinstance(email, str) else None), mimetype="application/json")


@bp.post("/login/passkey/verify")
@limit_passkey_failures
def passkey_login_verify() -> Response | tuple[Response, int]:
    """The browser's answer to passkey_login_options: log in, or a failure that counts."""
    if current_user.is_authenticated:
        return _passkey_refused("You are logged in already.", 409)
    body = _json_body()
    try:
        passkey = verify_login(body.get("credential"))
    except PasskeyFailed as exc:
        mark_failure()
        return _passkey_refused(exc.message)
    user = passkey.user
    forget_failures(user.email)
    log_in_browser(user, remember=body.get("remember") is True)
    return jsonify({"redirect": safe_next(request.args.get("next"), url_for("home.index"))})


@bp.get("/login/second-step")
def second_step() -> str | Response:
    """After a correct password, for a person who requires a passkey too."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    if pending_second_step() is None:
        flash("Log in again: the passkey step waits five minutes at most.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/second_step.html", form=LogoutForm())


@bp.post("/login/second-step/options")
def second_step_begin() -> Response | tuple[Response, int]:
    pending = pending_second_step()
    if pending is None:
        return _passkey_refused("Log in again: the passkey step waits five minutes at most.", 409)
    return Response(second_step_options(pending[0]), mimetype="application/json")


@bp.post("/login/second-step/verify")
@limit_passkey_failures
def second_step_verify() -> Response | tuple[Response, int]:
    pending = pending_second_step()
    if pending is None:
        return _passkey_refused("Log in again: the passkey step waits five minutes at most.", 409)
    user, step = pending
    try:
        verify_login(_json_body().get("credential"), second_step_of=user)
    except PasskeyFailed as exc:
        mark_failure()
        return _passkey_refused(exc.message)
    forget_failures(user.email)
    log_in_browser(user, remember=bool(step.get("remember")))
    return jsonify({"redirect": safe_next(step.get("next"), url_for("home.index"))})


@bp.post("/login/second-step/cancel")
def second_step_cancel() -> Response:
    LogoutForm().validate_on_submit()  # CSRFProtect already rejects a missing token
    cancel_second_step()
    return redirect(url_for("auth.login"))


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    form = LogoutForm()
    if not form.validate_on_submit():  # CSRFProtect already rejects a missing token
        return redirect(url_for("home.index"))
    # Only this browser: the phone that keeps the diary stays logged in.
    end_login(current_login())
    logout_user()
    session.clear()
    flash("You have logged out of this browser.", "info")
    response = redirect(url_for("home.index"))
    # The pages and unsent nights this browser kept offline go too (docs/design.md §10.4).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/forgot", methods=["GET", "POST"])
@limit_reset_requests
def forgot() -> str | Response:
    form = ForgotForm()
    sent = False
    if mail_enabled() and form.validate_on_submit():
        user = find_user_by_email(form.email.data or "")
        if user is not None:
            send_mail(
                user.email,
                "Reset your sleep diary password",
                RESET_MAIL.format(url=reset_url(create_reset(user))),
            )
        sent = True  # the same answer whether or not the address has an account
    return render_template("auth/forgot.html", form=form, sent=sent, mail=mail_enabled())


@bp.route("/reset/<secret>", methods=["GET", "POST"])
def reset_password(secret: str) -> str | Response | tuple[str, int]:
    reset = find_reset(secret)
    if reset is None:
        return render_template("auth/reset_gone.html"), 404
    form = ResetForm()
    if form.validate_on_submit():
        try:
            use_reset(reset, form.password.data or "")
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
        else:
            flash(
                "Your password is changed, and every browser and API token was logged out. Log in now.",
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)
