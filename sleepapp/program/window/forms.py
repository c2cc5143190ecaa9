"""Sleep-window forms: the safety screen, the start (wake time and first night) and the
weekly review's sleepiness question."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from . import screen

ANSWER_PLEASE = "Answer yes, no or not sure."
YES_NO_UNSURE = [SelectChoice("yes", "Yes"), SelectChoice("no", "No"), SelectChoice("unsure", "Not sure")]


def screen_field_names(question: screen.ScreenQuestion) -> list[str]:
    """Form field names for a question's parts: the key itself, then key_part2, ..."""
    return [question.key if i == 0 else f"{question.key}_part{i + 1}" for i in range(len(question.questions))]


class ScreenForm(FlaskForm):
    """The safety screen: one yes / no / not sure question per part of each contract key
    (screen.SCREEN_QUESTIONS); "not sure" counts as yes."""

    def screen_answers(self) -> dict[str, object]:
        """Answered keys as True, False or "unsure" (unanswered keys left out: the rules name
        them). A key asked in parts is yes when any part is, unsure when any part is."""
        answers: dict[str, object] = {}
        for question in screen.SCREEN_QUESTIONS:
            values = [self[name].data for name in screen_field_names(question)]
            if "yes" in values:
                answers[question.key] = True
            elif "unsure" in values:
                answers[question.key] = screen.UNSURE
            elif values and all(v == "no" for v in values):
                answers[question.key] = False
        return answers

    def screen_fields(self) -> list[tuple[str, RadioField]]:
        """(question text, field) for every question part, in order."""
        return [
            (text, self[name])
            for q in screen.SCREEN_QUESTIONS
            for text, name in zip(q.questions, screen_field_names(q), strict=True)
        ]


for _q in screen.SCREEN_QUESTIONS:
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
        return {"yes": True, "no": False, "unsure": screen.UNSURE}.get(self.sleepy.data or "")


# The wake time is a native time picker: its error asks for a choice, not a typed format
# (the service's HH:MM wording is for the API).
WAKE_TIME_PICKER_MESSAGE = "Choose the time you will get up."


class StartWindowForm(ScreenForm):
    """Step two: the screen's answers come along as hidden radios' values, then the
    wake time and start date. The service re-checks the screen."""

    step = HiddenField(default="screen")
    wake_time = StringField("Wake time, every day", render_kw={"type": "time", "required": True})
    start = StringField("First night of the window", render_kw={"type": "date", "required": True})
