"""flask sub-commands for deployers: backup, create-user, invite, reset-password, seed-demo,
send-reminders, transfer."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from .errors import Conflict, ValidationFailed


@click.command("create-user")
@click.argument("email")
@click.option("--timezone", default=None, help="IANA time zone, e.g. Europe/London (default: the app's).")
@click.password_option(prompt="Password", confirmation_prompt=True)
def create_user(email: str, timezone: str | None, password: str) -> None:
    """Create an account for EMAIL (prompts for the password)."""
    from .auth.service import register_user

    try:
        user = register_user(email, password, timezone)
    except ValidationFailed as exc:
        for name, message in exc.fields.items():
            click.echo(f"{name}: {message}", err=True)
        raise SystemExit(2)
    except Conflict as exc:
        click.echo(exc.message, err=True)
        raise SystemExit(2)
    click.echo(f"Created {user.email} (time zone {user.timezone}).")


@click.command("seed-demo")
@click.option("--email", default="demo@example.com", show_default=True)
@click.option("--password", required=True, help="Password for the demo account (new or existing).")
@click.option("--nights", default=28, show_default=True, type=click.IntRange(1, 20000))
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed (same seed, same data).")
@click.option("--timezone", default="Europe/London", show_default=True)
@click.option("--end", default=None, help="Last morning (YYYY-MM-DD); default: today in the time zone.")
@click.option(
    "--programme/--no-programme", default=True, help="Also fill in habits, ticks and sleep windows."
)
@click.option(
    "--course", is_flag=True, help="Also put the person in week 6 of the course (at least 43 nights)."
)
def seed_demo(
    email: str,
    password: str,
    nights: int,
    seed: int,
    timezone: str,
    end: str | None,
    programme: bool,
    course: bool = False,
) -> None:
    """Create (or refill) a demo account with NIGHTS synthetic diary nights and a programme."""
    from datetime import date

    from .auth.passwords import verify_password
    from .auth.service import find_user_by_email, register_user
    from .clock import today_in
    from .diary.demo import seed_nights
    from .program.demo import seed_programme

    user = find_user_by_email(email)
    try:
        if user is None:
            user = register_user(email, password, timezone)
        elif not verify_password(user.password_hash, password):
            raise click.ClickException(f"{email} exists with a different password; not touching it.")
    except ValidationFailed as exc:
        raise click.ClickException("; ".join(f"{k}: {v}" for k, v in exc.fields.items())) from None
    last = date.fromisoformat(end) if end else today_in(user.zone)
    if course:
        from .program.course.demo import COURSE_DAYS

        nights = max(nights, COURSE_DAYS)
    count = seed_nights(user, nights, last, seed)
    click.echo(f"Seeded {count} nights for {user.email} ending {last.isoformat()} (seed {seed}).")
    if programme:
        ticks = seed_programme(user, last, seed)
        click.echo(f"Seeded the programme: habits, {ticks} ticks and sleep windows.")
    if course:
        from .program.course.demo import seed_course

        seed_course(user, last)
        click.echo("Seeded the course: week 6 of 6, with worries and a thought record.")


@click.command("reset-password")
@click.argument("email")
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    envvar="SLEEPAPP_BASE_URL",
    help="The address people open the app at (env SLEEPAPP_BASE_URL).",
)
def reset_password(email: str, base_url: str) -> None:
    """Print a single-use link (30 minutes) that lets EMAIL choose a new password."""
    from flask import current_app

    from .auth.resets import create_reset, reset_url
    from .auth.service import find_user_by_email

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    with current_app.test_request_context(base_url=base_url):
        url = reset_url(create_reset(user))
    click.echo(f"Give this link to {user.email} by a channel you trust; it works once, for 30 minutes:")
    click.echo(url)


@click.command("invite")
@click.option("--expires", default="7d", show_default=True, help="How long the code works: 7d, 12h, 30m.")
def invite(expires: str) -> None:
    """Print a single-use invitation code (for FLASK_REGISTRATION="invite")."""
    from .auth.invites import create_invite, parse_duration

    try:
        valid_for = parse_duration(expires)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--expires") from None
    code = create_invite(valid_for)
    click.echo(f"Invitation code (single use, works for {expires}): {code}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Copy the embedded SQLite database to PATH (a new file) while the app runs."""
    from .backup import BackupError, backup_sqlite, sqlite_path
    from .extensions import db

    try:
        pages = backup_sqlite(sqlite_path(str(db.engine.url)), path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backed up {pages} pages to {path} (integrity check: ok).")


@click.command("transfer")
@click.option("--to", "target", required=True, metavar="URL", help="An empty, migrated PostgreSQL database.")
@click.option("--from", "source", default=None, metavar="URL", help="Default: this app's database.")
@click.option("--force", is_flag=True, help="Replace the rows the target holds (same revision needed).")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--progress-every", default=10_000, show_default=True, type=click.IntRange(1))
def transfer(target: str, source: str | None, force: bool, batch_size: int, progress_every: int) -> None:
    """Copy every table into an empty PostgreSQL database in one checked transaction."""
    from flask import current_app

    from .transfer import TransferError
    from .transfer import transfer as copy_database

    try:
        report = copy_database(
            source or current_app.config["SQLALCHEMY_DATABASE_URI"],
            target,
            force=force,
            batch_size=batch_size,
            progress_every=progress_every,
            echo=click.echo,
        )
    except TransferError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(
        f"Transferred {report.rows:,} rows in {len(report.tables)} tables in {report.seconds:.1f} s "
        f"(revision {report.revision}); counts and checksums match. Point DATABASE_URL at the target."
    )


@click.command("send-reminders")
@click.option("--now", default=None, help="Pretend it is this moment (ISO 8601 with offset); default: now.")
def send_reminders(now: str | None) -> None:
    """Send the reminder notifications due now; safe to run every few minutes, anywhere."""
    from datetime import datetime

    from .reminders.push import send_due

    moment = None
    if now:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError:
            message = "use ISO 8601, e.g. 2026-03-29T07:00+01:00"
            raise click.BadParameter(message, param_hint="--now") from None
        if moment.tzinfo is None:
            raise click.BadParameter("give the offset too, e.g. +00:00", param_hint="--now")
    click.echo(send_due(moment).summary())


def register_cli(app: Flask) -> None:
    app.cli.add_command(backup)
    app.cli.add_command(create_user)
    app.cli.add_command(invite)
    app.cli.add_command(reset_password)
    app.cli.add_command(seed_demo)
    app.cli.add_command(send_reminders)
    app.cli.add_command(transfer)
