"""The person's own settings: time zone and usual wake time."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from . import views  # noqa: E402,F401
