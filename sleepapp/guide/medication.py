"""Recognise text that mentions a medicine, a dose or a crisis.

The guidance search uses this to put the doctor-referral panel (medicine or dose) or the
crisis lines (crisis) before any result (docs/design.md §4.4); diary comments and notes may
be read with it too. Pure Python: no Flask.

Matching is deliberately generous: a false alarm only shows a calm panel, a miss could leave
someone without one. So the rules read meaning (a verb, its object, a negation, what follows)
rather than whole sentences, and give way only to idioms they know ("a dose of sunlight",
"this insomnia is killing me", "cut down on caffeine").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string: _words("take took") == {"take", "took"}."""
    return frozenset(text.split())


# Canonical name -> (class, aliases). Aliases are generic names, brand names and the
# misspellings people actually type that an edit distance of 1 would not catch. Medicines
# that are not sleep medicines but change sleep (antidepressants, steroids, beta blockers,
# stimulants, cold and flu remedies) are here too: a question about them is a question for
# a doctor or pharmacist. dose_scan.py reads these names to tell a medicine sentence from
# an everyday one, so an everyday word ("caffeine", "tablet", "stimulant") is never a name
# on its own here.
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
    "antidepressant": ("sedating antidepressant", ("anti depressant", "antidepresant")),
    # Other antidepressants (they can cause insomnia, vivid dreams or sleepiness)
    "sertraline": ("antidepressant", ("zoloft", "lustral", "sertaline", "setraline", "sertralin")),
    "fluoxetine": ("antidepressant", ("prozac", "sarafem", "fluoxetin", "fluoxitine")),
    "citalopram": ("antidepressant", ("celexa", "cipramil", "citalopran")),
    "escitalopram": ("antidepressant", ("lexapro", "cipralex", "lexipro")),
    "paroxetine": ("antidepressant", ("paxil", "seroxat", "pexeva")),
    "venlafaxine": ("antidepressant", ("effexor", "efexor", "venlafaxin", "venlaflaxine")),
    "desvenlafaxine": ("antidepressant", ("pristiq",)),
    "duloxetine": ("antidepressant", ("cymbalta", "duloxetin")),
    "bupropion": ("antidepressant", ("wellbutrin", "zyban", "buproprion")),
    "vortioxetine": ("antidepressant", ("trintellix", "brintellix")),
    "nortriptyline": ("antidepressant", ("pamelor", "nortryptiline")),
    "other antidepressants": (
        "antidepressant",
        (
            "agomelatine",
            "valdoxan",
            "fluvoxamine",
            "luvox",
            "clomipramine",
            "anafranil",
            "imipramine",
            "tofranil",
            "dosulepin",
            "phenelzine",
            "nardil",
            "moclobemide",
        ),
    ),
    "ssri": ("antidepressant", ("ssris", "snri", "snris", "maoi", "maois", "tricyclic", "tricyclics")),
    # Antihistamines, alone or in cold and flu remedies
    "diphenhydramine": (
        "antihistamine",
        (
            "benadryl",
            "zzzquil",
            "zzz quil",
            "nytol",
            "sominex",
            "tylenol pm",
            "advil pm",
            "aleve pm",
            "motrin pm",
            "panadol night",
            "dph",
            "sleepeaze",
            "excedrin pm",
        ),
    ),
    "doxylamine": ("antihistamine", ("unisom", "nyquil", "ny quil", "vicks nyquil", "nightquil")),
    "promethazine": ("antihistamine", ("phenergan", "night nurse")),
    "hydroxyzine": ("antihistamine", ("atarax", "vistaril", "ucerax")),
    "chlorphenamine": ("antihistamine", ("chlorpheniramine", "piriton", "chlor trimeton", "chlortrimeton")),
    "cetirizine": ("antihistamine", ("zyrtec", "piriteze", "reactine")),
    "loratadine": ("antihistamine", ("claritin", "clarityn")),
    "fexofenadine": ("antihistamine", ("allegra", "telfast")),
    "dimenhydrinate": ("antihistamine", ("dramamine", "gravol")),
    "cyclizine": ("antihistamine", ("valoid", "meclizine")),
    "antihistamine": ("antihistamine", ("anti histamine",)),
    "night-time cold remedy": (
        "antihistamine",
        (
            "lemsip night",
            "lemsip max night",
            "beechams night",
            "beechams all in one night",
            "theraflu night",
            "theraflu nighttime",
            "tylenol cold night",
            "sudafed night",
            "vicks night",
            "night time cold",
            "nighttime cold",
        ),
    ),
    "cold and flu remedy": (
        "cold remedy",
        (
            "lemsip",
            "beechams",
            "theraflu",
            "dayquil",
            "sudafed",
            "pseudoephedrine",
            "phenylephrine",
            "decongestant",
            "cough syrup",
            "robitussin",
            "mucinex",
            "cold and flu tablet",
            "cold and flu capsule",
        ),
    ),
    # Melatonin and melatonin-receptor agonists
    "melatonin": ("melatonin", ("circadin", "slenyto", "melatonine", "mellatonin")),
    "ramelteon": ("melatonin agonist", ("rozerem",)),
    # Orexin receptor antagonists
    "suvorexant": ("orexin antagonist", ("belsomra",)),
    "lemborexant": ("orexin antagonist", ("dayvigo",)),
    "daridorexant": ("orexin antagonist", ("quviviq",)),
    # Antipsychotics, mood stabilisers and others used off-label
    "quetiapine": ("antipsychotic", ("seroquel", "seroquil", "seraquel")),
    "olanzapine": ("antipsychotic", ("zyprexa",)),
    "aripiprazole": ("antipsychotic", ("abilify",)),
    "risperidone": ("antipsychotic", ("risperdal",)),
    "antipsychotic": ("antipsychotic", ("anti psychotic",)),
    "lithium": ("mood stabiliser", ("priadel", "camcolit")),
    "lamotrigine": ("mood stabiliser", ("lamictal",)),
    "valproate": ("mood stabiliser", ("depakote", "epilim", "valproic acid")),
    "gabapentin": ("gabapentinoid", ("neurontin", "gabapentine")),
    "pregabalin": ("gabapentinoid", ("lyrica",)),
    "clonidine": ("other", ("catapres",)),
    "guanfacine": ("other", ("intuniv",)),
    "prazosin": ("other", ("minipress",)),
    "buspirone": ("other", ("buspar",)),
    "chloral hydrate": ("other", ("welldorm",)),
    "clomethiazole": ("other", ("heminevrin",)),
    "tiagabine": ("other", ("gabitril",)),
    "sodium oxybate": ("other", ("xyrem", "xywav")),
    "barbiturate": ("other", ("phenobarbital", "phenobarbitone", "secobarbital")),
    "muscle relaxant": (
        "other",
        ("muscle relaxer", "baclofen", "cyclobenzaprine", "flexeril", "methocarbamol"),
    ),
    "montelukast": ("other", ("singulair",)),
    "varenicline": ("other", ("champix", "chantix")),
    "nicotine replacement": ("other", ("nicotine patch", "nicotine gum", "nicotine lozenge")),
    "levothyroxine": ("other", ("thyroxine", "synthroid", "eltroxin")),
    "statin": ("other", ("atorvastatin", "simvastatin", "lipitor", "zocor")),
    "hormone replacement": (
        "hormone",
        ("hrt", "progesterone", "utrogestan", "estrogen", "oestrogen", "estradiol", "birth control"),
    ),
    "salbutamol": ("other", ("albuterol", "ventolin", "inhaler")),
    # Steroids (often keep people awake)
    "prednisolone": ("steroid", ()),
    "prednisone": ("steroid", ("deltasone", "rayos")),
    "dexamethasone": ("steroid", ("decadron",)),
    "methylprednisolone": ("steroid", ("medrol",)),
    "hydrocortisone": ("steroid", ("cortisone",)),
    "budesonide": ("steroid", ("pulmicort", "symbicort", "fluticasone", "seretide")),
    "steroid": ("steroid", ("corticosteroid", "steriod", "steriods")),
    # Beta blockers (can cause insomnia and nightmares)
    "propranolol": ("beta blocker", ("inderal", "propanolol", "propranalol")),
    "metoprolol": ("beta blocker", ("lopressor", "toprol", "betaloc")),
    "atenolol": ("beta blocker", ("tenormin",)),
    "bisoprolol": ("beta blocker", ("cardicor", "concor", "emcor")),
    "carvedilol": ("beta blocker", ("coreg",)),
    "nebivolol": ("beta blocker", ("bystolic", "nebilet")),
    "labetalol": ("beta blocker", ("sotalol",)),
    "beta blocker": ("beta blocker", ("betablocker", "b blocker")),
    # Stimulants and wake-promoting medicines
    "methylphenidate": ("stimulant", ("ritalin", "concerta", "medikinet", "equasym", "focalin")),
    "amphetamine": (
        "stimulant",
        (
            "adderall",
            "adderal",
            "aderall",
            "dexedrine",
            "dextroamphetamine",
            "dexamphetamine",
            "dexamfetamine",
            "mydayis",
        ),
    ),
    "lisdexamfetamine": ("stimulant", ("vyvanse", "elvanse", "lisdexamphetamine")),
    "atomoxetine": ("stimulant", ("strattera",)),
    "modafinil": ("stimulant", ("provigil", "armodafinil", "nuvigil")),
    "solriamfetol": ("stimulant", ("sunosi",)),
    "pitolisant": ("stimulant", ("wakix",)),
    "caffeine pill": (
        "stimulant",
        (
            "caffeine tablet",
            "caffeine tab",
            "caffeine capsule",
            "caffeine supplement",
            "no doz",
            "nodoz",
            "pro plus",
            "proplus",
            "vivarin",
            "energy pill",
            "energy tablet",
            "pre workout",
            "preworkout",
        ),
    ),
    # Opioids and painkillers
    "opioid": (
        "opioid",
        (
            "opiate",
            "opioids",
            "opiates",
            "oxycodone",
            "oxycontin",
            "codeine",
            "tramadol",
            "morphine",
            "hydrocodone",
            "vicodin",
            "percocet",
            "fentanyl",
            "methadone",
            "buprenorphine",
            "suboxone",
        ),
    ),
    "excedrin": ("painkiller", ("midol",)),
    "paracetamol": (
        "painkiller",
        ("acetaminophen", "tylenol", "panadol", "calpol", "paracetemol", "paracetmol"),
    ),
    "ibuprofen": (
        "painkiller",
        ("advil", "nurofen", "motrin", "brufen", "ibuprofin", "ibroprofen", "ibuprophen"),
    ),
    "aspirin": ("painkiller", ("disprin",)),
    "naproxen": ("painkiller", ("aleve", "naprosyn")),
    "painkiller": ("painkiller", ("pain killer", "pain reliever")),
    # Herbal, supplements and cannabis sold or used as sleep aids
    "valerian": ("herbal", ("valerian root",)),
    "tryptophan": ("herbal", ("l-tryptophan", "5-htp")),
    "kava": ("herbal", ()),
    "cannabidiol": ("herbal", ("cbd",)),
    "magnesium": ("supplement", ("magnesium glycinate", "magnesium citrate", "magnisium", "magnesiun")),
    "ashwagandha": ("herbal", ("ashwaganda", "ashwagandah")),
    "theanine": ("supplement", ("l-theanine",)),
    "glycine": ("supplement", ()),
    "gaba": ("supplement", ()),
    "passionflower": ("herbal", ("passion flower",)),
    "lemon balm": ("herbal", ()),
    "kalms": ("herbal", ()),
    "rescue remedy": ("herbal", ()),
    "supplement": ("supplement", ("supplements",)),
    "cannabis": ("cannabis", ("marijuana", "marihuana", "weed", "thc", "edible", "delta 8")),
    # Generic ways of naming a medicine (English, then other languages)
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
            "prescribed",
            "prescribe",
            "capsule",
            "gummy",
            "gummies",
            "over the counter",
            "otc",
            "pharmacy",
            "pharmacist",
            "chemist",
            "drugstore",
            "downers",
            # German, French, Spanish, Portuguese, Italian, Dutch (accents are dropped)
            "medikament",
            "medikamente",
            "arzneimittel",
            "schlafmittel",
            "beruhigungsmittel",
            "tablette",
            "tabletten",
            "pille",
            "medicament",
            "somnifere",
            "comprime",
            "gelule",
            "pilule",
            "medicamento",
            "remedio",
            "pastilla",
            "comprimido",
            "somnifero",
            "pilula",
            "calmante",
            "farmaco",
            "farmaci",
            "compressa",
            "compresse",
            "pillola",
            "pillole",
            "sonnifero",
            "sonniferi",
            "medicijn",
            "medicijnen",
            "pil",
            "pillen",
            "slaappil",
            "slaapmiddel",
        ),
    ),
}

