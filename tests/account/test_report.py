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
