from flask import render_template

from . import bp


@bp.get("/")
def index() -> str:
    return render_template("home/index.html")
