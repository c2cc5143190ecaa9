"""Programme forms. Rules (day limits, the screen, enough nights) live in the service."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from . import rules
from .models import NAME_MAX, NOTE_MAX


class TickForm(FlaskForm):
    """One tap: mark a habit done (or undone) on a day. The values come from the page."""

    habit_id = HiddenField()
    day = HiddenField()
    done = HiddenField()


class PostForm(FlaskForm):
    """Only the CSRF token: archive, restore and review are plain POST buttons."""


class ChooseHabitsForm(FlaskForm):
    """The whole habits page in one post: the built-in choices and, optionally, one own
    habit, so adding a habit never drops choices that were ticked but not yet saved."""

    habits = SelectMultipleField(
        "Habits to follow",
        choices=[SelectChoice(h.key, h.name) for h in rules.HABITS],
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


class CustomHabitForm(FlaskForm):
    name = StringField(
        "Your own habit",
        validators=[InputRequired("Give the habit a name."), Length(max=NAME_MAX)],
        render_kw={"maxlength": NAME_MAX, "autocomplete": "off"},
    )
    note = TextAreaField(
        "Note (optional)",
        validators=[Optional(), Length(max=NOTE_MAX)],
        render_kw={"maxlength": NOTE_MAX, "rows": 2},
    )


YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]


class ScreenForm(FlaskForm):
    """The safety screen: one yes/no question per contract key (rules.SCREEN_QUESTIONS)."""

    def screen_answers(self) -> dict[str, object]:
        """Answered questions as booleans, unanswered ones left out (the rules name them)."""
        answers: dict[str, object] = {}
        for question in rules.SCREEN_QUESTIONS:
            value = self[question.key].data
            if value in ("yes", "no"):
                answers[question.key] = value == "yes"
        return answers

    def screen_fields(self) -> list[tuple[rules.ScreenQuestion, RadioField]]:
        return [(q, self[q.key]) for q in rules.SCREEN_QUESTIONS]


for _q in rules.SCREEN_QUESTIONS:
    setattr(
        ScreenForm,
        _q.key,
        RadioField(_q.question, choices=YES_NO, validators=[InputRequired("Answer yes or no.")]),
    )


class StartWindowForm(ScreenForm):
    """Step two: the screen's answers come along as hidden radios' values, then the
    wake time and start date. The service re-checks the screen."""

    step = HiddenField(default="screen")
    wake_time = StringField("Wake time, every day", render_kw={"type": "time", "required": True})
    start = StringField("First night of the window", render_kw={"type": "date", "required": True})