# Dose words that mean a dose whatever else the text says.
STRONG_DOSE_TERMS: tuple[str, ...] = (
    "dose",
    "doses",
    "dosage",
    "doseage",
    "dossage",
    "dosing",
    "overdose",
    "overdosing",
    "overdosed",
    "overdoze",
    "od",
    "oded",
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
    # German, French, Spanish, Portuguese, Italian, Dutch (accents are dropped)
    "dosis",
    "dosierung",
    "milligramm",
    "absetzen",
    "einnehmen",
    "einzunehmen",
    "eingenommen",
    "innemen",
    "ingenomen",
    "ausschleichen",
    "entzug",
    "posologie",
    "milligramme",
    "surdose",
    "sevrage",
    "miligramo",
    "sobredosis",
    "posologia",
    "dosagem",
    "miligrama",
    "sobredose",
    "dosi",
    "dosaggio",
    "milligrammo",
    "sovradosaggio",
    "dosering",
    "overdosis",
)

# Dose words that are ordinary on their own ("how much sleep do I need"): they count only
# next to a medicine or a verb of taking, and not before an everyday noun ("how many naps").
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
    "wie viel",
    "wieviel",
    "wie viele",
    "wieviele",
    "combien",
    "cuanto",
    "cuanta",
    "cuantos",
    "cuantas",
    "quanto",
    "quanta",
    "quantos",
    "quantas",
    "quanti",
    "quante",
    "hoeveel",
    "maximal",
    "maxima",
    "massima",
    "maximale",
)

TAKING_WORDS = _words(
    "take takes taking took taken tak swallow swallowed swallowing pop popping popped "
    # German, French, Spanish, Portuguese, Italian, Dutch
    "nehmen nehme nimmt genommen einnehmen schlucken prendre prends prend pris avaler "
    "tomar tomo toma tome tomado tomando tomei tragar prendere prendo preso assumere innemen "
    "nemen neem neemt genomen slikken"
)

CRISIS_TERMS: tuple[str, ...] = (
    "overdose",
    "overdosing",
    "overdosed",
    "od",
    "oded",
    "want to die",
    "wanna die",
    "want to be dead",
    "wish i was dead",
    "wish i were dead",
    "better off dead",
    "kill myself",
    "killing myself",
    "kill yourself",
    "kys",
    "suicide",
    "suicidal",
    "sewerslide",
    "unalive",
    "unaliving",
    "self delete",
    "end my life",
    "end it all",
    "ending it all",
    "take my life",
    "take my own life",
    "dont want to live",
    "dont want to be here",
    "no reason to live",
    "nothing to live for",
    "sleep forever",
    "eternal sleep",
    "permanent sleep",
    "rest in peace",
    "self harm",
    "selfharm",
    "hurt myself",
    "harm myself",
    "cut myself",
    "lethal",
    "how many pills to die",
    "pills to die",
    "noose",
    # German, French, Spanish, Portuguese, Italian, Dutch (accents are dropped)
    "selbstmord",
    "suizid",
    "umbringen",
    "ich will sterben",
    "nicht mehr leben",
    "uberdosis",
    "me tuer",
    "je veux mourir",
    "envie de mourir",
    "surdose",
    "suicidio",
    "suicidarme",
    "matarme",
    "quiero morir",
    "quiero morirme",
    "no quiero vivir",
    "sobredosis",
    "me matar",
    "quero morrer",
    "nao quero viver",
    "sobredose",
    "uccidermi",
    "ammazzarmi",
    "voglio morire",
    "non voglio vivere",
    "sovradosaggio",
    "zelfmoord",
    "ik wil dood",
    "wil niet meer leven",
    "overdosis",
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
        "overdoes",
        "tampering",
        "morphing",
        "aspiring",
        "concert",
        "concerts",
        "concur",
        "condor",
        "clarity",
        "ability",
        "singular",
        "asteroid",
        "asteroids",
        "inhales",
        "inhaled",
        "inhaling",
        "gravel",
        "allegro",
        "compress",
        "compresses",
        "comprise",
        "comprises",
        "comprised",
        "pastille",
        "edited",
        "stilton",
        "station",
        "stations",
        "stating",
        "static",
        "downer",
        "concord",
        "inhale",
        "reactive",
    }
)

FUZZY_MIN_LEN = 6

