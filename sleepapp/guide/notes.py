"""What people write (diary comments, medication notes, own habits and their notes) is read
with the same matchers as search (docs/design.md §4.6): crisis words bring the crisis lines,
a question about a medicine brings the doctor-referral panel. Nothing is ever blocked or
changed because of it. Pure: no Flask."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .medication import classify_query

# A note that asks or weighs a change, rather than records what was taken.
_ASKING = re.compile(
    r"\?|\b(?:should|shall|can|could|may|might|would|is it|are they|how (?:much|many|long|often)|"
    r"what (?:dose|amount)|ok to|safe to|allowed to|wonder|not sure|unsure|"
    r"increase|decrease|raise|lower|reduce|double|halve|cut (?:down|back)|more|less|"
    r"stop|stopp|quit|come off|coming off|taper|wean|switch|change|skip|mix|combine)\b",
    re.IGNORECASE,
)


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
        referral = referral or (flags.needs_referral and bool(_ASKING.search(text)))
    for text in medication:
        if text and classify_query(text).crisis:
            crisis = True
    return NoteFlags(crisis=crisis, referral=referral)
