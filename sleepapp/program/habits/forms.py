"""Habit forms: ticking a habit on a day, and choosing habits (with one's own)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .catalogue import HABITS
from .models import NAME_MAX, NOTE_MAX


class TickForm(FlaskForm):
    """One tap: mark a habit done (or undone) on a day. The values come from the page."""

    habit_id = HiddenField()
    day = HiddenField()
    done = HiddenField()


class ChooseHabitsForm(FlaskForm):
    """The whole habits page in one post: the built-in choices and, optionally, one own
    habit, so adding a habit never drops choices that were ticked but not yet saved."""

    habits = SelectMultipleField(
        "Habits to follow",
        choices=[SelectChoice(h.key, h.name) for h in HABITS],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validate_choice=True,
    )
    name = StringField(
        "Your own habit (optional)",
        validators=[Optional(), Length(max=NAME_MAX)],
        render_kw={"maxlength": NAME_MAX, "autocomplete": "off"},
    )
    note = TextAreaField(
        "Note (optional)",
        validators=[Optional(), Length(max=NOTE_MAX)],
        render_kw={"maxlength": NOTE_MAX, "rows": 2},
    )
