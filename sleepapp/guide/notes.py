"""What people write (diary comments, medication notes, own habits and their notes) is read
with the same matchers as search (docs/design.md §4.6): crisis words bring the crisis lines,
a question about a medicine brings the doctor-referral panel. Nothing is ever blocked or
changed because of it. Pure: no Flask."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .medication import asks_about_a_change, classify_query


@dataclass(frozen=True)
class NoteFlags:
    crisis: bool = False
    referral: bool = False


def check_notes(texts: Iterable[str | None], *, medication: Iterable[str | None] = ()) -> NoteFlags:
    """Flags for a set of free-text notes. `medication` notes are records of what was taken
    (the referral panel is already shown beside every one); they raise only crisis."""
    crisis = referral = False
    for text in texts:
        if not text:
            continue
        flags = classify_query(text)
        crisis = crisis or flags.crisis
        referral = referral or (flags.needs_referral and asks_about_a_change(text))
    for text in medication:
        if text and classify_query(text).crisis:
            crisis = True
    return NoteFlags(crisis=crisis, referral=referral)
