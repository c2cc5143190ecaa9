"""What people write is read for crisis words and medicine questions (docs/design.md §4.6):
the night, the report and the habit pages show the panels; nothing is blocked or changed."""

from __future__ import annotations

import pytest

from sleepapp.guide.notes import check_notes
from tests.factories import make_entry

CRISIS = "I don't want to wake up anymore"


@pytest.mark.parametrize(
    ("text", "crisis", "referral"),
    [
        ("Slept badly, noisy neighbours", False, False),
        (CRISIS, True, False),
        ("I want to end my life", True, False),
        ("Should I take more zopiclone?", False, True),
        ("can i double my melatonin", False, True),
        ("Took zopiclone at 23:00", False, False),  # a record, not a question
        ("Had a coffee at 4pm, mistake", False, False),
        ("This insomnia is killing me", False, False),
    ],
)
def test_check_notes(text, crisis, referral):
    assert check_notes([text]) == (check_notes([text]).__class__(crisis=crisis, referral=referral))


def test_medication_records_raise_only_crisis():
    assert check_notes([], medication=["zopiclone, half a tablet"]).referral is False
    assert check_notes([], medication=["took them all, I want to die"]).crisis is True


def test_night_page_shows_crisis_lines_for_a_comment(client, user):
    make_entry(user, "2026-03-02", comments=CRISIS)
    page = client.get("/diary/2026-03-02").get_data(as_text=True)
    assert 'class="crisis-lines"' in page
    assert "wake up anymore" in page  # shown as written, never blocked or altered


def test_night_page_shows_the_referral_for_a_medicine_question(client, user):
    make_entry(user, "2026-03-02", comments="Should I stop the zopiclone now I sleep better?")
    page = client.get("/diary/2026-03-02").get_data(as_text=True)
    assert 'class="doctor-referral"' in page and 'class="crisis-lines"' not in page


def test_ordinary_night_shows_no_panels(client, user):
    make_entry(user, "2026-03-02", comments="Woke at 3, read for a bit")
    page = client.get("/diary/2026-03-02").get_data(as_text=True)
    assert 'class="doctor-referral"' not in page and 'class="crisis-lines"' not in page


def test_saving_a_crisis_comment_leads_to_the_crisis_lines(client, user):
    data = {
        "date": "2026-03-02",
        "in_bed": "23:00",
        "tried_to_sleep": "23:15",
        "sleep_latency_min": "20",
        "awakenings": "1",
        "awake_min": "15",
        "final_wake": "06:45",
        "out_of_bed": "07:00",
        "quality": "3",
        "comments": CRISIS,
    }
    resp = client.post("/diary/new", data=data, follow_redirects=True)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and 'class="crisis-lines"' in page


def test_report_shows_crisis_lines_for_a_medication_note(client, user):
    from sleepapp.diary.service import today_for

    make_entry(user, today_for(user), medication="took all my pills, I want it to end")
    page = client.get("/report").get_data(as_text=True)
    assert 'class="crisis-lines"' in page


def test_habit_pages_show_crisis_lines_for_an_own_habit_note(client, user):
    resp = client.post(
        "/program/habits",
        data={"action": "add", "name": "Get up at 7", "note": "what's the point of going on"},
        follow_redirects=True,
    )
    assert resp.status_code == 200
    assert 'class="crisis-lines"' in client.get("/program/habits").get_data(as_text=True)
