"""Share links (docs/design.md §8.8): making, opening with the code, the attempt limit,
expiry, revocation and account deletion; the shared page's period, privacy and headers."""

from __future__ import annotations

import re
import threading
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from sleepapp.clock import utcnow
from sleepapp.diary.service import today_for
from sleepapp.extensions import db
from sleepapp.security import CSP
from sleepapp.share import rules, service
from sleepapp.share.models import ShareLink, ShareOpen
from tests.factories import DEFAULT_PASSWORD, make_entry, make_user
from tests.share.helpers import CODE_RE, REPORT, URL_RE, clinician, link_for, open_with_code

CSRF_META = re.compile(r'<meta name="csrf-token" content="[^"]*">')


def _later(monkeypatch: pytest.MonkeyPatch, delta: timedelta) -> None:
    """Move the share service's clock forward by `delta`."""
    moment = utcnow() + delta
    monkeypatch.setattr(service, "utcnow", lambda: moment)


# ---------------------------------------------------------------- making links


def test_making_a_link_shows_its_address_and_code_once(app, client, user):
    page = client.get("/report").get_data(as_text=True)
    assert 'href="/report/share"' in page
    resp = client.post("/report/share", data={"period_days": "28", "lifetime_days": "30"})
    assert resp.status_code == 200
    text = resp.get_data(as_text=True)
    url, code = URL_RE.search(text)["url"], CODE_RE.search(text)["code"]
    token = url.rsplit("/s/", 1)[1]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert not set(code) & set("01OIL")
    link = db.session.scalars(sa.select(ShareLink)).one()
    assert (link.user_id, link.period_days) == (user.id, 28)
    assert abs((service.as_utc(link.expires_at) - utcnow()) - timedelta(days=30)) < timedelta(minutes=1)
    # Only hashes are stored, and the list never shows either secret again.
    row = " ".join(str(v) for v in db.session.execute(sa.select(ShareLink.__table__)).one())
    assert token not in row and code not in row and code.replace("-", "") not in row
    listed = client.get("/report/share").get_data(as_text=True)
    assert token not in listed and code not in listed
    assert "The last 4 weeks" in listed and "not yet" in listed


def test_a_new_link_works_for_14_days_by_default(client, user):
    form = client.get("/report/share").get_data(as_text=True)
    assert re.search(r'name="lifetime_days"[^>]*value="14"', form)
    assert service.create_link(user, 14).link.expires_at.date() == (utcnow() + timedelta(days=14)).date()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"period_days": "14", "lifetime_days": "0"}, "lifetime_days"),
        ({"period_days": "14", "lifetime_days": "91"}, "lifetime_days"),
        ({"period_days": "14", "lifetime_days": "two weeks"}, "lifetime_days"),
        ({"period_days": "14", "lifetime_days": ""}, "lifetime_days"),
        ({"period_days": "14", "lifetime_days": "1.5"}, "lifetime_days"),
        ({"period_days": "14", "lifetime_days": "-3"}, "lifetime_days"),
        ({"period_days": "14", "lifetime_days": "\u0663"}, "lifetime_days"),
        ({"period_days": "30", "lifetime_days": "14"}, "period_days"),
        ({"period_days": "x", "lifetime_days": "14"}, "period_days"),
    ],
)
def test_bad_choices_are_explained_and_nothing_is_made(client, user, data, field):
    resp = client.post("/report/share", data=data)
    assert resp.status_code == 200
    text = resp.get_data(as_text=True)
    assert f'id="{field}-error"' in text
    if field == "lifetime_days":
        assert "Enter a whole number of days from 1 to 90." in text and "Not a valid" not in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShareLink)) == 0


def test_the_service_refuses_what_the_form_would(user):
    with pytest.raises(service.ValidationFailed) as caught:
        service.create_link(user, 21, 91)
    assert set(caught.value.fields) == {"period_days", "lifetime_days"}


