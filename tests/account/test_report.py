from datetime import timedelta

from sleepapp.diary.service import today_for
from tests.factories import make_entry, make_user


def test_report_needs_login(client):
    assert client.get("/report").status_code == 302


def test_report_shows_averages_and_medication_verbatim(client, user):
    today = today_for(user)
    note = "Took the one Dr Lee gave me <b>at 11pm</b> = half?"
    make_entry(user, today, medication=note)
    make_entry(user, today - timedelta(days=1))
    make_entry(user, today - timedelta(days=20))  # outside the 14-day default
    page = client.get("/report").get_data(as_text=True)
    assert "Averages (2 of 14 nights logged)" in page
    assert "Took the one Dr Lee gave me &lt;b&gt;at 11pm&lt;/b&gt; = half?" in page
    assert 'class="doctor-referral"' in page
    wide = client.get("/report?days=28").get_data(as_text=True)
    assert "Averages (3 of 28 nights logged)" in wide


def test_report_shows_only_the_persons_own_nights(client, user):
    other = make_user(email="kim@example.com")
    make_entry(other, today_for(other), medication="kim's private note")
    page = client.get("/report").get_data(as_text=True)
    assert "kim's private note" not in page
    assert "Averages (0 of 14 nights logged)" in page


def test_report_ignores_odd_periods(client, user):
    assert "Averages (0 of 14 nights" in client.get("/report?days=9999").get_data(as_text=True)
    assert "Averages (0 of 14 nights" in client.get("/report?days=abc").get_data(as_text=True)


def test_report_names_every_habit(client, user):
    from sleepapp.program.habits import catalogue
    from sleepapp.program.habits import service as habits_service

    today = today_for(user)
    habits = habits_service.choose_builtin_habits(user, [catalogue.HABITS[0].key], today)
    habits_service.set_tick(user, habits[0].id, today, True, today)
    page = client.get("/report").get_data(as_text=True)
    assert "None:" not in page
    assert f"<bdi>{habits[0].title}</bdi>: 1 of 1 habit-days (100%)" in page


def test_download_my_data(client, user):
    make_entry(user, today_for(user), medication="my own words")
    csv_resp = client.get("/account/export.csv")
    assert csv_resp.status_code == 200 and csv_resp.mimetype == "text/csv"
    assert "attachment" in csv_resp.headers["Content-Disposition"]
    assert "my own words" in csv_resp.get_data(as_text=True)
    json_resp = client.get("/account/export.json")
    assert json_resp.get_json()["entries"][0]["medication"] == "my own words"
    assert json_resp.headers["Cache-Control"] == "no-store"


def test_download_needs_login(client):
    assert client.get("/account/export.csv").status_code == 302


def test_report_draws_the_timeline_and_efficiency_trend(client, user):
    assert "<svg" not in client.get("/report").get_data(as_text=True)  # no nights, no pictures
    today = today_for(user)
    for back in range(5):
        make_entry(user, today - timedelta(days=back))
    page = client.get("/report?days=28").get_data(as_text=True)
    assert '<svg class="chart" id="sleep-timeline"' in page
    assert '<svg class="chart" id="efficiency-trend"' in page
    assert "Sleep timeline, last 28 nights" in page and "Sleep efficiency, last 28 nights" in page
    assert page.count("seg seg-asleep") >= 5 and 'class="target"' in page
    assert "Show the data as a table" not in page  # the night table below is the data
    assert "css/charts.css" in page and "css/report.css" in page


def test_report_lists_the_optional_items_per_night(client, user):
    today = today_for(user)
    make_entry(
        user,
        today,
        awakenings=3,
        awake_min=25,
        naps=1,
        nap_min=20,
        caffeine_drinks=2,
        caffeine_last="15:30",
        alcohol_drinks=1,
        alcohol_last="21:00",
    )
    make_entry(user, today - timedelta(days=1), awakenings=0, awake_min=0)  # optional items unanswered
    page = client.get("/report").get_data(as_text=True)
    for header in ("Times woken", "Awake in night", "Naps", "Caffeine drinks", "Alcohol drinks"):
        assert f'<th scope="col">{header}</th>' in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 2
    newest = rows[1]  # oldest first
    assert "<td>3</td><td>25 min</td>" in newest
    assert "<td>1 (20 min)</td>" in newest
    assert "<td>2 (last 15:30)</td>" in newest and "<td>1 (last 21:00)</td>" in newest
    assert "<td>0</td><td>0 min</td>" in rows[0] and rows[0].count("<td>–</td>") == 3


def test_comments_stay_out_unless_ticked(client, user):
    today = today_for(user)
    make_entry(user, today, comments="Neighbours <loud> again")
    page = client.get("/report").get_data(as_text=True)
    assert "Neighbours" not in page and "My comments" not in page
    assert 'name="comments" value="1"' in page
    assert "checked" not in page.split('name="comments"')[1].split(">")[0]
    ticked = client.get("/report?comments=1").get_data(as_text=True)
    assert "My comments" in ticked and "Neighbours &lt;loud&gt; again" in ticked
    assert "checked" in ticked.split('name="comments"')[1].split(">")[0]
    assert "Neighbours" not in client.get("/report?comments=yes please").get_data(as_text=True)


def test_the_body_renders_from_report_context_alone(app, user):
    """Another page (the clinician's read-only view) renders the body with report_context()
    and nothing else: no person-only parts, no comments unless asked."""
    from flask import render_template

    from sleepapp.account.report import report_context

    today = today_for(user)
    make_entry(user, today, comments="private words", medication="as written")
    with app.test_request_context("/"):
        body = render_template(
            "account/_report_body.html", **report_context(user, today - timedelta(days=13), today)
        )
        with_comments = render_template(
            "account/_report_body.html", **report_context(user, today, today, comments=True)
        )
    assert 'id="sleep-timeline"' in body and "as written" in body
    assert "private words" not in body and "Include my comments" not in body and "<form" not in body
    assert user.email not in body
    assert "private words" in with_comments
