"""Passkeys in a real browser: Chromium's virtual authenticator (DevTools WebAuthn domain)
stands in for a phone or security key.

WebAuthn needs a relying-party id that is a domain, and an IP address is not one, so these
tests use http://localhost:PORT (the same gunicorn; Chromium treats localhost as a secure
context over plain HTTP) instead of the 127.0.0.1 base URL the other tests use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import PASSWORD, check_a11y, follow


@pytest.fixture
def site(live_server) -> str:  # type: ignore[no-untyped-def]
    return live_server.url.replace("://127.0.0.1:", "://localhost:")


@pytest.fixture
def authenticator(page: Page) -> Iterator[tuple[Any, str]]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    yield cdp, added["authenticatorId"]
    cdp.send("WebAuthn.disable")


def _register(page: Page, site: str, email: str) -> None:
    page.goto(site + "/register")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_label("Your time zone").select_option("Europe/London")
    follow(page, page.get_by_role("button", name="Create account"), "**/")


def _add_passkey(page: Page, site: str, name: str) -> None:
    page.goto(site + "/account")
    form = page.locator("#add-passkey")
    form.get_by_label("A name for it (optional)").fill(name)
    form.get_by_label("Your current password").fill(PASSWORD)
    form.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text(f"Passkey “{name}” added")).to_be_visible()
    expect(page.get_by_role("rowheader", name=name)).to_be_visible()


def _log_out(page: Page) -> None:
    logged_out = page.get_by_text("You have logged out of this browser.")
    follow(
        page,
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out"),
        "**/",
        shows=logged_out,
    )


def test_add_a_passkey_and_log_in_with_it(page: Page, site: str, new_email: str, authenticator) -> None:  # type: ignore[no-untyped-def]
    cdp, authenticator_id = authenticator
    _register(page, site, new_email)
    _add_passkey(page, site, "Virtual key")
    (credential,) = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert credential["isResidentCredential"]
    _log_out(page)

    page.goto(site + "/login")
    # No email typed: the browser offers the passkeys it holds for this site.
    follow(page, page.get_by_role("button", name="Use a passkey instead"), "**/")
    page.goto(site + "/account")
    expect(page.get_by_text(new_email)).to_be_visible()
    row = page.locator("table.passkeys tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_text("never")).to_have_count(0)  # "last used" is filled in now


def test_password_then_passkey_when_required(page: Page, site: str, new_email: str, authenticator) -> None:  # type: ignore[no-untyped-def]
    _register(page, site, new_email)
    _add_passkey(page, site, "Second step key")
    check_a11y(page)
    required = page.locator("form", has=page.get_by_label("Require a passkey after my password"))
    required.get_by_label("Require a passkey after my password").check()
    required.get_by_label("Your current password").fill(PASSWORD)
    done = page.get_by_text("From now on, logging in with your password also asks for a passkey.")
    follow(page, required.get_by_role("button", name="Save"), "**/account*", shows=done)
    _log_out(page)

    page.goto(site + "/login")
    page.get_by_label("Email").fill(new_email)
    page.get_by_label("Password").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Log in"), "**/login/second-step")
    # Not logged in yet: the password alone opened nothing.
    expect(page.get_by_role("link", name="Account")).to_have_count(0)
    check_a11y(page)
    follow(page, page.get_by_role("button", name="Use my passkey"), "**/")
    page.goto(site + "/account")
    expect(page.get_by_text(new_email)).to_be_visible()
