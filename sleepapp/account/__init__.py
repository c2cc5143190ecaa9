"""The account page: settings, password, where the person is logged in, API tokens, their
data (export, report) and deleting the account."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from . import importing, views  # noqa: E402,F401
