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


def register_cli(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(__import__("sleepapp.diary.demo", fromlist=["seed_demo"]).seed_demo)  # diary slice
