"""The shipped gunicorn.conf.py: a SIGTERM (a deploy, a restart) lets every request already
accepted finish, instead of dropping the ones a sync worker had not reached yet."""

from __future__ import annotations

import http.client
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"
REQUESTS = 8


def load_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_GRACEFUL_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("shipped_gunicorn_conf", CONFIG)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_config_defaults(monkeypatch):
    conf = load_config(monkeypatch)
    assert conf.worker_class == "gthread"
    assert conf.threads == 4
    assert conf.graceful_timeout == 30
    assert 2 <= conf.workers <= 4
    assert conf.workers == min(2 * len(os.sched_getaffinity(0)), 4)
    assert conf.control_socket_disable is True
    assert conf.bind == os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")


def test_config_from_environment(monkeypatch):
    conf = load_config(
        monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="6", GUNICORN_GRACEFUL_TIMEOUT="45"
    )
    assert (conf.workers, conf.threads, conf.graceful_timeout) == (3, 6, 45)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def start_gunicorn(app: str, env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn with the shipped config serving `app` on 127.0.0.1:`port`, once it listens."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), app],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_for(lambda: answers(port) or proc.poll() is not None, "gunicorn to listen")
    assert proc.poll() is None, log.read_text()
    return proc


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path, Path]]:
    """gunicorn with the shipped config serving tests/slow_app.py on 127.0.0.1.

    Two workers of eight threads each: whichever worker accepts them, all eight requests
    can be in progress at once (gthread workers accept more connections than threads)."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "8",
        "SLOW_APP_DIR": str(tmp_path),
    }
    proc = start_gunicorn("tests.slow_app:app", env, port, log)
    try:
        yield proc, port, tmp_path, log
    finally:
        (tmp_path / "release").touch()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def get(port: int) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", "/")
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_sigterm_lets_requests_in_progress_finish(gunicorn):
    proc, port, folder, log = gunicorn

    def started() -> int:
        return len(list(folder.glob("started-*")))

    with ThreadPoolExecutor(REQUESTS) as pool:
        try:
            results = [pool.submit(get, port) for _ in range(REQUESTS)]
            wait_for(lambda: started() == REQUESTS, f"{REQUESTS} requests in progress")
            proc.send_signal(signal.SIGTERM)
            wait_for(lambda: "Handling signal: term" in log.read_text(), "gunicorn to begin stopping")
            assert all(not r.done() for r in results)  # still waiting while gunicorn stops
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{log.read_text()[-2000:]}") from None
        finally:
            (folder / "release").touch()  # let the requests end, also when the test failed
        answered = [r.result(timeout=60) for r in results]
    assert answered == [(200, b"done\n")] * REQUESTS
    assert proc.wait(timeout=60) == 0, log.read_text()
    assert started() == REQUESTS


class _FakeServer:
    def __init__(self, workers: int) -> None:
        self.cfg = type("Cfg", (), {"workers": workers})()
        self.warnings: list[str] = []
        self.log = self

    def warning(self, message: str, *args: object) -> None:
        self.warnings.append(message % args)


@pytest.mark.parametrize(
    ("env", "workers", "warned"),
    [
        ({}, 2, True),
        ({"FLASK_RATELIMIT_STORAGE_URI": '"memory://"'}, 4, True),
        ({"FLASK_RATELIMIT_STORAGE_URI": '"redis://127.0.0.1:6379/0"'}, 4, False),
        ({}, 1, False),
        ({"SLEEPAPP_CONFIG": "development"}, 2, False),
    ],
)
def test_warns_at_start_when_limits_are_per_worker(monkeypatch, env, workers, warned):
    for name in ("FLASK_RATELIMIT_STORAGE_URI", "SLEEPAPP_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    conf = load_config(monkeypatch, **env)
    server = _FakeServer(workers)
    conf.on_starting(server)
    assert bool(server.warnings) is warned
    if warned:
        assert (
            "FLASK_RATELIMIT_STORAGE_URI" in server.warnings[0] and f"{workers} workers" in server.warnings[0]
        )
