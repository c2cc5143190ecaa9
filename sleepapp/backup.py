"""A consistent copy of the embedded SQLite database while the app runs (docs/design.md §6.8).

SQLite's online backup API copies the database inside one read transaction (the app runs it
in WAL mode, where a reader never blocks writers and writers never block it), so the copy is
one moment of the database: every night acknowledged before the backup began is in it, and
no half-written one. Copying in steps instead would restart whenever a writer commits, and
under steady writes might never finish. PostgreSQL has its own tools (pg_dump and
pg_restore, README "Backups"), so this module refuses it rather than doing worse.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The backup could not be made; the message says why, for the person running it."""


def sqlite_path(database_url: str) -> Path:
    """The file behind an SQLite URL; BackupError for any other database or an in-memory one."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            f"flask backup copies the embedded SQLite database; this app uses "
            f"{url.get_backend_name()}. Use pg_dump -Fc (README, Backups)."
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory: there is no file to back up.")
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy the SQLite database `source` into the new file `target` and check the copy.

    Returns the copy's page count. Refuses to overwrite an existing file; the copy is written
    beside the target under a temporary name and renamed into place only once checked, so a
    failed backup never leaves a file that looks like a good one."""
    if not source.is_file():
        raise BackupError(f"No database file at {source}.")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"No folder {target.parent} to write the backup into.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)

    # Opened read-write (it only reads): a read-only open of a WAL database fails when its
    # shared-memory file is missing.
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # pages=-1: every page in one step, one snapshot
            # WAL mode on the live file is a property of that file; the copy is a plain
            # single-file database that any SQLite opens.
            dst.execute("PRAGMA journal_mode=DELETE")
            problems = [row[0] for row in dst.execute("PRAGMA integrity_check")]
            pages = int(dst.execute("PRAGMA page_count").fetchone()[0])
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"The backup failed: {exc}.") from exc
    finally:
        src.close()
    if problems != ["ok"]:
        partial.unlink(missing_ok=True)
        raise BackupError("The copy failed its integrity check: " + "; ".join(problems[:5]))
    os.replace(partial, target)
    return pages
