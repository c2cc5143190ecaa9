"""The home page: a welcome for visitors, a starting point for people logged in."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from . import views  # noqa: E402,F401
