"""Reminders (docs/design.md §11): which kinds a person chose and when they fall (pure
rules), a private calendar feed, Web Push to the browsers that said yes, and the
`flask send-reminders` run that sends what is due."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)

from . import views  # noqa: E402,F401
