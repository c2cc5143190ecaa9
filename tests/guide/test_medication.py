"""Table test of the medicine, dose and crisis matcher on real-world phrasings."""

import pytest

from sleepapp.guide.medication import classify_query, tokenize, within_one_edit

M, D, C = "medicine", "dose", "crisis"

# (query, expected flags, canonical medicine expected or None)
CASES = [
    # The seed query and its cousins
    ("clonazepam maximum dosage for sleep", {M, D}, "clonazepam"),
    ("how much clonazepam can I take to sleep", {M, D}, "clonazepam"),
    ("Klonopin for insomnia", {M}, "clonazepam"),
    ("rivotril sleep", {M}, "clonazepam"),
    ("clonazapam and sleep", {M}, "clonazepam"),
    ("klonipin withdrawal insomnia", {M, D}, "clonazepam"),
    ("KLONOPIN", {M}, "clonazepam"),
    # Other benzodiazepines
    ("valium before bed", {M}, "diazepam"),
    ("diazapam sleep", {M}, "diazepam"),
    ("Ativan to sleep?", {M}, "lorazepam"),
    ("lorazapam 1mg", {M, D}, "lorazepam"),
    ("xanax for sleep", {M}, "alprazolam"),
    ("xanex sleep", {M}, "alprazolam"),
    ("alprazolam.", {M}, "alprazolam"),
    ("temazepam half life", {M, D}, "temazepam"),
    ("restoril vs ambien", {M}, "temazepam"),
    ("halcion", {M}, "triazolam"),
    ("nitrazepam mogadon", {M}, "nitrazepam"),
    ("benzos and sleep", {M}, "benzodiazepine"),
    ("Benzodiazapines long term", {M}, "benzodiazepine"),
    # Z-drugs
    ("ambien side effects", {M}, "zolpidem"),
    ("Zolpidem 10 mg", {M, D}, "zolpidem"),
    ("zolpiden sleepwalking", {M}, "zolpidem"),
    ("stilnox", {M}, "zolpidem"),
    ("zopiclone taste", {M}, "zopiclone"),
    ("zopiclon", {M}, "zopiclone"),
    ("imovane sleep", {M}, "zopiclone"),
    ("lunesta", {M}, "eszopiclone"),
    ("eszopiclone next day", {M}, "eszopiclone"),
    ("z-drugs", {M}, "z-drug"),
    ("zaleplon", {M}, "zaleplon"),
    # Sedating antidepressants
    ("trazodone for sleep", {M}, "trazodone"),
    ("trazadone dose", {M, D}, "trazodone"),
    ("mirtazapine weight gain", {M}, "mirtazapine"),
    ("remeron", {M}, "mirtazapine"),
    ("doxepin silenor", {M}, "doxepin"),
    ("amitriptyline for sleep", {M}, "amitriptyline"),
    ("amitryptiline sleep", {M}, "amitriptyline"),
    ("elavil", {M}, "amitriptyline"),
    # Antihistamines
    ("benadryl to sleep every night", {M}, "diphenhydramine"),
    ("Benadril sleep", {M}, "diphenhydramine"),
    ("ZzzQuil", {M}, "diphenhydramine"),
    ("zzzquil every night", {M}, "diphenhydramine"),
    ("nytol", {M}, "diphenhydramine"),
    ("tylenol pm", {M}, "diphenhydramine"),
    ("unisom pregnancy", {M}, "doxylamine"),
    ("doxylamine", {M}, "doxylamine"),
    ("phenergan for sleep", {M}, "promethazine"),
    ("hydroxyzine sleep", {M}, "hydroxyzine"),
    # Melatonin and friends
    ("melatonin gummies", {M}, "melatonin"),
    ("Melatonin gummies for kids", {M}, "melatonin"),
    ("melotonin", {M}, "melatonin"),
    ("how much melatonin should i take", {M, D}, "melatonin"),
    ("can i double my melatonin", {M, D}, "melatonin"),
    ("melatonin 5mg", {M, D}, "melatonin"),
    ("circadin", {M}, "melatonin"),
    ("ramelteon", {M}, "ramelteon"),
    ("belsomra", {M}, "suvorexant"),
    ("dayvigo", {M}, "lemborexant"),
    ("quviviq", {M}, "daridorexant"),
    ("seroquel for sleep", {M}, "quetiapine"),
    ("seroquil", {M}, "quetiapine"),
    ("quetiapine", {M}, "quetiapine"),
    ("gabapentin insomnia", {M}, "gabapentin"),
    ("pregabalin", {M}, "pregabalin"),
    ("valerian root tea", {M}, "valerian"),
    # Generic medicine words and dose words alone
    ("sleeping pills", {M}, "sleeping medicine"),
    ("Sleeping-tablets", {M}, "sleeping medicine"),
    ("sleep aids over the counter", {M}, "sleeping medicine"),
    ("dosage", {D}, None),
    ("what dose", {D}, None),
    ("how many can I take", {D}, None),
    ("how much should i take", {D}, None),
    ("stop taking", {D}, None),
    ("withdrawal insomnia", {D}, None),
    ("tapering off", {D}, None),
    ("weaning", {D}, None),
    ("5 mg", {D}, None),
    ("0,5mg", {D}, None),
    ("2 µg", {D}, None),
    # Crisis
    ("overdose", {D, C}, None),
    ("overdose on sleeping pills", {M, D, C}, "sleeping medicine"),
    ("I want to die", {C}, None),
    ("i wanna die", {C}, None),
    ("kill myself", {C}, None),
    ("I want to kill myself with pills", {M, C}, "sleeping medicine"),
    ("suicide", {C}, None),
    ("sucide", {C}, None),
    ("suicidal thoughts at night", {C}, None),
    ("how to end my life", {C}, None),
    ("I don't want to live anymore", {C}, None),
    ("lethal dose of xanax", {M, D, C}, "alprazolam"),
    # Indirect crisis phrasings (QA): no "die" or "suicide", still crisis
    ("I don't want to wake up", {C}, None),
    ("i dont want to wake up anymore", {C}, None),
    ("I don’t really want to wake up", {C}, None),
    ("DONT think I want to wake up tomorrow", {C}, None),
    ("I hope I never wake up", {C}, None),
    ("wish I could sleep forever and never wake up", {C}, None),
    ("I just want to fall asleep and not wake up again", {C}, None),
    ("can't go on", {C}, None),
    ("cant go on like this", {C}, None),
    ("I can't take it anymore", {C}, None),
    ("want to disappear", {C}, None),
    ("I wish I could just disappear", {C}, None),
    ("no reason to live", {C}, None),
    ("everyone would be better off without me", {C}, None),
    ("hurt myself", {C}, None),
    ("self harm", {C}, None),
    ("self-harm", {C}, None),
    ("cutting myself", {C}, None),
    ("thinking about ending it", {C}, None),
    ("not worth living", {C}, None),
    ("life isn't worth living", {C}, None),
    ("nothing to live for", {C}, None),
    ("take all my pills", {M, C}, "sleeping medicine"),
    ("take all of my zopiclone tonight", {M, C}, "zopiclone"),
    ("swallowed the whole bottle", {C}, None),
    # Must not match
    ("coffee", set(), None),
    ("Coffee after lunch", set(), None),
    ("caffeine", set(), None),
    ("how much sleep do I need", set(), None),
    ("how many hours of sleep", set(), None),
    ("ambient noise for sleep", set(), None),
    ("circadian rhythm", set(), None),
    ("meditation before bed", set(), None),
    ("dozing off on the sofa", set(), None),
    ("reading on a tablet in bed", set(), None),
    ("what is the meaning of dreams", set(), None),
    ("I never wake up refreshed", set(), None),
    # Sleep talk that shares words with the indirect crisis phrasings
    ("I wake up too early", set(), None),
    ("how to stop waking up at 3am", set(), None),
    ("I can't go to sleep", set(), None),
    ("disappear into sleep", set(), None),
    ("ending my day with a bath", set(), None),
    ("cutting caffeine", set(), None),
    ("I don't want to wake up at 3am", set(), None),
    ("i dont want to wake up tired", set(), None),
    ("don't want to wake up my partner", set(), None),
    ("I wish I didn't wake up every night", set(), None),
    ("I don't want to wake up again at 4am", set(), None),
    ("I go to sleep at 11 and never wake up until 10", set(), None),
    ("I can't go on holiday", set(), None),
    ("I cant go on to week 3", set(), None),
    ("want my racing thoughts to disappear", set(), None),
    ("I hurt my back", set(), None),
    ("cutting back on coffee", set(), None),
    ("when will the night end", set(), None),
    ("how to end it early tonight", set(), None),
    ("no point in napping", set(), None),
    ("naps", set(), None),
    ("sleep diary", set(), None),
    ("racing mind", set(), None),
    ("lower my body temperature", set(), None),
    ("stop worrying at night", set(), None),
    ("double bed or single", set(), None),
    ("", set(), None),
    ("   ", set(), None),
]


