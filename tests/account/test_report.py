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
