"""Recognise search queries that mention a sleep medicine, a dose or a crisis.

The guidance search uses this to put the doctor-referral panel (medicine or dose) or the
crisis lines (crisis) before any result (docs/design.md §4). Pure Python: no Flask.
Matching is deliberately generous: a false alarm only shows a referral panel, a miss
could leave someone without one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Canonical name -> (class, aliases). Aliases are generic names, brand names and the
# misspellings people actually type that an edit distance of 1 would not catch.
MEDICINES: dict[str, tuple[str, tuple[str, ...]]] = {
    # Benzodiazepines
    "clonazepam": ("benzodiazepine", ("klonopin", "rivotril", "klonapin", "klonopen", "clonazapan")),
    "diazepam": ("benzodiazepine", ("valium", "vallium")),
    "lorazepam": ("benzodiazepine", ("ativan",)),
    "alprazolam": ("benzodiazepine", ("xanax", "xanex", "zanax", "xannax", "xanny", "xannies", "xans")),
    "temazepam": ("benzodiazepine", ("restoril", "normison")),
    "triazolam": ("benzodiazepine", ("halcion",)),
    "nitrazepam": ("benzodiazepine", ("mogadon",)),
    "oxazepam": ("benzodiazepine", ("serax",)),
    "chlordiazepoxide": ("benzodiazepine", ("librium",)),
    "flurazepam": ("benzodiazepine", ("dalmane",)),
    "estazolam": ("benzodiazepine", ("prosom",)),
    "quazepam": ("benzodiazepine", ("doral",)),
    "lormetazepam": ("benzodiazepine", ()),
    "loprazolam": ("benzodiazepine", ()),
    "flunitrazepam": ("benzodiazepine", ("rohypnol",)),
    "clobazam": ("benzodiazepine", ("frisium", "onfi")),
    "benzodiazepine": ("benzodiazepine", ("benzo", "benzodiazapine", "benzodiazepene", "benzos")),
    # Z-drugs
    "zolpidem": ("z-drug", ("ambien", "stilnox", "edluar", "intermezzo", "zolpimist", "ambian")),
    "zopiclone": ("z-drug", ("imovane", "zimovane")),
    "eszopiclone": ("z-drug", ("lunesta",)),
    "zaleplon": ("z-drug", ("sonata",)),
    "z-drug": ("z-drug", ("z drug", "zdrug", "z-drugs")),
    # Sedating antidepressants
    "trazodone": ("sedating antidepressant", ("desyrel", "oleptro", "molipaxin")),
    "mirtazapine": ("sedating antidepressant", ("remeron", "zispin")),
    "doxepin": ("sedating antidepressant", ("silenor", "sinequan")),
    "amitriptyline": ("sedating antidepressant", ("elavil", "amitryptiline", "amitriptylin")),
    "antidepressant": ("sedating antidepressant", ("anti depressant",)),
    # Antihistamines
    "diphenhydramine": (
        "antihistamine",
        ("benadryl", "zzzquil", "zzz quil", "nytol", "sominex", "tylenol pm", "advil pm", "aleve pm", "dph"),
    ),
    "doxylamine": ("antihistamine", ("unisom",)),
    "promethazine": ("antihistamine", ("phenergan",)),
    "hydroxyzine": ("antihistamine", ("atarax", "vistaril", "ucerax")),
    "antihistamine": ("antihistamine", ("anti histamine",)),
    # Melatonin and melatonin-receptor agonists
    "melatonin": ("melatonin", ("circadin", "slenyto", "melatonine", "mellatonin")),
    "ramelteon": ("melatonin agonist", ("rozerem",)),
    # Orexin receptor antagonists
    "suvorexant": ("orexin antagonist", ("belsomra",)),
    "lemborexant": ("orexin antagonist", ("dayvigo",)),
    "daridorexant": ("orexin antagonist", ("quviviq",)),
    # Antipsychotics and others used off-label
    "quetiapine": ("antipsychotic", ("seroquel", "seroquil", "seraquel")),
    "olanzapine": ("antipsychotic", ("zyprexa",)),
    "gabapentin": ("gabapentinoid", ("neurontin", "gabapentine")),
    "pregabalin": ("gabapentinoid", ("lyrica",)),
    "clonidine": ("other", ("catapres",)),
    "prazosin": ("other", ("minipress",)),
    "chloral hydrate": ("other", ("welldorm",)),
    "clomethiazole": ("other", ("heminevrin",)),
    "tiagabine": ("other", ("gabitril",)),
    "sodium oxybate": ("other", ("xyrem", "xywav")),
    "modafinil": ("other", ("provigil", "armodafinil", "nuvigil")),
    "opioid": ("opioid", ("opiate", "opioids", "opiates", "oxycodone", "codeine", "tramadol", "morphine")),
    # Herbal and supplements sold as sleep aids
    "valerian": ("herbal", ("valerian root",)),
    "tryptophan": ("herbal", ("l-tryptophan", "5-htp")),
    "kava": ("herbal", ()),
    "cannabidiol": ("herbal", ("cbd",)),
    # Generic ways of naming a sleeping medicine
    "sleeping medicine": (
        "general",
        (
            "sleeping pill",
            "sleep pill",
            "sleeping tablet",
            "sleep tablet",
            "sleep aid",
            "sleeping aid",
            "sleep medicine",
            "sleep medication",
            "sleeping medication",
            "hypnotic",
            "sedative",
            "tranquilizer",
            "tranquiliser",
            "medicine",
            "medication",
            "meds",
            "med",
            "pill",
            "drug",
            "prescription",
            "capsule",
            "gummy",
            "gummies",
        ),
    ),
}

# Dose words that mean a dose whatever else the query says.
STRONG_DOSE_TERMS: tuple[str, ...] = (
    "dose",
    "doses",
    "dosage",
    "dosing",
    "overdose",
    "overdosing",
    "od",
    "mg",
    "mgs",
    "milligram",
    "mcg",
    "microgram",
    "ug",
    "μg",
    "ml",
    "milliliter",
    "millilitre",
    "stop taking",
    "quit taking",
    "stopped taking",
    "coming off",
    "withdrawal",
    "withdrawl",
    "withdraw",
    "taper",
    "tapering",
    "wean",
    "weaning",
    "cold turkey",
    "double up",
    "lethal",
)

# Dose words that are ordinary English on their own ("how much sleep do I need"): they
# count only next to a medicine or a verb of taking.
WEAK_DOSE_TERMS: tuple[str, ...] = (
    "how much",
    "how many",
    "double",
    "doubling",
    "max",
    "maximum",
    "increase",
    "decrease",
    "reduce",
    "lower",
    "raise",
    "half",
    "halve",
    "too much",
    "too many",
    "more",
    "extra",
    "another",
    "cut down",
    "cut back",
    "strength",
    "strongest",
    "safe amount",
    "stop",
    "stopping",
    "quit",
    "come off",
    "get off",
)

TAKING_WORDS = frozenset({"take", "taking", "took", "swallow", "swallowed"})

CRISIS_TERMS: tuple[str, ...] = (
    "overdose",
    "overdosing",
    "od",
    "want to die",
    "wanna die",
    "want to be dead",
    "wish i was dead",
    "wish i were dead",
    "better off dead",
    "kill myself",
    "killing myself",
    "suicide",
    "suicidal",
    "end my life",
    "end it all",
    "ending it all",
    "take my life",
    "take my own life",
    "dont want to live",
    "dont want to be here",
    "no reason to live",
    "sleep forever",
    "self harm",
    "selfharm",
    "hurt myself",
    "harm myself",
    "cut myself",
    "lethal",
    "how many pills to die",
    "pills to die",
)

# Real words one edit away from a listed word, which must not be read as it:
# "circadian" is not Circadin, "meditation" is not medication, "overdone" not overdose.
NOT_FUZZY = frozenset(
    {
        "ambient",
        "unison",
        "halcyon",
        "lyrical",
        "circadian",
        "meditation",
        "meditations",
        "meditating",
        "medicating",
        "overdone",
        "tampering",
        "morphing",
    }
)

FUZZY_MIN_LEN = 6

_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)?")
# Straight, curly and stray apostrophes: "don't", "don’t" and "don`t" all read "dont".
_NO_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4\u02bc")


@dataclass(frozen=True)
class QueryFlags:
    """What a query mentions. `medicines` holds canonical names, `*_terms` the phrases seen."""

    mentions_medicine: bool = False
    mentions_dose: bool = False
    crisis: bool = False
    medicines: tuple[str, ...] = ()
    medicine_classes: tuple[str, ...] = ()
    dose_terms: tuple[str, ...] = ()
    crisis_terms: tuple[str, ...] = ()

    @property
    def needs_referral(self) -> bool:
        return self.mentions_medicine or self.mentions_dose


def tokenize(text: str) -> list[str]:
    """Lower-case words and numbers; apostrophes vanish so "don't" reads "dont"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("µ", "μ").translate(_NO_APOSTROPHES)
    return _TOKEN_RE.findall(text)


