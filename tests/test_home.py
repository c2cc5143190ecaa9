from datetime import timedelta

from sleepapp.diary.service import today_for
from tests.factories import make_entry


def test_visitor_sees_the_welcome(client):
    page = client.get("/").get_data(as_text=True)
    assert "Create an account" in page and "Log in" in page


def test_home_asks_to_log_last_night(client, user):
    page = client.get("/").get_data(as_text=True)
    assert "Last night is not logged yet." in page
    assert "Habits ticked today" not in page


def test_home_shows_last_night(client, user):
    make_entry(user, today_for(user) - timedelta(days=1))
    assert "not logged yet" in client.get("/").get_data(as_text=True)
    make_entry(user, today_for(user))
    page = client.get("/").get_data(as_text=True)
    assert "Last night: 6 h 55 min asleep, sleep efficiency 86.5%." in page
