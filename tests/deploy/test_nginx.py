"""The shipped nginx site (deploy/nginx-sleepapp.conf) in front of two gunicorn instances on
one PostgreSQL and one Redis, as a deployer runs it (docs/design.md §6.10).

Runs in the PostgreSQL lane of `make test` (it needs TEST_DATABASE_URL for a server and
TEST_REDIS_URL) and needs Debian's nginx; otherwise it is skipped with the reason."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests
from sqlalchemy.engine import make_url

from tests.test_gunicorn import ROOT, answers, free_port, wait_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
SITE = ROOT / "deploy" / "nginx-sleepapp.conf"
PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf-token" content="([^"]+)"')

pytestmark = pytest.mark.postgres


@dataclass
class Stack:
    https: str  # https://127.0.0.1:PORT
    http_port: int
    app_ports: list[int]
    cert: Path
    email: str


def _requirements() -> tuple[str, str]:
    url = os.environ.get("TEST_DATABASE_URL", "")
    redis_url = os.environ.get("TEST_REDIS_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: TEST_DATABASE_URL (the PostgreSQL lane of make test sets it)")
    if not redis_url:
        pytest.skip("needs Redis: TEST_REDIS_URL (make test sets it)")
    if not os.path.exists(NGINX):
        pytest.skip("nginx is not installed (make test installs it with root or sudo)")
    if not os.path.exists(OPENSSL):
        pytest.skip("openssl is not installed (make test installs it with root or sudo)")
    return url, redis_url


def _fresh_database(server_url: str) -> tuple[str, str]:
    """A new empty database on the test server: (its URL, its name)."""
    name = f"nginx_{uuid.uuid4().hex[:12]}"
    admin = make_url(server_url).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False), name


def _drop_database(server_url: str, name: str) -> None:
    admin = make_url(server_url).set(drivername="postgresql")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(database_url: str, email: str) -> None:
    """Migrate the new database and make one account, as a deployer would."""
    from flask_migrate import upgrade

    from sleepapp import create_app
    from sleepapp.auth.service import register_user

    app = create_app({"CONFIG_NAME": "testing", "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        register_user(email, PASSWORD, "Europe/London")
        from sleepapp.extensions import db

        db.engine.dispose()


def _site(folder: Path, https_port: int, http_port: int, app_ports: list[int]) -> str:
    """The shipped site file with this test's ports, certificate and static folder."""
    text = SITE.read_text()
    replacements = [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/sleep.example.org/fullchain.pem", str(folder / "cert.pem")),
        ("/etc/letsencrypt/live/sleep.example.org/privkey.pem", str(folder / "key.pem")),
        ("alias /srv/sleepapp/static/;", f"alias {ROOT / 'static'}/;"),
        (
            "    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n",
            "".join(f"    server 127.0.0.1:{port};\n" for port in app_ports),
        ),
    ]
    for old, new in replacements:
        assert old in text, f"deploy/nginx-sleepapp.conf no longer holds {old!r}"
        text = text.replace(old, new)
    return text


def _nginx_conf(folder: Path) -> Path:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read this test's files
    temp = "".join(
        f"{kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = folder / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\ninclude /etc/nginx/mime.types;\naccess_log {folder / 'access.log'};\n{temp}"
        f"include {folder / 'site.conf'};\n}}\n"
    )
    return conf


