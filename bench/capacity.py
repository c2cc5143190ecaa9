"""How much room people take: seed PEOPLE people with a year of nights and a programme into a
fresh PostgreSQL database, then print rows and bytes per table (indexes and TOAST included)
and the projection per 1,000 people with a year of data (README, "Capacity").

Run by hand:
    .venv/bin/python bench/capacity.py postgresql://postgres@127.0.0.1/postgres [--people 50]
(makes a fresh database on that server and drops it afterwards; talks only to that server).

The demo programme holds 28 days of habit ticks; the projection scales ticks to a year
(365/28), which is the one table that grows with time besides the diary.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import date
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade

from sleepapp import create_app
from sleepapp.auth.service import register_user
from sleepapp.diary.demo import seed_nights
from sleepapp.extensions import db
from sleepapp.program.demo import seed_programme

TICKS_SCALE = 365 / 28


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("server", help="a PostgreSQL server URL (a fresh database is made on it)")
    parser.add_argument("--people", type=int, default=50)
    args = parser.parse_args()
    server = make_url(args.server)
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"capacity_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
            end = date(2026, 11, 30)
            for i in range(args.people):
                user = register_user(f"person{i}@example.com", "capacity bench password", "Europe/London")
                seed_nights(user, 365, end, seed=i)
                seed_programme(user, end, seed=i)
            db.session.commit()
            db.engine.dispose()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version' ORDER BY tablename"
                )
            ]
            stats = []
            for table in tables:
                rows = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                size = conn.execute("SELECT pg_total_relation_size(%s)", (table,)).fetchone()[0]
                stats.append((table, rows, size))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(f"\n{args.people} people, 365 nights each, demo programme; PostgreSQL\n")
    print("| table | rows | bytes (with indexes) | per 1,000 people, one year |")
    print("|---|---:|---:|---:|")
    total = 0.0
    for table, rows, size in stats:
        scale = 1000 / args.people * (TICKS_SCALE if table == "habit_ticks" else 1)
        projected = size * scale if rows else 0
        total += projected
        print(f"| {table} | {rows:,} | {size:,} | {projected / 2**20:,.1f} MiB |")
    print(f"| **all tables** | | | **{total / 2**20:,.1f} MiB** |")


if __name__ == "__main__":
    main()
