"""Diary pages: the morning form (defaults, errors, slips, conflicts), a night, history."""

import re
from datetime import date, datetime, timedelta

import pytest

from sleepapp.diary import service
from tests.diary.helpers import make_entry, night
from tests.factories import make_user


def form(**kw):
    data = {k: str(v) for k, v in night(**kw).items()}
    data.setdefault("date", "2026-06-02")
    data.setdefault("action", "save")
    return data


def test_pages_need_login(client):
    for path in ("/diary", "/diary/new", "/diary/history", "/diary/2026-06-02"):
        resp = client.get(path)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_empty_dashboard(client, user):
    page = client.get("/diary").get_data(as_text=True)
    assert "Start with last night" in page
    assert 'href="/diary/new"' in page


def test_new_form_defaults_to_this_morning_and_previous_times(client, user):
    make_entry(user, "2026-06-01", in_bed="22:40", out_of_bed="06:50")
    page = client.get("/diary/new").get_data(as_text=True)
    today = datetime.now(user.zone).date().isoformat()
    assert f'value="{today}"' in page
    assert 'value="22:40"' in page and 'value="06:50"' in page
    assert "<details" in page and "doctor-referral" in page


def test_a_new_night_starts_from_the_last_ones_numbers_but_asks_quality_afresh(client, user):
    make_entry(user, "2026-06-01", sleep_latency_min=35, awakenings=3, awake_min=50, quality=2)
    page = client.get("/diary/new").get_data(as_text=True)
    for name, value in (("sleep_latency_min", "35"), ("awakenings", "3"), ("awake_min", "50")):
        assert re.search(rf'name="{name}"[^>]*value="{value}"|value="{value}"[^>]*name="{name}"', page), name
    assert not re.search(r'name="quality"[^>]*checked', page)
    assert "start from the last night you logged" in page
    first = client.get("/diary/new?date=2026-05-01").get_data(as_text=True)  # nothing before it
    assert "start from the last night you logged" not in first


def test_save_then_see_metrics(client, user):
    resp = client.post("/diary/new", data=form(medication="half of what the GP said"))
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/diary/2026-06-02")
    page = client.get("/diary/2026-06-02").get_data(as_text=True)
    assert "6 h 30 min" in page and "81.3%" in page
    assert "night of Mon 1 → Tue 2 Jun 2026" in page
    assert "half of what the GP said" in page and "doctor-referral" in page


def test_saved_banner_names_the_night(client, user):
    """QA: a back-dated save said "Here is how last night looks"."""
    resp = client.post("/diary/new", data=form(date="2026-06-02"), follow_redirects=True)
    page = resp.get_data(as_text=True)
    assert "Saved. Here is how the night of Mon 1 → Tue 2 Jun 2026 looks." in page
    assert "last night looks" not in page
    today = datetime.now(user.zone).date()
    resp = client.post("/diary/new", data=form(date=today.isoformat()), follow_redirects=True)
    assert "Saved. Here is how last night looks." in resp.get_data(as_text=True)


