"""Migrations build the schema from empty on this database, and the models match them."""

import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from sleepapp import create_app
from sleepapp.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path}/migrate.db"
        return
    name = f"sleepapp_mig_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(base).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_matches_models_and_downgrades(empty_database_url):
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()


def test_login_records_migration_keeps_every_persons_data(empty_database_url):
    """0005 recreates users (AUTOINCREMENT on SQLite): the copy must not cascade into the
    diary, and existing tokens get an expiry."""
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0004_window_restarts")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, email, password_hash, timezone, session_version, created_at) "
                    "VALUES (7, 'sam@example.com', 'x', 'Europe/London', 3, CURRENT_TIMESTAMP)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO api_tokens (user_id, token_hash, created_at) "
                    "VALUES (7, :h, CURRENT_TIMESTAMP)"
                ),
                {"h": "a" * 64},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO diary_entries (user_id, date, in_bed, tried_to_sleep, sleep_latency_min, "
                    "awakenings, awake_min, final_wake, out_of_bed, quality, timezone, time_in_bed_min, "
                    "early_wake_min, total_sleep_min, sleep_efficiency, created_at, updated_at) VALUES "
                    "(7, '2026-11-30', '23:00:00', '23:15:00', 15, 1, 10, '06:30:00', '07:00:00', 3, "
                    "'Europe/London', 480, 30, 410, 85.4, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM diary_entries WHERE user_id = 7")).scalar() == 1
            assert conn.execute(sa.text("SELECT id FROM users")).scalars().all() == [7]
            assert (
                conn.execute(sa.text("SELECT count(*) FROM api_tokens WHERE expires_at IS NOT NULL")).scalar()
                == 1
            )
            if conn.dialect.name == "sqlite":
                assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1  # back on after migrating
                ddl = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'users'")).scalar()
                assert "AUTOINCREMENT" in ddl
        db.engine.dispose()


def test_clock_setting_migration_gives_everyone_24_hours_and_keeps_ids(empty_database_url):
    """0008 adds users.clock_hours without copying `users` (AUTOINCREMENT stays); its
    downgrade keeps every account."""
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision="0007_passkeys")
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO users (id, email, password_hash, timezone, created_at) "
                    "VALUES (9, 'kim@example.com', 'x', 'America/New_York', CURRENT_TIMESTAMP)"
                )
            )
        upgrade(revision="0008_clock_setting")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT id, clock_hours FROM users")).all() == [(9, 24)]
            if conn.dialect.name == "sqlite":
                ddl = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'users'")).scalar()
                assert "AUTOINCREMENT" in ddl
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE users SET clock_hours = 13 WHERE id = 9"))
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE users SET clock_hours = 12 WHERE id = 9"))
        downgrade(revision="0007_passkeys")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT id, email FROM users")).all() == [(9, "kim@example.com")]
            assert "clock_hours" not in {c["name"] for c in sa.inspect(conn).get_columns("users")}
            if conn.dialect.name == "sqlite":
                ddl = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'users'")).scalar()
                assert "AUTOINCREMENT" in ddl
        db.engine.dispose()
