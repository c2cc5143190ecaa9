"""Copy a whole server's database (the embedded SQLite one, usually) into an empty, migrated
PostgreSQL database, verified row by row before it commits: `flask transfer` (docs/design.md
§6.11). No Flask and no models here: the tables, their types and their order come from the
migrated target's own schema, so every table the migrations create is copied."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa

Echo = Callable[[str], None]

# Alembic's own table: the target is migrated by Alembic, never copied into.
VERSION_TABLE = "alembic_version"
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout runs out


class TransferError(Exception):
    """A reason not to copy, or not to commit what was copied; the target is left as it was."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    digest: str  # sha256 of the canonical rows, the same on both sides


@dataclass
class TransferReport:
    revision: str
    tables: list[TableCopy] = field(default_factory=list)
    discarded: dict[str, int] = field(default_factory=dict)  # --force: rows the target held
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def transfer(
    source_url: str,
    target_url: str,
    *,
    force: bool = False,
    batch_size: int = 1000,
    progress_every: int = 10_000,
    lock_timeout: float = 10.0,
    echo: Echo = print,
) -> TransferReport:
    """Copy every table from the source to the target in one transaction on the target, in
    the order their foreign keys need, keeping ids, and commit only when each table's row
    count and checksum read back from the target equal the source's. Raises TransferError,
    leaving the target untouched."""
    started = time.monotonic()
    source = _parse_url(source_url, "source")
    target = _parse_url(target_url, "target")
    if target.get_backend_name() != "postgresql":
        raise TransferError(
            f"The target must be a PostgreSQL database (postgresql://...), not {_shown(target)}."
        )
    if source.render_as_string(hide_password=False) == target.render_as_string(hide_password=False):
        raise TransferError("The source and the target are the same database.")
    if source.get_backend_name() == "sqlite":
        path = source.database or ""
        if path in ("", ":memory:") or not Path(path).is_file():
            raise TransferError(f"The source database file {path or '(in memory)'} does not exist.")

    with _source_snapshot(source) as src, _target_transaction(target) as dst:
        revision = _check_revisions(src, dst, source, target)
        tables = _schema(dst)
        _check_same_tables(src, tables)
        report = TransferReport(revision=revision)
        _lock(dst, tables, lock_timeout)
        held = {name: count for name, count in _row_counts(dst, tables).items() if count}
        if held and not force:
            listed = ", ".join(f"{name} ({count})" for name, count in held.items())
            raise TransferError(
                f"The target {_shown(target)} already holds data: {listed}. Transfer only into an "
                "empty database; --force replaces what it holds."
            )
        if held:
            echo(f"--force: discarding {sum(held.values())} rows the target holds ({', '.join(held)}).")
            names = ", ".join(dst.dialect.identifier_preparer.format_table(t) for t in tables)
            dst.execute(sa.text(f"TRUNCATE {names}"))
            report.discarded = held
        echo(f"Copying {len(tables)} tables at revision {revision} to {_shown(target)}.")
        for table in tables:
            report.tables.append(_copy_table(src, dst, table, batch_size, progress_every, echo))
        _reset_sequences(src, dst, tables)
    report.seconds = time.monotonic() - started  # the commit included
    return report


# -- Opening both ends ---------------------------------------------------------------------


def _parse_url(url: str, role: str) -> sa.URL:
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        # Not echoed: a URL that does not parse may still hold a password.
        raise TransferError(f"The {role} is not a database URL (postgresql://USER@HOST/NAME).") from None
    if parsed.drivername == "postgres":  # the Heroku-style scheme, as config.py accepts it
        parsed = parsed.set(drivername="postgresql")
    return parsed