def test_field_errors_keep_the_answers(client, user):
    resp = client.post("/diary/new", data=form(awake_min="-5", comments="kept"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "cannot be negative" in page and 'aria-invalid="true"' in page
    assert "kept" in page
    assert service.get_entry(user, date(2026, 6, 2)) is None


def _details_open(page: str) -> bool:
    tag = re.search(r'<details class="more"[^>]*>', page)
    assert tag, "the optional answers are missing"
    return "open" in tag.group(0)


def test_more_answers_unfold_after_an_error_when_they_hold_text(client, user):
    """QA: typed caffeine/medication answers were hidden in a folded <details> after an error."""
    assert not _details_open(client.get("/diary/new").get_data(as_text=True))
    resp = client.post("/diary/new", data=form(awake_min="-5", medication="the usual"))
    assert resp.status_code == 422 and _details_open(resp.get_data(as_text=True))
    resp = client.post("/diary/new", data=form(awake_min="-5", caffeine_drinks="2", caffeine_last="15:00"))
    assert resp.status_code == 422 and _details_open(resp.get_data(as_text=True))
    resp = client.post("/diary/new", data=form(awake_min="-5", rested="4"))
    assert resp.status_code == 422 and _details_open(resp.get_data(as_text=True))
    resp = client.post("/diary/new", data=form(naps="-1"))  # an error inside
    assert resp.status_code == 422 and _details_open(resp.get_data(as_text=True))
    resp = client.post("/diary/new", data=form(awake_min="-5"))  # nothing in there: stays folded
    assert resp.status_code == 422 and not _details_open(resp.get_data(as_text=True))


def test_more_answers_unfold_when_editing_a_night_that_has_them(client, user):
    make_entry(user, "2026-06-02")
    assert not _details_open(client.get("/diary/2026-06-02/edit").get_data(as_text=True))
    make_entry(user, "2026-06-02", naps=0)
    assert _details_open(client.get("/diary/2026-06-02/edit").get_data(as_text=True))


def test_minutes_awake_without_awakenings_asks_how_many(client, user):
    resp = client.post("/diary/new", data=form(awakenings=0, awake_min=90, comments="kept"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert re.search(
        r'<p class="error" id="awakenings-error">You noted minutes awake in the night but no '
        r"awakenings: how many times did you wake\?</p>",
        page,
    )
    assert 'value="90"' in page and "kept" in page
    assert service.get_entry(user, date(2026, 6, 2)) is None


def test_negative_sleep_names_fields(client, user):
    resp = client.post("/diary/new", data=form(sleep_latency_min=300, awake_min=200))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    flagged = {
        name
        for name, text in re.findall(r'id="(\w+)-error">([^<]*)', page)
        if "total sleep would be negative" in text
    }
    assert flagged == {"sleep_latency_min", "awake_min"}
    # The summary at the top links to both fields.
    assert 'href="#sleep_latency_min"' in page and 'href="#awake_min"' in page


def test_times_in_the_wrong_order_are_flagged_on_the_wrong_field(client, user):
    resp = client.post("/diary/new", data=form(in_bed="23:00", tried_to_sleep="22:00"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "You tried to sleep (22:00) before getting into bed (23:00)? Check both times." in page
    assert 'id="tried_to_sleep-error"' in page and "in_bed-error" not in page
    assert "31 h" not in page and "32 h" not in page
    resp = client.post("/diary/new", data=form(final_wake="07:30", out_of_bed="06:45"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Your final awakening (07:30) is after you got out of bed (06:45)?" in page
    assert 'id="final_wake-error"' in page and "AM/PM" not in page
    assert service.get_entry(user, date(2026, 6, 2)) is None


def test_slip_asks_then_confirm_saves_as_entered(client, user):
    resp = client.post("/diary/new", data=form(in_bed="11:00"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Check these times" in page and "did you mean 23:00?" in page
    assert service.get_entry(user, date(2026, 6, 2)) is None
    resp = client.post("/diary/new", data=form(in_bed="11:00", action="confirm"))
    assert resp.status_code == 302
    assert service.get_entry(user, date(2026, 6, 2)).time_in_bed_min == 1200


def test_slip_use_suggestion(client, user):
    """ "Use the suggestion" shows the corrected night first; Save stores it."""
    resp = client.post(
        "/diary/new", data=form(final_wake="18:30", out_of_bed="19:00", action="use_suggestion")
    )
    assert resp.status_code == 200 and "Check the corrected times" in resp.get_data(as_text=True)
    assert service.get_entry(user, date(2026, 6, 2)) is None
    resp = client.post("/diary/new", data=form(final_wake="06:30", out_of_bed="07:00", action="save"))
    assert resp.status_code == 302
    entry = service.get_entry(user, date(2026, 6, 2))
    assert entry.out_of_bed.hour == 7 and entry.time_in_bed_min == 480


def test_conflict_offers_edit_and_replace(client, user):
    make_entry(user, "2026-06-02")
    resp = client.post("/diary/new", data=form(quality=5))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "/diary/2026-06-02/edit" in page and "Replace it with these answers" in page
    assert service.get_entry(user, date(2026, 6, 2)).quality == 3
    resp = client.post("/diary/new", data=form(quality=5, action="replace"))
    assert resp.status_code == 302
    assert service.get_entry(user, date(2026, 6, 2)).quality == 5


def test_edit_and_delete(client, user):
    make_entry(user, "2026-06-02")
    page = client.get("/diary/2026-06-02/edit").get_data(as_text=True)
    assert 'value="23:15"' in page
    resp = client.post("/diary/2026-06-02/edit", data=form(date="", out_of_bed="07:30"))
    assert resp.status_code == 302
    assert service.get_entry(user, date(2026, 6, 2)).time_in_bed_min == 510
    assert client.get("/diary/2026-06-02/delete").status_code == 200  # asks; never deletes on GET
    assert service.get_entry(user, date(2026, 6, 2)) is not None
    assert client.post("/diary/2026-06-02/delete", csrf=False).status_code == 400
    assert client.post("/diary/2026-06-02/delete").status_code == 302
    assert client.get("/diary/2026-06-02").status_code == 404


def test_delete_asks_first_without_javascript(client, user):
    make_entry(user, "2026-06-02")
    show = client.get("/diary/2026-06-02").get_data(as_text=True)
    # The entry page's control is a link to the confirmation page, not a one-tap POST form.
    assert re.search(r'<a class="button danger delete-link" href="/diary/2026-06-02/delete"', show)
    assert 'action="/diary/2026-06-02/delete"' not in show
    resp = client.get("/diary/2026-06-02/delete")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Delete the night of Mon 1 → Tue 2 Jun 2026?" in page
    assert "For 10 minutes afterwards the diary offers to undo it." in page
    assert re.search(r'<form method="post" action="/diary/2026-06-02/delete"', page)
    assert 'name="csrf_token"' in page
    assert 'href="/diary/2026-06-02">Cancel</a>' in page
    assert service.get_entry(user, date(2026, 6, 2)) is not None  # GET changed nothing
    assert client.get("/diary/2026-06-03/delete").status_code == 404
    assert client.get("/diary/not-a-date/delete").status_code == 404
    resp = client.post("/diary/2026-06-02/delete")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/diary/history")
    assert service.get_entry(user, date(2026, 6, 2)) is None


def test_other_peoples_nights_are_404(client, user):
    other = make_user()
    make_entry(other, "2026-06-02")
    assert client.get("/diary/2026-06-02").status_code == 404
    assert client.get("/diary/2026-06-02/edit").status_code == 404
    assert client.post("/diary/2026-06-02/delete").status_code == 404
    assert client.get("/diary/2026-06-02/delete").status_code == 404
    assert client.get("/diary/not-a-date").status_code == 404
    assert service.get_entry(other, date(2026, 6, 2)) is not None


def test_dashboard_charts_are_accessible_svg(client, user):
    today = datetime.now(user.zone).date()
    for back in range(10):
        make_entry(user, date.fromordinal(today.toordinal() - back))
    page = client.get("/diary").get_data(as_text=True)
    for chart_id in ("sleep-timeline", "efficiency-trend", "total-sleep-trend"):
        assert f'<svg class="chart" id="{chart_id}"' in page
        assert f'<title id="{chart_id}-title">' in page and f'<desc id="{chart_id}-desc">' in page
    assert 'class="target"' in page  # the 85% line
    assert "seg seg-asleep" in page and "seg seg-latency" in page and "seg seg-wake" in page
    assert "Show the data as a table" in page and '<th scope="row">' in page
    assert "style=" not in page and "<script>" not in page


def test_history_pages(client, user):
    for day in range(1, 29):
        make_entry(user, date(2026, 2, day))
    client.application.config["DIARY_PAGE_SIZE"] = 10
    page = client.get("/diary/history").get_data(as_text=True)
    assert page.index("Sat 28 Feb 2026") < page.index("Fri 27 Feb 2026")
    assert "Page 1 of 3" in page and "page=2" in page
    assert "Sat 7 Feb 2026" in client.get("/diary/history?page=3").get_data(as_text=True)
    assert client.get("/diary/history?page=abc").status_code == 200


def test_tomorrow_is_a_field_error_on_the_page(client, user):
    tomorrow = (datetime.now(user.zone).date() + timedelta(days=1)).isoformat()
    resp = client.post("/diary/new", data=form(date=tomorrow, comments="kept"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "That morning has not happened yet" in page and 'aria-invalid="true"' in page
    assert "kept" in page
    assert service.entries_between(user, None, None) == []


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_dates_outside_the_diary_are_handled(client, user, day):
    resp = client.post("/diary/new", data=form(date=day))
    assert resp.status_code == 422 and "Enter a date on or" in resp.get_data(as_text=True)
    resp = client.post("/diary/new", data=form(date=day, action="replace"))
    assert resp.status_code == 422
    for path in (f"/diary/{day}", f"/diary/{day}/edit"):
        assert client.get(path).status_code == 404
    assert client.post(f"/diary/{day}/delete").status_code == 404


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "²"])
def test_new_form_with_an_odd_date_shows_this_morning(client, user, day):
    resp = client.get(f"/diary/new?date={day}")
    today = datetime.now(user.zone).date().isoformat()
    assert resp.status_code == 200 and f'value="{today}"' in resp.get_data(as_text=True)


def test_new_form_for_tomorrow_shows_this_morning(client, user):
    tomorrow = (datetime.now(user.zone).date() + timedelta(days=1)).isoformat()
    page = client.get(f"/diary/new?date={tomorrow}", follow_redirects=True).get_data(as_text=True)
    assert "has not happened yet" in page
    assert f'value="{tomorrow}"' not in page


@pytest.mark.parametrize("page", ["99999999999999999999", "4", "9" * 60])
def test_history_past_the_last_page_goes_to_the_last_page(client, user, page):
    for day in range(1, 29):
        make_entry(user, date(2026, 2, day))
    client.application.config["DIARY_PAGE_SIZE"] = 10
    resp = client.get(f"/diary/history?page={page}")
    if len(page) > 50:  # not a page number we read: the first page
        assert resp.status_code == 200 and "Page 1 of 3" in resp.get_data(as_text=True)
        return
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/diary/history?page=3")
    assert "Page 3 of 3" in client.get(resp.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("page", ["0", "-1", "²", "1.5", ""])
def test_history_odd_page_numbers_show_the_first_page(client, user, page):
    make_entry(user, "2026-06-02")
    resp = client.get(f"/diary/history?page={page}")
    assert resp.status_code == 200 and "Tue 2 Jun 2026" in resp.get_data(as_text=True)


def test_history_with_no_nights_and_a_high_page(client, user):
    resp = client.get("/diary/history?page=7")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/diary/history?page=1")
    assert "No nights here yet" in client.get("/diary/history?page=1").get_data(as_text=True)


def version_in(page):
    match = re.search(r'name="updated_at" type="hidden" value="([^"]+)"', page)
    assert match, "the edit form carries the entry's version"
    return match.group(1)


def test_edit_in_two_tabs_does_not_silently_overwrite(client, user):
    make_entry(user, "2026-06-02", quality=3)
    tab_a = version_in(client.get("/diary/2026-06-02/edit").get_data(as_text=True))
    tab_b = version_in(client.get("/diary/2026-06-02/edit").get_data(as_text=True))
    assert tab_a == tab_b == service.version_of(service.get_entry(user, date(2026, 6, 2)))
    saved_b = client.post("/diary/2026-06-02/edit", data=form(quality=5, updated_at=tab_b))
    assert saved_b.status_code == 302

    resp = client.post(
        "/diary/2026-06-02/edit", data=form(quality=1, out_of_bed="07:30", comments="mine", updated_at=tab_a)
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "This night was changed somewhere else" in page and "were not saved" in page
    assert "<dt>Sleep quality</dt><dd>5 of 5</dd>" in page  # the saved answers, to choose from
    assert 'value="07:30"' in page and "mine" in page  # their answers kept in the form
    assert re.search(r'value="1"[^>]*checked|checked[^>]*value="1"', page)
    assert service.get_entry(user, date(2026, 6, 2)).quality == 5  # nothing overwritten
    fresh = version_in(page)
    assert fresh != tab_a and fresh == service.version_of(service.get_entry(user, date(2026, 6, 2)))

    # Saving again from that page is a deliberate choice: it replaces the saved answers.
    again = client.post("/diary/2026-06-02/edit", data=form(quality=1, comments="mine", updated_at=fresh))
    assert again.status_code == 302
    assert service.get_entry(user, date(2026, 6, 2)).quality == 1


def test_edit_errors_keep_the_version_they_opened(client, user):
    make_entry(user, "2026-06-02")
    opened = version_in(client.get("/diary/2026-06-02/edit").get_data(as_text=True))
    resp = client.post("/diary/2026-06-02/edit", data=form(awake_min="-1", updated_at=opened))
    assert resp.status_code == 422 and version_in(resp.get_data(as_text=True)) == opened
    resp = client.post("/diary/2026-06-02/edit", data=form(in_bed="11:00", updated_at=opened))
    assert resp.status_code == 422 and version_in(resp.get_data(as_text=True)) == opened
    resp = client.post(
        "/diary/2026-06-02/edit", data=form(in_bed="11:00", action="confirm", updated_at=opened)
    )
    assert resp.status_code == 302


def test_new_entry_form_carries_no_version(client, user):
    assert 'name="updated_at"' not in client.get("/diary/new").get_data(as_text=True)


def test_diary_with_a_trailing_slash_is_the_diary(client, user):
    resp = client.get("/diary/", follow_redirects=True)
    assert resp.status_code == 200 and "Log last night" in resp.get_data(as_text=True)