def test_making_links_needs_a_login_and_the_csrf_token(app, client):
    assert client.get("/report/share").status_code == 302
    make_user(email="sam@example.com")
    client.post("/login", data={"email": "sam@example.com", "password": DEFAULT_PASSWORD})
    resp = client.post("/report/share", data={"period_days": "14", "lifetime_days": "14"}, csrf=False)
    assert resp.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShareLink)) == 0


# ---------------------------------------------------------------- opening


def test_the_right_code_opens_the_report_for_this_browser_session(app, user):
    make_entry(user, today_for(user) - timedelta(days=1), medication="half a tablet of something")
    new = link_for(user)
    browser = clinician(app)
    first = browser.get(f"/s/{new.token}")
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert "Access code" in page and "half a tablet" not in page and REPORT not in page
    # Typed generously: lower case, spaces instead of the dash.
    resp = browser.post(f"/s/{new.token}", data={"code": new.code.lower().replace("-", " ")})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/s/{new.token}")
    cookie = resp.headers["Set-Cookie"]
    assert cookie.startswith("share_access=")
    assert f"Path=/s/{new.token}" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie  # ends with the browser session
    report = browser.get(f"/s/{new.token}").get_data(as_text=True)
    assert REPORT in report and "Night by night" in report and "half a tablet of something" in report
    opens = db.session.scalars(sa.select(ShareOpen)).all()
    assert len(opens) == 1 and opens[0].link_id == new.link.id


def test_the_person_sees_each_opening_time(app, client, user):
    new = link_for(user)
    open_with_code(clinician(app), new.token, new.code)
    open_with_code(clinician(app), new.token, new.code)
    listed = client.get("/report/share").get_data(as_text=True)
    assert "not yet" not in listed
    assert listed.count("<li>") >= 2
    assert len(db.session.scalars(sa.select(ShareOpen)).all()) == 2


def test_a_wrong_code_is_refused_and_shows_nothing(app, user):
    make_entry(user, today_for(user) - timedelta(days=1), medication="a private note")
    new = link_for(user)
    browser = clinician(app)
    resp = browser.post(f"/s/{new.token}", data={"code": "AAAA-AAAA"})
    assert resp.status_code == 200
    text = resp.get_data(as_text=True)
    assert "That code is not right" in text and "a private note" not in text
    assert "share_access" not in resp.headers.get("Set-Cookie", "")
    assert "a private note" not in browser.get(f"/s/{new.token}").get_data(as_text=True)
    assert db.session.scalars(sa.select(ShareOpen)).all() == []


def test_an_access_cookie_is_for_its_own_link_only(app, user):
    a, b = link_for(user), link_for(user)
    browser = clinician(app)
    open_with_code(browser, a.token, a.code)
    value = browser.get_cookie("share_access", path=f"/s/{a.token}").value
    browser.set_cookie("share_access", value, path=f"/s/{b.token}")
    assert "Access code" in browser.get(f"/s/{b.token}").get_data(as_text=True)
    # A forged or stale value opens nothing either.
    browser.set_cookie("share_access", "1.forged.value", path=f"/s/{a.token}")
    assert "Access code" in browser.get(f"/s/{a.token}").get_data(as_text=True)


def test_access_lasts_an_hour_at_most(app, user, monkeypatch):
    new = link_for(user)
    browser = clinician(app)
    assert REPORT in open_with_code(browser, new.token, new.code).get_data(as_text=True)
    import itsdangerous.timed

    real = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real() + 61 * 60)
    assert "Access code" in browser.get(f"/s/{new.token}").get_data(as_text=True)


# ---------------------------------------------------------------- the attempt limit


def test_five_wrong_codes_pause_the_link_for_fifteen_minutes(app, user, monkeypatch):
    new = link_for(user)
    browser = clinician(app)
    for _ in range(rules.MAX_ATTEMPTS):
        assert browser.post(f"/s/{new.token}", data={"code": "AAAA-AAAA"}).status_code == 200
    # Spent: even the right code is not read now.
    locked = browser.post(f"/s/{new.token}", data={"code": new.code})
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert "Too many wrong codes" in locked.get_data(as_text=True)
    assert db.session.scalars(sa.select(ShareOpen)).all() == []
    # Another browser is paused too: the count is the link's.
    assert clinician(app).post(f"/s/{new.token}", data={"code": new.code}).status_code == 429
    _later(monkeypatch, timedelta(minutes=14))
    assert browser.post(f"/s/{new.token}", data={"code": new.code}).status_code == 429
    _later(monkeypatch, timedelta(minutes=16))
    assert REPORT in open_with_code(browser, new.token, new.code).get_data(as_text=True)


