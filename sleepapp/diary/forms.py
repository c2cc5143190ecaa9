"""The morning diary form. Field names are the API's (docs/design.md §2); the rules live
in metrics.clean_entry, so the page and the API validate identically."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms import widgets as html5
from wtforms.fields.choices import SelectChoice

from ..forms import Form

QUALITY_CHOICES = [
    SelectChoice(str(i), label)
    for i, label in enumerate(["Very poor", "Poor", "Fair", "Good", "Very good"], start=1)
]
RESTED_CHOICES = [
    SelectChoice(str(i), label)
    for i, label in enumerate(
        ["Not at all rested", "Slightly rested", "Somewhat rested", "Well-rested", "Very well-rested"],
        start=1,
    )
]


def _clock(label: str) -> StringField:
    return StringField(label, widget=html5.TimeInput())


def _number(label: str, high: int) -> StringField:
    return StringField(label, widget=html5.NumberInput(min=0, max=high), render_kw={"inputmode": "numeric"})


NOT_ANSWERS = frozenset({"csrf_token", "updated_at"})


class EntryForm(Form):  # type: ignore[misc]
    date = StringField("Date (the morning you got up)", widget=html5.DateInput())
    in_bed = _clock("What time did you get into bed?")
    tried_to_sleep = _clock("What time did you try to go to sleep?")
    sleep_latency_min = _number("How long did it take you to fall asleep? (minutes)", 1439)
    awakenings = _number("How many times did you wake up, not counting your final awakening?", 99)
    awake_min = _number("In total, how long did these awakenings last? (minutes)", 1439)
    final_wake = _clock("What time was your final awakening?")
    out_of_bed = _clock("What time did you get out of bed for the day?")
    quality = RadioField(
        "How would you rate the quality of your sleep?", choices=QUALITY_CHOICES, validate_choice=False
    )
    rested = RadioField(
        "How rested did you feel when you woke up?", choices=RESTED_CHOICES, validate_choice=False
    )
    naps = _number("How many times did you nap or doze yesterday?", 20)
    nap_min = _number("In total, how long did you nap or doze? (minutes)", 1439)
    caffeine_drinks = _number("How many caffeinated drinks (coffee, tea, cola, energy drinks)?", 50)
    caffeine_last = _clock("What time was your last caffeinated drink?")
    alcohol_drinks = _number("How many alcoholic drinks?", 50)
    alcohol_last = _clock("What time was your last alcoholic drink?")
    medication = TextAreaField("Did you take anything to help you sleep? Write it in your own words.")
    comments = TextAreaField("Anything unusual about last night?")

    def raw(self) -> dict[str, Any]:
        """The submitted answers under their JSON names, as strings (metrics validates)."""
        return {
            name: (field.data if field.data not in (None, "None") else None)
            for name, field in self._fields.items()
            if name not in NOT_ANSWERS
        }


class EditEntryForm(EntryForm):
    # The entry's version (service.version_of) when the form was opened: a save made
    # elsewhere in between is caught instead of silently overwritten.
    updated_at = HiddenField()
