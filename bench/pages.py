"""Throughput of every kind of page under the shipped gunicorn configuration, as a ratio to a
bare one-route Flask app served the same way in the same run (issue 13's table).

Run by hand (needs wrk: apt-get install wrk; talks only to 127.0.0.1):
    .venv/bin/python bench/pages.py                          # SQLite in a temporary folder
    .venv/bin/python bench/pages.py --postgres postgresql://postgres@127.0.0.1/postgres
        (makes a fresh database on that server for the run and drops it afterwards)
Options: --duration 10s, --connections 8, --threads 2.

Prints one Markdown table: requests/s, p50, p99 and the ratio to the bare floor.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench password for every page"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
NIGHT = {
    "in_bed": "23:00",
    "tried_to_sleep": "23:10",
    "sleep_latency_min": 20,
    "awakenings": 1,
    "awake_min": 15,
    "final_wake": "06:45",
    "out_of_bed": "07:00",
    "quality": 3,
}


@dataclass
class Target:
    label: str
    path: str
    who: str | None = None  # "small" (28 nights), "big" (3,650 nights) or None (logged out)
    method: str = "GET"
    body: str | None = None
    bearer: bool = False
    bare: bool = False  # served by bench/bare_app.py instead of the app


TARGETS = [
    Target("bare Flask route (floor)", "/", bare=True),
    Target("/healthz", "/healthz"),
    Target("/guide/sleep-hygiene (logged out)", "/guide/sleep-hygiene"),
    Target("/guide/search?q=caffeine", "/guide/search?q=caffeine"),
    Target("/diary, 28 nights", "/diary", "small"),
    Target("/diary, 3,650 nights", "/diary", "big"),
    Target("/diary/history, 3,650 nights", "/diary/history", "big"),
    Target("/program, 3,650 nights", "/program", "big"),
    Target("/report, 3,650 nights", "/report", "big"),
    Target("/api/v1/summary, 3,650 nights", "/api/v1/summary", "big", bearer=True),
    Target(
        "PUT /api/v1/entries/<date> (save)",
        "/api/v1/entries/2020-01-01",
        "small",
        "PUT",
        json.dumps(NIGHT),
        bearer=True,
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn on {port} exited early")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


@contextmanager
def gunicorn(app: str, env: dict[str, str], port: int) -> Iterator[None]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), app],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port, proc)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def log_in(base: str, email: str) -> tuple[str, str]:
    """(the Cookie header of a logged-in browser, an API token) for `email`."""
    browser = requests.Session()
    browser.trust_env = False
    token = CSRF.search(browser.get(f"{base}/login").text)
    assert token, "no CSRF token on /login"
    answer = browser.post(
        f"{base}/login",
        data={"csrf_token": token.group(1), "email": email, "password": PASSWORD},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.status_code
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    api = browser.post(f"{base}/api/v1/tokens", json={"email": email, "password": PASSWORD, "name": "bench"})
    assert api.status_code == 201, api.text
    return cookie, api.json()["token"]


def wrk(url: str, target: Target, headers: dict[str, str], args: argparse.Namespace, folder: Path) -> dict:
    script = folder / "request.lua"
    lines = [f'wrk.method = "{target.method}"']
    if target.body:
        lines.append(f"wrk.body = [[{target.body}]]")
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    for name, value in headers.items():
        lines.append(f'wrk.headers["{name}"] = [[{value}]]')
    script.write_text("\n".join(lines) + "\n")
    out = subprocess.run(
        [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{args.duration}",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def ms(label: str) -> float:
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "bad": int(bad.group(1)) if bad else 0}


@contextmanager
def database(args: argparse.Namespace, folder: Path) -> Iterator[str]:
    if not args.postgres:
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"bench_{uuid.uuid4().hex[:10]}"
    server = make_url(args.postgres)
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="a PostgreSQL server URL (a fresh database is made on it)")
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        with database(args, folder) as url:
            env = {
                **os.environ,
                "SLEEPAPP_CONFIG": "production",
                "FLASK_SECRET_KEY": secrets.token_hex(32),
                "FLASK_SESSION_COOKIE_SECURE": "false",
                "FLASK_REMEMBER_COOKIE_SECURE": "false",
                "DATABASE_URL": url,
                "PYTHONPATH": str(ROOT / "bench"),
            }
            print(f"seeding ({url.split(':')[0]}) ...", file=sys.stderr)
            flask(env, "db", "upgrade")
            for who, nights in (("small", 28), ("big", 3650)):
                flask(
                    env,
                    "seed-demo",
                    "--email",
                    f"{who}@example.com",
                    "--password",
                    PASSWORD,
                    "--nights",
                    str(nights),
                )
            app_port, bare_port = free_port(), free_port()
            rows = []
            with gunicorn("wsgi:app", env, app_port), gunicorn("bare_app:app", env, bare_port):
                base = f"http://127.0.0.1:{app_port}"
                people = {who: log_in(base, f"{who}@example.com") for who in ("small", "big")}
                for target in TARGETS:
                    headers: dict[str, str] = {}
                    if target.who:
                        cookie, token = people[target.who]
                        headers = (
                            {"Authorization": f"Bearer {token}"} if target.bearer else {"Cookie": cookie}
                        )
                    port = bare_port if target.bare else app_port
                    print(f"  {target.label} ...", file=sys.stderr)
                    rows.append(
                        (target, wrk(f"http://127.0.0.1:{port}{target.path}", target, headers, args, folder))
                    )
        floor = rows[0][1]["rps"]
        print(
            f"\n{url.split(':')[0]}, wrk -t{args.threads} -c{args.connections} -d{args.duration}, "
            f"shipped gunicorn.conf.py ({os.cpu_count()} CPUs)\n"
        )
        print("| page | requests/s | p50 ms | p99 ms | ratio to bare floor | non-2xx |")
        print("|---|---:|---:|---:|---:|---:|")
        for target, r in rows:
            print(
                f"| {target.label} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
                f"| {r['rps'] / floor:.2f} | {r['bad']} |"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
