def test_change_timezone(client, user):
    resp = client.post("/account", data={"timezone": "Asia/Tokyo", "wake_time": "07:15"})
    assert resp.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert 'value="Asia/Tokyo" selected' in page or 'selected value="Asia/Tokyo"' in page
    assert 'value="07:15"' in page


def test_bad_wake_time_is_explained(client, user):
    resp = client.post("/account", data={"timezone": "Asia/Tokyo", "wake_time": "7 o'clock"})
    assert resp.status_code == 200
    assert "Enter a time as HH:MM" in resp.get_data(as_text=True)


def test_wake_time_in_any_clock_spelling_is_stored_as_hh_mm(client, user):
    # The one clock rule (sleepapp/clock.py): what the diary accepts, the settings accept.
    for typed in ("6:45", "06:45:00", "０６:４５"):
        resp = client.post("/account", data={"timezone": "Asia/Tokyo", "wake_time": typed})
        assert resp.status_code == 302, typed
        assert 'value="06:45"' in client.get("/account").get_data(as_text=True)
