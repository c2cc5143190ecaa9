"""Accounts: registration, log-in records and logout (pages), password changes, API tokens."""

from flask import Blueprint

from ..extensions import login_manager
from .logins import load_login

bp = Blueprint("auth", __name__)
login_manager.user_loader(load_login)

from . import views  # noqa: E402,F401
