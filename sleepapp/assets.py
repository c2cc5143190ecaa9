"""Fingerprinted static URLs: every `url_for("static", ...)` gets `?v=<content hash>`, so a
proxy may let browsers keep static files for a year (deploy/nginx-sleepapp.conf) and a
changed file is fetched at once under its new URL (docs/design.md §6.10)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask


@lru_cache(maxsize=512)
def _fingerprint(path: Path, mtime_ns: int) -> str:
    """The first 12 hex digits of the file's sha256; cached per (file, modification time),
    so an edited file gets a new fingerprint without a restart."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def register(app: Flask) -> None:
    folder = Path(app.static_folder or "")

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint != "static" or "v" in values:
            return
        filename = values.get("filename")
        if not isinstance(filename, str):
            return
        path = (folder / filename).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            return  # not ours to fingerprint; Flask answers 404 for it as before
        values["v"] = _fingerprint(path, path.stat().st_mtime_ns)
