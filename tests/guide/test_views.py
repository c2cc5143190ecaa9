"""Guide pages and search over HTTP: readable without an account, safety panels in order."""

from __future__ import annotations

import pytest
from markupsafe import escape

from sleepapp.guide.content import get_library
from sleepapp.guide.dose_scan import find_doses

PAGES = get_library().all()
DISCLAIMER = "For information only, not medical advice"


def html(resp) -> str:
    return resp.get_data(as_text=True)


def test_index_lists_every_page_by_topic(client):
    resp = client.get("/guide")
    assert resp.status_code == 200
    body = html(resp)
    for page in PAGES:
        assert f'href="/guide/{page.slug}"' in body
    assert "The CBT-I programme" in body
    assert DISCLAIMER in body


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_every_page_renders_with_disclaimer_sources_and_review_date(client, page):
    resp = client.get(f"/guide/{page.slug}")
    assert resp.status_code == 200
    body = html(resp)
    assert DISCLAIMER in body
    assert "Sources" in body
    assert str(escape(page.sources[0].title)) in body
    assert f'datetime="{page.last_reviewed.isoformat()}"' in body
    assert "Last reviewed" in body
    assert ("doctor-referral" in body) == page.medication
    assert find_doses(body) == []


def test_medication_pages_show_referral(client):
    for slug in ["medicines-and-sleep", "clonazepam-and-benzodiazepines"]:
        assert 'class="doctor-referral"' in html(client.get(f"/guide/{slug}"))


def test_help_page_shows_crisis_lines(client):
    body = html(client.get("/guide/help"))
    assert 'class="crisis-lines"' in body
    for number in ["988", "911", "999", "116 123", "85258"]:
        assert number in body


def test_unknown_slug_is_404(client):
    resp = client.get("/guide/no-such-page")
    assert resp.status_code == 404
    assert "could not find" in html(resp)


def test_pages_need_no_account(client):
    assert client.get("/guide/naps").status_code == 200
    assert client.get("/guide/search?q=naps").status_code == 200


def test_pages_work_when_logged_in(client, user):
    assert client.get("/guide/naps").status_code == 200


def test_search_lists_results_with_highlight(client):
    body = html(client.get("/guide/search?q=caffeine"))
    assert 'href="/guide/caffeine-and-alcohol"' in body
    assert "<mark>" in body
    assert "doctor-referral" not in body
    assert "crisis-lines" not in body


def _positions(body: str, *needles: str) -> list[int]:
    return [body.index(n) for n in needles]


def test_medicine_query_shows_referral_first(client):
    body = html(client.get("/guide/search?q=how+much+clonazepam+can+I+take+to+sleep"))
    referral, results = _positions(body, 'class="doctor-referral"', 'class="guide-result"')
    assert referral < results
    assert 'href="/guide/clonazepam-and-benzodiazepines"' in body
    assert "crisis-lines" not in body
    assert find_doses(body) == []


@pytest.mark.parametrize("query", ["Ambien", "melatonin gummies", "dosage", "zzzquil", "stop taking"])
def test_medicine_or_dose_query_shows_referral_and_medicine_page(client, query):
    body = html(client.get("/guide/search", query_string={"q": query}))
    assert _positions(body, 'class="doctor-referral"')[0] < body.index('class="guide-result"')
    assert 'href="/guide/medicines-and-sleep"' in body


def test_crisis_query_shows_crisis_lines_first(client):
    body = html(client.get("/guide/search", query_string={"q": "I want to die"}))
    crisis, results = _positions(body, 'class="crisis-lines"', 'class="guide-result"')
    assert crisis < results
    first_result = body[results:]
    assert first_result.index('href="/guide/help"') < first_result.index("</li>")


@pytest.mark.parametrize("query", ["I don't want to wake up", "cant go on like this"])
def test_indirect_crisis_query_shows_crisis_lines_first(client, query):
    body = html(client.get("/guide/search", query_string={"q": query}))
    crisis, results = _positions(body, 'class="crisis-lines"', 'class="guide-result"')
    assert crisis < results
    assert body.index('class="crisis-lines"') < body.index('name="q"')
    first_result = body[results:]
    assert first_result.index('href="/guide/help"') < first_result.index("</li>")
    assert "you deserve support right now" in body
    assert "doctor-referral" not in body


@pytest.mark.parametrize("query", ["I wake up too early", "cutting caffeine"])
def test_sleep_query_near_crisis_words_has_no_crisis_lines(client, query):
    assert "crisis-lines" not in html(client.get("/guide/search", query_string={"q": query}))


def test_overdose_query_shows_crisis_then_referral_then_results(client):
    body = html(client.get("/guide/search", query_string={"q": "overdose on sleeping pills"}))
    crisis, referral, results = _positions(
        body, 'class="crisis-lines"', 'class="doctor-referral"', 'class="guide-result"'
    )
    assert crisis < referral < results


def test_coffee_query_has_no_referral(client):
    body = html(client.get("/guide/search?q=coffee"))
    assert "doctor-referral" not in body
    assert "caffeine-and-alcohol" in body


def test_script_query_is_escaped(client):
    resp = client.get("/guide/search", query_string={"q": "<script>alert(1)</script>"})
    assert resp.status_code == 200
    body = html(resp)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_empty_query_is_kind(client):
    for url in ["/guide/search", "/guide/search?q=", "/guide/search?q=+++"]:
        resp = client.get(url)
        assert resp.status_code == 200
        assert "Type a word or two" in html(resp)


def test_no_results_is_kind(client):
    body = html(client.get("/guide/search?q=xylophone"))
    assert "Nothing found" in body
    assert "browse all guidance pages" in body


def test_too_long_query_is_a_clear_400(client):
    resp = client.get("/guide/search", query_string={"q": "sleep " * 60})
    assert resp.status_code == 400
    assert "a bit long" in html(resp)


def test_too_long_crisis_message_still_shows_crisis_lines(client):
    text = "I cannot sleep and everything is going wrong " * 6 + "and I want to kill myself"
    resp = client.get("/guide/search", query_string={"q": text})
    assert resp.status_code == 400
    assert 'class="crisis-lines"' in html(resp)
