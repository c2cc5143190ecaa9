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


ANSWER_PLEASE = "Answer yes, no or not sure."
YES_NO_UNSURE = [SelectChoice("yes", "Yes"), SelectChoice("no", "No"), SelectChoice("unsure", "Not sure")]


def screen_field_names(question: rules.ScreenQuestion) -> list[str]:
    """Form field names for a question's parts: the key itself, then key_part2, ..."""
    return [question.key if i == 0 else f"{question.key}_part{i + 1}" for i in range(len(question.questions))]


class ScreenForm(FlaskForm):
    """The safety screen: one yes / no / not sure question per part of each contract key
    (rules.SCREEN_QUESTIONS); "not sure" counts as yes."""

    def screen_answers(self) -> dict[str, object]:
        """Answered keys as True, False or "unsure" (unanswered keys left out: the rules name
        them). A key asked in parts is yes when any part is, unsure when any part is."""
        answers: dict[str, object] = {}
        for question in rules.SCREEN_QUESTIONS:
            values = [self[name].data for name in screen_field_names(question)]
            if "yes" in values:
                answers[question.key] = True
            elif "unsure" in values:
                answers[question.key] = rules.UNSURE
            elif values and all(v == "no" for v in values):
                answers[question.key] = False
        return answers

    def screen_fields(self) -> list[tuple[str, RadioField]]:
        """(question text, field) for every question part, in order."""
        return [
            (text, self[name])
            for q in rules.SCREEN_QUESTIONS
            for text, name in zip(q.questions, screen_field_names(q), strict=True)
        ]


for _q in rules.SCREEN_QUESTIONS:
    for _text, _name in zip(_q.questions, screen_field_names(_q), strict=True):
        setattr(
            ScreenForm,
            _name,
            RadioField(
                _text, choices=YES_NO_UNSURE, validators=[InputRequired("Answer yes, no or not sure.")]
            ),
        )


class ReviewForm(FlaskForm):
    """The weekly review asks about daytime sleepiness first."""

    sleepy = RadioField(
        "This past week, have you felt very sleepy in the day, or nodded off when you did not mean to?",
        choices=YES_NO_UNSURE,
        validators=[InputRequired(ANSWER_PLEASE)],
    )

    def sleepy_answer(self) -> object:
        return {"yes": True, "no": False, "unsure": rules.UNSURE}.get(self.sleepy.data or "")


class StartWindowForm(ScreenForm):
    """Step two: the screen's answers come along as hidden radios' values, then the
    wake time and start date. The service re-checks the screen."""

    step = HiddenField(default="screen")
    wake_time = StringField("Wake time, every day", render_kw={"type": "time", "required": True})
    start = StringField("First night of the window", render_kw={"type": "date", "required": True})
