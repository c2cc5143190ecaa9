"""Placeholder until the diary slice lands."""

from flask import render_template
from flask_login import login_required

from . import bp, models  # noqa: F401


@bp.get("")
@login_required
def index() -> str:
    return render_template("placeholder.html", title="Diary")
