"""Thinking-tool forms: the evening worry worksheet and a thought record. Their rules are
the service's (tools/rules.py); the forms carry the text and the CSRF token."""

from __future__ import annotations

from wtforms import BooleanField, StringField, TextAreaField

from ...forms import Form
from .rules import EVIDENCE_MAX, TEXT_MAX


class WorryForm(Form):
    worry = TextAreaField("What is on your mind?", render_kw={"maxlength": TEXT_MAX, "rows": 2})
    next_step = TextAreaField("One small next step (optional)", render_kw={"maxlength": TEXT_MAX, "rows": 2})
    not_mine = BooleanField("Not mine to solve now")

    def raw(self) -> dict[str, object]:
        return {
            "worry": self.worry.data,
            "next_step": self.next_step.data,
            "not_mine": bool(self.not_mine.data),
        }


class ThoughtForm(Form):
    thought = TextAreaField(
        "The thought, as it sounds in your head", render_kw={"maxlength": TEXT_MAX, "rows": 2}
    )
    belief_before = StringField(
        "How much do you believe it? (0 to 100)",
        render_kw={"type": "number", "min": 0, "max": 100, "inputmode": "numeric"},
    )
    evidence = TextAreaField(
        "The evidence: what happened the last few times? (optional)",
        render_kw={"maxlength": EVIDENCE_MAX, "rows": 4},
    )
    balanced = TextAreaField(
        "A more balanced thought (optional)", render_kw={"maxlength": TEXT_MAX, "rows": 2}
    )
    belief_after = StringField(
        "How much do you believe the first thought now? (0 to 100, optional)",
        render_kw={"type": "number", "min": 0, "max": 100, "inputmode": "numeric"},
    )

    def raw(self) -> dict[str, object]:
        return {
            name: self[name].data
            for name in ("thought", "belief_before", "evidence", "balanced", "belief_after")
        }
