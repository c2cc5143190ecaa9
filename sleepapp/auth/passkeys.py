"""Passkeys (WebAuthn, docs/design.md §8.7): add them from the account page, log in with one
instead of the password, or require one after the password.

The server side is py_webauthn. Each ceremony's challenge lives in the signed session cookie
(one pending at a time, five minutes, removed when used); so does the "password was right,
passkey next" state of the second step, which creates no log-in record until the passkey
step succeeds.

Lock-out rules: the requirement can only be turned on while the person has a passkey, and
their last passkey cannot be removed while it is on, so password + passkey always leaves a
way in; a password reset turns the requirement off (the mailbox, or the administrator, is
the way back for someone who lost their passkeys) and keeps the passkeys.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, request, session
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, parse_authentication_credential_json
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from ..clock import utcnow
from ..errors import Conflict
from ..extensions import db
from .models import Passkey, User
from .service import find_user_by_email, normalise_email

log = logging.getLogger(__name__)

CEREMONY_SECONDS = 300  # how long a challenge, and the pending second step, stay usable
CEREMONY_KEY = "passkey_ceremony"
SECOND_STEP_KEY = "passkey_second_step"
NAME_MAX = 80


class PasskeyFailed(Exception):
    """A passkey could not be added or did not prove who it claims to be."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


EXPIRED = "That took too long or was already used. Try again."
NOT_ACCEPTED = "That passkey was not accepted. Try again, or use another way to log in."


# --- where we are -----------------------------------------------------------------------


def rp_id() -> str:
    """The relying-party id: WEBAUTHN_RP_ID, else the host the person typed, without port."""
    configured = current_app.config.get("WEBAUTHN_RP_ID")
    return str(configured) if configured else (urlsplit("//" + request.host).hostname or "")


def expected_origin() -> str:
    configured = current_app.config.get("WEBAUTHN_ORIGIN")
    return str(configured).rstrip("/") if configured else request.host_url.rstrip("/")


def user_handle(user: User) -> bytes:
    """The WebAuthn user handle: the account id (never reused, not the email address)."""
    return str(user.id).encode()


# --- challenges kept in the session ------------------------------------------------------


def _start(kind: str, **context: Any) -> bytes:
    challenge = secrets.token_bytes(32)
    session[CEREMONY_KEY] = {
        "kind": kind,
        "challenge": bytes_to_base64url(challenge),
        "expires": time.time() + CEREMONY_SECONDS,
        **context,
    }
    return challenge


def _take(kind: str) -> dict[str, Any]:
    """The pending ceremony of this kind, removed from the session (single use)."""
    ceremony = session.pop(CEREMONY_KEY, None)
    if (
        not isinstance(ceremony, dict)
        or ceremony.get("kind") != kind
        or float(ceremony.get("expires", 0)) < time.time()
    ):
        raise PasskeyFailed(EXPIRED)
    return ceremony


def ceremony_email() -> str | None:
    """The account a pending passkey log-in names (for the per-account failure budget)."""
    ceremony = session.get(CEREMONY_KEY)
    if isinstance(ceremony, dict) and ceremony.get("email"):
        return str(ceremony["email"])
    step = session.get(SECOND_STEP_KEY)
    if isinstance(step, dict) and step.get("email"):
        return str(step["email"])
    return None


def _descriptor(passkey: Passkey) -> PublicKeyCredentialDescriptor:
    return PublicKeyCredentialDescriptor(id=base64url_to_bytes(passkey.credential_id))


def _decoy_descriptor(email: str) -> PublicKeyCredentialDescriptor:
    """For an address without passkeys: a stable made-up credential id, so the answer does
    not tell whether the address has an account or passkeys."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return PublicKeyCredentialDescriptor(
        id=hmac.new(key, b"passkey-decoy:" + email.encode(), "sha256").digest()
    )


def _timeout_ms() -> int:
    return CEREMONY_SECONDS * 1000


# --- the person's passkeys -----------------------------------------------------------------


def list_passkeys(user: User) -> list[Passkey]:
    return list(db.session.scalars(sa.select(Passkey).where(Passkey.user_id == user.id).order_by(Passkey.id)))


def find_passkey(user: User, passkey_id: int) -> Passkey | None:
    """One of the person's own passkeys; another person's is None (a 404)."""
    return db.session.scalar(sa.select(Passkey).where(Passkey.id == passkey_id, Passkey.user_id == user.id))


def clean_name(name: str | None) -> str:
    return " ".join((name or "").split())[:NAME_MAX]


def registration_options(user: User) -> str:
    """The JSON for navigator.credentials.create(); its challenge waits in the session."""
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=current_app.config["WEBAUTHN_RP_NAME"],
        user_name=user.email,
        user_id=user_handle(user),
        user_display_name=user.email,
        challenge=_start("register", user_id=user.id),
        timeout=_timeout_ms(),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[_descriptor(p) for p in list_passkeys(user)],
    )
    return options_to_json(options)


def add_passkey(user: User, credential: object, name: str | None = None) -> Passkey:
    """Verify the browser's answer to registration_options() and keep the passkey."""
    ceremony = _take("register")
    if ceremony.get("user_id") != user.id:
        raise PasskeyFailed(EXPIRED)
    try:
        verified = verify_registration_response(
            credential=credential,  # type: ignore[arg-type]
            expected_challenge=_challenge_of(ceremony),
            expected_rp_id=rp_id(),
            expected_origin=expected_origin(),
        )
    except Exception as exc:  # any malformed or wrong answer is a refusal, never a 500
        log.info("passkey registration refused: %s", exc)
        raise PasskeyFailed("That passkey could not be added. Try again.") from exc
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(sa.select(Passkey.id).where(Passkey.credential_id == credential_id)):
        raise Conflict("That passkey is already added.")
    count = len(list_passkeys(user))
    passkey = Passkey(
        user_id=user.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=clean_name(name) or f"Passkey {count + 1}",
    )
    db.session.add(passkey)
    try:
        db.session.commit()
    except sa.exc.IntegrityError as exc:  # the same passkey added by a concurrent request
        db.session.rollback()
        raise Conflict("That passkey is already added.") from exc
    return passkey