def _shown(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def _connect(engine: sa.Engine, url: sa.URL, role: str) -> sa.Connection:
    try:
        return engine.connect()
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise TransferError(f"Cannot reach the {role} database {_shown(url)}: {reason}") from None
    except sa.exc.NoSuchModuleError:
        raise TransferError(f"No driver for the {role} database {_shown(url)}.") from None


@contextmanager
def _source_snapshot(url: sa.URL) -> Iterator[sa.Connection]:
    """A read-only view of the source that does not move while it is copied: one SQLite read
    transaction (under WAL, writers carry on but are not seen), or REPEATABLE READ elsewhere."""
    sqlite = url.get_backend_name() == "sqlite"
    # pysqlite starts transactions only before writes; in autocommit mode our BEGIN is real.
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT" if sqlite else "REPEATABLE READ")
    try:
        with _connect(engine, url, "source") as conn:
            if sqlite:
                conn.exec_driver_sql("BEGIN")
                try:
                    yield conn
                finally:
                    conn.exec_driver_sql("ROLLBACK")
            else:
                with conn.begin() as trans:
                    yield conn
                    trans.rollback()
    finally:
        engine.dispose()


@contextmanager
def _target_transaction(url: sa.URL) -> Iterator[sa.Connection]:
    """The one transaction on the target: committed when the block ends normally, rolled back
    (nothing written) on any error."""
    engine = sa.create_engine(url)
    try:
        with _connect(engine, url, "target") as conn:
            try:
                with conn.begin():
                    yield conn
            except sa.exc.DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
                    raise TransferError(
                        "The target is in use (another connection holds its tables): stop the app "
                        "on it and try again."
                    ) from None
                reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                raise TransferError(f"The copy failed and nothing was written: {reason}") from None
    finally:
        engine.dispose()


# -- Checks before copying -----------------------------------------------------------------


def _revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table(VERSION_TABLE):
        return None
    versions = sa.table(VERSION_TABLE, sa.column("version_num", sa.String))
    heads = conn.execute(sa.select(versions.c.version_num)).scalars().all()
    return ",".join(sorted(heads)) or None


def _check_revisions(src: sa.Connection, dst: sa.Connection, source: sa.URL, target: sa.URL) -> str:
    ours, theirs = _revision(src), _revision(dst)
    if ours is None:
        raise TransferError(f"The source {_shown(source)} is not migrated (no Alembic revision).")
    if theirs is None:
        raise TransferError(
            f"The target {_shown(target)} is not migrated: run `flask --app wsgi db upgrade` with "
            "DATABASE_URL set to it first."
        )
    if ours != theirs:
        raise TransferError(
            f"The target is at revision {theirs} but the source at {ours}: migrate both to the same "
            "revision (`flask --app wsgi db upgrade` on each) first."
        )
    return ours


def _schema(dst: sa.Connection) -> list[sa.Table]:
    """The target's tables as PostgreSQL describes them (exact types: timestamptz, boolean,
    bytea), parents before children."""
    schema = sa.MetaData()
    schema.reflect(bind=dst)
    schema.remove(schema.tables[VERSION_TABLE])
    return list(schema.sorted_tables)


def _check_same_tables(src: sa.Connection, tables: Sequence[sa.Table]) -> None:
    """The source holds the same tables and columns: a table or column only the source has
    would be left behind, one only the target has means the schemas differ despite the
    revision."""
    inspector = sa.inspect(src)
    present = set(inspector.get_table_names()) - {VERSION_TABLE, "sqlite_sequence", "sqlite_stat1"}
    known = {table.name for table in tables}
    if only_source := sorted(present - known):
        raise TransferError(f"Tables in the source but not in the target: {', '.join(only_source)}.")
    if only_target := sorted(known - present):
        raise TransferError(f"Tables in the target but not in the source: {', '.join(only_target)}.")
    for table in tables:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        if columns != set(table.columns.keys()):
            differ = sorted(columns ^ set(table.columns.keys()))
            raise TransferError(f"{table.name}: the source and target columns differ ({', '.join(differ)}).")


def _lock(dst: sa.Connection, tables: Sequence[sa.Table], timeout: float) -> None:
    """Nobody writes to the target between the emptiness check and the commit; a writer that
    is already there makes the transfer give up after `timeout` seconds."""
    names = ", ".join(dst.dialect.identifier_preparer.format_table(t) for t in tables)
    dst.execute(sa.text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{int(timeout * 1000)}ms"})
    dst.execute(sa.text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))


def _row_counts(conn: sa.Connection, tables: Iterable[sa.Table]) -> dict[str, int]:
    return {
        table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in tables
    }


# -- Copying and checking one table --------------------------------------------------------


def _copy_table(
    src: sa.Connection,
    dst: sa.Connection,
    table: sa.Table,
    batch_size: int,
    progress_every: int,
    echo: Echo,
) -> TableCopy:
    total = src.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    columns = list(table.columns)
    keys = [column.key for column in columns]
    aware = {c.key for c in columns if isinstance(c.type, sa.DateTime) and c.type.timezone}
    # A row may point at a later row of its own table (sleep_windows.reviewed_window_id):
    # such columns go in empty and are filled in once every row of the table is there.
    later = [c.key for c in columns if c.nullable and any(fk.column.table is table for fk in c.foreign_keys)]
    primary = [c.key for c in table.primary_key.columns]
    pending: list[dict[str, Any]] = []

    insert = _inserter(dst, table)
    digest = TableDigest(table.name, keys)
    copied = 0
    source_rows = src.execute(_ordered(table, src).execution_options(yield_per=batch_size))
    for chunk in source_rows.partitions():
        batch = []
        for row in chunk:
            digest.add(row)
            values = dict(zip(keys, row, strict=True))
            for key in aware:  # SQLite gives back the UTC wall time without its zone
                moment = values[key]
                if isinstance(moment, datetime) and moment.tzinfo is None:
                    values[key] = moment.replace(tzinfo=UTC)
            if later and any(values[key] is not None for key in later):
                pending.append(
                    {**{f"_k_{k}": values[k] for k in primary}, **{f"_v_{k}": values[k] for k in later}}
                )
                values.update({key: None for key in later})
            batch.append(values)
        insert(batch)
        before, copied = copied, copied + len(batch)
        if copied // progress_every > before // progress_every and copied < total:
            echo(f"  {table.name}: {copied:,} of {total:,} rows")
    if pending:
        where = sa.and_(*(table.c[k] == sa.bindparam(f"_k_{k}") for k in primary))
        values = {k: sa.bindparam(f"_v_{k}") for k in later}
        dst.execute(table.update().where(where).values(values), pending)

    expected = digest.hexdigest()
    check = TableDigest(table.name, keys)
    for row in dst.execute(_ordered(table, dst).execution_options(yield_per=batch_size)):
        check.add(row)
    if check.rows != digest.rows:
        raise TransferError(
            f"{table.name}: {digest.rows} rows read from the source but {check.rows} in the target; "
            "nothing was written."
        )
    if check.hexdigest() != expected:
        raise TransferError(
            f"{table.name}: the rows read back from the target differ from the source's (checksum); "
            "nothing was written."
        )
    echo(f"  {table.name}: {copied:,} rows, checksum {expected[:12]} matches")
    return TableCopy(table.name, copied, expected)


def _inserter(dst: sa.Connection, table: sa.Table) -> Callable[[list[dict[str, Any]]], None]:
    """A function that writes a batch of rows: PostgreSQL's COPY through psycopg (one
    statement per batch, about ten times faster than an INSERT per row), else executemany.
    Values go through each column type's own conversion first, as an INSERT would send them."""
    raw = dst.connection.driver_connection
    if dst.dialect.driver != "psycopg" or raw is None:

        def insert_rows(batch: list[dict[str, Any]]) -> None:
            dst.execute(table.insert(), batch)

        return insert_rows
    preparer = dst.dialect.identifier_preparer
    columns = list(table.columns)
    names = ", ".join(preparer.quote(column.name) for column in columns)
    statement = f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
    convert = [(column.key, column.type.bind_processor(dst.dialect)) for column in columns]

    def copy_rows(batch: list[dict[str, Any]]) -> None:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for values in batch:
                copy.write_row([step(values[key]) if step else values[key] for key, step in convert])

    return copy_rows


def _ordered(table: sa.Table, conn: sa.Connection) -> sa.Select[Any]:
    """All rows by primary key, in the same order on both sides: text keys compare byte by
    byte (SQLite's BINARY collation, PostgreSQL's "C"), whatever the server's locale."""
    order: list[sa.ColumnElement[Any]] = []
    for column in table.primary_key.columns or table.columns:
        if conn.dialect.name == "postgresql" and isinstance(column.type, sa.String):
            order.append(column.collate("C"))
        else:
            order.append(column)
    return sa.select(table).order_by(*order)


def _reset_sequences(src: sa.Connection, dst: sa.Connection, tables: Iterable[sa.Table]) -> None:
    """The next insert gets a fresh id: above the largest copied, and above any id SQLite's
    AUTOINCREMENT (or the source's sequence) has handed out before, so a deleted account's
    id is never given again (docs/design.md §8.2)."""
    for table in tables:
        for column in table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            sequence = _sequence(dst, table, column)
            if sequence is None:
                continue
            largest = dst.execute(sa.select(sa.func.max(column))).scalar() or 0
            used = max(largest, _high_water(src, table, column))
            dst.execute(
                sa.text("SELECT setval(CAST(:seq AS regclass), :next, false)"),
                {"seq": sequence, "next": used + 1},
            )


def _sequence(conn: sa.Connection, table: sa.Table, column: sa.Column[Any]) -> str | None:
    name = conn.dialect.identifier_preparer.format_table(table)
    return conn.execute(
        sa.text("SELECT pg_get_serial_sequence(:table, :column)"), {"table": name, "column": column.name}
    ).scalar()


def _high_water(conn: sa.Connection, table: sa.Table, column: sa.Column[Any]) -> int:
    """The largest id the source has ever handed out for this column, as far as it records."""
    if conn.dialect.name == "sqlite":
        if not sa.inspect(conn).has_table("sqlite_sequence"):
            return 0
        seq = conn.execute(
            sa.text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table.name}
        ).scalar()
        return int(seq or 0)
    if conn.dialect.name == "postgresql":
        sequence = _sequence(conn, table, column)
        if sequence is None:
            return 0
        last = conn.execute(
            sa.text("SELECT pg_sequence_last_value(CAST(:seq AS regclass))"), {"seq": sequence}
        ).scalar()
        return int(last or 0)  # NULL: the sequence has handed out nothing yet
    return 0


