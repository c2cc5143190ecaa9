"""The form base every page form shares: one way to put a service's field errors onto the
form (FlaskBB's populate_errors), so no view repeats the loop."""

from __future__ import annotations

from collections.abc import Mapping

from flask_wtf import FlaskForm


class Form(FlaskForm):
    def populate_errors(self, fields: Mapping[str, str], fallback: str | None = None) -> None:
        """Show each message under its field; a name the form lacks goes to `fallback` when
        given (else it is dropped: the summary already carries the service's message)."""
        for name, message in fields.items():
            field = self._fields.get(name) or (self._fields.get(fallback) if fallback else None)
            if field is not None and message not in field.errors:
                field.errors = [*field.errors, message]
