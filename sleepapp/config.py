"""Configuration classes and the loader that layers environment overrides on top.

Order (docs/design.md §6): the class named by SLEEPAPP_CONFIG, then any FLASK_* variable
(parsed as JSON), then DATABASE_URL, then the mapping a caller (a test) passes in.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

from flask import Flask

# Values that look like a secret but are not one: production refuses to start with them.
PLACEHOLDER_SECRETS = {"", "dev", "changeme", "change-me", "secret", "please-change-me", "xxx"}


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite in instance/
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    # Flask-Limiter: in-memory per process; set a redis:// URI to share limits across workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: keep counting in memory (logged once) rather than failing every log-in,
    # and go back to Redis when it answers again.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    AUTH_FAILURES_PER_ACCOUNT = "10 per 15 minutes"
    AUTH_FAILURES_PER_ADDRESS = "30 per 15 minutes"
    AUTH_REGISTRATIONS_PER_ADDRESS = "20 per hour"

    # argon2id, RFC 9106 "low memory" profile (OWASP-compliant).
    AUTH_ARGON2_TIME_COST = 3
    AUTH_ARGON2_MEMORY_KIB = 65536
    AUTH_ARGON2_PARALLELISM = 4
    AUTH_PASSWORD_MIN = 8
    AUTH_PASSWORD_MAX = 256
    AUTH_TOKEN_DAYS = 90  # API tokens expire after this many days unless asked otherwise

    # Outgoing mail (forgot password). No MAIL_SERVER: nothing is sent, and the forgot page
    # says to ask the administrator (`flask reset-password EMAIL`).
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "Sleep diary <no-reply@localhost>"
    MAIL_TIMEOUT = 10
    AUTH_RESETS_PER_ADDRESS = "5 per hour"
    AUTH_RESETS_PER_ACCOUNT = "3 per hour"

    # Passkeys (docs/design.md §8.7). The relying-party id is the host people type, without
    # the port (default: the request's host); the origin is what their browser reports
    # (default: the request's scheme and host, which ProxyFix corrects behind a proxy).
    WEBAUTHN_RP_ID: str | None = None
    WEBAUTHN_RP_NAME = "Sleep diary"
    WEBAUTHN_ORIGIN: str | None = None

    # Who may create an account: "open", "invite" (codes from `flask invite`) or "closed"
    # (only `flask create-user`). Set as JSON: FLASK_REGISTRATION='"invite"'.
    REGISTRATION = "open"

    # Web Push (docs/design.md §11): the VAPID key pair, base64url. Unset: generated once into
    # instance/vapid_private_key. Several instances must share one pair (set both).
    VAPID_PRIVATE_KEY: str | None = None
    VAPID_PUBLIC_KEY: str | None = None
    VAPID_SUBJECT = "mailto:admin@localhost"  # how push services reach the operator
    REMINDERS_LOOKBACK_MIN = 30  # a reminder later than this (a missed run) is not sent

    DEFAULT_TIMEZONE = "UTC"
    PROXY_FIX_HOPS = 0  # number of trusted proxies in front of the app; 0 = no ProxyFix
    HSTS_SECONDS = 31536000
    DIARY_PAGE_SIZE = 30


class DevelopmentConfig(Config):
    NAME = "development"


class TestingConfig(Config):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-only-secret-key-not-for-production"  # noqa: S105 (the testing config only)
    # Cheap hashing keeps the suite fast; the algorithm is the same.
    AUTH_ARGON2_TIME_COST = 1
    AUTH_ARGON2_MEMORY_KIB = 8
    AUTH_ARGON2_PARALLELISM = 1
    RATELIMIT_ENABLED = True


class ProductionConfig(Config):
    NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def load_config(app: Flask, config: str | dict[str, Any] | None) -> None:
    overrides: dict[str, Any] = {}
    name = os.environ.get("SLEEPAPP_CONFIG", "development")
    if isinstance(config, str):
        name = config
    elif isinstance(config, dict):
        overrides = dict(config)
        name = overrides.pop("CONFIG_NAME", name)
    if name not in CONFIGS:
        raise RuntimeError(f"SLEEPAPP_CONFIG must be one of {sorted(CONFIGS)}, not {name!r}")
    app.config.from_object(CONFIGS[name])
    app.config["CONFIG_NAME"] = name
    app.config.from_prefixed_env()
    if os.environ.get("DATABASE_URL") and "FLASK_SQLALCHEMY_DATABASE_URI" not in os.environ:
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.update(overrides)

    if (mode := app.config["REGISTRATION"]) not in ("open", "invite", "closed"):
        raise RuntimeError(f'FLASK_REGISTRATION must be "open", "invite" or "closed", not {mode!r}')
    if name == "production":
        app.config["DEBUG"] = False
        secret = app.config.get("SECRET_KEY")
        if not secret or str(secret).strip().lower() in PLACEHOLDER_SECRETS or len(secret) < 16:
            raise RuntimeError(
                "FLASK_SECRET_KEY must be set to a long random value in production "
                '(python -c "import secrets; print(secrets.token_hex(32))").'
            )
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    uri = app.config.get("SQLALCHEMY_DATABASE_URI")
    if not uri:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        uri = "sqlite:///" + str(Path(app.instance_path) / "sleepapp.db")
    elif uri.startswith("postgres://"):  # the Heroku-style scheme SQLAlchemy no longer accepts
        uri = "postgresql://" + uri[len("postgres://") :]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}


def _instance_secret(instance: Path) -> str:
    """A random key generated once and kept in instance/, so a local run needs no set-up."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
