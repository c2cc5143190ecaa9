"""Share-link test helpers: make a link as the person does, open it as a clinician."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from sleepapp.auth.models import User
from sleepapp.share import service

REPORT = 'id="averages"'  # the report body's first section: the report is showing
URL_RE = re.compile(r'id="share-url">(?P<url>[^<]+)<')
CODE_RE = re.compile(r'id="share-code">(?P<code>[^<]+)<')


def link_for(user: User, period_days: int = 14, lifetime_days: int = 14) -> service.NewLink:
    return service.create_link(user, period_days, lifetime_days)


def clinician(app: Flask) -> Any:
    """A second browser, with no account and no cookies."""
    return app.test_client()


def open_with_code(browser: Any, token: str, code: str) -> Any:
    """Type the code on the link's page, then follow the redirect to the report."""
    resp = browser.post(f"/s/{token}", data={"code": code})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    return browser.get(f"/s/{token}")
