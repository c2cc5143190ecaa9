"""`flask backup` (docs/design.md §6.8): a consistent copy of the SQLite file while people
keep saving nights, which restores into a working app."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask

from sleepapp import create_app
from sleepapp.backup import BackupError, backup_sqlite, sqlite_path
from sleepapp.diary import service as diary
from sleepapp.extensions import db
from tests.factories import DEFAULT_PASSWORD, ENTRY_DEFAULTS, make_user


def _file_app(path: Path) -> Flask:
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
    return app


class Writer(threading.Thread):
    """Saves one night after another for one person, noting each morning once committed."""

    def __init__(self, app: Flask, email: str, first: date) -> None:
        super().__init__(daemon=True)
        self.app, self.email, self.first = app, email, first
        self.acknowledged: list[date] = []
        self.stop = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            with self.app.app_context():
                from sleepapp.auth.service import find_user_by_email

                user = find_user_by_email(self.email)
                day = self.first
                while not self.stop.is_set():
                    diary.save_entry(user, day, dict(ENTRY_DEFAULTS), confirmed=True)
                    self.acknowledged.append(day)  # save_entry has committed
                    day += timedelta(days=1)
        except BaseException as exc:
            self.failure = exc


def _wait_for(condition, what: str, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    event = threading.Event()
    deadline = threading.Timer(timeout, event.set)
    deadline.start()
    try:
        while not condition():
            if event.wait(0.01):
                raise AssertionError(f"timed out waiting for {what}")
    finally:
        deadline.cancel()


def test_backup_during_writes_restores_every_acknowledged_night(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    app = _file_app(live)
    with app.app_context():
        email = make_user(email="writer@example.com").email
    writer = Writer(app, email, date(2020, 1, 1))
    writer.start()
    try:
        _wait_for(lambda: len(writer.acknowledged) >= 20 or writer.failure, "the first nights")
        before = set(writer.acknowledged)
        with app.app_context():  # as `flask` pushes it
            result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
        # The writer keeps going through the backup: it must still be able to save after it.
        count = len(writer.acknowledged)
        _wait_for(lambda: len(writer.acknowledged) > count + 5 or writer.failure, "writes after")
    finally:
        writer.stop.set()
        writer.join(timeout=60)
    assert writer.failure is None, writer.failure
    assert result.exit_code == 0, result.output
    assert "integrity check: ok" in result.output
    every = set(writer.acknowledged)

    # Restore: the copy becomes the database of a fresh app, as a deployer would do it.
    restored_file = tmp_path / "restored.db"
    shutil.copyfile(tmp_path / "copy.db", restored_file)
    restored = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{restored_file}"})
    with restored.app_context():
        from sleepapp.auth.service import find_user_by_email

        user = find_user_by_email(email)
        assert user is not None
        mornings = {e.date for e in diary.entries_between(user, None, None)}
        assert before <= mornings <= every
        one = diary.get_entry(user, min(before))
        assert (
            one is not None
            and diary.entry_data(one).out_of_bed.isoformat(timespec="minutes") == ENTRY_DEFAULTS["out_of_bed"]
        )
    from tests.conftest import CSRFClient

    restored.test_client_class = CSRFClient
    client = restored.test_client()
    page = client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert page.status_code == 302


def test_the_copy_is_a_plain_file_any_sqlite_opens(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    app = _file_app(live)
    with app.app_context():
        make_user()
    backup_sqlite(live, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db.partial").exists()
    with sqlite3.connect(tmp_path / "copy.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    _file_app(live)
    target = tmp_path / "copy.db"
    target.write_text("yesterday's backup")
    with pytest.raises(BackupError, match="exists already"):
        backup_sqlite(live, target)
    assert target.read_text() == "yesterday's backup"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://u@127.0.0.1/db", "pg_dump"),
        ("sqlite://", "in memory"),
        ("sqlite:///:memory:", "in memory"),
    ],
)
def test_other_databases_are_refused_with_the_way_to_do_it(url: str, message: str) -> None:
    with pytest.raises(BackupError, match=message):
        sqlite_path(url)


def test_the_command_says_why_it_cannot(tmp_path: Path) -> None:
    app = _file_app(tmp_path / "live.db")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "no" / "x.db")])
    assert result.exit_code != 0
    assert "No folder" in result.output