_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)?")
# Straight, curly and stray apostrophes: "don't", "don’t" and "don`t" all read "dont".
_NO_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`\u00b4\u02bc")
# A contraction typed with a space for its apostrophe: "don t", "i m".
_SPLIT_CONTRACTION_RE = re.compile(
    r"\b(don|didn|doesn|won|wouldn|couldn|shouldn|can|isn|wasn|aren|weren|haven|hasn|ain) t\b"
    r"|\b(i) (m|d|ll|ve)\b"
)


@dataclass(frozen=True)
class QueryFlags:
    """What a text mentions. `medicines` holds canonical names, `*_terms` the phrases seen.

    `medicine_terms` holds the medicine questions that name no known medicine ("can I take
    X to sleep", "something to help me sleep").
    """

    mentions_medicine: bool = False
    mentions_dose: bool = False
    crisis: bool = False
    medicines: tuple[str, ...] = ()
    medicine_classes: tuple[str, ...] = ()
    dose_terms: tuple[str, ...] = ()
    crisis_terms: tuple[str, ...] = ()
    medicine_terms: tuple[str, ...] = ()

    @property
    def needs_referral(self) -> bool:
        return self.mentions_medicine or self.mentions_dose


def _join_contraction(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + "t"
    return match.group(2) + match.group(3)


def _clean(text: str) -> str:
    """Lower case, accents and apostrophes dropped: "Don't", "Comprimé" -> "dont", "comprime"."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("µ", "μ")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text).translate(_NO_APOSTROPHES)
    return _SPLIT_CONTRACTION_RE.sub(_join_contraction, text)


def tokenize(text: str) -> list[str]:
    """Lower-case words and numbers; apostrophes and accents vanish so "don't" reads "dont"."""
    return _TOKEN_RE.findall(_clean(text))


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
        self.by_first: dict[str, list[int]] = {}
        for index, (words, _label) in enumerate(self.phrases):
            self.by_first.setdefault(words[0], []).append(index)
        self.by_length: dict[int, list[str]] = {}
        for word in self.words:
            if fuzzy_min_len is not None and len(word) >= fuzzy_min_len:
                self.by_length.setdefault(len(word), []).append(word)
        self._cache: dict[str, frozenset[str]] = {}

    def _matching_words(self, token: str) -> frozenset[str]:
        """The phrase words this token can stand for (itself, a plural, a one-letter typo)."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        variants = _variants(token)
        found = set(variants & self.words)
        if self.min_len is not None and token not in NOT_FUZZY:
            for v in variants:
                if len(v) < self.min_len:
                    continue
                for size in (len(v) - 1, len(v), len(v) + 1):
                    found.update(w for w in self.by_length.get(size, ()) if within_one_edit(v, w))
        result = frozenset(found)
        if len(self._cache) > 20_000:
            self._cache.clear()
        self._cache[token] = result
        return result

    def find(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, label) for every phrase found; longer phrases claim tokens first."""
        matches = [self._matching_words(t) for t in tokens]
        candidates: list[tuple[int, int]] = []  # (phrase index, start): longest phrases first
        for start, words_here in enumerate(matches):
            for word in words_here:
                for index in self.by_first.get(word, ()):
                    words = self.phrases[index][0]
                    n = len(words)
                    if start + n <= len(tokens) and all(words[k] in matches[start + k] for k in range(1, n)):
                        candidates.append((index, start))
        taken = [False] * len(tokens)
        found: list[tuple[int, int, str]] = []
        for index, start in sorted(set(candidates)):
            words, label = self.phrases[index]
            end = start + len(words)
            if any(taken[start:end]):
                continue
            found.append((start, end, label))
            for k in range(start, end):
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
    r"\d\s*(?:mg|mcg|μg|ug|ml|milligrams?|micrograms?|pills?|tablets?|tabs?|capsules?|gummies"
    r"|tabletten|comprimes?|comprimidos?|pastillas?|compresse|pillole|pillen)\b"
)

# ---------------------------------------------------------------------------------------
# Idioms that share a word with a medicine or a dose.

# "a dose of sunlight", "a healthy dose of fresh air": a dose of an everyday thing.
_EVERYDAY_DOSE_OBJECTS = _words(
    "sunlight daylight light sun sunshine fresh air outdoors outside nature greenery green exercise "
    "movement activity reality humour humor laughter fun calm kindness patience common sense optimism "
    "positivity nostalgia morning bright blue screen screens caffeine coffee espresso tea sleep rest "
    "relaxation self care love joy music comedy sugar news netflix tv social media motivation "
    "inspiration energy dopamine happiness quiet peace silence routine structure discipline friends "
    "family hope courage perspective"
)
# "a healthy dose of", "my daily dose of": an adjective before "dose of" makes it an idiom
# unless a medicine follows ("a big dose of melatonin").
_IDIOM_DOSE_ADJECTIVES = _words(
    "healthy good daily big little small decent hefty generous nice massive huge serious real solid"
)
# "overdosed on sleep", "OD'd on Netflix".
_EVERYDAY_OVERDOSE_OBJECTS = _words(
    "sleep naps napping netflix tv sugar chocolate carbs love sunshine sun tiktok youtube"
)
# A generic medicine word used as an everyday word: the word after it ("pill-shaped pillow",
# "drug-free ways to sleep", "capsule hotel", "hypnotic (sleep) music", "prescription
# glasses", "med school") or before it ("non-drug", "chill pill", "a bitter pill", "time
# capsule"). Brands and names never give way: "Xanax-free" still names Xanax.
_IDIOM_PRONE = _words(
    "medicine medication meds med pill drug prescription prescribed prescribe capsule gummy gummies "
    "hypnotic sedative"
)
_NOT_A_MEDICINE_AFTER = _words(
    "sized size free shaped shape hotel hotels pod pods wardrobe wardrobes collection bear bears worm "
    "worms sweets candy candies music voice voices sound sounds meditation meditations rain audio "
    "track tracks story stories trance induction rhythm beat beats waves video videos asmr playlist "
    "song songs glasses lenses lens sunglasses goggles specs eyeglasses school student students ball"
)
_NOT_A_MEDICINE_BEFORE = _words("non chill bitter hard tough time")
# CBT-I prescribes a schedule: "my prescribed sleep window", "prescribe a bedtime".
_SCHEDULE_WORDS = _words("sleep time bedtime window wake waking rise rising hours schedule bed routine")

# Nouns after "take"/"give" (or after "how many", "half") that make it an activity or a
# length of time, not a medicine: "take a bath to sleep", "it takes me hours to fall asleep",
# "how many naps". People are not here: "give my toddler something to sleep" is a medicine.
_NOT_A_MEDICINE_OBJECTS = _words(
    "time times minute minutes min mins hour hours hr hrs second seconds sec secs day days week weeks "
    "month months year years ages age forever long longer while bit moment moments night nights nap "
    "naps napping bath baths bathe shower showers walk walks stroll jog run runs swim break breaks "
    "breather breath breaths breathe rest holiday holidays vacation vacations trip trips leave off up "
    "out over in part place care advantage notice note notes turn turns charge control action step "
    "steps look peek class classes course courses lesson lessons test tests exam quiz survey photo "
    "photos picture pictures selfie chance chances risk risks advice approach stand seat position "
    "yoga pilates stairs shortcut dog dogs pet pets phone phones laptop tv book books kindle earplugs "
    "mask pillow pillows blanket blankets fan temperature mind thoughts easy massage milk tea water "
    "coffee caffeine snack snacks food banana bananas dinner meal meals supper cookie honey toast sip "
    "drink drinks makeup clothes socks shoes contacts glasses bra trash rubbish bins garbage sunlight "
    "daylight light sun air outside outdoors fresh exercise workout myself yourself himself herself "
    "ourselves themselves permission priority attention try go shot room space birth lead "
    "responsibility pride interest hold aim seriously personally back down apart away screens screen "
    "devices alarm clock cups cup alcohol work bottle feed feeding cuddle cuddles dummy pacifier "
    "lullaby hug to for and so that which before at bed"
)

# ---------------------------------------------------------------------------------------
# Patterns over the words of the text. Fixed phrases cannot hold what people type: words
# come between ("don't really want to wake up") and the same words are ordinary sleep talk
# when a time or a state follows ("don't want to wake up at 3am"). So each rule is a pattern
# over the text's words (accents and apostrophes dropped, hyphens as spaces, sentence
# punctuation kept as a "." word so a gap never crosses a sentence), and gives way only when
# a known harmless continuation follows.
_GAP = r"(?:(?!(?:and|but|or|so|because|then)\b)\w+ ){0,3}"  # up to 3 words, one clause
_NOT = r"(?:dont|do not|dnt|never|didnt|did not|wouldnt|would not|wont|will not|not)"
_NEG_WORDS = r"(?:dont|do|not|never|didnt|wont|wouldnt|cant|cannot|nt|no)"
_ME = r"(?:my ?self|myslef|mysef|mself|meself)"
_END = r"(?= ?(?:\.|$))"  # the end of the sentence
_ANYMORE = r"any ?more"
# What follows "wake up" when it is about sleep, not about being alive.
_WAKE_OK = (
    r"(?! (?:(?:again|anymore|any more|ever|ever again) )?(?:up|at|during|before|after|"
    r"so|too|this|that|early|earlier|late|later|last|every|each|once|tired|exhausted|groggy|grumpy|"
    r"refreshed|rested|fresh|feeling|with|without|from|when|until|till|by|on|my|his|her|him|"
    r"them|anyone|everyone|someone|people|in the (?:night|middle|dark|early)|the(?! next)|\d+)\b)"
    r"(?! (?:tomorrow|today|tonight) (?:feeling|tired|exhausted|groggy|grumpy|refreshed|rested|fresh|"
    r"early|earlier|late|at|before|after|with|without|\d+)\b)"
)
_WAKE_UP = rf"wake(?: up)?{_WAKE_OK}"
_WAKING = rf"(?:wake|wakes|waking|woke|woken)(?: up)?{_WAKE_OK}"
_GO_ON_OK = (
    r"(?! (?:the(?! way)|a|an|my|his|her|their|our|your|holidays?|vacations?|trips?|walks?|"
    r"runs?|dates?|social|line|online|top|to|tv|instagram|facebook|tiktok|it|them|that|"
    r"sleeping|medication|meds|medicine|pills?|tablets?|antidepressants?|\d+)\b)"
)
_END_IT_OK = r"(?! (?:is|was|with|early|earlier|there|here|off|on|up|by|before|after|at|for the)\b)"
_ROUTINE = (
    r"(?! (?:(?:in the|each|every) (?:morning|evening|day|night)|daily|before bed|with (?:food|water|"
    r"breakfast|lunch|dinner|meals?)|at (?:the same time|breakfast|lunch|dinner|bedtime|night))\b)"
)
_ALIVE_VERBS = (
    r"(?:be alive|b alive|live|living|exist|existing|be here|b here|be around|stay alive|keep living|"
    r"be in this world|(?:go|carry) on(?! living){_GO_ON_OK}|keep going{_GO_ON_OK}|"
    r"continue(?= ?(?:\.|$|any ?more|living|like this)))"
)
_LIVE_OK = r"(?! (?:in|near|next|there|alone|on|abroad|at|off|with (?!(?:this|it|my ?self)\b)\w+)\b)"
# "kill" not said of a person: "kill my insomnia", "kill time", "kill a mosquito".
_KILL_OK = (
    r"(?! (?:my|the|your|this|that|time|off|it|boredom|germs|bacteria|insomnia|pain|brain|"
    r"(?:a|an) (?!(?:person|human|adult|man|woman|child|kid|teen|teenager|grown)\b)\w+)\b)"
)


def _medicine_words(leave_out: frozenset[str] = frozenset()) -> str:
    phrases = [p for p, name in _medicine_phrases().items() if MEDICINES[name][0] not in leave_out]
    names = sorted({" ".join(tokenize(p)) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + ")(?:s|es)?"


_MED = _medicine_words()
# Taking all of one's supplements is a routine, not an overdose.
_MED_NOT_SUPPLEMENT = _medicine_words(frozenset({"supplement"}))
_MED_OR_PILLS = rf"(?:{_MED}|tablets?|tabs|tablette|tabletten)"

CRISIS_PATTERNS: tuple[tuple[str, str], ...] = (
    # --- Not wanting to wake up, dying in one's sleep as a wish -------------------------
    (
        "not waking up",
        rf"\b{_NOT} {_GAP}(?:want|wanna|wnat|wish|hope|hoping|care)\w* (?:to )?"
        rf"(?:(?:ever|even|really|just|have to|ever again) )?{_WAKE_UP}",
    ),
    (
        "not waking up",
        rf"\b(?:wish|hope|hoping|want|wanna|pray|praying|rather|like|love|prefer|happy|glad)\w* "
        rf"{_GAP}{_NOT} (?:ever )?(?:(?:have|had|need|needed) to |to )?{_WAKE_UP}",
    ),
    ("not waking up", rf"\ba?sleep\w* {_GAP}(?:and|then) {_GAP}{_NOT} (?:ever )?{_WAKE_UP}"),
    ("not waking up", rf"\bnever (?:ever )?(?:wake|woke|waking)(?: up)? (?:again|ever again){_END}"),
    (
        "not waking up",
        rf"\b(?:mind|happy|ok|okay|fine|relief|prefer|rather|fantasi[sz]e\w*|welcome) (?:\w+ ){{0,3}}?"
        rf"(?:not|never) (?:ever )?{_WAKING}",
    ),
    (
        "not waking up",
        rf"\b(?:fine|ok|okay|alright|happy|relieved|relief|good|better|glad|nice|peaceful|blessing|"
        rf"easier|mind|care|prefer|rather)\b (?:\w+ ){{0,3}}?if i (?:\w+ )?(?:didnt|did not|never|"
        rf"dont|do not|wouldnt|wont|couldnt) (?:ever )?{_WAKING}",
    ),
    (
        "not waking up",
        rf"\bif i (?:\w+ )?(?:didnt|did not|never|dont|do not|wouldnt|wont) (?:ever )?{_WAKING}"
        rf"(?: (?:tomorrow|again|ever again|in the morning))? (?:\w+ ){{0,3}}?(?:fine|ok|okay|"
        rf"alright|happy|relieved|relief|good|better|glad|nice|peaceful|blessing|easier|so be it|"
        rf"wouldnt (?:mind|care)|dont (?:mind|care))\b",
    ),
    (
        "not waking up",
        rf"\b(?:dont|do not|wouldnt|would not|couldnt|could not|doesnt) (?:really |even )?care "
        rf"(?:if|whether) i (?:\w+ ){{0,2}}?(?:die|died|live|lived|dead|gone|survive|make it|"
        rf"{_WAKING})",
    ),
    (
        "dying in my sleep",
        r"\b(?:die|dying|died|pass\w* away) in (?:my|your|our) sleep (?:would|will|is|sounds|seems|"
        r"wouldnt|wont)(?: not)? (?:be )?(?:\w+ )?(?:nice|fine|ok|okay|relief|blessing|peaceful|"
        r"better|easier|good|great|mercy|welcome|bad|dream)\b",
    ),
    (
        "dying in my sleep",
        r"\b(?:hope|hoping|wish|wishing|pray|praying|want|wanna|like)\w* (?:(?:i|to|that|id|i would|"
        r"i could|i will|ill|i just) )*(?:go|pass|slip away|drift away|pass away|die)(?: \w+)? in "
        r"(?:my|your) sleep\b",
    ),
    (
        "dying in my sleep",
        rf"\b(?:nice|good|better|easier|peaceful|a relief|a blessing|lovely|great|ok|okay|fine|happy|glad) "
        rf"(?:just )?to (?:just )?(?:die|be dead|(?:not|never) {_WAKE_UP}|sleep forever|"
        rf"go to sleep forever)\b",
    ),
    (
        "dying in my sleep",
        r"\b(?:hope|hoping|wish|wishing|pray|praying)\w* (?:that )?tomorrow (?:never|doesnt|does not|wont) "
        r"come",
    ),
    (
        "dying in my sleep",
        r"\b(?:wouldnt|would not|dont|do not|wont|will not) mind (?:if i )?(?:\w+ )?(?:dying|die|died|"
        r"dead|passing away|disappearing|not existing|not being here|not being alive)\b",
    ),
    (
        "sleep forever",
        r"\b(?:sleep|sleeping|asleep|rest|resting) (?:for ?ever|forevr|for ever and ever|permanently|"
        r"for (?:all )?eternity|"
        r"eternally|till i die|until i die|til i die|and never wake\w*|and not wake\w*|"
        r"for good(?= ?(?:\.|$)))",
    ),
    # --- Not wanting to be alive, said indirectly ---------------------------------------
    (
        "wish to die",
        rf"\b(?:want|wants|wanted|wnat|wamt|wan|wana|wanna|wish|wishing|hope|hoping|ready|deserve|"
        rf"deserving|need|like|longing|long|plan|planning|prefer|rather|love)\w* "
        rf"(?:(?!{_NEG_WORDS}\b)\w+ ){{0,2}}?(?:to|too|2) (?:just |simply |finally |really |"
        rf"peacefully |quietly |quickly )?(?:die|be dead|b dead|not (?:be )?(?:exist|alive|here|"
        rf"around)|stop (?:living|existing)|cease to exist|be gone forever)\b",
    ),
    (
        "wish to die",
        r"\b(?:wish|hope|pray)\w* (?:that )?(?:i|id|im|ill)\b "
        r"(?:(?!(?:dont|do|not|never|wont|didnt|make|makes|it|my|this|the|that)\b)\w+ ){0,3}?"
        r"(?:die|died|dies|dead|gone|pass away|passed away|disappear\w*|vanish\w*|"
        r"never (?:been |was |were )?born|not (?:been )?born|wasnt (?:here|alive|born|around)|"
        r"werent (?:here|alive|born|around)|didnt exist|not exist|stop existing|stopped existing|"
        r"not here|not alive|sleep forever|(?:dont|didnt|wont|wouldnt) (?:make it|survive)"
        r"(?= ?(?:\.|$| through| to (?:tomorrow|morning|the morning)| till| until| another)))\b",
    ),
    ("wish to die", r"\b(?:wanna|wana) (?:just |really )?(?:die|be dead|b dead)\b"),
    (
        "wish to die",
        r"\b(?:rather|prefer to|prefer) (?:just )?(?:be dead|die|not (?:be )?(?:alive|here|exist|around))"
        r"(?! than (?!(?:live|living|go on|carry on|keep|feel|suffer|spend|face|wake|be|another|go "
        r"through|deal)\b))",
    ),
    (
        "wish to die",
        rf"\b(?:i|im|i am) (?:shouldnt|should not|dont deserve to|do not deserve to|dont need to) "
        rf"(?:exist|be alive|be here|live|be living){_END}",
    ),
    (
        "wish to die",
        r"\bfeel(?:s|ing)? like (?:im |i am )?(?:dying|dead inside|giving up on life)\b"
        r"|\b(?:feel|feeling|felt|am|im) (?:so |completely |totally )?dead inside\b",
    ),
    (
        "wish to die",
        rf"\b(?:think|thinks|thinking|thought|thoughts|fantasi[sz]\w*|obsess\w*) "
        rf"(?:\w+ ){{0,2}}?(?:about|of) (?:death|dying|being dead|not existing|not being here|"
        rf"ending (?:it|my life|things)|killing {_ME}|my (?:own )?death|disappearing forever|"
        rf"(?:not|never) {_WAKING})",
    ),
    (
        "not wanting to live",
        rf"\b{_NOT} {_GAP}(?:want|wanna|wnat|wish|like|feel like|care)\w* (?:to |2 )?"
        rf"{_ALIVE_VERBS}{_LIVE_OK}",
    ),
    (
        "not wanting to live",
        rf"\b(?:no|lost (?:the|my|all)|losing (?:the|my)|have no|got no|zero) (?:desire|will|wish|"
        rf"motivation|reason|urge) to (?:live|be alive|exist|{_WAKE_UP}|(?:go|carry) on{_GO_ON_OK}|"
        rf"keep going{_GO_ON_OK})",
    ),
    (
        "not wanting to live",
        r"\b(?:not|dont|never|wont|hope i dont|hope i wont|wish i wouldnt|rather not|wouldnt|do not) "
        r"(?:want to |wanna |going to |gonna )?(?:see|make it to|make it through|live to see|survive) "
        r"(?:tomorrow|the morning|morning|another day|the night|next week|my (?:next )?birthday|"
        r"christmas|the weekend)\b",
    ),
    (
        "not wanting to live",
        r"\b(?:last (?:night|day) on earth|last day alive|wont be (?:here|around) (?:tomorrow|much longer|"
        r"for long|anymore|any more)|(?:goodbye|good bye|farewell) (?:note|letter|message|forever|"
        r"everyone|world|cruel world)|(?:put|putting|get|getting) my affairs in order|"
        r"giv\w* away (?:all )?my (?:stuff|things|belongings|possessions))\b",
    ),
    (
        "tired of living",
        r"\b(?:tired|tierd|tird|tiered|sick|weary|exhausted|done|fed up|bored|finished) (?:of|with) "
        r"(?:(?:it|this) )?(?:living|livin|life|lfe|being alive|existing|existence|it all|all of it|"
        r"everything(?! (?:being|getting|going|so|is|on|for|today|tonight|at|around|that|about)\b)|this life|"
        r"my life|being here|being me|the world|"
        r"this world|breathing|"
        r"(?:waking up|trying|fighting|getting up)(?= ?(?:\.|$|any ?more|every day|each day)))\b",
    ),
    (
        "tired of living",
        r"\b(?:had|have had) enough(?: of (?:living|life|being alive|existing|it all|all of it|everything|"
        r"this life|my life|the world|this world))?(?= ?(?:\.|$| of (?:living|life|being alive|existing|"
        r"it all|all of it|everything|this life|my life|the world|this world)))",
    ),
    (
        "can't go on",
        rf"\b(?:cant|cannot|can not|couldnt|could not|unable to) "
        rf"(?:go|keep going|carry|keep) on{_GO_ON_OK}",
    ),
    ("can't go on", rf"\b(?:cant|cannot|can not|couldnt|could not) keep going{_GO_ON_OK}"),
    (
        "can't go on",
        rf"\b{_NOT} {_GAP}(?:can|could|will be able to) (?:go|keep going|carry|keep) on{_GO_ON_OK}",
    ),
    ("can't go on", r"\b(?:cant|cannot|can not) (?:take|stand) (?:it|this|this life|life) any ?more\b"),
    (
        "can't go on",
        rf"\b(?:cant|cannot|can not|couldnt|could not|unable to) (?:do|cope with|cope|handle|bear|live|"
        rf"stand|take|manage|deal with|face|keep doing|keep living|keep going|live like|live with|"
        rf"go on like|fight) (?:(?:it|this|life|any of this|this life|everything|my life|things|"
        rf"like this|with this|with it) )?{_ANYMORE}\b",
    ),
    (
        "can't go on",
        rf"\b(?:cant|cannot|can not|couldnt|dont want to|do not want to|dont wanna) (?:keep |go on |"
        rf"carry on )?(?:living|live|go on living|keep living|exist) (?:like this|this way|with this|"
        rf"with {_ME}|{_ANYMORE})\b",
    ),
    ("can't go on", rf"\b(?:cant|cannot|can not) keep doing (?:this|it){_END}"),
    ("can't go on", r"\b(?:no|not any|see no|cant see (?:a|any)) (?:other )?way out\b(?! of (?:bed|the))"),
    (
        "can't go on",
        rf"\b(?:give|gives|giving|gave|given) up on (?:life|living|everything|{_ME}|it all|the world|"
        rf"being alive)\b|\bi (?:just |have |ve |m |am |will |ll )?(?:give|given|giving) up{_END}",
    ),
    (
        "disappear",
        r"\b(?:wants?|wanna|wanted|wish i could|wish i would|wish i can|wish to) (?:to )?"
        r"(?:just |simply |really )?(?:disappear|vanish|stop existing|not exist|cease to exist)\b"
        r"(?! into (?:a |my |the )?(?:good )?(?:book|bed|blanket|duvet|novel|story|sleep|dreams?|covers)\b)"
        r"|\b(?:disappear|vanish)\w* (?:forever|for good|permanently|from (?:this|the) world|off the face)\b"
        r"|\b(?:feel like|thinking about|think about|thought about) (?:just )?(?:disappearing|vanishing|"
        r"not existing|not being (?:here|alive|around))\b",
    ),
    (
        "disappear",
        r"\b(?:want|wanna|wish|need|like) (?:\w+ ){0,2}?to stop (?:feeling|being|existing|thinking)"
        r"(?: \w+)? (?:forever|for good|permanently)\b|\bstop feeling (?:anything|everything)(?: at all)?"
        r"(?= ?(?:\.|$| forever| any ?more))",
    ),
    (
        "not wanting to live",
        r"\b(?:would|will|does|do) (?:it|anyone|anybody|people|my \w+) (?:even |really )?(?:matter|care|"
        r"notice|miss me|be sad|cry) (?:if|when) i (?:\w+ ){0,2}?(?:died|die|was gone|were gone|wasnt here|"
        r"werent here|disappeared|killed (?:my ?self|myslef)|didnt wake up|never woke up|was dead)\b"
        r"|\bif i (?:\w+ )?(?:died|killed (?:my ?self|myslef)|was dead|were dead|wasnt here any ?more|"
        r"werent here any ?more|wasnt around any ?more|didnt exist)\b",
    ),
    (
        "not wanting to live",
        r"\b(?:no|dont see a|dont see any|cant see a|cant see any|see no|there is no|theres no|have no|"
        r"got no) future(?= ?(?:\.|$| for (?:me|my ?self)| any ?more| ahead| left))"
        r"|\bnothing left(?= ?(?:\.|$| to (?:give|live|lose|fight)| in me| inside))"
        r"|\b(?:not|wont|dont think ill|dont think i will|dont think id) (?:\w+ ){0,2}?(?:be )?(?:here|"
        r"around|alive) (?:much longer|for (?:much )?longer|for long|after tonight|by (?:tomorrow|morning|"
        r"the morning))\b",
    ),
    (
        "can't go on",
        r"\b(?:i|im) (?:just |really |honestly )?(?:cant|can not|cannot)(?: do (?:it|this))? any ?more"
        r"(?= ?(?:\.|$))|\b(?:im|i am) (?:so |just |completely |really )?done(?: with (?:everything|it all|"
        r"life|living|all of it|this life))?(?= ?(?:\.|$))",
    ),
    (
        "wants it to stop",
        r"\b(?:wish|hope|hoping|pray|praying|want|need) (?:it|everything|this|life|things) (?:would |could |"
        r"will |to )?(?:(?:all|just|finally|simply) )*(?:stop|end|be over)\b"
        r"(?! (?:\w+ing|at|before|after|so|when|by|early|soon)\b)",
    ),
    (
        "wants it to stop",
        r"\b(?:want|wanna|wish|need|make|let|for) (?:(?:it|this|everything|all of (?:it|this)|the pain|"
        r"the hurt|life|my life|things|the world|the thoughts|these thoughts|my thoughts) )(?:all |just )?"
        r"(?:to )?(?:stop|end|be over|go away|finish|cease)\b"
        r"(?! (?:\w+ing|at|before|after|so|when|by|early|soon)\b)",
    ),
    # --- Life not worth it, no point -----------------------------------------------------
    (
        "not worth living",
        r"\b(?:not|isnt|aint|no longer|never) worth (?:living|being alive|staying "
        r"alive|it any ?more)\b",
    ),
    (
        "not worth living",
        r"\b(?:life|lifes|living|existence|being alive|going on|carrying on)\b(?: (?:is|s|isnt|aint|"
        r"feels|seems|just|really|honestly|simply|truly|has become|became|becomes|feel|seem|was|"
        r"will be|would be|so|too|even|my))*? (?:not|no longer|never|nt|isnt|aint|wasnt|doesnt|does not|"
        r"dont|do not|didnt)(?: (?:feel|feels|seem|seems|look|looks|even|really))* "
        r"(?:even |really |actually )?worth (?:it|living|anything|much|the (?:effort|pain|struggle|"
        r"fight|trouble|bother)|going on|carrying on|continuing|fighting for|staying)\b",
    ),
    (
        "not worth living",
        r"\b(?:nothing|nothings|none of it|none of this)(?: (?:is|s|seems|feels|really|even))* worth "
        r"(?:it|living|anything|doing|the effort)\b"
        r"|\b(?:is|if|whether|sure|know) (?:my )?life (?:is )?(?:even |really |still )?worth (?:it|living)\b",
    ),
    (
        "not worth living",
        r"\b(?:life|lifes|existence|my existence|everything|it all|its all|it is all|it s all|living)\b"
        r"(?: (?:is|s|feels|seems|has "
        r"become|became|just|so|too|completely|totally|utterly|really|honestly|feel|seem))* "
        r"(?:not worth|pointless|meaningless|worthless|hopeless|over|empty|unbearable|a waste|"
        r"a joke|a burden|too hard|too much|ruined|finished)\b",
    ),
    (
        "not worth living",
        rf"\b(?:(?:whats|what is|wheres|where is|what even is|what would be)(?: even| really| actually)? "
        rf"(?:the|teh)|"
        rf"(?:theres|there is|i see|see|is there|there isnt|there is not|there aint) (?:no|any|not any|"
        rf"really no|absolutely no|no more)|(?:dont|do not|cant|cannot|can not|couldnt) see (?:the|any|a)|"
        rf"(?<!\bfor )(?<!\bwith )no|lost (?:the|any|all)|lost my) (?:point|reason|purpose|meaning|will|use)"
        rf"(?:{_END}| {_ANYMORE}| (?:(?:in|of|to|for) )?(?:(?:even|just|really|carrying|me) )?"
        rf"(?:living|live|life|lives|going on|carrying on|keep going|keeping going|continuing|"
        rf"being alive|staying alive|existing|exist|anything|any of it|it all|{_ANYMORE}|being here|"
        rf"breathing|this life|my life|another day|(?:go|carry) on{_GO_ON_OK}|"
        rf"me (?:being|living|existing|here|alive)|"
        rf"(?:trying|bothering|fighting|being|trying any ?more){_END}|"
        rf"(?:waking up|getting up|wake up|get up)(?! (?:early|earlier|at|before|so|for|on)\b)))",
    ),
    ("not worth living", r"\bnothing (?:left )?to live for\b"),
    (
        "not worth living",
        rf"\b(?:no sense|pointless|no use|useless|senseless) (?:in |to )?(?:living|going on{_GO_ON_OK}|"
        rf"carrying on{_GO_ON_OK}|go on{_GO_ON_OK}|carry on{_GO_ON_OK}|keep going{_GO_ON_OK}|"
        rf"keep living|being alive|staying alive|existing)",
    ),
    (
        "not worth living",
        rf"\bwhy (?:should i |do i |would i |even |do i even |would anyone )?(?:bother(?: living| with life|"
        rf"| trying)?(?= ?(?:\.|$|any ?more))|go on{_GO_ON_OK}|carry on{_GO_ON_OK}|keep going{_GO_ON_OK}|"
        rf"keep living|live{_END}|exist|am i (?:even |still )?(?:alive|here|living)(?= ?(?:\.|$|any ?more))|"
        rf"am i (?:even |still )?alive|was i (?:even |ever )?born|do i (?:even |still )?(?:exist|"
        rf"live|bother))",
    ),
    (
        "not worth living",
        rf"\bhate (?:my life|{_ME}|being alive|living{_LIVE_OK}(?! with)|existing|my existence|being me)\b",
    ),
    # --- A burden, better off without me --------------------------------------------------
    (
        "better off without me",
        r"\b(?:better|easier|happier|simpler|lighter|relieved)(?: off| of)? (?:without me\b"
        r"(?! (?:in|on|next|beside|snoring|tossing|there)\b)|dead|gone|not existing|not being (?:here|"
        r"alive|around)|if i (?:\w+ ){0,2}?(?:wasnt|werent|was not|were not) (?:here|around|alive|born)|"
        r"if i (?:\w+ ){0,2}?(?:was|were) (?:gone|dead)|if i (?:\w+ )?(?:died|disappeared|didnt exist|"
        r"never existed|ended it|killed (?:my ?self|myslef)|didnt wake up|never woke up))",
    ),
    (
        "burden",
        r"\b(?:im|i am|i feel|i felt|feel|feeling|felt|ive become|i have become|i became|i was|being|"
        r"am|ill be|i will be|i will always be)\b (?:(?:like|such|just|only|nothing but|a|an|the|so|"
        r"really|huge|big|total|complete|constant|always|im|i am|i m|becoming) )*burden\b"
        r"|\bburden (?:to|on|for) (?:everyone|everybody|my|others|them|people|the people|those|him|"
        r"her|all|every)\b",
    ),
    (
        "burden",
        r"\b(?:im|i am|feel like|i feel like|such|just) (?:a |such a |total |complete |like a )*waste of "
        r"(?:space|oxygen|air|skin|life|a life)\b|\b(?:im|i am|i feel|feel|feeling) (?:so |just |completely "
        r"|totally |utterly |really )?worthless\b",
    ),
    (
        "burden",
        r"\b(?:would|will|does|do) (?:anyone|anybody|someone|people) (?:even |really )?"
        r"(?:notice|care|miss me)"
        r"(?= ?(?:\.|$| if i| when i))",
    ),
    (
        "burden",
        rf"\b(?:no one|noone|nobody|no body|not a soul)\b (?:\w+ ){{0,2}}?(?:miss|misses|missed) me\b"
        rf"|\b(?:no one|noone|nobody|no body) (?:\w+ ){{0,2}}?(?:care|cares|notice|notices) (?:if|when|"
        rf"whether) i (?:\w+ ){{0,2}}?(?:die|died|dead|gone|disappear\w*|wasnt here|werent here|"
        rf"didnt wake|never woke|killed {_ME})",
    ),
    # --- Ending it, ways to die ----------------------------------------------------------
    ("ending it", rf"\b(?:end|ending|ended) (?:it|things|everything)(?: all?)?{_END_IT_OK}"),
    (
        "ending it",
        r"\b(?:finish|finishing|end|ending) (?:it|things|everything) (?:all|once and for all|for good)\b",
    ),
    (
        "ending it",
        r"\b(?:end|ending|ended|ends|finish|finishing|take|taking|took|stop|stopping) (?:my|my own|own) "
        r"(?:life|existence|own life)\b",
    ),
    (
        "ending it",
        rf"\b(?:kill?|kills|killed|killing|end|ending|ended|off|offing|offed|top|topping|topped|unalive|"
        rf"unaliving|hang|hanging|hanged|shoot|shooting|drown|drowning|poison|poisoning|gas|gassing|"
        rf"suffocate|suffocating|strangle|strangling|electrocute|stab|stabbing|delete|deleting|od|"
        rf"oding|overdose|overdosing) {_ME}(?! (?:in|out|up)\b)|\bdo(?:ing)? {_ME} in\b",
    ),
    ("ending it", r"(?<!\d )\bkms\b(?! (?:away|from|to|per|of|an?|\d+)\b)"),
    (
        "ending it",
        rf"\b(?:jump|jumping|jumped|throw {_ME}|throwing {_ME}|step|stepping|walk|walking|leap|leaping) "
        rf"(?:(?:off|from) (?:a |the |my |of |some )?(?:\w+ )?(?:bridge|building|roof|rooftop|cliff|"
        rf"balcony|tower|ledge|platform|window)|(?:in front of|infront of|under) (?:a |the |some )?"
        rf"(?:\w+ )?(?:train|bus|car|truck|lorry|traffic|tube|lorry)|into (?:the )?(?:traffic|sea|"
        rf"river|ocean|lake))\b",
    ),
    (
        "ending it",
        rf"\b(?:how|ways?|methods?|easiest|quickest|fastest|best|painless|painlessly|peaceful|"
        rf"peacefully|quick|quiet|simplest|least painful) (?:\w+ ){{0,2}}?(?:to|of) (?:die|dying|"
        rf"commit (?:suicide|sucide)|end (?:my life|your life|things)|kill (?:{_ME}|yourself|urself|oneself|"
        rf"me)|"
        rf"suicide|overdose|od|(?:not|never) {_WAKE_UP})\b",
    ),
    # --- Self-harm, in any tense -----------------------------------------------------------
    (
        "self-harm",
        rf"\b(?:hurt|hurts|hurting|harm|harms|harming|harmed|cut|cuts|cutting|slit|slits|slitting|burn|"
        rf"burns|burning|burnt|burned|hit|hits|hitting|punch|punches|punching|bite|bites|biting|stab|"
        rf"stabs|stabbing|injure|injures|injuring|injured|mutilate|mutilating|bruise|bruising|scar|"
        rf"scarring|carve|carving|punish|punishing|starve|starving|starved|choke|choking|strangle|"
        rf"strangling) {_ME}(?! (?:out|up)\b)",
    ),
    (
        "self-harm",
        rf"\bscratch\w* {_ME} (?:until|till|til|so hard|raw|bloody|to bleed)|\bmake {_ME} bleed\b"
        rf"|\b(?:until|till|til|so that|and make) (?:i|it|they) (?:bleed|bleeds|bled)\b",
    ),
    (
        "self-harm",
        r"\b(?:cut|cuts|cutting|slit|slits|slitting|burn|burns|burning|burnt|burned|carve|carving|stab\w*)"
        r" (?:open )?(?:my|into my) (?:wrists?|arms?|forearms?|legs?|thighs?|skin|stomach|belly|hips?|"
        r"ankles?|chest|body|flesh|veins?)\b",
    ),
    (
        "self-harm",
        rf"\b(?:urge|urges|tempted|want|wanna|wanting|need|needing|craving|crave|started|start|starting|"
        rf"keep|kept|been|relapsed?|relapsing|stopped) (?:to |on |into )?(?:(?:cut|cutting|harm|harming)"
        rf"(?: again| {_ME})?(?= ?(?:\.|$|again|so bad|really bad|badly|tonight|every night|at night|"
        rf"lately|recently|when))|(?:burn|burning|hurt|hurting) (?:again|{_ME}))",
    ),
    ("self-harm", rf"\b(?:cutting|cut|harming) (?:{_ME} )?again\b|\bburning {_ME} again\b"),
    (
        "self-harm",
        r"\b(?:im|i am|i m|been|i keep|keep|started|start|i still|still) (?:\w+ )?(?:cutting|"
        r"self harming)(?= ?(?:\.|$|again|every|at night|my ?self))",
    ),
    (
        "self-harm",
        rf"\b(?:hurt|hit|cut|burn|bang|scratch|bite|punch|bruise|harm|starve|slap)\w* (?:{_ME}|my (?:head|"
        rf"arms?|wrists?|legs?|skin|face|hands?|body|thighs?|stomach|fists?|knuckles?)) (?:\w+ ){{0,4}}?"
        rf"(?:on purpose|deliberately|intentionally|to feel (?:something|better|pain))\b",
    ),
    ("self-harm", r"\bs(?:elf|lef) ?(?:harm|harming|harmed|injury|injuring|injure|mutilation)\b"),
    # --- Overdose, lethal amounts, all my pills -------------------------------------------
    (
        "lethal amount",
        rf"\b(?:how (?:many|much)|what (?:amount|dose|dosage|number|quantity)|enough|the (?:amount|number|"
        rf"dose)|amount|quantity|number) (?:(?!(?:sleep|hours?|days?|nights?|weeks?|years?|"
        rf"minutes?|time|people|patients|adults|kids|children|wake)\b)\w+ ){{0,6}}?(?:to |would |will |"
        rf"could |"
        rf"can |might |does it take to |do (?:i|you|people) need to |it takes to |before (?:i|you|it|"
        rf"they|someone|a person|one|we) |until (?:i|you|it|they|someone|a person) |till (?:i|you) |"
        rf"that (?:would|will|could|can) )?(?:kill(?:s|ed)?{_KILL_OK}|die|dies|died|dying|be fatal|be lethal|"
        rf"be deadly|fatal|lethal|deadly|(?<!less )(?<!feel )(?<!feeling )"
        rf"dead(?! (?:tired|on|to|beat|asleep|set)\b)|end (?:it|my life|"
        rf"things)|"
        rf"od|overdose|never wake|not wake|"
        rf"stop (?:my|your|the|a) heart|(?:would|does|will|did) it take(?= ?(?:\.|$)))",
    ),
    (
        "lethal amount",
        r"\b(?:fatal|deadly|lethal|toxic|killing|kill|suicide|suicidal) (?:\w+ )?(?:dose|doses|"
        r"dosage|amount|amounts|quantity|overdose|od|mg|pills?|tablets?)\b",
    ),
    (
        "lethal amount",
        rf"\b(?:dose|doses|dosage|amount|quantity|how (?:many|much)|{_MED_OR_PILLS}) (?:\w+ ){{0,4}}?"
        rf"(?:is |are |be |would be |will be |to be |become |becomes |considered |counts as )?"
        rf"(?:fatal|deadly|lethal|an overdose)\b",
    ),
    (
        "lethal amount",
        rf"\b{_MED_OR_PILLS} (?:\w+ ){{0,3}}?(?:kill(?:s|ed)?{_KILL_OK}|be fatal|be deadly|be lethal|"
        rf"cause death|make (?:me|you) die)\b"
        rf"|\b(?:die|died|dying|death|dead) (?:from|of|by|because of|after taking|after) "
        rf"(?:\w+ ){{0,3}}?{_MED_OR_PILLS}\b",
    ),
    (
        "lethal amount",
        rf"\b(?:take|took|taken|taking|swallow\w*|popped|pop) (?:way |far |a lot |a little |slightly |"
        rf"much )?too (?:many|much)(?= ?(?:\.|$|{_MED_OR_PILLS}\b|of (?:my|the|them|it|these|those|his|"
        rf"her|your)\b|by accident|accidentally|last night|tonight|today|again))",
    ),
    (
        "lethal amount",
        rf"\b(?:take|took|taken|taking|swallow\w*|pop\w*|down|downed|overdose on) (?:a |like )?"
        rf"(?:\d{{2,}}|twenty|thirty|forty|fifty|hundred|a hundred|dozens? of|a dozen|a handful of|"
        rf"handfuls of|a fistful of) (?:(?!(?:mg|mgs|mcg|ug|ml|milligrams?|micrograms?|g|grams?|iu|"
        rf"minutes?|mins?|hours?|days?)\b)\w+ ){{0,2}}?(?:{_MED_OR_PILLS}|pills|capsules)\b",
    ),
    (
        "lethal amount",
        rf"\b(?:stockpil|hoard|stash)\w* (?:\w+ ){{0,2}}?{_MED_OR_PILLS}\b"
        rf"|\b(?:saving|saved) up (?:\w+ ){{0,2}}?{_MED_OR_PILLS}\b",
    ),
    (
        "all my pills",
        rf"\b(?:take|taking|took|swallow\w*) (?:all|every one|the rest) (?:of )?"
        rf"(?:my|the|these|those|his|her|your) (?:\w+ ){{0,2}}?{_MED_NOT_SUPPLEMENT}\b{_ROUTINE}",
    ),
    (
        "all my pills",
        r"\b(?:take|taking|took|swallow\w*) (?:the|a|my) whole (?:bottle|box|pack|packet|"
        r"strip|blister|lot|jar|tub)\b",
    ),
)
_CRISIS_RES = tuple((label, re.compile(pattern)) for label, pattern in CRISIS_PATTERNS)
_CRISIS_WORD_RE = re.compile(r"[^\W\d_]+|\d+|[.!?;:,()\u2013\u2014\u2026]")

# ---------------------------------------------------------------------------------------
# Medicine questions that name no known medicine: a verb of taking (or giving), an object
# that is not an activity or a length of time, then a purpose about sleep: "can I take X to
# sleep", "what should I take for insomnia", "give my toddler something to help her sleep",
# "something to knock me out". Everything the object may not be is in _NOT_A_MEDICINE_OBJECTS.
_OBJECT_WORD = rf"(?!(?:{'|'.join(sorted(_NOT_A_MEDICINE_OBJECTS))})\b)\w+"
_HELPER = (
    r"(?:(?:help|helps|helping|make|makes|get|gets|put|puts)(?: (?:me|you|him|her|them|us|my \w+|"
    r"the \w+|a \w+|kids?|baby|child|toddler))?(?: to)? )?"
)
_SLEEP_VERB = (
    r"(?:sleep\w*|fall asleep|stay asleep|get to sleep|go to sleep|knock (?:me |you |him |her |them )?out|"
    r"doze off|nod off|drift off|relax|unwind|calm (?:down|me down|my nerves)|settle|be (?:drowsy|sleepy)|"
    r"drowsy|sleepy|asleep)\b"
)
_SLEEP_NOUN = (
    r"(?:(?:my |better |deep |good )?sleep\w*|(?:my )?insomnia|bed|bedtime|night ?time|the night|"
    r"sleeplessness|trouble sleeping|sleep problems|(?:my |night )?anxiety)\b"
)
_PURPOSE_TAKE = (
    rf"(?:(?:to|2|in order to|so (?:that )?(?:i|you|we|he|she|they|it) (?:can|could|will|would|might|may)|"
    rf"that (?:will|would|could|can|might|may)|which (?:will|would|could)|and) {_HELPER}{_SLEEP_VERB}"
    rf"|(?:that|which) (?:helps?|makes?) (?:\w+ )?(?:to )?{_SLEEP_VERB}"
    rf"|(?:to )?(?:help|helps|helped) (?:(?:me|you|him|her|them|us) )?(?:(?:to|with) )?(?:sleep\w*|"
    rf"insomnia|fall asleep|stay asleep|get to sleep|drift off|nod off|relax|unwind)\b"
    rf"|(?:for|4) {_SLEEP_NOUN}|(?:before|at) (?:bed|bedtime|night|sleep|night ?time)\b)"
)
_PURPOSE_THING = (
    rf"(?:(?:to|2|that (?:will|would|could|can|helps?|makes?)) {_HELPER}{_SLEEP_VERB}"
    rf"|(?:for|4) (?:my )?(?:sleep|sleeping|insomnia|sleeplessness)\b|stronger\b)"
)
_TAKE_VERB = (
    r"(?:take|takes|taking|took|taken|tak|tke|pop|pops|popping|popped|swallow|swallows|swallowing|"
    r"swallowed|give|gives|giving|gave|given)"
)
MEDICINE_QUESTION_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "taking something for sleep",
        rf"(?<!\bit )(?<!\blong )\b{_TAKE_VERB} (?:\w+ (?:year|month|week)s? old |{_OBJECT_WORD} ){{0,5}}?"
        rf"{_PURPOSE_TAKE}",
    ),
    (
        "something for sleep",
        rf"(?:\b(?:something|somethin|smth|sth|summat|sumthing)|(?<!\bdo )(?<!\bgive )(?<!\btry )"
        rf"(?<!\bpay )\banything) (?:{_OBJECT_WORD} ){{0,2}}?{_PURPOSE_THING}",
    ),
    ("safe to take", r"\b(?:safe|ok|okay|alright|dangerous|addictive|habit forming) to take\b"),
    ("taking something for sleep", rf"\b(?:buy|order|purchase) {_PURPOSE_THING}"),
)
_MEDICINE_QUESTION_RES = tuple((label, re.compile(p)) for label, p in MEDICINE_QUESTION_PATTERNS)
# The same question in German, French, Spanish, Portuguese, Italian and Dutch, where the
# verb may come last ("etwas zum Schlafen nehmen"): a purpose about sleep plus a verb of
# taking or a word for "something", anywhere in the text.
_FOREIGN_PURPOSE_RE = re.compile(
    r"\b(?:para|pra|pour|per|zum|zur|um|om) (?:(?:el|la|o|a|le|il|bien|mieux|beter|besser|poder|"
    r"pouvoir|te|zu|conciliar|lo|mi|me|m|durch)\s)*(?:dormir|dormire|schlafen|einschlafen|"
    r"durchschlafen|einzuschlafen|durchzuschlafen|slapen|inslapen|mendormir|endormir|sommeil|sonno|"
    r"sueno|sono|insomnio|insomnia|insonnia|insomnie|insonia|schlaf|slaap|doormir)\b"
)
# German and Dutch write compounds as one word: "Schlaftabletten", "slaappillen".
_FOREIGN_MEDICINE_ENDINGS = ("tablette", "tabletten", "medikament", "medikamente", "pillen", "tabletjes")
_FOREIGN_SOMETHING = _words("algo alguna alguma etwas qualcosa iets wat quoi chose quelquechose cosa coisa")


def _crisis_text(text: str) -> str:
    """Words joined by single spaces, sentence punctuation as ".": "don't-care." -> "dont care ."."""
    return " ".join("." if not w[0].isalnum() else w for w in _CRISIS_WORD_RE.findall(_clean(text)))


def crisis_pattern_labels(text: str) -> list[str]:
    """Labels of the indirect crisis patterns found in text."""
    words = _crisis_text(text)
    return [label for label, pattern in _CRISIS_RES if pattern.search(words)]


def medicine_question_labels(text: str) -> list[str]:
    """Labels of the medicine questions found in text that name no medicine ("take X to sleep")."""
    words = _crisis_text(text)
    labels = [label for label, pattern in _MEDICINE_QUESTION_RES if pattern.search(words)]
    if _FOREIGN_PURPOSE_RE.search(words):
        tokens = set(words.split())
        if tokens & (TAKING_WORDS | _FOREIGN_SOMETHING):
            labels.append("taking something for sleep")
    return labels


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _is_medicine_idiom(tokens: list[str], start: int, end: int) -> bool:
    """A generic medicine word used as an everyday word: "pill-shaped", "drug-free", "capsule hotel"."""
    if end - start != 1 or not (_variants(tokens[start]) & _IDIOM_PRONE):
        return False
    word, after = tokens[start], tokens[end : end + 3]
    if word in {"prescribed", "prescribe"}:
        return bool(set(after) & _SCHEDULE_WORDS)
    if word == "medicine":
        # "the medicine of laughter", "sleep is the best medicine"
        if after[:1] == ["of"] and any(t in _EVERYDAY_DOSE_OBJECTS for t in after[1:]):
            return True
        before = tokens[max(0, start - 3) : start]
        if before in (["is", "the", "best"], ["s", "the", "best"]) and not set(after[:1]) & {
            "for",
            "to",
            "that",
        }:
            return True
    # One describing word may come between: "hypnotic sleep music", "hypnotic rain sounds".
    following = after[:2] if after[:1] in (["sleep"], ["sleeping"], ["rain"]) else after[:1]
    return any(t in _NOT_A_MEDICINE_AFTER for t in following) or (
        start > 0 and tokens[start - 1] in _NOT_A_MEDICINE_BEFORE
    )


def _is_dose_idiom(tokens: list[str], start: int, label: str, medicine_at: set[int]) -> bool:
    """ "a dose of sunlight", "dose off" (doze off), "overdosed on sleep": not a dose."""
    nxt = tokens[start + 1 : start + 5]
    if any(i in medicine_at for i in range(start + 1, start + 5)):
        return False  # "a dose of my sleep medicine", "overdose on sleeping pills"
    if label in {"dose", "doses", "dosage", "doseage", "dossage", "dosing"}:
        if nxt[:1] == ["off"]:
            return True
        if nxt[:1] == ["of"]:
            prev = tokens[start - 1] if start > 0 else ""
            return prev in _IDIOM_DOSE_ADJECTIVES or any(w in _EVERYDAY_DOSE_OBJECTS for w in nxt[1:4])
    if label in {"overdose", "overdosing", "overdosed", "od", "oded", "overdoze"}:
        return nxt[:1] in (["on"], ["of"]) and any(
            t in _EVERYDAY_OVERDOSE_OBJECTS | _EVERYDAY_DOSE_OBJECTS for t in nxt[1:3]
        )
    return False


_CONNECTORS = _words("to for and so that which before at in up off out over down back away")
_EVERYDAY_NOUNS = _NOT_A_MEDICINE_OBJECTS - _CONNECTORS


# "tablet" is also a screen: it is a medicine when plural with no screen in sight, after a
# medicine's purpose ("blood pressure tablets") or a count, or with a verb of taking or a dose.
_TABLET_WORDS = _words("tablet tablets tab tabs")
_SCREEN_WORDS = _words(
    "ipad ipads screen screens phone phones laptop laptops device devices kindle computer computers tv "
    "apps app games gaming brightness blue light reading read watch watching scroll scrolling android "
    "samsung netflix youtube video videos ereader charging charger keep browser"
)
_TABLET_MODIFIERS = _words(
    "pressure fever hayfever allergy pain thyroid iron heart water steroid cold flu antibiotic vitamin "
    "sleeping sleep caffeine travel sickness herbal valerian magnesium melatonin"
)
_COUNT_WORDS = _words("one two three four five six seven eight nine ten twenty couple few several")


def _everyday_follows(tokens: list[str], i: int) -> bool:
    """An activity or a length of time at tokens[i] (or after "a"/"an"): "naps", "an hour"."""
    nxt = tokens[i : i + 2]
    if nxt[:1] and nxt[0] in {"a", "an"}:
        nxt = nxt[1:]
    return bool(nxt) and nxt[0] in _EVERYDAY_NOUNS


def _taking_context(tokens: list[str]) -> bool:
    """A verb of taking a medicine: not "it takes me hours", not "take a nap"."""
    for i, token in enumerate(tokens):
        if token not in TAKING_WORDS:
            continue
        if i > 0 and tokens[i - 1] in {"it", "long", "does"}:
            continue
        if _everyday_follows(tokens, i + 1) or (
            tokens[i + 1 : i + 2] == ["me"] and _everyday_follows(tokens, i + 2)
        ):
            continue
        return True
    return False


def _tablet_is_medicine(tokens: list[str], medicine_at: set[int], dosing: bool) -> bool:
    """ "blood pressure tablets", "take a tablet", "2 tablets": not "reading on a tablet"."""
    for i, word in enumerate(tokens):
        if word not in _TABLET_WORDS or i in medicine_at:
            continue
        prev = tokens[i - 1] if i > 0 else ""
        if dosing or prev in _TABLET_MODIFIERS or prev[:1].isdigit() or prev in _COUNT_WORDS:
            return True
        if word.endswith("s") and not (set(tokens) & _SCREEN_WORDS):
            return True
    return False


def classify_query(text: str) -> QueryFlags:
    """Flags for a search query (or any short text a person typed)."""
    tokens = tokenize(text)
    if not tokens:
        return QueryFlags()
    medicine_hits = [
        (s, e, label) for s, e, label in _MEDICINES.find(tokens) if not _is_medicine_idiom(tokens, s, e)
    ]
    medicines = _unique(
        [label for _s, _e, label in medicine_hits]
        + ["sleeping medicine" for t in tokens if len(t) > 9 and t.endswith(_FOREIGN_MEDICINE_ENDINGS)]
    )
    classes = _unique([MEDICINES[name][0] for name in medicines])
    medicine_at = {i for s, e, _label in medicine_hits for i in range(s, e)}
    # A count before a medicine is a dose: "two zopiclone", "3 melatonin gummies".
    counted = any(
        s > 0 and (tokens[s - 1][0].isdigit() or tokens[s - 1] in _COUNT_WORDS) for s, _e, _l in medicine_hits
    )
    medicine_terms = _unique(medicine_question_labels(text))
    taking = _taking_context(tokens)

    strong_hits = [(s, label) for s, _e, label in _STRONG.find(tokens)]
    idiom_at = {s for s, label in strong_hits if _is_dose_idiom(tokens, s, label, medicine_at)}
    dose_terms = [label for s, label in strong_hits if s not in idiom_at]
    dose_terms.extend("dose" for t in tokens if t.endswith(("dosis", "dosierung")) and t not in _STRONG.words)
    if counted or _NUMBER_UNIT_RE.search(_clean(text)):
        dose_terms.append("amount")
    if _tablet_is_medicine(tokens, medicine_at, taking or bool(dose_terms)):
        medicines = _unique([*medicines, "sleeping medicine"])
        classes = _unique([*classes, "general"])
    medicine_context = bool(medicines) or bool(medicine_terms) or taking
    if medicine_context:
        dose_terms.extend(label for _s, e, label in _WEAK.find(tokens) if not _everyday_follows(tokens, e))

    crisis_hits = [
        label for s, _e, label in _CRISIS.find(tokens) if not _is_dose_idiom(tokens, s, label, medicine_at)
    ]
    crisis_terms = _unique(crisis_hits + crisis_pattern_labels(text))
    return QueryFlags(
        mentions_medicine=bool(medicines) or bool(medicine_terms),
        mentions_dose=bool(dose_terms),
        crisis=bool(crisis_terms),
        medicines=medicines,
        medicine_classes=classes,
        dose_terms=_unique(dose_terms),
        crisis_terms=crisis_terms,
        medicine_terms=medicine_terms,
    )


# A note that asks or weighs a change, rather than records what was taken.
_ASKING_ABOUT_A_CHANGE = re.compile(
    r"\?|\b(?:should|shall|can|could|may|might|would|is it|are they|how (?:much|many|long|often)|"
    r"what (?:dose|amount)|ok to|safe to|allowed to|wonder|not sure|unsure|"
    r"increase|decrease|raise|lower|reduce|double|halve|cut (?:down|back)|more|less|"
    r"stop|stopp|quit|come off|coming off|taper|wean|switch|change|skip|mix|combine)\b",
    re.IGNORECASE,
)


def asks_about_a_change(text: str) -> bool:
    """Does a note ask about, or weigh, a change (rather than record what was taken)?"""
    return bool(_ASKING_ABOUT_A_CHANGE.search(text))