@pytest.mark.parametrize(("query", "expected", "medicine"), CASES)
def test_classify_query(query, expected, medicine):
    flags = classify_query(query)
    seen = set()
    if flags.mentions_medicine:
        seen.add(M)
    if flags.mentions_dose:
        seen.add(D)
    if flags.crisis:
        seen.add(C)
    assert seen == expected, flags
    if medicine is not None:
        assert medicine in flags.medicines
    assert flags.needs_referral == bool(expected & {M, D})


def test_table_is_large_enough():
    assert len(CASES) >= 60


def test_classes_are_reported():
    flags = classify_query("ambien or klonopin")
    assert set(flags.medicine_classes) == {"z-drug", "benzodiazepine"}
    assert flags.medicines == ("zolpidem", "clonazepam")


def test_terms_are_reported():
    flags = classify_query("I took an overdose and want to die")
    assert "overdose" in flags.crisis_terms
    assert "want to die" in flags.crisis_terms
    assert "overdose" in flags.dose_terms


def test_indirect_crisis_terms_are_reported():
    assert classify_query("I don't want to wake up").crisis_terms == ("not waking up",)
    assert "can't go on" in classify_query("cant go on like this").crisis_terms


@pytest.mark.parametrize(
    "query",
    ["take all my pills with food", "can I take all my pills at the same time", "take all my vitamins"],
)
def test_taking_all_pills_as_a_routine_is_not_crisis(query):
    assert not classify_query(query).crisis


def test_tokenize_handles_units_and_apostrophes():
    assert tokenize("Don't take 10mg!") == ["dont", "take", "10", "mg"]
    assert tokenize("Don`t") == tokenize("Don‘t") == ["dont"]
    assert tokenize("2 µg") == ["2", "μg"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("melatonin", "melatonin", True),
        ("melatonin", "melotonin", True),
        ("melatonin", "melatonine", True),
        ("melatonin", "meltaonin", True),
        ("melatonin", "melaton", False),
        ("ambien", "ambient", True),
        ("abc", "xyz", False),
    ],
)
def test_within_one_edit(a, b, expected):
    assert within_one_edit(a, b) is expected


@pytest.mark.parametrize(
    "word",
    [
        "losing",
        "wearing",
        "meaning",
        "dozing",
        "overdone",
        "circadian",
        "meditation",
        "ambient",
        "unison",
        "morphing",
        "leaning",
        "coffee",
        "tea",
        "cola",
        "chocolate",
    ],
)
def test_everyday_words_near_listed_words_do_not_match(word):
    flags = classify_query(f"{word} and sleep")
    assert not (flags.needs_referral or flags.crisis), flags
