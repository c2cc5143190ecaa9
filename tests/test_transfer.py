"""`flask transfer`: a SQLite server's whole database into PostgreSQL (docs/design.md §6.11).

The tests that copy need a PostgreSQL server: they run when TEST_DATABASE_URL names one (the
PostgreSQL lane of `make test` sets it) and make and drop databases of their own on it.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from sleepapp import create_app
from sleepapp.extensions import db
from sleepapp.transfer import TableDigest, TransferError, canonical
from sleepapp.transfer import transfer as copy_database
from tests.conftest import CSRFClient
from tests.factories import DEFAULT_PASSWORD, ENTRY_DEFAULTS, make_entry, make_user

SERVER = os.environ.get("TEST_DATABASE_URL", "")
LAST_MORNING = "2026-11-20"
DEMO_PASSWORD = "demo password 123"
NIGHTS = 45  # each for alice and bob; carol has one


def build_app(url: str) -> Flask:
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    app.test_client_class = CSRFClient
    return app


def migrate(url: str, back: int = 0) -> None:
    """Upgrade `url` to the head revision, then `back` revisions down again."""
    app = build_app(url)
    with app.app_context():
        upgrade()
        if back:
            downgrade(revision=f"-{back}")
        db.engine.dispose()


def count(url: str, table: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return int(rows)


def run_sql(url: str, sql: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


@pytest.fixture
def new_database() -> Iterator[Callable[..., str]]:
    """Make empty databases on the test server (dropped afterwards); `timezone` sets the
    database's default session time zone."""
    if not SERVER.startswith(("postgresql", "postgres:")):
        pytest.skip("needs a PostgreSQL server: set TEST_DATABASE_URL=postgresql://... (make test does)")
    admin = sa.create_engine(SERVER, isolation_level="AUTOCOMMIT")
    made: list[str] = []

    def make(timezone: str | None = None) -> str:
        name = f"sleepapp_tx_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            if timezone:
                conn.execute(sa.text(f"ALTER DATABASE \"{name}\" SET timezone TO '{timezone}'"))
        made.append(name)
        return sa.engine.make_url(SERVER).set(database=name).render_as_string(hide_password=False)

    yield make
    with admin.connect() as conn:
        for name in made:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def target(new_database: Callable[..., str]) -> str:
    """An empty PostgreSQL database migrated to the head revision."""
    url = new_database()
    migrate(url)
    return url


@dataclass
class Source:
    url: str
    app: Flask
    token: str  # alice's API token, issued before the move
    session_cookie: str  # alice's browser, logged in before the move
    before: dict[str, object]  # alice's API answers before the move
    deleted_id: int  # the newest account, deleted: its id must never be handed out again