def _certificate(folder: Path) -> None:
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(folder / "key.pem"),
         "-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    server_url, redis_url = _requirements()
    folder = tmp_path_factory.mktemp("nginx")
    database_url, name = _fresh_database(server_url)
    email = "nginx@example.com"
    processes: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        _prepare(database_url, email)
        _certificate(folder)
        app_ports = [free_port(), free_port()]
        env = {
            **os.environ,
            "SLEEPAPP_CONFIG": "production",
            "FLASK_SECRET_KEY": uuid.uuid4().hex * 2,
            "DATABASE_URL": database_url,
            "FLASK_RATELIMIT_STORAGE_URI": redis_url,
            "FLASK_RATELIMIT_KEY_PREFIX": f"nginx-{uuid.uuid4().hex}",
            "FLASK_PROXY_FIX_HOPS": "1",
            "FLASK_AUTH_FAILURES_PER_ADDRESS": "5 per 15 minutes",
            "GUNICORN_WORKERS": "1",
            "GUNICORN_THREADS": "4",
        }
        for port in app_ports:
            log = folder / f"gunicorn-{port}.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "wsgi:app"],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            processes.append((proc, log))
        https_port, http_port = free_port(), free_port()
        (folder / "site.conf").write_text(_site(folder, https_port, http_port, app_ports))
        conf = _nginx_conf(folder)
        check = subprocess.run(
            [NGINX, "-t", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        nginx_log = folder / "nginx.out"
        with nginx_log.open("wb") as out:
            nginx = subprocess.Popen(
                [NGINX, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        processes.append((nginx, folder / "error.log"))
        for port in [*app_ports, http_port]:
            wait_for(
                lambda p=port: answers(p) or any(proc.poll() is not None for proc, _ in processes),
                f"port {port}",
                timeout=60,
            )
        for proc, log in processes:
            assert proc.poll() is None, log.read_text()[-3000:]
        yield Stack(f"https://127.0.0.1:{https_port}", http_port, app_ports, folder / "cert.pem", email)
    finally:
        for proc, _ in processes:
            if proc.poll() is None:
                proc.terminate()
        for proc, _ in processes:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        _drop_database(server_url, name)


def _browser(stack: Stack) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # else REQUESTS_CA_BUNDLE would replace the certificate below
    session.verify = str(stack.cert)
    # Over HTTPS Flask-WTF wants the Referer a browser sends with a form (same origin).
    session.headers["Referer"] = f"{stack.https}/login"
    return session


def _csrf(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def _log_in(stack: Stack) -> tuple[requests.Session, requests.Response]:
    browser = _browser(stack)
    token = _csrf(browser.get(f"{stack.https}/login").text)
    answer = browser.post(
        f"{stack.https}/login",
        data={"csrf_token": token, "email": stack.email, "password": PASSWORD},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[answer.text.find("<main") :][:800]
    return browser, answer


def test_cookies_are_secure_and_hsts_is_sent_over_https(stack: Stack) -> None:
    _, answer = _log_in(stack)
    cookies = answer.raw.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies), cookies
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert answer.raw.headers.getlist("Strict-Transport-Security") == [
        answer.headers["Strict-Transport-Security"]
    ]  # once, not once from nginx and once from the app


def test_plain_http_is_sent_to_https(stack: Stack) -> None:
    answer = requests.get(f"http://127.0.0.1:{stack.http_port}/diary", allow_redirects=False, timeout=30)
    assert answer.status_code == 301
    assert answer.headers["Location"].startswith("https://")


def test_a_session_started_on_one_instance_works_on_the_other(stack: Stack) -> None:
    browser, _ = _log_in(stack)
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    for port in stack.app_ports:  # straight to each instance, as nginx would forward it
        direct = requests.get(
            f"http://127.0.0.1:{port}/diary",
            headers={"Cookie": cookie, "X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"},
            allow_redirects=False,
            timeout=30,
        )
        assert direct.status_code == 200, (port, direct.status_code, direct.headers.get("Location"))
    # And through nginx, which spreads requests over both.
    assert {browser.get(f"{stack.https}/diary", allow_redirects=False).status_code for _ in range(6)} == {200}


def test_static_files_come_from_nginx_with_long_caching_for_fingerprinted_urls(stack: Stack) -> None:
    browser, _ = _log_in(stack)
    page = browser.get(f"{stack.https}/diary").text
    match = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', page)
    assert match, "the page links a fingerprinted stylesheet"
    css = browser.get(f"{stack.https}{match.group(1)}")
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert "max-age=31536000" in css.headers["Cache-Control"]
    assert "X-Request-ID" not in css.headers  # the app never saw it: nginx served the file
    assert css.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = browser.get(f"{stack.https}/static/css/app.css")
    assert "max-age=3600" in plain.headers["Cache-Control"]


def test_one_request_id_in_the_response_and_the_apps_access_line(stack: Stack) -> None:
    answer = _browser(stack).get(f"{stack.https}/healthz")
    rid = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)  # nginx's $request_id, kept by the app
    logs = [stack.cert.parent / f"gunicorn-{port}.log" for port in stack.app_ports]
    wait_for(lambda: any(f"id={rid}" in log.read_text() for log in logs), "the access line")


# Last: it spends this address's log-in budget, which the tests above need.
def test_log_in_limits_are_shared_and_a_made_up_forwarded_for_cannot_dodge_them(stack: Stack) -> None:
    browser = _browser(stack)
    token = _csrf(browser.get(f"{stack.https}/login").text)
    statuses = []
    for attempt in range(7):
        answer = browser.post(
            f"{stack.https}/login",
            data={"csrf_token": token, "email": f"guess{attempt}@example.com", "password": "wrong wrong"},
            # A new made-up address each time: nginx replaces it with the real one.
            headers={"X-Forwarded-For": f"10.0.{attempt}.{attempt + 1}"},
            allow_redirects=False,
        )
        statuses.append(answer.status_code)
    # Five failures allowed per address (FLASK_AUTH_FAILURES_PER_ADDRESS), whichever of the two
    # instances nginx chose for each: the count lives in the one Redis.
    assert statuses[:5] == [200] * 5, statuses
    assert statuses[5:] == [429, 429], statuses
    # The API's token endpoint shares the budget, whatever address the client claims.
    api = browser.post(
        f"{stack.https}/api/v1/tokens",
        json={"email": "guess@example.com", "password": "wrong wrong"},
        headers={"X-Forwarded-For": "10.9.9.9"},
    )
    assert api.status_code == 429
    # What counts is the address nginx forwards: another client (as nginx would name it to
    # an instance) still has its own budget.
    other = requests.post(
        f"http://127.0.0.1:{stack.app_ports[1]}/api/v1/tokens",
        json={"email": "guess@example.com", "password": "wrong wrong"},
        headers={"X-Forwarded-For": "192.0.2.7", "X-Forwarded-Proto": "https"},
        timeout=30,
    )
    assert other.status_code == 401, other.text
