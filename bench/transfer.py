"""Time `flask transfer` for a busy server: PEOPLE people with NIGHTS diary nights each (and
their habits, ticks and sleep windows) in a migrated SQLite file, copied into a fresh,
migrated PostgreSQL database made for the run and dropped after it. The copy's time is the
downtime the README's "Moving from SQLite to PostgreSQL" quotes.

Run: BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/postgres .venv/bin/python bench/transfer.py
Options: --people N (default 200), --nights N (default 365), --keep FILE (keep the SQLite
file, to time `flask transfer` by hand), --batch-size N (default 1000).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sleepapp import create_app
from sleepapp.auth.service import register_user
from sleepapp.diary.demo import seed_nights
from sleepapp.extensions import db
from sleepapp.program.demo import seed_programme
from sleepapp.transfer import transfer

PASSWORD = "bench password for the transfer"
LAST_MORNING = date(2026, 11, 30)


def migrated(url: str):  # type: ignore[no-untyped-def]
    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
    return app


def seed(url: str, people: int, nights: int) -> None:
    app = migrated(url)
    with app.app_context():
        for n in range(people):
            person = register_user(f"person{n}@example.com", PASSWORD, "Europe/London")
            seed_nights(person, nights, LAST_MORNING, seed=n)
            seed_programme(person, LAST_MORNING, seed=n)
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--nights", type=int, default=365)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--keep", type=Path, default=None, help="Write the SQLite database here.")
    args = parser.parse_args()
    server = os.environ.get("BENCH_DATABASE_URL")
    if not server:
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL server (any database on it) to copy into.")

    tmp = tempfile.TemporaryDirectory()
    path = args.keep or Path(tmp.name) / "sleepapp.db"
    source = f"sqlite:///{path.resolve()}"
    started = time.perf_counter()
    seed(source, args.people, args.nights)
    print(f"seeded {args.people} people x {args.nights} nights in {time.perf_counter() - started:.0f} s")
    print(f"SQLite file: {path.stat().st_size / 2**20:.1f} MiB")

    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"sleepapp_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    target = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        app = migrated(target)
        with app.app_context():
            db.engine.dispose()
        started = time.perf_counter()
        report = transfer(source, target, batch_size=args.batch_size, progress_every=50_000)
        took = time.perf_counter() - started
        print(f"transferred {report.rows:,} rows in {took:.1f} s ({report.rows / took:,.0f} rows/s)")
        for table in sorted(report.tables, key=lambda t: -t.rows)[:4]:
            print(f"  {table.name}: {table.rows:,} rows")
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        tmp.cleanup()


if __name__ == "__main__":
    main()
