"""Diary care (issue 11): the AM/PM question beside its buttons with a preview before saving,
one sentence per error, the duplicate night in words, sleeps named by when they happened,
and "Undo" after deleting a night."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from sleepapp.auth.service import delete_account
from sleepapp.diary import service
from sleepapp.diary.models import DeletedEntry, DiaryEntry
from sleepapp.errors import Conflict, NotFound
from sleepapp.extensions import db
from tests.diary.helpers import make_entry, night
from tests.factories import make_user

DAY = date(2026, 6, 2)


def form(**kw):  # type: ignore[no-untyped-def]
    data = {k: str(v) for k, v in night(**kw).items()}
    data.setdefault("date", DAY.isoformat())
    data.setdefault("action", "save")
    return data


def _input_value(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def _undo_rows(user=None) -> list[DeletedEntry]:  # type: ignore[no-untyped-def]
    query = sa.select(DeletedEntry)
    if user is not None:
        query = query.where(DeletedEntry.user_id == user.id)
    return list(db.session.scalars(query))


# ---------------------------------------------------------------- the AM/PM question


def test_the_slip_question_stands_beside_its_buttons(client, user):
    """QA: the question was at the top and its buttons three screens down on a phone."""
    page = client.post("/diary/new", data=form(in_bed="11:00")).get_data(as_text=True)
    question = page.index('id="slip-question"')
    assert page.index('<details class="more"') < question  # after every answer
    assert question < page.index('value="use_suggestion"') < page.index('value="confirm"')
    # the top of the form points down to it
    assert page.index('href="#slip-question"') < page.index('name="in_bed"')


def test_use_the_suggestion_previews_before_saving(client, user):
    typed = form(final_wake="18:30", out_of_bed="19:00", comments="kept")
    resp = client.post("/diary/new", data={**typed, "action": "use_suggestion"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Check the corrected times" in page
    assert service.get_entry(user, DAY) is None  # nothing saved yet
    # which fields change, before -> after
    assert "<strong>Final awakening</strong>: 18:30 → <strong>06:30</strong>" in page
    assert "<strong>Out of bed</strong>: 19:00 → <strong>07:00</strong>" in page
    # the night both ways: 20 h in bed as typed, 8 h corrected (asleep from 23:15 + 20 min,
    # 25 min awake in the night)
    table = page[
        page.index('<table class="slip-metrics">') : page.index("</table>", page.index("slip-metrics"))
    ]
    assert "In bed</th><td>20 h 00 min</td><td>8 h 00 min</td>" in table
    assert "Asleep</th><td>18 h 30 min</td><td>6 h 30 min</td>" in table
    assert "Efficiency</th><td>92.5%</td><td>81.3%</td>" in table
    # the form holds the corrected answers, the typed ones ride along, the rest is kept
    assert _input_value(page, "final_wake") == "06:30" and _input_value(page, "out_of_bed") == "07:00"
    assert _input_value(page, "typed_final_wake") == "18:30"
    assert _input_value(page, "typed_out_of_bed") == "19:00"
    assert "kept" in page
    assert 'value="save"' in page and "Save with the corrected times" in page
    # Back: the typed times and the question again, still nothing saved
    back = {**typed, "final_wake": "06:30", "out_of_bed": "07:00", "action": "back"}
    back |= {"typed_final_wake": "18:30", "typed_out_of_bed": "19:00"}
    page = client.post("/diary/new", data=back).get_data(as_text=True)
    assert _input_value(page, "final_wake") == "18:30" and _input_value(page, "out_of_bed") == "19:00"
    assert "Check these times" in page and "did you mean" in page
    assert service.get_entry(user, DAY) is None
    # Confirm: what the preview showed is saved
    resp = client.post("/diary/new", data={**typed, "final_wake": "06:30", "out_of_bed": "07:00"})
    assert resp.status_code == 302
    entry = service.get_entry(user, DAY)
    assert entry.time_in_bed_min == 480 and entry.total_sleep_min == 390 and entry.comments == "kept"


def test_preview_on_an_edit_keeps_the_version_and_saves_nothing(client, user):
    entry = make_entry(user, DAY)
    version = service.version_of(entry)
    data = form(in_bed="11:00", date="", updated_at=version, action="use_suggestion")
    page = client.post(f"/diary/{DAY}/edit", data=data).get_data(as_text=True)
    assert "<strong>Got into bed</strong>: 11:00 → <strong>23:00</strong>" in page
    assert _input_value(page, "updated_at") == version
    assert service.version_of(service.get_entry(user, DAY)) == version


def test_use_the_suggestion_without_one_just_saves(client, user):
    """Answers changed so that nothing is suggested any more: the ordinary save runs."""
    resp = client.post("/diary/new", data=form(action="use_suggestion"))
    assert resp.status_code == 302 and service.get_entry(user, DAY) is not None


def test_back_with_invalid_answers_is_a_field_error(client, user):
    resp = client.post("/diary/new", data=form(awake_min="-5", action="back", typed_in_bed="nonsense"))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "cannot be negative" in page
    assert _input_value(page, "in_bed") == "23:00"  # an invalid typed_ value is ignored


# ---------------------------------------------------------------- error sentences


def test_each_error_is_one_sentence(client, user):
    """QA: "What time did you get into bed?: Got into bed is required."."""
    page = client.post("/diary/new", data=form(in_bed="", awake_min="-5")).get_data(as_text=True)
    summary = page[page.index('class="error-summary"') : page.index("</div>", page.index("error-summary"))]
    assert "Please fix the problems below." in summary
    assert '<a href="#in_bed">Got into bed is required.</a>' in summary
    assert '<a href="#awake_min">Minutes awake in the night cannot be negative.</a>' in summary
    assert "?:" not in summary and "What time did you get into bed?" not in summary


def test_a_message_several_fields_share_names_each_field(client, user):
    from sleepapp.program.window.forms import screen_field_names
    from sleepapp.program.window.screen import SCREEN_QUESTIONS

    answers = {name: "no" for q in SCREEN_QUESTIONS for name in screen_field_names(q)}
    first, second = SCREEN_QUESTIONS[0], SCREEN_QUESTIONS[1]
    del answers[first.key], answers[second.key]
    page = client.post("/program/window/start", data={"step": "screen", **answers}).get_data(as_text=True)
    summary = page[page.index('class="error-summary"') : page.index("</div>", page.index("error-summary"))]
    for question in (first, second):
        assert f'<a href="#{question.key}">{question.questions[0]} Answer yes, no or not sure.</a>' in summary


def test_the_duplicate_night_is_named_in_words_with_a_link(client, user):
    make_entry(user, DAY)
    resp = client.post("/diary/new", data=form(quality=5))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 409
    link = '<a href="/diary/2026-06-02/edit">Edit it instead</a>.'
    assert f"You already logged the night of Mon 1 → Tue 2 Jun 2026. {link}" in page
    assert "already an entry for 2026-06-02" not in page
    # the API says the same in its error
    with client.application.app_context():
        try:
            service.add_entry(user, night(date=DAY.isoformat()))
        except Conflict as exc:
            assert (
                exc.message
                == "You already logged the night of Mon 1 → Tue 2 Jun 2026. Edit it or replace it."
            )
        else:
            raise AssertionError("a second night for the same morning was saved")


# ---------------------------------------------------------------- sleeps by when they happened


def test_a_day_sleep_is_named_by_its_day(client, user):
    """QA: a day sleep 08:30-16:00 was called "the night of Sat 28 → Sun 29"."""
    day = date(2026, 3, 29)
    make_entry(user, day, in_bed="08:30", tried_to_sleep="08:40", final_wake="15:45", out_of_bed="16:00")
    page = client.get(f"/diary/{day}").get_data(as_text=True)
    assert '<p class="muted">The day sleep of Sun 29 Mar 2026.</p>' in page
    assert "Edit the day sleep of Sun 29 Mar 2026" in client.get(f"/diary/{day}/edit").get_data(as_text=True)
    assert "Delete the day sleep of Sun 29 Mar 2026?" in client.get(f"/diary/{day}/delete").get_data(
        as_text=True
    )


# ---------------------------------------------------------------- undo a deletion


def _columns(entry: DiaryEntry) -> dict[str, object]:
    out = {}
    for column in DiaryEntry.__table__.columns:
        if column.key != "id":
            value = getattr(entry, column.key)
            out[column.key] = value.replace(tzinfo=None) if isinstance(value, datetime) else value
    return out


def test_undo_restores_the_night_exactly(client, user):
    everything = {
        "rested": 4,
        "naps": 1,
        "nap_min": 20,
        "caffeine_drinks": 2,
        "caffeine_last": "14:30",
        "alcohol_drinks": 1,
        "alcohol_last": "21:00",
        "medication": "the usual one",
        "comments": "Windy night, ünïcode kept",
    }
    entry = make_entry(user, DAY, **everything)
    before, version = _columns(entry), service.version_of(entry)
    resp = client.post(f"/diary/{DAY}/delete")
    assert resp.status_code == 302 and service.get_entry(user, DAY) is None
    # the history (where the deletion lands) and the diary offer "Undo", a POST with CSRF
    (kept,) = _undo_rows(user)
    kept_id = kept.id
    for path in ("/diary/history", "/diary"):
        page = client.get(path).get_data(as_text=True)
        assert "Night deleted: the night of Mon 1 → Tue 2 Jun 2026." in page
        form_html = re.search(
            rf'<form method="post" action="/diary/undo/{kept_id}"[^>]*>(.*?)</form>', page, re.S
        )
        assert (
            form_html and 'name="csrf_token"' in form_html.group(1) and ">Undo</button>" in form_html.group(1)
        )
    assert client.post(f"/diary/undo/{kept_id}", csrf=False).status_code == 400
    resp = client.post(f"/diary/undo/{kept_id}")
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/diary/{DAY}")
    db.session.expire_all()
    restored = service.get_entry(user, DAY)
    assert restored is not None and _columns(restored) == before
    assert service.version_of(restored) == version  # its version continues
    assert _undo_rows() == []  # used: gone
    assert "Restored the night of Mon 1 → Tue 2 Jun 2026." in client.get(f"/diary/{DAY}").get_data(
        as_text=True
    )
    assert "Night deleted" not in client.get("/diary/history").get_data(as_text=True)
    assert client.post(f"/diary/undo/{kept_id}").status_code == 404  # once only


def test_an_edit_form_from_before_the_deletion_still_saves_after_undo(client, user):
    entry = make_entry(user, DAY)
    version = service.version_of(entry)
    client.post(f"/diary/{DAY}/delete")
    (kept,) = _undo_rows(user)
    client.post(f"/diary/undo/{kept.id}")
    resp = client.post(f"/diary/{DAY}/edit", data=form(date="", quality=5, updated_at=version))
    db.session.expire_all()  # the restored row may reuse the id this session still holds
    assert resp.status_code == 302 and service.get_entry(user, DAY).quality == 5


def test_someone_elses_undo_is_a_404(client, user):
    other = make_user()
    make_entry(other, DAY)
    kept = service.delete_entry(other, DAY)
    assert client.post(f"/diary/undo/{kept.id}").status_code == 404
    assert service.get_entry(user, DAY) is None and service.get_entry(other, DAY) is None
    assert [row.id for row in _undo_rows(other)] == [kept.id]  # still theirs to undo
    assert "Night deleted" not in client.get("/diary/history").get_data(as_text=True)
    with client.application.app_context():
        try:
            service.undo_delete(user, kept.id)
        except NotFound:
            pass
        else:
            raise AssertionError("restored another person's night")


def test_undo_expires_and_then_nothing_of_the_night_remains(app, user):
    make_entry(user, DAY, comments="private words")
    t0 = datetime(2026, 6, 2, 8, 0, tzinfo=UTC)
    kept = service.delete_entry(user, DAY, now=t0)
    assert service.pending_undo(user, now=t0 + timedelta(minutes=9, seconds=59)) is not None
    assert service.pending_undo(user, now=t0 + timedelta(minutes=10)) is None
    try:
        service.undo_delete(user, kept.id, now=t0 + timedelta(minutes=10))
    except NotFound as exc:
        assert "10 minutes" in exc.message
    else:
        raise AssertionError("an expired undo restored the night")
    assert _undo_rows() == []  # purged by the undo that came too late
    assert service.get_entry(user, DAY) is None
    stored = db.session.scalars(sa.select(DiaryEntry)).all()
    assert stored == []


def test_an_expired_undo_on_the_page_is_a_404_and_purged(client, user):
    make_entry(user, DAY)
    client.post(f"/diary/{DAY}/delete")
    (kept,) = _undo_rows(user)
    kept.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    kept_id = kept.id
    db.session.commit()
    assert "Night deleted" not in client.get("/diary/history").get_data(as_text=True)
    assert client.post(f"/diary/undo/{kept_id}").status_code == 404
    assert _undo_rows() == [] and service.get_entry(user, DAY) is None


def test_any_deletion_purges_expired_copies(app, user):
    other = make_user()
    make_entry(other, DAY)
    old = service.delete_entry(other, DAY, now=datetime(2026, 6, 2, 8, 0, tzinfo=UTC)).id
    make_entry(user, DAY)
    service.delete_entry(user, DAY)  # now: long after the other's ran out
    rows = _undo_rows()
    assert [r.user_id for r in rows] == [user.id] and old not in {r.id for r in rows}


def test_undo_after_logging_the_night_again_keeps_the_new_one(client, user):
    make_entry(user, DAY, quality=2)
    client.post(f"/diary/{DAY}/delete")
    (kept,) = _undo_rows(user)
    kept_id = kept.id
    make_entry(user, DAY, quality=5)
    resp = client.post(f"/diary/undo/{kept_id}", follow_redirects=True)
    assert "You have logged the night of Mon 1 → Tue 2 Jun 2026 again since deleting it" in resp.get_data(
        as_text=True
    )
    assert service.get_entry(user, DAY).quality == 5


def test_deleting_the_account_deletes_the_copies(app, user):
    make_entry(user, DAY)
    service.delete_entry(user, DAY)
    assert len(_undo_rows(user)) == 1
    delete_account(user, user.test_password)
    assert _undo_rows() == []
