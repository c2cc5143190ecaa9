"""A test-only WSGI app for tests/test_gunicorn.py: each request leaves a marker file in
$SLOW_APP_DIR when it starts, then waits until the test creates `release` there (at most
20 s), then answers 200. So the test knows when requests are in progress and decides when
they finish."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

WAIT_AT_MOST_S = 20.0


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    folder = Path(os.environ["SLOW_APP_DIR"])
    (folder / f"started-{uuid.uuid4().hex}").touch()
    deadline = time.monotonic() + WAIT_AT_MOST_S
    while not (folder / "release").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"done\n"]
