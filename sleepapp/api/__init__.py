"""JSON API under /api/v1: token-authenticated views that call the same services as the pages."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import bearer, course, diary, fhir, me, openapi, portability, program, reminders, shares, tokens  # noqa: E402,F401