def rename_passkey(passkey: Passkey, name: str | None) -> None:
    passkey.name = clean_name(name) or passkey.name
    db.session.commit()


def can_remove(user: User) -> bool:
    """Removing a passkey may not leave a required second step with nothing to answer it."""
    return not user.passkey_required or len(list_passkeys(user)) > 1


def remove_passkey(user: User, passkey: Passkey) -> None:
    if not can_remove(user):
        raise Conflict(
            "This is your last passkey and your account requires one after the password. "
            "Turn that off first, or add another passkey."
        )
    db.session.delete(passkey)
    db.session.commit()


def set_required(user: User, required: bool) -> None:
    if required and not list_passkeys(user):
        raise Conflict("Add a passkey first: the requirement needs one to answer it.")
    user.passkey_required = required
    db.session.commit()


def second_step_needed(user: User) -> bool:
    """Does a correct password still need a passkey? Never without a passkey to use."""
    return bool(user.passkey_required) and bool(list_passkeys(user))


# --- logging in ---------------------------------------------------------------------------


def login_options(email: str | None) -> str:
    """Options for navigator.credentials.get() to log in without a password: with an email,
    that account's passkeys; without, any passkey this site's authenticators hold."""
    allow: list[PublicKeyCredentialDescriptor] | None = None
    address = normalise_email(email or "") or None
    if address:
        user = find_user_by_email(address)
        passkeys = list_passkeys(user) if user is not None else []
        allow = [_descriptor(p) for p in passkeys] or [_decoy_descriptor(address)]
    options = generate_authentication_options(
        rp_id=rp_id(),
        challenge=_start("login", email=address),
        timeout=_timeout_ms(),
        allow_credentials=allow,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options_to_json(options)


def start_second_step(user: User, *, remember: bool, next_url: str | None) -> None:
    """The password was right and a passkey is required: remember that, briefly, instead of
    logging in. Nothing planted in the pre-login session survives."""
    session.clear()
    session[SECOND_STEP_KEY] = {
        "user_id": user.id,
        "email": user.email,
        "remember": remember,
        "next": next_url,
        "expires": time.time() + CEREMONY_SECONDS,
        "password": _password_mark(user),
    }


def _password_mark(user: User) -> str:
    # A changed password (or reset) since the first step makes the pending state worthless.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def pending_second_step() -> tuple[User, dict[str, Any]] | None:
    """The person who gave the right password a moment ago, and what they asked for."""
    step = session.get(SECOND_STEP_KEY)
    if not isinstance(step, dict) or float(step.get("expires", 0)) < time.time():
        return None
    user = db.session.get(User, step.get("user_id"))
    if user is None or step.get("password") != _password_mark(user) or not second_step_needed(user):
        return None
    return user, step


def cancel_second_step() -> None:
    session.pop(SECOND_STEP_KEY, None)
    session.pop(CEREMONY_KEY, None)


def second_step_options(user: User) -> str:
    options = generate_authentication_options(
        rp_id=rp_id(),
        challenge=_start("second", user_id=user.id, email=user.email),
        timeout=_timeout_ms(),
        allow_credentials=[_descriptor(p) for p in list_passkeys(user)],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return options_to_json(options)


def _challenge_of(ceremony: dict[str, Any]) -> bytes:
    return base64url_to_bytes(str(ceremony["challenge"]))


def verify_login(credential: object, *, second_step_of: User | None = None) -> Passkey:
    """The passkey that signed this challenge, its counter updated; PasskeyFailed otherwise.

    Without `second_step_of`: a log-in by passkey alone, which must verify the person (PIN,
    fingerprint); with it: the step after that person's password, with one of their passkeys.
    """
    kind = "second" if second_step_of is not None else "login"
    ceremony = _take(kind)
    try:
        parsed = parse_authentication_credential_json(credential)  # type: ignore[arg-type]
    except Exception as exc:
        raise PasskeyFailed(NOT_ACCEPTED) from exc
    passkey = db.session.scalar(
        sa.select(Passkey).where(Passkey.credential_id == bytes_to_base64url(parsed.raw_id))
    )
    if passkey is None:
        raise PasskeyFailed(NOT_ACCEPTED)
    owner = passkey.user
    if second_step_of is not None and owner.id != second_step_of.id:
        raise PasskeyFailed(NOT_ACCEPTED)
    if ceremony.get("email") and owner.email != ceremony["email"]:
        raise PasskeyFailed(NOT_ACCEPTED)
    handle = parsed.response.user_handle
    if handle and handle != user_handle(owner):
        raise PasskeyFailed(NOT_ACCEPTED)
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=_challenge_of(ceremony),
            expected_rp_id=rp_id(),
            expected_origin=expected_origin(),
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=second_step_of is None,
        )
    except Exception as exc:
        log.info("passkey log-in refused: %s", exc)
        raise PasskeyFailed(NOT_ACCEPTED) from exc
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = utcnow()
    db.session.commit()
    return passkey
