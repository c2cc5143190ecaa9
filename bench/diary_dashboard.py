"""Time the diary dashboard (and history page) for a person with 3,650 nights: SQL queries per
request and median server time over ~30 requests through the Flask test client.

Run: .venv/bin/python bench/diary_dashboard.py                 (SQLite, a temporary file)
     BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/diary_bench .venv/bin/python bench/diary_dashboard.py
Options: --nights N (default 3650), --requests N (default 30).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sleepapp import create_app
from sleepapp.auth.service import register_user
from sleepapp.diary.demo import seed_nights
from sleepapp.extensions import db

PASSWORD = "bench password for the diary"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=3650)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{tmp.name}/bench.db"
    app = create_app(
        {
            "CONFIG_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        user = register_user("bench@example.com", PASSWORD, "Europe/London")
        started = time.perf_counter()
        seed_nights(user, args.nights, datetime.now(user.zone).date(), seed=1)
        seeded = time.perf_counter() - started
        engine = db.engine

    client = app.test_client()
    resp = client.post("/login", data={"email": "bench@example.com", "password": PASSWORD})
    assert resp.status_code == 302, resp.status_code

    print(f"database: {engine.url.render_as_string(hide_password=True).split('?')[0]}")
    print(f"nights: {args.nights} (seeded in {seeded:.1f} s); requests per page: {args.requests}")
    statements: list[str] = []

    def count(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    for path in ("/diary", "/diary/history", "/api/v1/summary?days=28"):
        if path.startswith("/api/"):
            token = client.post("/api/v1/tokens", json={"email": "bench@example.com", "password": PASSWORD})
            headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
        else:
            headers = {}
        client.get(path, headers=headers)  # warm up templates and the connection pool
        statements.clear()
        timings = []
        for i in range(args.requests):
            if i == 0:
                sa.event.listen(engine, "before_cursor_execute", count)
            started = time.perf_counter()
            resp = client.get(path, headers=headers)
            timings.append((time.perf_counter() - started) * 1000)
            if i == 0:
                sa.event.remove(engine, "before_cursor_execute", count)
            assert resp.status_code == 200, (path, resp.status_code)
        print(
            f"{path:28s} queries/request: {len(statements):2d}  median: {statistics.median(timings):6.1f} ms"
            f"  p90: {sorted(timings)[int(len(timings) * 0.9) - 1]:6.1f} ms  ({len(resp.data) // 1024} KiB)"
        )
    with app.app_context():
        db.drop_all()
        db.engine.dispose()
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
