"""Guidance content: every page loads with valid front matter, renders safely, links resolve."""

from __future__ import annotations

import datetime as dt

import pytest

from sleepapp.guide.content import (
    ALLOWED_TAGS,
    CONTENT_DIR,
    ContentError,
    Library,
    get_library,
    parse_page,
    render_markdown,
)

SHARED_SLUGS = [
    "stimulus-control",
    "sleep-window",
    "sleep-hygiene",
    "sleep-diary",
    "caffeine-and-alcohol",
    "naps",
    "light-and-screens",
    "wind-down",
    "medicines-and-sleep",
    "help",
]
ISSUE_SLUGS = [
    *SHARED_SLUGS,
    "insomnia",
    "cbt-i",
    "worry-and-racing-mind",
    "shift-work",
    "clonazepam-and-benzodiazepines",
]
# Added after the clinical review of December 2026 (docs/sources.md 3.6-3.10).
REVIEW_SLUGS = [
    "thinking-skills",
    "setbacks-and-keeping-gains",
    "how-much-sleep",
    "jet-lag",
    "red-flags",
]

GOOD = """---
title: A page
summary: What it is about.
topic: Habits that support sleep
tags: [one, two]
last_reviewed: 2026-01-02
sources:
  - title: A paper
    citation: Someone 2020.
---
Some **text** with a [link](https://example.org/).
"""


def test_library_loads_every_file():
    library = get_library()
    assert len(library.all()) == len(list(CONTENT_DIR.glob("*.md")))


@pytest.mark.parametrize("slug", ISSUE_SLUGS + REVIEW_SLUGS)
def test_page_exists(slug):
    assert get_library().get(slug) is not None


def test_the_library_is_exactly_the_expected_pages():
    assert {p.slug for p in get_library().all()} == set(ISSUE_SLUGS + REVIEW_SLUGS)


@pytest.mark.parametrize("slug", REVIEW_SLUGS)
def test_new_page_is_linked_from_another_page(slug):
    others = [p for p in get_library().all() if p.slug != slug]
    assert any(slug in p.related or f"/guide/{slug}" in p.links for p in others), slug


@pytest.mark.parametrize("page", get_library().all(), ids=lambda p: p.slug)
def test_page_front_matter(page):
    assert page.title and page.summary and page.tags
    assert page.sources
    for source in page.sources:
        assert source.title
        assert source.url or source.citation
    assert dt.date(2020, 1, 1) <= page.last_reviewed <= dt.date.today()
    assert page.related, "every page links to related pages"
    assert "<script" not in page.html
    assert "<h1" not in page.html


def test_medication_pages_are_marked():
    library = get_library()
    assert library.get("medicines-and-sleep").medication
    assert library.get("clonazepam-and-benzodiazepines").medication
    assert not library.get("naps").medication


def test_benzodiazepine_page_covers_the_warnings():
    text = get_library().get("clonazepam-and-benzodiazepines").text.lower()
    for needle in ["boxed warning", "dependence", "withdrawal", "suddenly", "opioid", "alcohol", "cbt-i"]:
        assert needle in text


def test_benzodiazepine_page_says_not_to_stop_suddenly_without_a_taper():
    text = get_library().get("clonazepam-and-benzodiazepines").text.lower()
    assert "stopping it suddenly can be dangerous" in text
    assert "planned with the doctor who prescribed it" in text
    for taper_word in ["gradual", "slowly over", "taper", "wean", "cutting down too fast"]:
        assert taper_word not in text


def test_help_page_lists_crisis_lines():
    text = get_library().get("help").text
    for number in ["911", "988", "999", "111", "option 2", "116 123", "85258"]:
        assert number in text


def test_pages_link_to_diary_and_programme_where_they_apply():
    library = get_library()
    assert "/diary" in library.get("sleep-diary").links
    assert "/program" in library.get("sleep-window").links
    assert "/program" in library.get("stimulus-control").links


def test_internal_links_point_at_real_pages():
    library = get_library()
    for page in library.all():
        for href in page.links:
            if href.startswith("/guide/"):
                assert library.get(href.removeprefix("/guide/")) is not None, (page.slug, href)
            elif href.startswith("/"):
                assert href in {"/diary", "/program"}, (page.slug, href)
            else:
                assert href.startswith("https://"), (page.slug, href)


