"""flask sub-commands for deployers: create-user (and the slices' own, registered below)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from .errors import Conflict, ValidationFailed


@click.command("create-user")
@click.argument("email")
@click.option("--timezone", default=None, help="IANA time zone, e.g. Europe/London (default: the app's).")
@click.password_option(prompt="Password", confirmation_prompt=True)
@with_appcontext
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
@with_appcontext
def seed_demo(
    email: str, password: str, nights: int, seed: int, timezone: str, end: str | None, programme: bool
) -> None:
    """Create (or refill) a demo account with NIGHTS synthetic diary nights and a programme."""
    from datetime import date, datetime

    from .auth.passwords import verify_password
    from .auth.service import find_user_by_email, register_user
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
    last = date.fromisoformat(end) if end else datetime.now(user.zone).date()
    count = seed_nights(user, nights, last, seed)
    click.echo(f"Seeded {count} nights for {user.email} ending {last.isoformat()} (seed {seed}).")
    if programme:
        ticks = seed_programme(user, last, seed)
        click.echo(f"Seeded the programme: habits, {ticks} ticks and sleep windows.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