def _variants(token: str) -> set[str]:
    out = {token}
    if len(token) > 3:
        if token.endswith("ies"):
            out.add(token[:-3] + "y")
        if token.endswith("es"):
            out.add(token[:-2])
        if token.endswith("s") and not token.endswith("ss"):
            out.add(token[:-1])
    return out


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


class _PhraseSet:
    """Phrases (tuples of words) looked up over a token list, with optional fuzziness."""

    def __init__(self, phrases: dict[str, str], fuzzy_min_len: int | None) -> None:
        self.min_len = fuzzy_min_len
        self.phrases = [(tuple(tokenize(p)), label) for p, label in phrases.items()]
        self.phrases.sort(key=lambda item: -len(item[0]))
        self.words = frozenset(w for words, _label in self.phrases for w in words)

    def _matching_words(self, token: str) -> frozenset[str]:
        """The phrase words this token can stand for (itself, a plural, a one-letter typo)."""
        variants = _variants(token)
        exact = variants & self.words
        if self.min_len is None or token in NOT_FUZZY:
            return frozenset(exact)
        fuzzy = {
            w
            for w in self.words
            if len(w) >= self.min_len
            for v in variants
            if len(v) >= self.min_len and abs(len(v) - len(w)) <= 1 and within_one_edit(v, w)
        }
        return frozenset(exact | fuzzy)

    def find(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, label) for every phrase found; longer phrases claim tokens first."""
        matches = [self._matching_words(t) for t in tokens]
        taken = [False] * len(tokens)
        found: list[tuple[int, int, str]] = []
        for words, label in self.phrases:
            n = len(words)
            for start in range(len(tokens) - n + 1):
                if any(taken[start : start + n]):
                    continue
                if all(words[k] in matches[start + k] for k in range(n)):
                    found.append((start, start + n, label))
                    for k in range(start, start + n):
                        taken[k] = True
        return sorted(found)


def _medicine_phrases() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, (_cls, aliases) in MEDICINES.items():
        out[name] = name
        for alias in aliases:
            out[alias] = name
    return out


# Short dose words sit one letter from everyday words (dosing/dozing/losing,
# weaning/wearing/meaning), so only the long ones are matched fuzzily.
_MEDICINES = _PhraseSet(_medicine_phrases(), fuzzy_min_len=FUZZY_MIN_LEN)
_STRONG = _PhraseSet({t: t for t in STRONG_DOSE_TERMS}, fuzzy_min_len=8)
_WEAK = _PhraseSet({t: t for t in WEAK_DOSE_TERMS}, fuzzy_min_len=None)
_CRISIS = _PhraseSet({t: t for t in CRISIS_TERMS}, fuzzy_min_len=FUZZY_MIN_LEN)
_NUMBER_UNIT_RE = re.compile(
    r"\d\s*(?:mg|mcg|μg|ug|ml|milligrams?|micrograms?|pills?|tablets?|tabs?|capsules?)\b"
)


# Indirect ways of saying "I might not want to be alive" that a sleepless person types
# ("I don't want to wake up", "can't go on like this"). Fixed phrases cannot hold them:
# words come between ("don't really want to wake up") and the same words are ordinary
# sleep talk when a time or a state follows ("don't want to wake up at 3am"). So each is
# a pattern over the query's words (apostrophes dropped, hyphens as spaces, sentence
# punctuation kept as a "." word so a gap never crosses a sentence), and a pattern
# gives way only when a known harmless continuation follows it. Generous on purpose:
# a false alarm shows a list of phone numbers, a miss shows none.
_GAP = r"(?:(?!(?:and|but|or|so|because|then)\b)\w+ ){0,3}"  # up to 3 words, one clause
_NOT = r"(?:dont|do not|dnt|never|didnt|did not|wouldnt|would not|wont|will not|not)"
# What follows "wake up" when it is about sleep, not about being alive.
_WAKE_UP = (
    r"wake(?: up)?(?! (?:(?:again|anymore|any more|ever|ever again) )?(?:up|at|during|before|after|"
    r"so|too|this|that|early|earlier|late|later|every|each|once|tired|exhausted|groggy|grumpy|"
    r"refreshed|rested|fresh|feeling|with|without|from|when|until|till|by|on|my|his|her|him|"
    r"them|anyone|everyone|someone|people|in the (?:night|middle|dark|early)|the(?! next)|\d+)\b)"
)
_GO_ON_OK = (
    r"(?! (?:the(?! way)|a|an|my|his|her|their|our|your|holidays?|vacations?|trips?|walks?|"
    r"runs?|dates?|social|line|online|top|to|tv|instagram|facebook|tiktok|\d+)\b)"
)
_END_IT_OK = r"(?! (?:is|was|with|early|earlier|there|here|off|on|up|by|before|after|at|for the)\b)"
_ROUTINE = (
    r"(?! (?:(?:in the|each|every) (?:morning|evening|day|night)|daily|before bed|with (?:food|water|"
    r"breakfast|lunch|dinner|meals?)|at (?:the same time|breakfast|lunch|dinner|bedtime|night))\b)"
)


def _medicine_words() -> str:
    names = sorted({" ".join(tokenize(p)) for p in _medicine_phrases()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + ")(?:s|es)?"


CRISIS_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "not waking up",
        rf"\b{_NOT} {_GAP}(?:want|wanna|wish|hope|hoping)\w* (?:to )?"
        rf"(?:(?:ever|even|really|just|have to|ever again) )?{_WAKE_UP}",
    ),
    (
        "not waking up",
        rf"\b(?:wish|hope|hoping|want|wanna|pray|praying|rather)\w* {_GAP}{_NOT} "
        rf"(?:ever )?{_WAKE_UP}",
    ),
    ("not waking up", rf"\ba?sleep\w* {_GAP}(?:and|then) {_GAP}{_NOT} (?:ever )?{_WAKE_UP}"),
    (
        "can't go on",
        rf"\b(?:cant|cannot|can not|couldnt|could not|unable to) "
        rf"(?:go|keep going|carry|keep) on{_GO_ON_OK}",
    ),
    ("can't go on", r"\b(?:cant|cannot|can not) (?:take|stand) (?:it|this|this life|life) any ?more\b"),
    (
        "disappear",
        r"\b(?:wants?|wanna|wanted|wish i could|wish i would|wish i can|wish to) (?:to )?"
        r"(?:just |simply |really )?(?:disappear|vanish|stop existing|not exist|cease to exist)\b",
    ),
    (
        "better off without me",
        r"\bbetter off (?:without me|if i (?:was|were|wasnt|werent|was not|"
        r"were not) (?:gone|dead|here|around|alive|born))\b",
    ),
    ("self-harm", r"\b(?:hurt|hurting|harm|harming) (?:myself|my self)\b"),
    (
        "self-harm",
        r"\b(?:cut|cutting|cuts|slit|slitting) (?:myself|my self|my (?:wrists?|arms?|legs?|"
        r"thighs?|skin))\b",
    ),
    ("self-harm", r"\bself ?(?:harm|harming|harmed|injury|injuring|injure|mutilation)\b"),
    ("ending it", rf"\b(?:end|ending|ended) (?:it|things|everything)(?: all)?{_END_IT_OK}"),
    (
        "not worth living",
        r"\b(?:not|isnt|aint|no longer|never) worth (?:living|being alive|staying "
        r"alive|it any ?more)\b",
    ),
    ("not worth living", r"\blife (?:is |s )?(?:not worth|pointless|meaningless|worthless)\b"),
    (
        "not worth living",
        r"\b(?:no|whats the) (?:point|reason) (?:in |to |of )?(?:living|live|life|"
        r"going on|carrying on|being alive|staying alive)\b",
    ),
    ("not worth living", r"\bnothing (?:left )?to live for\b"),
    (
        "all my pills",
        rf"\b(?:take|taking|took|swallow\w*) (?:all|every one|the rest) (?:of )?"
        rf"(?:my|the|these|those|his|her|your) (?:\w+ ){{0,2}}?{_medicine_words()}\b{_ROUTINE}",
    ),
    (
        "all my pills",
        r"\b(?:take|taking|took|swallow\w*) (?:the|a|my) whole (?:bottle|box|pack|packet|"
        r"strip|blister|lot|jar|tub)\b",
    ),
)
_CRISIS_RES = tuple((label, re.compile(pattern)) for label, pattern in CRISIS_PATTERNS)
_CRISIS_WORD_RE = re.compile(r"[^\W\d_]+|\d+|[.!?;:,()\u2013\u2014\u2026]")


def _crisis_text(text: str) -> str:
    """Words joined by single spaces, sentence punctuation as ".": "don't-care." -> "dont care ."."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_NO_APOSTROPHES)
    return " ".join("." if not w[0].isalnum() else w for w in _CRISIS_WORD_RE.findall(text))


