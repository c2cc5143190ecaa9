from sleepapp import create_app
from sleepapp.extensions import db
from tests.conftest import count_queries


def test_healthz_does_not_touch_the_database(app, client):
    with count_queries(db.engine) as statements:
        resp = client.get("/healthz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok"}
    assert statements == []


def test_readyz_ok(client):
    resp = client.get("/readyz")
    assert resp.status_code == 200
    assert resp.get_json() == {"status": "ok"}


def test_readyz_503_when_database_is_down_and_healthz_still_200(tmp_path):
    broken = create_app(
        {"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.db"}
    )
    client = broken.test_client()
    resp = client.get("/readyz")
    assert resp.status_code == 503
    body = resp.get_data(as_text=True)
    assert resp.get_json() == {"status": "unavailable"}
    assert "sqlite" not in body.lower()
    assert client.get("/healthz").status_code == 200