# -- The checksum --------------------------------------------------------------------------


class TableDigest:
    """sha256 over one line of canonical JSON per row, in primary-key order, preceded by the
    table's name and columns. Canonical means the same on SQLite and PostgreSQL: instants in
    UTC (a naive one is taken as UTC, as SQLite returns them), booleans as JSON booleans,
    bytes as hexadecimal, decimals without trailing zeros."""

    def __init__(self, table: str, columns: Sequence[str]) -> None:
        self._hash = hashlib.sha256()
        self._hash.update(json.dumps([table, list(columns)]).encode() + b"\n")
        self.rows = 0

    def add(self, row: Sequence[Any]) -> None:
        values = [value if type(value) in _AS_IS else canonical(value) for value in row]
        line = json.dumps(values, ensure_ascii=False, sort_keys=True)
        self._hash.update(line.encode() + b"\n")
        self.rows += 1

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


_AS_IS = frozenset({int, str, bool, type(None)})  # JSON spells these one way already


def canonical(value: Any) -> Any:
    """A JSON value standing for `value` that reads the same whichever database gave it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return ["float", repr(value)]  # repr round-trips; NaN and infinities stay distinct
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return ["datetime", moment.isoformat()]
    if isinstance(value, date | clock_time):
        return [type(value).__name__, value.isoformat()]
    if isinstance(value, bytes | bytearray | memoryview):
        return ["bytes", bytes(value).hex()]
    if isinstance(value, Decimal):
        return ["decimal", format(value.normalize(), "f")]
    if isinstance(value, timedelta):
        return ["interval", value.total_seconds()]
    if isinstance(value, Enum):
        return ["enum", value.name]
    if isinstance(value, uuid.UUID):
        return ["uuid", str(value)]
    if isinstance(value, dict):
        return {str(key): canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(item) for item in value]
    return [type(value).__name__, str(value)]
