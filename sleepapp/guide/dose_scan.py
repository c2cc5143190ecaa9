"""Find doses and dosing advice in text, so a test can keep them out of the whole app.

The medication rule (DESIGN.md section 4): nothing the app shows states a dose or tells a
person to start, stop, raise, lower or taper a medicine. Pure Python: no Flask.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = (
    r"(?:\d+(?:[.,]\d+)?(?:\s*(?:-|–|to|or)\s*\d+(?:[.,]\d+)?)?"
    r"|\d+\s*/\s*\d+|[½¼¾]"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of|a\s+few"
    r"|half\s+an?|a\s+half|a\s+quarter|one\s+and\s+a\s+half)"
)
_UNIT = (
    r"(?:mg|mgs|milligrams?|mcg|μg|ug|micrograms?|ml|mls|millilit(?:er|re)s?|cc"
    r"|tablets?|tabs?|pills?|capsules?|caps|gummies|gummy|drops?|puffs?|sprays?"
    r"|sachets?|lozenges?|teaspoons?|teaspoonfuls?|tsp|tablespoons?|tbsp|doses?"
    r"|iu|units?\s+of\s+insulin)"
)
_DOSE_RE = re.compile(rf"(?<![\w.]){_NUMBER}\s*-?\s*{_UNIT}(?!\w)", re.IGNORECASE)

_MEDICINE_WORDS = r"(?:dose|dosage|medicine|medication|meds|pills?|tablets?|prescription)"
_TIME_UNITS = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?)"
_ADVICE_PATTERNS = [
    # "take 2", "take one at bedtime": not "take 20 minutes", "take 2 to 3 weeks"
    rf"\btake\s+(?:\d+|one|two|three|four|five|half|a\s+couple)\b"
    rf"(?!\s*(?:(?:-|–|to|or)\s*\d+\s*)?{_TIME_UNITS})",
    rf"\b(?:increase|raise|up|double|lower|reduce|decrease|cut|halve|drop|change)\s+"
    rf"(?:your|the|my|their)\s+{_MEDICINE_WORDS}",
    r"\b(?:reduce|cut|lower|decrease|drop)\w*\b[^.]{0,30}?\bby\s+(?:half|a\s+quarter|\d+\s*%|"
    r"\d+\s*per\s*cent|a\s+(?:tenth|third))",
    r"\btaper(?:ing)?\s+(?:by|over|down|off|it|them|your|the)\b",
    r"\bwean\s+(?:yourself|off|down)\b",
    r"\b(?:every|each)\s+(?:\d+|one|two|three|four|few|couple\s+of)\s+(?:days?|weeks?)\s*,?\s*"
    r"(?:reduce|cut|lower|drop|decrease)",
    r"\b(?:once|twice|three\s+times|\d+\s+times)\s+(?:a|per|each)\s+(?:day|night)\b",
    r"\bat\s+a\s+dose\s+of\b",
    r"\b(?:start|stop|begin|quit)\s+taking\s+(?:it|them|your|the|this|that)\b",
    r"\bdouble\s+up\b",
    r"\bskip\s+(?:a|your|the)\s+dose\b",
]
_ADVICE_RE = [re.compile(p, re.IGNORECASE) for p in _ADVICE_PATTERNS]
# Advice *not* to act ("do not stop taking it suddenly") is the safe message, not advice.
_NEGATION_RE = re.compile(
    r"\b(?:not|never|don't|dont|do\s+not|without|before\s+you|before|rather\s+than)\b[^.!?]{0,40}$",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("µ", "μ").replace("\u2019", "'")


def find_doses(text: str) -> list[str]:
    """Every dose (number with a unit) and every piece of dosing advice found in `text`."""
    text = _normalise(text)
    hits = [m.group(0).strip() for m in _DOSE_RE.finditer(text)]
    for pattern in _ADVICE_RE:
        for match in pattern.finditer(text):
            before = text[max(0, match.start() - 60) : match.start()]
            if _NEGATION_RE.search(before):
                continue
            hits.append(match.group(0).strip())
    return hits
