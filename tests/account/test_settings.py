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