def test_racing_attempts_never_read_the_code_more_often_than_the_limit(app, user):
    """Twelve attempts at the same moment: the count is raised in one UPDATE before the code
    is read, so only MAX_ATTEMPTS of them are compared with the code."""
    new = link_for(user)
    link_id, racers = new.link.id, 12
    barrier = threading.Barrier(racers)
    results: list[service.CodeCheck] = []

    def attempt() -> None:
        with app.app_context():
            link = db.session.get(ShareLink, link_id)
            barrier.wait()
            results.append(service.check_code(link, new.token, "AAAA-AAAA"))
            db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == racers
    assert sum(r.locked_until is None for r in results) == rules.MAX_ATTEMPTS


def test_the_right_code_clears_the_count(app, user):
    new = link_for(user)
    browser = clinician(app)
    for _ in range(rules.MAX_ATTEMPTS - 1):
        browser.post(f"/s/{new.token}", data={"code": "AAAA-AAAA"})
    open_with_code(clinician(app), new.token, new.code)
    db.session.expire_all()
    assert db.session.get(ShareLink, new.link.id).attempts == 0
    for _ in range(rules.MAX_ATTEMPTS - 1):
        assert browser.post(f"/s/{new.token}", data={"code": "AAAA-AAAA"}).status_code == 200


def test_each_link_has_its_own_count(app, user):
    a, b = link_for(user), link_for(user)
    browser = clinician(app)
    for _ in range(rules.MAX_ATTEMPTS + 1):
        browser.post(f"/s/{a.token}", data={"code": "AAAA-AAAA"})
    assert REPORT in open_with_code(browser, b.token, b.code).get_data(as_text=True)


# ---------------------------------------------------------------- ending links


def _plain_404(resp) -> str:  # type: ignore[no-untyped-def]
    assert resp.status_code == 404
    return CSRF_META.sub("", resp.get_data(as_text=True)).replace(resp.request.path, "")


def test_expired_revoked_and_unknown_links_are_the_same_plain_404(app, client, user, monkeypatch):
    expired, revoked = link_for(user, lifetime_days=1), link_for(user)
    browser = clinician(app)
    open_with_code(browser, expired.token, expired.code)
    open_with_code(browser, revoked.token, revoked.code)
    client.post(f"/report/share/{revoked.link.id}/revoke")
    _later(monkeypatch, timedelta(days=1, seconds=1))
    bodies = {
        _plain_404(browser.get(f"/s/{expired.token}")),
        _plain_404(browser.get(f"/s/{revoked.token}")),
        _plain_404(browser.get("/s/" + rules.new_token())),
        _plain_404(browser.post(f"/s/{expired.token}", data={"code": expired.code})),
        _plain_404(browser.get(f"/s/{expired.token}/fhir.json")),
        _plain_404(browser.get(f"/s/{revoked.token}/fhir.json")),
    }
    assert len(bodies) == 1
    body = bodies.pop()
    assert "expired" not in body.lower() and "revoked" not in body.lower() and "code" not in body.lower()


def test_a_link_works_until_its_expiry(app, user, monkeypatch):
    new = link_for(user, lifetime_days=2)
    _later(monkeypatch, timedelta(days=2) - timedelta(minutes=1))
    assert REPORT in open_with_code(clinician(app), new.token, new.code).get_data(as_text=True)
    _later(monkeypatch, timedelta(days=2))
    assert clinician(app).get(f"/s/{new.token}").status_code == 404


