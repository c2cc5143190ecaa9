"""The installable app (docs/design.md §10): manifest, worker, offline page, the account tag
the worker files pages under, and logging out clearing what the browser kept."""

from __future__ import annotations

import re
import struct

from sleepapp import ROOT
from sleepapp.pwa import ACCOUNT_HEADER
from tests.factories import make_user

ACCOUNT_META = re.compile(r'<meta name="sleep-account" content="([0-9a-f]+)">')


def png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_manifest_describes_an_installable_app(client):
    resp = client.get("/manifest.webmanifest")
    assert resp.status_code == 200
    assert resp.mimetype == "application/manifest+json"
    manifest = resp.get_json(force=True)
    assert manifest["name"] and manifest["short_name"] == "Sleep"
    assert manifest["start_url"] == "/diary" and manifest["display"] == "standalone"
    assert manifest["theme_color"] and manifest["background_color"]
    assert manifest["user_preferences"]["color_scheme_dark"]["background_color"] == "#12131a"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "maskable"), ("512x512", "maskable"), ("192x192", "any"), ("512x512", "any")} <= sizes
    assert any(icon["type"] == "image/svg+xml" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        fetched = client.get(icon["src"])
        assert fetched.status_code == 200, icon["src"]
        fetched.close()
        if icon["type"] == "image/png":
            width, height = png_size(ROOT / icon["src"].split("?")[0].lstrip("/"))
            assert f"{width}x{height}" == icon["sizes"], icon["src"]
    shortcuts = {s["name"]: s["url"] for s in manifest["shortcuts"]}
    assert shortcuts == {"Log last night": "/diary/new", "Today's habits": "/program"}


def test_every_page_links_the_manifest_and_the_colours(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'name="theme-color" content="#1c1e29" media="(prefers-color-scheme: dark)"' in page
    assert "/static/js/offline.js" in page and 'id="offline-status"' in page


def test_worker_is_served_from_the_root_as_javascript_and_never_cached(client):
    resp = client.get("/sw.js")
    assert resp.status_code == 200
    assert resp.mimetype == "text/javascript"
    assert resp.headers["Cache-Control"] in {"no-cache", "no-store"}
    body = resp.get_data(as_text=True)
    # The reminders' code is loaded when present, and a missing file does not stop the worker.
    assert re.search(r"try \{[^}]*importScripts\(\"/static/js/sw-push\.js\"\);\s*\} catch", body)
    resp.close()


def test_csp_allows_the_worker_and_manifest_from_this_site_only(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "worker-src 'self'" in csp and "manifest-src 'self'" in csp


def test_offline_page_is_public(client):
    resp = client.get("/offline")
    assert resp.status_code == 200 and "not kept on this device" in resp.get_data(as_text=True)


def test_pages_carry_their_owners_tag_and_nobody_elses(app, client, user):
    page = client.get("/diary")
    tag = page.headers[ACCOUNT_HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", tag)
    assert ACCOUNT_META.search(page.get_data(as_text=True)).group(1) == tag
    assert client.get("/guide").headers[ACCOUNT_HEADER] == tag  # stable across pages

    other = app.test_client()
    make_user(email="kim@example.com")
    other.post(
        "/login",
        data={"email": "kim@example.com", "password": user.test_password, "csrf_token": other.csrf_token()},
    )
    theirs = other.get("/diary").headers[ACCOUNT_HEADER]
    assert theirs != tag

    anon = app.test_client()
    resp = anon.get("/guide")
    assert ACCOUNT_HEADER not in resp.headers and not ACCOUNT_META.search(resp.get_data(as_text=True))


def test_the_tag_depends_on_the_secret_key(app, user):
    from sleepapp.pwa import account_tag

    with app.test_request_context():
        before = account_tag(user.id)
        app.config["SECRET_KEY"] = "another secret key entirely, for this test"
        assert account_tag(user.id) != before


def test_no_tag_on_json_or_files(client, user):
    assert ACCOUNT_HEADER not in client.get("/healthz").headers
    resp = client.get("/static/css/app.css")
    assert ACCOUNT_HEADER not in resp.headers
    resp.close()


def test_logging_out_clears_what_the_browser_kept(client, user):
    resp = client.post("/logout")
    assert resp.status_code == 302
    assert resp.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert ACCOUNT_HEADER not in client.get("/").headers
