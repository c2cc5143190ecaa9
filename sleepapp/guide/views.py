"""Placeholder until the guide slice lands."""

from flask import abort, render_template

from . import bp


@bp.get("")
def index() -> str:
    return render_template("placeholder.html", title="Guide")


@bp.get("/search")
def search() -> str:
    return render_template("placeholder.html", title="Search the guide")


@bp.get("/<slug>")
def show_page(slug: str) -> str:
    if slug != "help":
        abort(404)
    return render_template("placeholder.html", title="Get help now")