def test_revoking_ends_an_open_session_at_once(app, client, user):
    new = link_for(user)
    browser = clinician(app)
    open_with_code(browser, new.token, new.code)
    resp = client.post(f"/report/share/{new.link.id}/revoke")
    assert resp.status_code == 302
    assert browser.get(f"/s/{new.token}").status_code == 404
    assert db.session.scalars(sa.select(ShareLink)).all() == []
    assert db.session.scalars(sa.select(ShareOpen)).all() == []


def test_revoking_needs_the_csrf_token(client, user):
    new = link_for(user)
    assert client.post(f"/report/share/{new.link.id}/revoke", csrf=False).status_code == 400
    assert db.session.get(ShareLink, new.link.id) is not None


def test_another_persons_link_is_a_404_and_keeps_working(app, client, user):
    other = make_user(email="alex@example.com")
    theirs = link_for(other)
    assert client.post(f"/report/share/{theirs.link.id}/revoke").status_code == 404
    assert client.post("/report/share/999999/revoke").status_code == 404
    assert theirs.token not in client.get("/report/share").get_data(as_text=True)
    assert REPORT in open_with_code(clinician(app), theirs.token, theirs.code).get_data(as_text=True)


def test_deleting_the_account_ends_every_link(app, client, user):
    links = [link_for(user), link_for(user, 56, 90)]
    browser = clinician(app)
    open_with_code(browser, links[0].token, links[0].code)
    assert client.post("/account/delete", data={"password": DEFAULT_PASSWORD}).status_code == 302
    for new in links:
        assert browser.get(f"/s/{new.token}").status_code == 404
    assert db.session.scalars(sa.select(ShareLink)).all() == []
    assert db.session.scalars(sa.select(ShareOpen)).all() == []


# ---------------------------------------------------------------- what the page shows


def test_the_page_shows_only_this_persons_chosen_period(app, user):
    today = today_for(user)
    other = make_user(email="alex@example.com")
    for back in (1, 13):  # inside the last 2 weeks
        make_entry(user, today - timedelta(days=back), medication=f"inside {back}")
    make_entry(user, today - timedelta(days=14), medication="just outside")
    make_entry(user, today - timedelta(days=40), medication="long before")
    make_entry(other, today - timedelta(days=1), medication="someone else entirely")
    new = link_for(user, period_days=14)
    page = open_with_code(clinician(app), new.token, new.code).get_data(as_text=True)
    assert "inside 1" in page and "inside 13" in page
    for absent in ("just outside", "long before", "someone else entirely"):
        assert absent not in page
    assert "2 of 14 nights logged" in page


@pytest.mark.parametrize("nights", [1, 0])
def test_the_page_holds_no_email_settings_or_way_into_the_account(app, user, nights):
    for back in range(1, nights + 1):
        make_entry(user, today_for(user) - timedelta(days=back))
    new = link_for(user)
    resp = open_with_code(clinician(app), new.token, new.code)
    page = resp.get_data(as_text=True)
    assert "sam@example.com" not in page and "Europe/London" not in page
    links = set(re.findall(r'href="([^"]+)"', page))
    private = [h for h in links if re.match(r"/(account|diary|program|report)\b", h)]
    assert private == []
    assert f"/s/{new.token}/fhir.json" in links


@pytest.mark.parametrize("where", ["code page", "report", "wrong code", "unknown"])
def test_shared_pages_send_noindex_no_store_no_referrer_and_the_csp(app, user, where):
    new = link_for(user)
    browser = clinician(app)
    if where == "code page":
        resp = browser.get(f"/s/{new.token}")
    elif where == "report":
        resp = open_with_code(browser, new.token, new.code)
    elif where == "wrong code":
        resp = browser.post(f"/s/{new.token}", data={"code": "AAAA-AAAA"})
    else:
        resp = browser.get("/s/" + rules.new_token())
    assert resp.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert resp.headers["Cache-Control"] == "no-store"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert resp.headers["Content-Security-Policy"] == CSP


def test_the_shared_period_ends_today_where_the_person_lives(app):
    person = make_user(email="kai@example.com", timezone="Pacific/Kiritimati")
    new = link_for(person, period_days=28)
    start, end = service.shared_period(new.link)
    assert end == today_for(person) and (end - start).days == 27
    assert isinstance(start, date)
