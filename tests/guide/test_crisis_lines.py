"""Crisis lines for where the person is (docs/design.md §4.5): the data file, the choice of
country from a time zone or the browser's languages, the panel and the full list."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from zoneinfo import available_timezones

import pytest

from sleepapp.guide.crisis import (
    DATA_FILE,
    CrisisDataError,
    dial,
    get_crisis_lines,
    language_preferences,
    parse_crisis_lines,
)
from sleepapp.guide.dose_scan import find_doses
from tests.factories import make_user

LINES = get_crisis_lines()
COUNTRIES = LINES.countries
RAW = DATA_FILE.read_text(encoding="utf-8")
PANEL_RE = re.compile(r'<aside class="crisis-lines".*?</aside>', re.S)
FULL_LIST = "/guide/help/crisis-lines"
CRISIS_SEARCH = "/guide/search?q=I+want+to+die"

# The numbers the design names (docs/sources.md 5.2): each must be in the file, as written.
KNOWN = {
    "US": ({"911"}, {"988"}),
    "GB": ({"999"}, {"116 123", "85258", "111"}),
    "IE": ({"112", "999"}, {"116 123", "1800 247 247"}),
    "CA": ({"911"}, {"988"}),
    "AU": ({"000"}, {"13 11 14"}),
    "NZ": ({"111"}, {"1737"}),
    "DE": ({"112"}, set()),
    "FR": ({"112"}, set()),
    "ES": ({"112"}, set()),
    "IT": ({"112"}, set()),
    "NL": ({"112"}, set()),
}


def html(resp) -> str:  # type: ignore[no-untyped-def]
    return resp.get_data(as_text=True)


def panel(body: str) -> str:
    match = PANEL_RE.search(body)
    assert match, "no crisis-lines panel on the page"
    return match.group(0)


def first_country(panel_html: str) -> str:
    match = re.search(r"<li><strong>([^<]+)</strong>: in an emergency call", panel_html)
    assert match, panel_html
    return match.group(1)


def _sourced_items():  # type: ignore[no-untyped-def]
    for country in COUNTRIES:
        for number in country.emergency:
            yield f"{country.code} emergency {number.number}", number.source, number.reviewed
        for line in country.lines:
            yield f"{country.code} {line.name}", line.source, line.reviewed
    yield "directory", LINES.directory.source, LINES.directory.reviewed


# --- The data file ------------------------------------------------------------------------


def test_the_file_covers_the_countries_the_design_names():
    codes = {c.code for c in COUNTRIES}
    assert {"US", "GB", "IE", "CA", "AU", "NZ"} <= codes
    assert any(
        n.number == "112" for c in COUNTRIES if c.code in {"DE", "FR", "ES", "IT", "NL"} for n in c.emergency
    )
    assert [c.code for c in LINES.defaults] == ["US", "GB"]
    assert LINES.directory.url == "https://findahelpline.com/"


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.code)
def test_every_country_has_an_emergency_number_and_a_crisis_line(country):
    assert country.name
    assert country.emergency
    assert country.lines
    for line in country.lines:
        assert line.name
        assert line.ways, line.name  # a number to call or text, or a website


@pytest.mark.parametrize(("what", "source", "reviewed"), list(_sourced_items()), ids=lambda v: str(v))
def test_every_number_has_a_source_and_a_review_date(what, source, reviewed):
    assert source.startswith("https://"), what
    assert isinstance(reviewed, dt.date), what
    assert reviewed <= dt.date.today(), f"{what}: reviewed in the future"
    # Numbers change: a number not checked for a year fails the build until someone checks it.
    assert dt.date.today() - reviewed <= dt.timedelta(days=366), f"{what}: check it again at {source}"


@pytest.mark.parametrize("code", sorted(KNOWN))
def test_known_numbers_are_listed(code):
    country = LINES.get(code)
    assert country is not None
    emergency, lines = KNOWN[code]
    assert {n.number for n in country.emergency} == emergency
    assert lines <= {number for line in country.lines for number in line.numbers}


def test_links_dial_digits_only():
    for country in COUNTRIES:
        for link in country.emergency_links:
            assert re.fullmatch(r"tel:[0-9]+", link.href), link
        for line in country.lines:
            for way in line.ways:
                for link in way.links:
                    assert re.fullmatch(r"(tel:|sms:)[0-9]+|https://\S+", link.href), link
    assert dial("1-800-668-6868") == "18006686868"
    assert dial("0800 111 0 111") == "08001110111"


def test_the_file_states_no_dose():
    assert find_doses(RAW) == []


# --- Time zones in the file against the IANA database --------------------------------------


def _zone_tab() -> dict[str, str]:
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[2]: row[0] for row in rows}


def _links() -> dict[str, str]:
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    return {parts[2]: parts[1] for line in text.splitlines() if (parts := line.split())[:1] == ["L"]}


ZONE_TAB = _zone_tab()
ALL_ZONES = available_timezones()


def test_every_listed_zone_exists():
    for country in COUNTRIES:
        for entry in country.time_zones:
            if entry.endswith("/"):
                assert any(z.startswith(entry) for z in ALL_ZONES), (country.code, entry)
            else:
                assert entry in ALL_ZONES, (country.code, entry)


def test_every_zone_of_a_listed_country_maps_to_it():
    listed = {c.code for c in COUNTRIES}
    for zone, code in ZONE_TAB.items():
        found = LINES.for_time_zone(zone)
        if code in listed:
            assert found is not None and found.code == code, (zone, code)
        else:  # e.g. America/Mexico_City, America/Puerto_Rico: not the US or Canada
            assert found is None, (zone, code, found and found.code)


def test_older_zone_names_map_to_the_country_of_the_zone_they_stand_for():
    links = _links()
    for zone in sorted(ALL_ZONES - ZONE_TAB.keys()):
        found = LINES.for_time_zone(zone)
        if found is None:
            continue
        target = links.get(zone, zone)
        assert ZONE_TAB.get(target) == found.code, (zone, target, found.code)


# --- Choosing the country ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "code"),
    [
        ("Australia/Sydney", "AU"),
        ("Australia/Perth", "AU"),
        ("Pacific/Auckland", "NZ"),
        ("Pacific/Chatham", "NZ"),
        ("Europe/Dublin", "IE"),
        ("America/Toronto", "CA"),
        ("America/Vancouver", "CA"),
        ("America/St_Johns", "CA"),
        ("Canada/Eastern", "CA"),
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("America/Indiana/Indianapolis", "US"),
        ("Pacific/Honolulu", "US"),
        ("US/Eastern", "US"),
        ("Europe/London", "GB"),
        ("Europe/Berlin", "DE"),
        ("Europe/Paris", "FR"),
        ("Atlantic/Canary", "ES"),
        ("Europe/Rome", "IT"),
        ("Europe/Amsterdam", "NL"),
        ("Asia/Tokyo", None),
        ("America/Mexico_City", None),
        ("America/Puerto_Rico", None),
        ("US/Samoa", None),
        ("UTC", None),
        ("", None),
    ],
)
def test_time_zone_selection(zone, code):
    choice = LINES.choose(time_zone=zone)
    if code is None:
        assert choice.local is None
        assert [c.code for c in choice.panel] == ["US", "GB"]
    else:
        assert choice.local is not None and choice.local.code == code
        assert choice.countries[0].code == code
        assert [c.code for c in choice.panel] == [code]
    assert {c.code for c in choice.countries} == {c.code for c in COUNTRIES}
    assert len(choice.countries) == len(COUNTRIES)


def test_a_logged_in_persons_time_zone_outranks_the_browser():
    assert LINES.choose(time_zone="Australia/Sydney", accept_language="en-GB").local.code == "AU"
    tokyo = LINES.choose(time_zone="Asia/Tokyo", accept_language="en-US")
    assert tokyo.local is None  # they are somewhere else, whatever language their browser speaks


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("en-AU", "AU"),
        ("fr-CA", "CA"),
        ("en-CA,en;q=0.9", "CA"),
        ("en-GB;q=0.9", "GB"),
        ("fr-CA;q=0.5, en-GB;q=0.9", "GB"),  # best quality first, not first written
        ("en-US,en;q=0.9", "US"),
        ("en-IE", "IE"),
        ("ga", "IE"),
        ("en-NZ", "NZ"),
        ("en, en-NZ;q=0.8", "NZ"),  # plain en says nothing; the next range does
        ("de-DE,de;q=0.9", "DE"),
        ("EN-au", "AU"),
        ("en-Latn-AU", "AU"),
        ("en", None),
        ("fr", None),
        ("ja-JP", None),
        ("en-AU;q=0", None),
        ("*", None),
        ("", None),
        (None, None),
        ("garbage", None),
        (";;;,,,", None),
        ("en-AU;q=abc", None),
        ("en-AU;q=2", None),
        ("\x00\x01en-AU", None),
        ("<script>en-AU</script>", None),
        ("x" * 5000, None),
    ],
)
def test_accept_language_selection(header, code):
    choice = LINES.choose(accept_language=header)
    if code is None:
        assert choice.local is None
        assert [c.code for c in choice.panel] == ["US", "GB"]
    else:
        assert choice.local is not None and choice.local.code == code
        assert choice.countries[0].code == code


def test_language_preferences_are_read_best_first():
    assert language_preferences("da, en-gb;q=0.8, en;q=0.7") == ["da", "en-gb", "en"]
    assert language_preferences("en;q=0.5, fr-CA, de;q=0.5") == ["fr-ca", "en", "de"]
    assert language_preferences("en-AU;q=0.000, fr") == ["fr"]
    assert language_preferences(", ".join(["en"] * 1000)) == ["en"] * 30  # bounded


# --- Refusing a doubtful file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("        source: https://www.911.gov/\n", "", "missing source"),
        ("https://www.911.gov/", "http://www.911.gov/", "https"),
        ('      - number: "911"', '      - number: "nine one one"', "not a phone number"),
        ("        reviewed: 2026-12-01\n", "        reviewed: soon\n", "date"),
        ("    languages: [en-AU]", "    languages: [en-AU, en-NZ]", "both"),
        (
            "    time_zones: [Europe/Dublin, Eire]",
            "    time_zones: [Europe/Dublin, Eire, Europe/]",
            "overlaps",
        ),
        ("default_countries: [US, GB]", "default_countries: [US, XX]", "no entry for XX"),
        ("        hours: Free, 24 hours.\n", "        hour: Free, 24 hours.\n", "unknown field"),
        ("        text_keyword: SHOUT\n", "        text_keyword: shout now\n", "text_keyword"),
    ],
)
def test_a_doubtful_file_is_refused(old, new, message):
    assert old in RAW
    with pytest.raises(CrisisDataError, match=message):
        parse_crisis_lines(RAW.replace(old, new, 1))


def test_a_line_needs_a_way_to_reach_it():
    raw = RAW.replace(
        '        call: "1737"\n        text: "1737"\n        web: https://1737.org.nz/\n', "", 1
    )
    with pytest.raises(CrisisDataError, match="needs a `call`, `text` or `web`"):
        parse_crisis_lines(raw)


# --- Over HTTP -------------------------------------------------------------------------------


def test_logged_in_australian_sees_australian_lines_first(client, auth):
    make_user(email="kim@example.com", timezone="Australia/Sydney")
    assert auth.login(email="kim@example.com").status_code == 302
    resp = client.get(CRISIS_SEARCH, headers={"Accept-Language": "en-US"})  # the zone decides
    body = html(resp)
    box = panel(body)
    assert first_country(box) == "Australia"
    assert 'href="tel:000"' in box and "13 11 14" in box
    assert 'href="tel:988"' not in box
    assert f'href="{FULL_LIST}"' in box
    assert "going by your time zone" in box
    assert "000 (Australia)" in body  # the footer too
    assert find_doses(body) == []


def test_logged_in_person_elsewhere_sees_the_directory_and_us_uk(client, auth):
    make_user(email="aki@example.com", timezone="Asia/Tokyo")
    auth.login(email="aki@example.com")
    box = panel(html(client.get(CRISIS_SEARCH, headers={"Accept-Language": "en-AU"})))
    assert box.index("findahelpline.com") < box.index("United States") < box.index("United Kingdom")
    assert f'href="{FULL_LIST}"' in box


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("en-NZ", "New Zealand"),
        ("fr-CA,fr;q=0.9", "Canada"),
        ("en-IE", "Ireland"),
        ("en-GB;q=0.9", "United Kingdom"),
    ],
)
def test_logged_out_panel_follows_the_browser_language(client, header, country):
    resp = client.get(CRISIS_SEARCH, headers={"Accept-Language": header})
    box = panel(html(resp))
    assert first_country(box) == country
    assert f'href="{FULL_LIST}"' in box
    assert "Accept-Language" in resp.headers["Vary"]


@pytest.mark.parametrize("header", [None, "en", "garbage;;q=x", "ja-JP"])
def test_logged_out_without_a_country_gets_the_directory_first(client, header):
    resp = client.get(CRISIS_SEARCH, headers={"Accept-Language": header} if header else {})
    body = html(resp)
    box = panel(body)
    assert box.index('href="https://findahelpline.com/"') < box.index("United States")
    assert first_country(box) == "United States"
    for number in ["911", "988", "999", "116 123", "85258"]:
        assert number in box
    assert f'href="{FULL_LIST}"' in box
    assert "911 (US) or 999 (UK)" in body


def test_help_page_panel_follows_the_person_too(client):
    box = panel(html(client.get("/guide/help", headers={"Accept-Language": "en-AU"})))
    assert first_country(box) == "Australia"
    assert f'href="{FULL_LIST}"' in box


def test_full_list_is_public_and_lists_every_country(client):
    resp = client.get(FULL_LIST)
    assert resp.status_code == 200
    body = html(resp)
    assert "<h1>Crisis lines by country</h1>" in body
    for country in COUNTRIES:
        assert f'id="country-{country.code.lower()}"' in body
        assert f">{country.name}</h2>" in body
        for number in country.emergency:
            assert f'href="tel:{dial(number.number)}"' in body
        for line in country.lines:
            for number in line.numbers:
                assert number in body, (country.code, line.name, number)
            assert line.source in body
    assert 'href="https://findahelpline.com/"' in body
    assert "style=" not in body and "<script>" not in body
    assert find_doses(body) == []
    ids = re.findall(r'id="([^"]+)"', body)
    assert len(ids) == len(set(ids))


def test_full_list_puts_the_persons_country_first(client, auth):
    body = html(client.get(FULL_LIST, headers={"Accept-Language": "en-CA"}))
    sections = re.findall(r'<section class="crisis-country" id="country-([a-z]{2})"', body)
    assert sections[0] == "ca"
    assert sections[1:] == [c.code.lower() for c in sorted(COUNTRIES, key=lambda c: c.name) if c.code != "CA"]
    make_user(email="ana@example.com", timezone="Europe/Madrid")
    auth.login(email="ana@example.com")
    body = html(client.get(FULL_LIST, headers={"Accept-Language": "en-CA"}))
    assert re.findall(r'id="country-([a-z]{2})"', body)[0] == "es"


def test_doctor_referral_gives_the_local_emergency_number(client, auth):
    query = "/guide/search?q=how+much+zolpidem"
    assert "urgent help (911 in the US, 999 in the UK)" in html(client.get(query))
    assert "urgent help (call 111)" in html(client.get(query, headers={"Accept-Language": "en-NZ"}))
    make_user(email="sean@example.com", timezone="Europe/Dublin")
    auth.login(email="sean@example.com")
    assert "urgent help (call 112 or 999)" in html(client.get(query))
