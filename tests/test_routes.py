"""Every route that takes a number, given one past what an id column holds: never a 500 (an
overflowing query); a row's id is a 404, decided by the router (`<id:...>`, sleepapp.RowId)
or by the view."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

from sleepapp.extensions import ID_MAX

NUMBERED = ("<int:", "<id:")


def _numbered_rules(app):  # type: ignore[no-untyped-def]
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values())
    ]


def test_there_are_numbered_routes_to_check(app):
    assert len(_numbered_rules(app)) >= 6  # tools, undo, share links, tokens, course weeks, ...


@pytest.mark.parametrize("number", [ID_MAX + 1, 10**30])
def test_a_number_past_any_id_is_not_found(app, client, user, number):
    for rule in _numbered_rules(app):
        url = re.sub(r"<[^<>]+>", lambda m: str(number) if m[0].startswith(NUMBERED) else "x", rule.rule)
        method = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})[0]
        resp = client.open(url, method=method, headers={"Authorization": "Bearer not-a-token"})
        assert resp.status_code < 500, (rule.rule, resp.status_code)
        if "<id:" in rule.rule:  # a page's row id: not found
            assert resp.status_code == 404, (rule.rule, resp.status_code)