ISO_INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def in_utc(value: object) -> object:
    """`value` with every ISO instant spelled in UTC. The API writes instants as the database
    gives them back: naive from SQLite, in the session's time zone from PostgreSQL
    (+13:45 here), so the same instant can be spelled two ways."""
    if isinstance(value, dict):
        return {key: in_utc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [in_utc(item) for item in value]
    if isinstance(value, str) and ISO_INSTANT.match(value):
        moment = datetime.fromisoformat(value)
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    return value


def api_answers(client: CSRFClient, token: str) -> dict[str, object]:
    answers: dict[str, object] = {}
    for path in (
        "/api/v1/entries",
        f"/api/v1/summary?days=60&end={LAST_MORNING}",
        "/api/v1/sleep-window",
        "/api/v1/me",
        "/api/v1/tokens",
        "/api/v1/export",
    ):
        resp = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert resp.status_code == 200, (path, resp.get_data(as_text=True))
        answers[path] = in_utc(resp.get_json())
    export = answers["/api/v1/export"]
    assert isinstance(export, dict)
    export.pop("exported_at", None)  # when it was made, not what it holds
    return answers


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """A SQLite server migrated through the app factory, with several people's full records:
    diary, habits and ticks, sleep windows with reviews, log-in records, tokens, a passkey."""
    url = f"sqlite:///{tmp_path_factory.mktemp('source') / 'sleepapp.db'}"
    app = build_app(url)
    with app.app_context():
        upgrade()
        for email, seed in (("alice@example.com", 1), ("bob@example.com", 2)):
            args = ["seed-demo", "--email", email, "--password", DEMO_PASSWORD, "--nights", str(NIGHTS)]
            result = app.test_cli_runner().invoke(args=[*args, "--seed", str(seed), "--end", LAST_MORNING])
            assert result.exit_code == 0, result.output

        from sleepapp.auth.models import Passkey, User
        from sleepapp.auth.service import delete_account

        carol = make_user(email="carol@example.com", timezone="America/New_York", passkey_required=True)
        make_entry(carol, "2026-03-02", comments='Naïve dreams — 夜 "quoted"\n', medication="as prescribed")
        alice = db.session.scalars(sa.select(User).filter_by(email="alice@example.com")).one()
        key = Passkey(
            user_id=alice.id, credential_id="cred-alice", public_key=bytes(range(256)), sign_count=2**33
        )
        db.session.add(key)
        db.session.commit()
        dave = make_user(email="dave@example.com")
        deleted_id = dave.id
        delete_account(dave, DEFAULT_PASSWORD)
        db.session.remove()
        db.engine.dispose()

    client = app.test_client()
    login = {"email": "alice@example.com", "password": DEMO_PASSWORD}
    assert client.post("/login", data=login).status_code == 302
    cookie = client.get_cookie("session")
    assert cookie is not None
    resp = client.post("/api/v1/tokens", json=login)
    assert resp.status_code == 201
    token = resp.get_json()["token"]
    yield Source(url, app, token, cookie.value, api_answers(client, token), deleted_id)
    with app.app_context():
        db.engine.dispose()


def transfer(source: Source, *args: str):  # type: ignore[no-untyped-def]
    """`flask transfer` run in the SQLite server's configuration (its database is the default --from)."""
    with source.app.app_context():  # as the `flask` command gives it
        return source.app.test_cli_runner().invoke(args=["transfer", *args])


# -- The whole move --------------------------------------------------------------------------


@pytest.mark.postgres
def test_a_server_moves_to_postgresql_and_people_carry_on(source: Source, new_database) -> None:  # type: ignore[no-untyped-def]
    # A server whose sessions are not in UTC: instants must still arrive unchanged.
    url = new_database(timezone="Pacific/Chatham")
    migrate(url)

    result = transfer(source, "--to", url, "--batch-size", "10", "--progress-every", "25")
    assert result.exit_code == 0, result.output
    assert "counts and checksums match" in result.output
    assert f"diary_entries: 30 of {2 * NIGHTS + 1} rows" in result.output  # progress on long tables

    app = build_app(url)
    client = app.test_client()
    # The token issued before the move still works, and every answer is the same.
    assert api_answers(client, source.token) == source.before
    # A browser logged in before the move stays logged in (its log-in record came along).
    client.set_cookie("session", source.session_cookie)
    assert client.get("/diary").status_code == 200
    # A person logs in afresh with the same password (and not with another).
    fresh = app.test_client()
    assert fresh.get("/diary").status_code == 302
    bob = {"email": "bob@example.com", "password": DEMO_PASSWORD}
    assert fresh.post("/login", data={**bob, "password": "not the password"}).status_code == 200
    assert fresh.post("/login", data=bob).status_code == 302
    assert fresh.get("/diary").status_code == 200

    with app.app_context():
        from sleepapp.auth.models import Passkey, User
        from sleepapp.diary.models import DiaryEntry

        passkey = db.session.scalars(sa.select(Passkey)).one()
        assert (passkey.public_key, passkey.sign_count) == (bytes(range(256)), 2**33)
        carol = db.session.scalars(sa.select(User).filter_by(email="carol@example.com")).one()
        assert carol.passkey_required is True
        night = db.session.scalars(sa.select(DiaryEntry).filter_by(user_id=carol.id)).one()
        assert night.comments == 'Naïve dreams — 夜 "quoted"\n'
        largest_entry = db.session.scalar(sa.select(sa.func.max(DiaryEntry.id)))
        db.session.remove()

    # New rows get fresh ids: after the largest copied, and never a deleted account's.
    resp = client.put(
        "/api/v1/entries/2026-11-21",
        headers={"Authorization": f"Bearer {source.token}"},
        json=ENTRY_DEFAULTS,
    )
    assert resp.status_code == 201, resp.get_data(as_text=True)
    with app.app_context():
        newest = db.session.scalar(sa.select(sa.func.max(DiaryEntry.id)))
        assert newest == largest_entry + 1
        erin = make_user(email="erin@example.com")
        assert erin.id == source.deleted_id + 1
        db.session.remove()
        db.engine.dispose()

    # A second transfer into the same, now used, database is refused and changes nothing.
    again = transfer(source, "--to", url)
    assert again.exit_code == 1
    assert "already holds data: users (4)" in again.output
    assert count(url, "users") == 4  # alice, bob, carol, erin
    assert count(url, "diary_entries") == 2 * NIGHTS + 2


@pytest.mark.postgres
def test_force_replaces_what_the_target_holds(source: Source, target: str) -> None:
    app = build_app(target)
    with app.app_context():
        make_user(email="zed@example.com")
        db.session.remove()
        db.engine.dispose()

    refused = transfer(source, "--to", target)
    assert refused.exit_code == 1
    assert "already holds data: users (1)" in refused.output
    assert "--force" in refused.output

    forced = transfer(source, "--to", target, "--force")
    assert forced.exit_code == 0, forced.output
    assert "--force: discarding 1 rows the target holds (users)" in forced.output
    engine = sa.create_engine(target)
    with engine.connect() as conn:
        emails = conn.execute(sa.text("SELECT email FROM users ORDER BY id")).scalars().all()
    engine.dispose()
    assert emails == ["alice@example.com", "bob@example.com", "carol@example.com"]


# -- Refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "sqlite:///elsewhere.db"], "The target must be a PostgreSQL database"),
        (["--to", "mysql://root@127.0.0.1/sleep"], "The target must be a PostgreSQL database"),
        (["--to", "not a url"], "The target is not a database URL"),
        (
            ["--from", "sqlite:////nowhere/sleepapp.db", "--to", "postgresql://u@127.0.0.1/x"],
            "The source database file /nowhere/sleepapp.db does not exist",
        ),
        (
            ["--from", "postgresql://u@127.0.0.1/x", "--to", "postgresql://u@127.0.0.1/x"],
            "The source and the target are the same database",
        ),
        # Nothing listens on port 1: refused at once, and the password is never printed.
        (
            ["--to", "postgresql://u:secret@127.0.0.1:1/x"],
            "Cannot reach the target database postgresql://u:***@",
        ),
    ],
    ids=["sqlite", "mysql", "garbage", "no-source-file", "same", "unreachable"],
)
def test_refuses_before_touching_anything(source: Source, args: list[str], message: str) -> None:
    result = transfer(source, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "secret" not in result.output


@pytest.mark.postgres
def test_refuses_a_target_that_is_not_migrated(source: Source, new_database) -> None:  # type: ignore[no-untyped-def]
    result = transfer(source, "--to", new_database())
    assert result.exit_code == 1
    assert "is not migrated: run `flask --app wsgi db upgrade`" in result.output


@pytest.mark.postgres
def test_refuses_a_target_at_another_revision(source: Source, new_database) -> None:  # type: ignore[no-untyped-def]
    url = new_database()
    migrate(url, back=1)
    result = transfer(source, "--to", url)
    assert result.exit_code == 1
    assert "but the source at" in result.output
    assert "migrate both to the same revision" in result.output


@pytest.mark.postgres
def test_a_changed_value_fails_the_checksum_and_nothing_is_written(source: Source, target: str) -> None:
    # Something between the two ends alters one value: the copy must not be committed.
    run_sql(
        target,
        """
        CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = 3 THEN NEW.comments := 'changed'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER tamper BEFORE INSERT ON diary_entries FOR EACH ROW EXECUTE FUNCTION tamper();
        """,
    )
    result = transfer(source, "--to", target)
    assert result.exit_code == 1
    assert "diary_entries: the rows read back from the target differ from the source's" in result.output
    assert count(target, "users") == 0
    assert count(target, "diary_entries") == 0


@pytest.mark.postgres
def test_a_lost_row_fails_the_count_and_nothing_is_written(source: Source, target: str) -> None:
    run_sql(
        target,
        """
        CREATE FUNCTION lose() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = 2 THEN RETURN NULL; END IF; RETURN NEW; END $$;
        CREATE TRIGGER lose BEFORE INSERT ON habit_ticks FOR EACH ROW EXECUTE FUNCTION lose();
        """,
    )
    result = transfer(source, "--to", target)
    assert result.exit_code == 1
    assert "habit_ticks:" in result.output and "rows read from the source but" in result.output
    assert count(target, "users") == 0


@pytest.mark.postgres
def test_refuses_a_target_someone_is_writing_to(source: Source, target: str) -> None:
    engine = sa.create_engine(target)
    with engine.connect() as writer:
        writer.execute(sa.text("DELETE FROM users"))  # a write, not committed: holds its lock
        with pytest.raises(TransferError, match=r"The target is in use .* stop the app"):
            copy_database(source.url, target, lock_timeout=0.2, echo=lambda _: None)
        writer.rollback()
    engine.dispose()


# -- The canonical form behind the checksum (no database) -----------------------------------


def test_an_instant_reads_the_same_naive_utc_or_in_another_zone() -> None:
    naive = datetime(2026, 3, 29, 0, 30, 0, 123456)  # SQLite gives back the UTC wall time
    aware = naive.replace(tzinfo=UTC)
    chatham = aware.astimezone(timezone(timedelta(hours=13, minutes=45)))
    assert canonical(naive) == canonical(aware) == canonical(chatham)
    assert canonical(aware) != canonical(aware + timedelta(microseconds=1))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (True, 1),
        (1, 1.0),
        (b"ab", "ab"),
        (b"ab", "6162"),
        (None, ""),
        ("2026-03-02", date(2026, 3, 2)),
        (time(7, 0), "07:00:00"),
    ],
)
def test_values_of_different_kinds_never_read_alike(one: object, other: object) -> None:
    assert json.dumps(canonical(one)) != json.dumps(canonical(other))  # the text the digest hashes


def test_the_same_values_from_either_driver_read_alike() -> None:
    assert canonical(memoryview(b"\x00\xff")) == canonical(b"\x00\xff")
    assert canonical(Decimal("85.40")) == canonical(Decimal("85.4"))
    assert canonical({"b": [1, date(2026, 1, 1)]}) == canonical({"b": (1, date(2026, 1, 1))})


def test_the_table_digest_depends_on_every_value_and_the_order() -> None:
    def digest(rows: list[tuple[object, ...]]) -> str:
        table = TableDigest("t", ["id", "note"])
        for row in rows:
            table.add(row)
        return table.hexdigest()

    rows: list[tuple[object, ...]] = [(1, "a"), (2, None)]
    assert digest(rows) == digest(list(rows))
    assert digest(rows) != digest([(1, "a"), (2, "")])
    assert digest(rows) != digest(list(reversed(rows)))
    assert digest(rows) != digest(rows[:1])
    # A value cannot slide into the next column or row unnoticed.
    assert digest([(1, "a,b")]) != digest([(1, "a"), ("b",)])
