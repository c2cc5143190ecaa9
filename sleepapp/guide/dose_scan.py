"""Find doses and dosing advice in text, so a test can keep them out of the whole app.

The medication rule (docs/design.md §4): nothing the app shows states a dose or tells a
person to start, stop, raise, lower or taper a medicine. Pure Python: no Flask.
"""

from __future__ import annotations

import re
import unicodedata

from .medication import MEDICINES

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


# Tapering: how to come off a medicine is dosing advice too (docs/design.md §4). Saying that
# stopping suddenly is dangerous, and that any change is planned with the prescriber, is
# the safe message; describing the pace of coming off ("reduce it gradually", "cut down
# bit by bit", "lower it each week") is not.
#
# The rule, applied one sentence at a time:
# 1. "taper" and "wean" in any form are flagged: in this app they can only be about a
#    medicine.
# 2. A verb of coming off (reduce, lower, decrease, cut (down/back), stop, come/get off,
#    step down) with a pace (gradually, slowly, bit by bit, step by step, over <time>,
#    each week...) within a few words, before or after it, is flagged when the sentence
#    names a medicine (a dose word or any name in medication.MEDICINES), or when it names
#    no everyday thing (_EVERYDAY: caffeine, drinks, naps, the sleep window...). So
#    "Reduce it slowly" and "Lower the amount each week" are flagged (no object, or an
#    unnamed one, could be a medicine), "cut down on coffee gradually" is not, and
#    "reduce coffee and your pills gradually" is (a medicine wins).
# 3. A negation earlier in the same clause ("do not", "never", "rather than") clears a
#    match. "before" and "without" do not: "talk to your doctor before you reduce it
#    slowly" still tells the reader how to come off.
_SMALL_NUMBER = (
    r"(?:\d+|a|an|one|two|three|four|five|six|eight|ten|twelve|a\s+few|a\s+couple\s+of"
    r"|few|couple\\s+of|several|some|many)"
)
_PACE = (
    r"(?:gradually|slowly|bit\s+by\s+bit|little\s+by\s+little|step\s+by\s+step"
    r"|week\s+by\s+week|day\s+by\s+day|month\s+by\s+month|in\s+(?:small\s+)?steps"
    r"|a\s+(?:little|bit)\s+at\s+a\s+time"
    rf"|over\s+(?:the\s+(?:next|following|course\s+of)\s+)?{_SMALL_NUMBER}"
    r"(?:\s+or\s+(?:two|three|so|more))?\s+(?:days?|weeks?|fortnights?|months?)"
    r"|(?:each|every|per)\s+(?:other\s+|few\s+|couple\s+of\s+|\d+\s+|two\s+|three\s+)?"
    r"(?:days?|nights?|weeks?|fortnights?|months?))"
)
_TAPER_VERB = (
    r"(?:reduc(?:e|es|ed|ing|tions?)|lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)"
    r"|cut(?:s|ting)?(?:\s+(?:down|back))?|stop(?:s|ped|ping)?"
    r"|(?:come|comes|coming|came|get|gets|getting|got)\s+off"
    r"|step(?:s|ped|ping)?\s+down)"
)
_GAP = r"(?:\s+[^\s.,;:!?]+){0,6}?"
_TAPER_WORD_RE = re.compile(r"\b(?:taper|wean)(?:s|ed|ing)?\b(?:\s+(?:off|down))?", re.IGNORECASE)
_PACED_RE = [
    re.compile(rf"\b{_TAPER_VERB}\b{_GAP}\s+{_PACE}\b", re.IGNORECASE),
    re.compile(rf"\b{_PACE}\s*,?{_GAP}\s+{_TAPER_VERB}\b", re.IGNORECASE),
]


def _word_alternation(words: set[str]) -> str:
    parts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return "|".join(parts)


_MEDICINE_NAMES = {word for name, (_cls, aliases) in MEDICINES.items() for word in (name, *aliases)}
_MEDICINE_NAMES |= {"dose", "dosage", "dosing", "tablet", "prescriber", "prescribed", "benzodiazepine"}
_MEDICINE_RE = re.compile(
    rf"\b(?:{_word_alternation(_MEDICINE_NAMES)})(?:s|es)?\b",
    re.IGNORECASE,
)
# Everyday things the guidance rightly tells people to cut down on, or to change slowly.
_EVERYDAY = {
    "caffeine", "coffee", "tea", "cola", "energy drink", "drink", "drinks", "drinking",
    "alcohol", "wine", "beer", "smoking", "cigarettes", "nicotine", "vaping", "screen",
    "screens", "screen time", "phone", "nap", "naps", "napping", "time in bed",
    "sleep window", "window", "bedtime", "lights", "light", "noise", "meal", "meals",
    "food", "sugar", "chocolate", "exercise", "worry", "worrying",
}  # fmt: skip
_EVERYDAY_RE = re.compile(rf"\b(?:{_word_alternation(_EVERYDAY)})\b", re.IGNORECASE)
_TAPER_NEGATION_RE = re.compile(
    r"\b(?:not|never|don't|dont|do\s+not|rather\s+than|instead\s+of)\b[^,;:]{0,40}$",
    re.IGNORECASE,
)
# Sentence ends, paragraph breaks, list items and block-level HTML tags.
_SENTENCE_SPLIT_RE = re.compile(
    r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.)\s)"
    r"|</?(?:p|li|ul|ol|h[1-6]|td|th|tr|div|aside|section|br|dt|dd|figcaption)\b[^>]*>",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("µ", "μ").replace("\u2019", "'")


def _taper_advice(sentence: str) -> list[str]:
    """Advice on how to come off a medicine in one sentence (the rule above)."""
    found = [(m.start(), m.group(0)) for m in _TAPER_WORD_RE.finditer(sentence)]
    paced = [(m.start(), m.group(0)) for pattern in _PACED_RE for m in pattern.finditer(sentence)]
    if paced and (_MEDICINE_RE.search(sentence) or not _EVERYDAY_RE.search(sentence)):
        found.extend(paced)
    return [
        hit.strip()
        for start, hit in sorted(found)
        if not _TAPER_NEGATION_RE.search(sentence[max(0, start - 60) : start])
    ]


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
    for sentence in _SENTENCE_SPLIT_RE.split(text):
        hits.extend(_taper_advice(sentence))
    return hits
