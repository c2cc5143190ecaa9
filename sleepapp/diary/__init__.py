"""The sleep diary: Consensus Sleep Diary entries, derived metrics and charts."""

from flask import Blueprint

bp = Blueprint("diary", __name__)

from . import offline, views  # noqa: E402,F401
