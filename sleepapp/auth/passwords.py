"""Password policy (NIST SP 800-63B style), argon2id hashing, and the digest of the random
secrets (log-in keys, API tokens) that the database keeps instead of the secrets."""

from __future__ import annotations

import gzip
import hashlib
import unicodedata
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# 19,640 common passwords, from Django's password validator list (BSD licence).
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"


def secret_digest(secret: str) -> str:
    # A fast hash is right here: the secrets are 256 random bits, not guessable passwords.
    return hashlib.sha256(secret.encode()).hexdigest()


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip().lower() for line in fh if line.strip())


def normalise(password: str) -> str:
    # NFKC so the same password typed on different keyboards hashes the same.
    return unicodedata.normalize("NFKC", password)


def password_problem(password: str, email: str = "", min_len: int = 8, max_len: int = 256) -> str | None:
    """Why this password is not acceptable, or None. No composition rules by design."""
    pw = normalise(password)
    if len(pw) < min_len:
        return f"Use at least {min_len} characters (15 or more is better: a few random words work well)."
    if len(pw) > max_len:
        return f"Use at most {max_len} characters."
    lowered = pw.lower()
    if lowered in common_passwords():
        return "That password is too common and easy to guess. Try a few random words."
    if email and lowered in {email.lower(), email.split("@")[0].lower()}:
        return "Do not use your email address as your password."
    return None


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["AUTH_ARGON2_TIME_COST"],
        memory_cost=cfg["AUTH_ARGON2_MEMORY_KIB"],
        parallelism=cfg["AUTH_ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(normalise(password))


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher().check_needs_rehash(stored_hash)
