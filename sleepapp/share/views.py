"""Share pages: the person makes, lists and ends links (from the report page) and downloads
the FHIR export; the clinician opens /s/<token>, types the code, and reads the report of the
link's period, read-only (docs/design.md §8.8)."""

from __future__ import annotations

import json
import math
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from ..account.forms import ConfirmForm
from ..account.report import report_context
from ..auth.models import User, as_utc
from ..clock import utcnow
from ..errors import NotFound, ValidationFailed
from . import bp, rules, service
from .forms import AccessCodeForm, ShareLinkForm
from .models import ShareLink

# Endpoints a clinician reaches with a link: never indexed, never cached, no Referer (the
# token is in the address).
SHARED_ENDPOINTS = frozenset({"share.open_link", "share.shared_fhir"})
ACCESS_COOKIE = "share_access"
ACCESS_MINUTES = 60  # how long the right code lasts in that browser (also ends with the browser)
FHIR_MIMETYPE = "application/fhir+json"


def _me() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


@bp.after_request
def shared_headers(response: Response) -> Response:
    if request.endpoint in SHARED_ENDPOINTS:
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------- the person


@bp.route("/report/share", methods=["GET", "POST"])
@login_required
def manage_links() -> str | Response:
    user = _me()
    form = ShareLinkForm()
    if form.validate_on_submit():
        try:
            new = service.create_link(user, form.period_days.data, form.days)  # type: ignore[arg-type]
        except ValidationFailed as exc:
            form.populate_errors(exc.fields)
        else:
            # Shown once, in this answer only: only hashes are kept.
            return render_template(
                "share/created.html",
                link=new.link,
                url=url_for("share.open_link", token=new.token, _external=True),
                code=new.code,
                period=rules.period_label(new.link.period_days),
            )
    return render_template(
        "share/manage.html",
        form=form,
        confirm=ConfirmForm(),
        links=[_listed(link) for link in service.list_links(user)],
    )


def _listed(link: ShareLink) -> dict[str, Any]:
    now = utcnow()
    locked = rules.locked_until(link.attempts, as_utc(link.attempts_since) if link.attempts_since else None)
    return {
        "link": link,
        "period": rules.period_label(link.period_days),
        "live": rules.is_live(as_utc(link.expires_at), now),
        "locked": locked is not None and locked > now,
        "opens": [o.opened_at for o in link.opens],
    }


@bp.post("/report/share/<id:link_id>/revoke")
@login_required
def revoke_link(link_id: int) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        service.revoke_link(_me(), link_id)
    except NotFound:
        abort(404)
    flash("Link ended: it no longer opens, even with the code.", "success")
    return redirect(url_for("share.manage_links"))


@bp.get("/account/export.fhir.json")
@login_required
def download_fhir() -> Response:
    return _fhir_download(service.fhir_export(_me()))


def _fhir_download(document: dict[str, Any]) -> Response:
    return Response(
        json.dumps(document, ensure_ascii=False, indent=2),
        mimetype=FHIR_MIMETYPE,
        headers={"Content-Disposition": 'attachment; filename="sleep-diary.fhir.json"'},
    )


# ---------------------------------------------------------------- the clinician


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="share-access")


def _has_access(link: ShareLink) -> bool:
    """The right code was typed in this browser, for this link, within ACCESS_MINUTES."""
    value = request.cookies.get(ACCESS_COOKIE)
    if not value:
        return False
    try:
        return bool(_signer().loads(value, max_age=ACCESS_MINUTES * 60) == link.id)
    except BadSignature:  # also an expired signature
        return False


def _grant(response: Response, link: ShareLink, token: str) -> None:
    # No Max-Age: the cookie ends with the browser session; the signature's age ends it
    # sooner. Scoped to the link's own path, so no other page of the site receives it.
    response.set_cookie(
        ACCESS_COOKIE,
        _signer().dumps(link.id),
        path=url_for("share.open_link", token=token),
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )


def _link_or_404(token: str) -> ShareLink:
    link = service.live_link(token)
    if link is None:
        abort(404)  # unknown, expired or revoked: the same plain 404
    return link


@bp.route("/s/<token>", methods=["GET", "POST"])
def open_link(token: str) -> str | Response | tuple[str, int, dict[str, str]]:
    link = _link_or_404(token)
    if _has_access(link):
        if request.method == "POST":
            return redirect(url_for("share.open_link", token=token))
        start, end = service.shared_period(link)
        expires = as_utc(link.expires_at).astimezone(link.user.zone)
        return render_template(
            "share/report.html",
            token=token,
            shared=True,
            expires=expires,
            **report_context(link.user, start, end),
        )
    form = AccessCodeForm()
    if form.validate_on_submit():
        check = service.check_code(link, token, form.code.data or "")
        if check.opened:
            response = redirect(url_for("share.open_link", token=token))
            _grant(response, link, token)
            return response
        if check.locked_until is not None:
            minutes = max(1, math.ceil((check.locked_until - utcnow()).total_seconds() / 60))
            plural = "s" if minutes != 1 else ""
            form.code.errors = [f"Too many wrong codes for this link. Try again in {minutes} minute{plural}."]
            return render_template("share/code.html", form=form), 429, {"Retry-After": str(minutes * 60)}
        form.code.errors = ["That code is not right. Check it with the person who shared the link."]
    return render_template("share/code.html", form=form)


@bp.get("/s/<token>/fhir.json")
def shared_fhir(token: str) -> Response:
    """The link's period as FHIR; without the code typed in this browser, the code page."""
    link = _link_or_404(token)
    if not _has_access(link):
        return redirect(url_for("share.open_link", token=token))
    start, end = service.shared_period(link)
    return _fhir_download(service.fhir_export(link.user, start, end))
