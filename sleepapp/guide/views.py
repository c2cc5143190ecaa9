"""Guidance pages and search, readable without an account."""

from __future__ import annotations

from flask import Response, abort, after_this_request, g, has_request_context, render_template, request
from flask_login import current_user
from markupsafe import escape

from . import bp
from .content import get_library
from .crisis import CrisisChoice, get_crisis_lines
from .medication import QueryFlags, classify_query
from .search import Result, get_index

MAX_QUERY_CHARS = 200
# A pasted message can be long; the safety check still reads this much of it.
MAX_CLASSIFY_CHARS = 2000


@bp.get("")
def index() -> str:
    library = get_library()
    return render_template("guide/index.html", groups=library.by_topic(), help_page=library.get("help"))


@bp.get("/search")
def search() -> tuple[str, int]:
    raw = request.args.get("q", "")
    query = " ".join(raw.split())
    flags = classify_query(query[:MAX_CLASSIFY_CHARS]) if query else QueryFlags()
    error = None
    results: list[Result] = []
    status = 200
    if len(query) > MAX_QUERY_CHARS:
        error = (
            f"That search is a bit long for us. Try a few key words "
            f"(up to {MAX_QUERY_CHARS} characters), like “naps” or “racing mind”."
        )
        status = 400
        query = query[:MAX_QUERY_CHARS]
    elif query:
        results = get_index().search(query)
    results = _with_safety_pages(results, flags)
    return (
        render_template("guide/search.html", query=query, flags=flags, results=results, error=error),
        status,
    )


def _with_safety_pages(results: list[Result], flags: QueryFlags) -> list[Result]:
    """Make sure a medicine or crisis query also lists the pages written for it."""
    wanted = []
    if flags.crisis:
        wanted.append("help")
    if "benzodiazepine" in flags.medicine_classes:
        wanted.append("clonazepam-and-benzodiazepines")
    if flags.needs_referral:
        wanted.append("medicines-and-sleep")
    have = {r.page.slug for r in results}
    library = get_library()
    extra = [
        Result(page, 0.0, escape(page.summary))
        for slug in wanted
        if slug not in have and (page := library.get(slug)) is not None
    ]
    results = results + extra
    if flags.crisis:  # the help page leads; the rest keep their rank
        results.sort(key=lambda r: r.page.slug != "help")
    return results


@bp.get("/help/crisis-lines")
def crisis_lines() -> str:
    """Every country's emergency number and crisis lines, the person's own first (§4.5)."""
    return render_template("guide/crisis_lines.html", crisis=crisis_lines_here())


@bp.app_template_global()
def crisis_lines_here(account: bool = True) -> CrisisChoice:
    """The crisis lines ordered for whoever asked for this page (docs/design.md §4.5).

    Logged in: from their time zone; otherwise from the browser's Accept-Language. Worked out
    once per request. `account=False` leaves the logged-in person out, for the page shown while
    the database is down (loading them would fail again).
    """
    lines = get_crisis_lines()
    if not has_request_context():
        return lines.choose()
    key = "crisis_choice" if account else "crisis_choice_anonymous"
    choice: CrisisChoice | None = g.get(key)
    if choice is None:
        time_zone = current_user.timezone if account and current_user.is_authenticated else None
        if time_zone is None:

            @after_this_request
            def vary(response: Response) -> Response:
                response.vary.add("Accept-Language")
                return response

        choice = lines.choose(time_zone=time_zone, accept_language=request.headers.get("Accept-Language"))
        setattr(g, key, choice)
    return choice


@bp.get("/<slug>")
def show_page(slug: str) -> str:
    library = get_library()
    page = library.get(slug)
    if page is None:
        abort(404, description="We could not find that guidance page. It may have moved.")
    return render_template("guide/page.html", page=page, related=library.related(page))
