"""Probes for load balancers and orchestrators: /healthz (process) and /readyz (database)."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint

from .extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> tuple[dict[str, str], int]:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not ready"
        db.session.rollback()
        log.warning("readiness check failed", exc_info=True)
        return {"status": "unavailable"}, 503
    return {"status": "ok"}, 200