def crisis_pattern_labels(text: str) -> list[str]:
    """Labels of the indirect crisis patterns found in text."""
    words = _crisis_text(text)
    return [label for label, pattern in _CRISIS_RES if pattern.search(words)]


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def classify_query(text: str) -> QueryFlags:
    """Flags for a search query (or any short text a person typed)."""
    tokens = tokenize(text)
    if not tokens:
        return QueryFlags()
    medicine_hits = _MEDICINES.find(tokens)
    medicines = _unique([label for _s, _e, label in medicine_hits])
    classes = _unique([MEDICINES[name][0] for name in medicines])

    dose_terms = [label for _s, _e, label in _STRONG.find(tokens)]
    normalised = unicodedata.normalize("NFKC", text).casefold().replace("µ", "μ")
    if _NUMBER_UNIT_RE.search(normalised):
        dose_terms.append("amount")
    medicine_context = bool(medicines) or any(t in TAKING_WORDS for t in tokens)
    if medicine_context:
        dose_terms.extend(label for _s, _e, label in _WEAK.find(tokens))

    crisis_terms = _unique([label for _s, _e, label in _CRISIS.find(tokens)] + crisis_pattern_labels(text))
    return QueryFlags(
        mentions_medicine=bool(medicines),
        mentions_dose=bool(dose_terms),
        crisis=bool(crisis_terms),
        medicines=medicines,
        medicine_classes=classes,
        dose_terms=_unique(dose_terms),
        crisis_terms=crisis_terms,
    )
