"""Browser tests: a real gunicorn server on 127.0.0.1 (production config over plain HTTP,
migrated SQLite database) driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.pages import CHROMIUM, ROOT, SCREENSHOT_DIR_ENV, LiveServer, free_port, register


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db_path = tmp_path_factory.mktemp("live") / "live.db"
    port = free_port()
    env = {
        **os.environ,
        "SLEEPAPP_CONFIG": "production",
        "FLASK_SECRET_KEY": uuid.uuid4().hex * 2,
        "FLASK_SESSION_COOKIE_SECURE": "false",
        "FLASK_REMEMBER_COOKIE_SECURE": "false",
        # One browser run registers more accounts from 127.0.0.1 than a person may in an hour
        # (20 per address): the limit itself is tested in tests/auth, not here.
        "FLASK_AUTH_REGISTRATIONS_PER_ADDRESS": "1000 per hour",
        "DATABASE_URL": f"sqlite:///{db_path}",
    }
    env.pop("FLASK_SQLALCHEMY_DATABASE_URI", None)
    server = LiveServer(url=f"http://127.0.0.1:{port}", env=env)
    server.flask("db", "upgrade")
    log_path = db_path.with_name("gunicorn.log")
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wsgi:app",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(server.url + "/readyz", timeout=1) as resp:  # noqa: S310 (our own server)
                if resp.status == 200:
                    break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                proc.wait()
                log.close()
                raise RuntimeError("gunicorn did not start: " + log_path.read_text()[-2000:])
            time.sleep(0.2)
    yield server
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:  # type: ignore[type-arg]
    # A fixed locale: people registered in these browsers read a 24-hour clock whatever the
    # machine's LANG (registration takes the browser's clock, docs/design.md §2.10).
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for browser tests: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def new_email() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}@example.com"


@pytest.fixture
def registered(page: Page, new_email: str) -> str:
    """A new account, registered and logged in through the browser; returns its email."""
    register(page, new_email)
    return new_email


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshot() writes: the folder named by $SLEEPAPP_SCREENSHOT_DIR (docs/screenshots
    refreshes the README's pictures), else a temporary folder, so that an ordinary test run
    still renders every screenshot but leaves the tracked pictures alone."""
    configured = os.environ.get(SCREENSHOT_DIR_ENV)
    if configured:
        folder = Path(configured).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")
