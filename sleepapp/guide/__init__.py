"""Guidance pages, search and the medication rule."""

from flask import Blueprint

bp = Blueprint("guide", __name__)

from . import views  # noqa: E402,F401
