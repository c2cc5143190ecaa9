"""Placeholder until the programme slice lands."""

from flask import render_template
from flask_login import login_required

from . import bp


@bp.get("")
@login_required
def index() -> str:
    return render_template("placeholder.html", title="Programme")
