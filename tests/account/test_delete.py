import sqlalchemy as sa

from sleepapp.auth.models import ApiToken, User
from sleepapp.extensions import db
from tests.factories import make_user


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_delete_account_page_needs_the_password(client, user):
    resp = client.post("/account/delete", data={"password": "not it at all"})
    assert resp.status_code == 200
    assert "not your current password" in resp.get_data(as_text=True)
    assert _count(User) == 1


def test_delete_account_page_erases_and_logs_out(app, client, user):
    other = make_user(email="kim@example.com")
    stolen = client.get_cookie("session").value
    resp = client.post("/account/delete", data={"password": "correct horse battery staple"})
    assert resp.status_code == 302
    assert db.session.scalars(sa.select(User.email)).all() == [other.email]
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/account").status_code == 302


def test_api_delete_me_revokes_every_token(client, auth):
    make_user(email="sam@example.com")
    first, second = auth.token(), auth.token()
    assert (
        client.delete("/api/v1/me", json={"password": "wrong wrong wrong"}, headers=first).status_code == 422
    )
    assert client.delete("/api/v1/me", json={}, headers=first).status_code == 422
    assert (
        client.delete(
            "/api/v1/me", json={"password": "correct horse battery staple"}, headers=first
        ).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=second).status_code == 401
    assert _count(ApiToken) == 0 and _count(User) == 0


def test_deleted_text_does_not_linger_in_the_sqlite_files(app, client, user):
    """secure_delete overwrites freed pages and deletion checkpoints the WAL, so the
    person's words are not left readable in the database files."""
    from pathlib import Path

    import pytest

    from tests.factories import make_entry

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's files only")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    marker = "zebra-marmalade-" + "q" * 40
    make_entry(user, comments=marker, medication=marker)
    path = Path(db.engine.url.database)
    files = [path, path.with_name(path.name + "-wal")]
    assert any(marker.encode() in f.read_bytes() for f in files if f.exists())  # found before
    assert (
        client.post("/account/delete", data={"password": "correct horse battery staple"}).status_code == 302
    )
    db.session.remove()  # the engine stays open, as in a running server
    for f in files:
        if f.exists():
            assert marker.encode() not in f.read_bytes(), f"deleted text left in {f.name}"
