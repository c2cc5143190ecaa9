"""Forms both rooms use. Rules (day limits, the screen, enough nights) live in the services."""

from __future__ import annotations

from flask_wtf import FlaskForm


class PostForm(FlaskForm):
    """Only the CSRF token: archive, restore and review are plain POST buttons."""