def test_good_page_parses():
    page = parse_page("a-page", GOOD)
    assert page.title == "A page"
    assert page.last_reviewed == dt.date(2026, 1, 2)
    assert "<strong>text</strong>" in page.html
    assert 'rel="noopener noreferrer"' in page.html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("title: A page\n", ""), "'title'"),
        (("summary: What it is about.\n", "summary: ''\n"), "'summary'"),
        (("tags: [one, two]\n", "tags: []\n"), "'tags'"),
        (("last_reviewed: 2026-01-02\n", "last_reviewed: soon\n"), "last_reviewed"),
        (("    citation: Someone 2020.\n", ""), "'url' or a 'citation'"),
        (("    citation: Someone 2020.\n", "    url: javascript:alert(1)\n"), "bad url"),
        (("topic: Habits that support sleep\n", "topic: Other\n"), "'topic'"),
        (("tags: [one, two]\n", "tags: [one]\nauthor: me\n"), "unknown"),
        (("tags: [one, two]\n", "tags: [one]\nmedication: maybe\n"), "'medication'"),
        (("Some **text**", "# Big title\n\nSome **text**"), "level-1"),
        (("---\ntitle", "title"), "front matter"),
    ],
)
def test_bad_front_matter_is_rejected(change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(ContentError, match=message):
        parse_page("a-page", GOOD.replace(old, new, 1))


def test_bad_slug_is_rejected():
    with pytest.raises(ContentError, match="slug"):
        parse_page("Bad Name", GOOD)


def test_related_slug_must_exist():
    page = parse_page("a-page", GOOD.replace("tags:", "related: [nowhere]\ntags:"))
    with pytest.raises(ContentError, match="nowhere"):
        Library([page])


def test_link_to_missing_guide_page_is_rejected():
    page = parse_page("a-page", GOOD + "\nSee [this](/guide/nowhere).\n")
    with pytest.raises(ContentError, match="missing page"):
        Library([page])


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "<a href='https://x' onclick='alert(1)'>x</a>",
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_rendering_is_sanitised(markdown):
    tags = _tags(render_markdown(markdown))
    for name, attrs in tags:
        assert name in ALLOWED_TAGS
        for attr, value in attrs:
            assert not attr.startswith("on")
            assert not (value or "").strip().lower().startswith("javascript")


def _tags(html):
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def test_tables_get_header_scope_and_no_inline_style():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n")
    assert '<th scope="col">' in html
    assert "style=" not in html


# -- the clinical review of December 2026: contradictions that must stay fixed -----------


def test_replaced_copies_and_marketing_pages_are_not_cited():
    gone = ["studylib.net", "center4research.org", "ofpomcenter.usc.edu", "somryst.com"]
    for page in get_library().all():
        for source in page.sources:
            assert not any(host in (source.url or "") for host in gone), (page.slug, source.url)


def test_us_sleepwalking_warning_names_the_three_medicines_it_covers():
    text = get_library().get("medicines-and-sleep").text
    assert "eszopiclone, zaleplon and zolpidem" in text
    assert "not sold in the US" in text


def test_sleep_hygiene_exercise_advice_matches_the_habit():
    from sleepapp.program.habits.catalogue import HABITS_BY_KEY

    assert "2 hours" in HABITS_BY_KEY["exercise_not_late"].name
    text = get_library().get("sleep-hygiene").text
    assert "at least two hours before bed" in text
    assert "a few hours before bed" not in text


def test_sleep_need_and_sleep_window_are_told_apart():
    library = get_library()
    window = library.get("sleep-window")
    assert "/guide/how-much-sleep" in window.links
    assert "temporary" in window.text and "seven hours or more" in window.text
    hygiene = library.get("sleep-hygiene")
    assert "/guide/sleep-window" in hygiene.links and "seven hours or more" in hygiene.text


def test_no_page_calls_lying_awake_in_bed_rest():
    for page in get_library().all():
        assert "resting quietly is still rest" not in page.text.lower(), page.slug


def test_insomnia_page_lists_red_flags_not_chronic_insomnia_itself():
    page = get_library().get("insomnia")
    assert "/guide/red-flags" in page.links
    before = page.text.split("When to see a doctor first", 1)[1].split("If things feel very hard", 1)[0]
    assert "three months" not in before
    assert "support you through the programme" in before


def test_clonazepam_page_mentions_its_specialist_sleep_use():
    text = get_library().get("clonazepam-and-benzodiazepines").text
    assert "REM sleep behaviour disorder" in text
