"""The CBT-I programme: habit checklists and the sleep window."""

from flask import Blueprint

bp = Blueprint("program", __name__)

from . import views  # noqa: E402,F401
