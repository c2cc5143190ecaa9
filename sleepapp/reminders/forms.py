"""The reminders page's forms: one on/off box and, where a kind has one, its minutes."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField
from wtforms.validators import NumberRange, Optional

from ..forms import Form
from .rules import CATALOGUE, Anchor, Kind, KindInfo, Setting


def minutes_label(info: KindInfo) -> str:
    if info.anchor is Anchor.AFTER_WAKE:
        return "Minutes after your wake time"
    if info.anchor is Anchor.BEFORE_BED:
        return "Minutes before your bedtime"
    return "Minutes after midnight"


class ReminderSettingsForm(Form):
    """Fields `<kind>_on` and `<kind>_minutes` for every kind in the catalogue."""

    def choices(self) -> dict[Kind, tuple[bool, int | None]]:
        return {
            info.kind: (
                bool(self[f"{info.kind.value}_on"].data),
                self[f"{info.kind.value}_minutes"].data if f"{info.kind.value}_minutes" in self else None,
            )
            for info in CATALOGUE
        }

    @classmethod
    def for_settings(cls, settings: dict[Kind, Setting], **kw: object) -> ReminderSettingsForm:
        data: dict[str, object] = {}
        for kind, setting in settings.items():
            data[f"{kind.value}_on"] = setting.enabled
            data[f"{kind.value}_minutes"] = setting.minutes
        return cls(data=data, **kw)


for _info in CATALOGUE:
    setattr(ReminderSettingsForm, f"{_info.kind.value}_on", BooleanField("Remind me"))
    if _info.adjustable and _info.anchor is not Anchor.CLOCK:
        setattr(
            ReminderSettingsForm,
            f"{_info.kind.value}_minutes",
            IntegerField(
                minutes_label(_info),
                validators=[
                    Optional(),
                    NumberRange(
                        _info.min_min,
                        _info.max_min,
                        f"Choose between {_info.min_min} and {_info.max_min} minutes.",
                    ),
                ],
                render_kw={"inputmode": "numeric", "min": _info.min_min, "max": _info.max_min},
            ),
        )


class CalendarForm(Form):
    """Turn the calendar feed on, give it a new address, or turn it off: the CSRF token only."""
