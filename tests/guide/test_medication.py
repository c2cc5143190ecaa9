"""Table test of the medicine, dose and crisis matcher on real-world phrasings."""

import time

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


# ---------------------------------------------------------------------------------------
# Clinical review tables (docs/design.md §4.4). The matcher works by meaning (verb, object,
# negation, what follows), so these are varied phrasings, typos, lower case, no punctuation,
# contractions with and without apostrophes. Every row must hold: test_recall_figures prints
# the counts with `pytest -s` and asserts 100% recall and no false alarm.

# Crisis, said indirectly: each must show the crisis lines.
CRISIS_POSITIVES = [
    # Not wanting to be alive
    "tired of living",
    "i'm so tired of it all",
    "im tired of everything",
    "im sick and tired of living",
    "so tired of being alive",
    "i am done with life",
    "fed up with everything",
    "weary of it all",
    "im exhausted of existing",
    "tired of life",
    "ive had enough",
    "i've had enough of life",
    "life isn't worth it",
    "life isnt worth it anymore",
    "lifes not worth living",
    "life's not worth the effort",
    "living isnt worth it anymore",
    "its not worth living anymore",
    "my life is not worth anything",
    "not sure life is worth it",
    "nothing is worth it anymore",
    "life is pointless",
    "life doesnt feel worth living",
    "it's all pointless",
    "is there any point in going on",
    "life has no meaning",
    "everything feels hopeless",
    "what's the point of going on",
    "whats the point anymore",
    "what is the point of living",
    "honestly what is even the point anymore",
    "whats teh point",
    "there's no point in going on",
    "no point living",
    "pointless to go on",
    "no sense in going on",
    "i dont see the point of anything",
    "what's the point in anything",
    "whats the use of living",
    "whats the point of waking up",
    "no reason to keep going",
    "i dont see a reason to live",
    "why bother living",
    "why am i even alive",
    "why do i exist",
    "why should i keep living",
    "why go on",
    "lost the will to live",
    "no will to live",
    "i cant see a future for myself",
    "i have nothing left",
    "i dont wanna be alive",
    "dont wanna live",
    "i dont want to exist anymore",
    "dont want to be alive anymore",
    "i don t want to live",
    "i don't want to keep living",
    "i dont want to be around anymore",
    "i dont want to live this life anymore",
    "i want to stop existing",
    "i wish i was never born",
    "i wish i'd never been born",
    "i wish i didn't exist",
    "i'd rather be dead",
    "i'm ready to die",
    "i deserve to die",
    "i want to die lol",
    "I WANT TO DIE",
    "want 2 die",
    "i wnat to die",
    "i wanna be dead",
    "i feel dead inside",
    "i keep thinking about death",
    "i'm not going to be here much longer",
    "i don't think i'll be around much longer",
    "i hope tomorrow never comes",
    "i don't want to see tomorrow",
    "i hope i dont make it through the night",
    "i want to disappear forever",
    "i feel like disappearing forever",
    "i just want to stop feeling anything forever",
    "i hate my life",
    "i want to give up on life",
    "i've given up on life",
    "i cant do this anymore",
    "i cant cope anymore",
    "i cant handle life anymore",
    "i cant live like this",
    "i dont want to live with this anymore",
    "im done. i cant anymore",
    "i can t go on",
    "i dont think i can go on",
    "cant keep going",
    "there's no way out",
    "i can't see any way out of this",
    # Ending it
    "ending my life",
    "I am planning to end my life",
    "i want to end my own life",
    "thinking about ending it all",
    "i'm thinking of ending things",
    "i wanna end it all",
    "i want to end it",
    "i'm going to end it tonight",
    "end it once and for all",
    "i want to end everything",
    "how do i end it",
    "i want it all to stop",
    "i just want everything to end",
    "i just want everything to stop",
    "wish it would all just stop",
    "i just wish it would all end",
    "i need it all to end",
    "I want it to be over",
    "make it all stop",
    "i want the pain to stop",
    "kil myself",
    "i want to kil myself",
    "i wanna kms",
    "i want to unalive myself",
    "sewerslide",
    "I have a plan to kill myself",
    "i keep having thoughts of killing myself",
    "planning my suicide",
    "I'm thinking about suicide",
    "sucidal at night",
    "i feel suicidial",
    "painless way to die",
    "easiest way to kill myself",
    "how to die in my sleep",
    "im going to jump off a bridge",
    "i want to step in front of a train",
    "thinking of walking into traffic",
    "how many pills to kill a person",
    # Sleep as a way out
    "i wish i could sleep forever",
    "i want to go to sleep forever",
    "i want to sleep for eternity",
    "sometimes i wish i could just fall asleep forever",
    "I could just sleep forever and never wake up",
    "i just want to go to sleep and never wake up",
    "i want to sleep and not wake up ever",
    "wish i could go to sleep and not wake up",
    "i'd rather not wake up",
    "id rather not wake up tomorrow",
    "i would rather not wake up",
    "prefer not to wake up",
    "i'd rather never wake up again",
    "i wish i never had to wake up again",
    "hope i never wake up again",
    "i hope i dont wake up tomorrow",
    "i hope i don't wake up tomorrow morning",
    "hopefully i wont wake up tomorrow",
    "i wouldnt mind not waking up",
    "i pray i dont wake up in the morning",
    "part of me hopes i wont wake up",
    "i wish i wouldnt wake up",
    "i dont wanna wake up",
    "i dont care if i wake up",
    "i dont care if i live or die",
    "i wouldnt care if i never woke up",
    "if i didnt wake up tomorrow that would be fine",
    "it would be ok if i never woke up",
    "everything would be easier if i just didnt wake up",
    "i hope i die in my sleep",
    "i wish i could die in my sleep",
    "wish id just die in my sleep tonight",
    "i want to die in my sleep tonight",
    "i hope i pass away in my sleep",
    "i want to go peacefully in my sleep",
    "it'd be nice to die in my sleep",
    "dying in my sleep would be a relief",
    "i wouldn't mind dying in my sleep",
    # A burden, better off without me
    "better off dead",
    "id be better of dead",
    "id be better off dead honestly",
    "better off gone",
    "I'd be better off not existing",
    "everyone would be better off without me",
    "everybody would be better without me",
    "they'd all be better off without me",
    "my kids would be better off without me",
    "the world would be better without me",
    "everyone would be happier without me",
    "it'd be easier if i wasnt here",
    "my family would be better off if i was gone",
    "everyone would be better off if i didnt exist",
    "I'm a burden",
    "i feel like a burden",
    "i feel like such a burden to my family",
    "im just a burden on everyone",
    "im nothing but a burden",
    "my life is a burden",
    "im a waste of space",
    "i feel worthless",
    "nobody would miss me",
    "no one would care if i died",
    "no one would even notice if i was gone",
    "would anyone notice if i disappeared",
    "would it matter if i died",
    # Self-harm, present tense
    "im cutting myself",
    "i am cutting",
    "i cut myself every night",
    "i've been cutting again",
    "i keep hurting myself",
    "im hurting myself again",
    "im harming myself",
    "i self harm",
    "i've been self harming again",
    "i burn myself",
    "Ive been burning myself",
    "i burn my arms",
    "I punch myself",
    "i hit myself when i cant sleep",
    "i hit my head against the wall on purpose",
    "i scratch my arms till they bleed",
    "i want to cut",
    "urge to cut",
    "i've been burning myself again",
    "i'm starving myself",
    "slit my wrists",
    "self injury",
    # Lethal amounts and overdoses (crisis first, medicine flags may also be set)
    "how many pills would kill me",
    "how many pills would it take",
    "how many zopiclone to overdose",
    "how many pills to od",
    "can i od on melatonin",
    "can i overdose on trazodone",
    "what dose of zolpidem is lethal",
    "lethal dosage of diazepam",
    "what amount of melatonin is fatal",
    "what amount is deadly",
    "toxic dose of trazodone",
    "fatal dose of amitriptyline",
    "how much ambien is deadly",
    "how much zolpidem to die",
    "how many paracetamol to die",
    "how many sleeping pills does it take to die",
    "how many zolpidem until you die",
    "how many do i need to take to die",
    "how many amitriptyline would it take to not wake up",
    "how much quetiapine would make me not wake up",
    "how many sleeping tablets would put me to sleep forever",
    "at what dose does zopiclone become lethal",
    "how many mg of melatonin is an overdose",
    "can you die from taking too much melatonin",
    "can 20 ambien kill you",
    "how much xanax would kill a person",
    "is 30 zopiclone enough to die",
    "is 50 melatonin gummies lethal",
    "i took too many pills",
    "what happens if i take 20 sleeping pills",
    "what would happen if i took 40 zopiclone",
    "taking a handful of zopiclone tonight",
    "stockpiling my sleeping pills",
    "i am going to take all my pills tonight",
    "i've thought about taking all my sleeping tablets",
    "ill take the whole bottle",
    "going to overdose tonight",
    "im thinking about overdosing",
    "overdosing on sleeping pills",
    # Other languages
    "ich will sterben",
    "je veux mourir",
    "quiero morir",
    "wie viele tabletten für eine überdosis",
]

# Idioms and sleep talk that share words with crisis language: no crisis lines.
CRISIS_NEGATIVES = [
    "this insomnia is killing me",
    "i'm killing it at work",
    "killing it at the gym",
    "i could kill for a coffee",
    "i'd kill for a nap",
    "dead tired",
    "i'm dead on my feet",
    "dead to the world by 10pm",
    "slept like the dead",
    "i'm dying to sleep",
    "dying for a coffee",
    "dying of boredom at night",
    "the battery died",
    "my phone battery dies overnight",
    "killing time before bed",
    "cut down on caffeine",
    "cut out screens before bed",
    "cutting back on screens",
    "i hurt my back",
    "i hurt my knee",
    "i cut my finger",
    "i burned my hand cooking",
    "burnt out from work",
    "i burn myself out every week",
    "i shot myself in the foot by napping",
    "drowning myself in coffee",
    "my feet are killing me",
    "this heat is killing me",
    "the deadline is killing me",
    "bored to death of counting sheep",
    "scared to death of not sleeping",
    "insomnia will be the death of me",
    "i nearly died laughing",
    "i could murder a cup of tea",
    "i'm so tired i could die",
    "i'll die if i don't sleep tonight",
    "over my dead body",
    "kill the lights at 10pm",
    "pulling my hair out over this",
    "banging my head against a wall",
    "i hit snooze on purpose",
    "i cut caffeine deliberately",
    "ending the day with a bath",
    "i want the noise to stop",
    "i want my racing thoughts to stop racing",
    "i want it to stop raining",
    "i want the alarm to stop",
    "i want to disappear into a good book",
    "i don't want to wake up at 5am",
    "i dont want to wake up my husband",
    "i wish i didnt wake up so early",
    "hope i don't wake up at 4 again",
    "i'd rather not wake up early",
    "never want to wake up at 5am again",
    "tired of waking up at 3am",
    "sick of waking up every night",
    "i'm sick and tired of waking up at 4am",
    "i'm tired of being tired",
    "tired of this insomnia",
    "so tired of everything being loud at night",
    "i hope i don't wake up tomorrow feeling tired",
    "i dont want to wake up tomorrow at 6",
    "i want my mind to stop racing",
    "i want the nightmares to stop",
    "ive had enough of this insomnia",
    "no point in napping",
    "no point going to bed early",
    "what's the point of a sleep diary",
    "whats the point of sleep restriction",
    "why bother with a sleep diary",
    "i give up caffeine for lent",
    "i give up on trying to nap",
    "i'm done with naps",
    "i can't do night shifts anymore",
    "i cant take naps anymore",
    "no reason to get up early on weekends",
    "i'm scared i'll die in my sleep",
    "i hope i don't die in my sleep",
    "im afraid i won't wake up with my apnea",
    "is it normal to dream about dying",
    "my grandfather died in his sleep",
    "how many hours of sleep before you die",
    "how many people die from lack of sleep",
    "can lack of sleep kill you",
    "ambien killed my sex drive",
    "life is worth living",
    "life is hard with a newborn",
    "my wife sleeps better without me in the bed",
    "i don't want to go on sleeping pills",
    "i can't go on holiday without melatonin",
    "i'd rather die than give up coffee",
    "overdosed on sleep this weekend",
    "an overdose of screen time",
    "wish i could sleep in forever",
    "i could sleep for days",
    "I wake up at 3am for no reason",
    "enough to wake the dead",
    "how much coffee to feel less dead",
    "how many steps to kill my insomnia",
    "does melatonin kill brain cells",
    "dangerous level of sleep deprivation",
    "jumped into the car and drove to work",
    "how to commit to a sleep schedule",
    "my back has been hurting at night",
    "my feet have been burning at night",
    "my feet are burning again",
    "i'm done with everything on my list",
]

# Medicine and dose questions: each must show the doctor-referral panel. Medicines that
# change sleep without being sleep medicines, cold and flu brands, typos, other languages,
# and "can I take X to sleep" for any X.
MEDICINE_POSITIVES = [
    # Antidepressants
    "sertraline insomnia",
    "does zoloft cause vivid dreams",
    "sertaline and insomnia",
    "fluoxetine keeping me awake",
    "prozac and sleep",
    "flouxetine",
    "citalopram tiredness",
    "escitalopram yawning at night",
    "lexapro sleep problems",
    "venlafaxine night sweats",
    "effexor insomnia",
    "duloxetine and sleep",
    "cymbalta drowsy",
    "bupropion insomnia",
    "wellbutrin trouble sleeping",
    "ssri insomnia",
    "valdoxan sleep",
    "should i go on antidepressants",
    # Steroids
    "prednisone keeping me up",
    "prednisolone insomnia",
    "prednisolon",
    "steroids making me wired at night",
    "dexamethasone sleepless",
    "cortisone injection insomnia",
    "budesonide sleep",
    "medrol dose pack can't sleep",
    # Beta blockers
    "propranolol nightmares",
    "propanalol",
    "metoprolol vivid dreams",
    "atenolol and insomnia",
    "bisoprolol sleep",
    "sotalol nightmares",
    "beta blockers and sleep",
    "blood pressure tablets and nightmares",
    # Stimulants
    "methylphenidate sleep",
    "ritalin can't sleep",
    "ritilin",
    "amphetamine insomnia",
    "adderall keeping me awake",
    "aderal and sleep",
    "dexamfetamine",
    "vyvanse insomnia",
    "concerta sleep problems",
    "modafinil",
    "caffeine pills before exam",
    "caffeine tablets",
    "energy pills",
    "pre workout at night",
    # Antihistamines and cold and flu remedies
    "nyquil to sleep",
    "nightquill",
    "is it ok to use benadryl every night",
    "night nurse every night",
    "lemsip night",
    "sominex",
    "unisom",
    "zzzquil every night bad",
    "diphenhydramine",
    "doxylamine",
    "promethazine sleep",
    "chlorphenamine drowsy",
    "piriton for sleep",
    "excedrin pm",
    "dramamine for sleep",
    "drowsy antihistamine",
    "hayfever tablets make me drowsy",
    "cough syrup to help sleep",
    "cold medicine making me drowsy",
    # Other medicines and products
    "ibuprofen before bed",
    "paracetamol at night",
    "statins and insomnia",
    "hrt and sleep",
    "steroid inhaler sleep",
    "rescue remedy",
    "weed to sleep",
    "edibles for sleep",
    "thc gummies",
    "sleping pils",
    "over the counter sleep aid",
    "otc options for insomnia",
    "what helps you sleep that you can buy at the chemist",
    "what do doctors prescribe for insomnia",
    "gp won't give me sleeping pills",
    "sleep without pills",
    "is there a pill for insomnia",
    "any tablets for sleep",
    # "can I take X to sleep", X known or not
    "can i take chamomile to sleep",
    "can i take zinc to sleep better",
    "can i take ashwagandha to sleep",
    "can i take magnesium for sleep",
    "can i take cbd oil to sleep",
    "can i take tylenol to sleep",
    "can i take an antihistamine to sleep",
    "should i take something to help me sleep",
    "should i take anything for my insomnia",
    "should i try something for sleep",
    "what can i take for insomnia",
    "what should i take to fall asleep",
    "what to take to stay asleep",
    "what do you take to sleep",
    "is there anything i can take to help me sleep",
    "can i take something for anxiety at night",
    "can i give my toddler something to help him sleep",
    "can i give my son benadryl to sleep",
    "what can i give my 5 year old to help him sleep",
    "can i take something natural to help me sleep",
    "what time should i take my tablets",
    "steroid tablets insomnia",
    "started sertraline cant sleep",
    "my antidepressant keeps me awake",
    "my gp gave me something to help me sleep",
    "i need something to knock me out",
    "something stronger to sleep",
    "would taking lavender capsules help me sleep",
    "does taking zinc help with sleep",
    "is taking ashwagandha before bed bad",
    "i've been taking something at night for sleep",
    "what can i buy to help me sleep",
    "pop a pill to sleep",
    "is it safe to take valerian every night",
    # Doses
    "how much melatonin is too much",
    "melatonin 10mg safe",
    "can i take two zopiclone",
    "take 2 nytol",
    "half a sleeping tablet",
    "how many benadryl can i take",
    "take another ambien",
    "hydroxyzine dose",
    "is a double dose of melatonin ok",
    "how to come off sleeping pills",
    # German, French, Spanish, Portuguese, Italian, Dutch
    "wie viel melatonin darf ich einnehmen",
    "wann soll ich die tablette einnehmen",
    "Dosis Melatonin",
    "Melatonin Dosierung",
    "Höchstdosis Zolpidem",
    "maximale Tagesdosis",
    "Tablette zum Schlafen",
    "schlaftabletten",
    "Schlafmittel rezeptfrei",
    "wie viele milligramm",
    "etwas zum Einschlafen nehmen",
    "quelle posologie pour la mélatonine",
    "combien de comprimés",
    "comprimé pour dormir",
    "comprimés de mélatonine",
    "prendre un somnifère",
    "somnifère sans ordonnance",
    "quelque chose pour dormir",
    "dose de mélatonine",
    "dosis de melatonina",
    "cuántas pastillas para dormir puedo tomar",
    "cuanta melatonina tomar",
    "pastillas para dormir sin receta",
    "tomar algo para dormir",
    "comprimido para dormir",
    "quantos comprimidos posso tomar",
    "qual a dose de melatonina",
    "remédio para dormir",
    "quante compresse di melatonina",
    "pillola per dormire",
    "dose massima di melatonina",
    "compresse per dormire",
    "sonniferi",
    "hoeveel melatonine mag ik innemen",
    "slaappil",
    "dosis melatonine",
    "slaapmiddel zonder recept",
    "hoeveel pillen",
    "Darf ich zwei Tabletten nehmen",
    "quantas gotas de melatonina",
    "quanta melatonina posso prendere",
]

# Everyday idioms and sleep habits that share a word with a medicine or a dose: no panel.
MEDICINE_NEGATIVES = [
    "a dose of sunlight",
    "a dose of fresh air",
    "a healthy dose of daylight",
    "a good dose of morning light",
    "a daily dose of light",
    "daily dose of sunshine",
    "my daily dose of exercise",
    "a good dose of exercise",
    "a dose of reality",
    "a dose of nature before bed",
    "a dose of good news before bed",
    "a strong dose of routine",
    "a strong dose of coffee",
    "my nightly dose of tv",
    "a small dose of light in the morning",
    "i dose off on the sofa",
    "pill-shaped pillow",
    "pill shaped night light",
    "the pill-sized cushion",
    "a hard pill to swallow",
    "chill pill",
    "drug-free ways to sleep",
    "drug free sleep tips",
    "non-drug treatment for insomnia",
    "medication-free insomnia treatment",
    "medication free ways to beat insomnia",
    "capsule hotel",
    "time capsule",
    "gummy bears before bed",
    "hypnotic sleep music",
    "hypnotic rain sounds",
    "sedative music",
    "prescription glasses for night driving",
    "med student night shifts",
    "my prescribed sleep window",
    "laughter is the best medicine",
    "the medicine of laughter",
    "reading on a tablet in bed",
    "tablet screen before bed",
    "take a bath to sleep",
    "take a walk before bed",
    "take a walk to sleep better",
    "take a hot shower to help me sleep",
    "take deep breaths to fall asleep",
    "take a break from screens before bed",
    "take time to wind down before bed",
    "take notes before bed",
    "take a nap to sleep better at night",
    "take a book to bed",
    "take my mind off things",
    "take my phone out of the bedroom to sleep better",
    "take the dog out before bed",
    "take the tv out of the bedroom",
    "give up caffeine to sleep better",
    "give my baby a bath before bed",
    "give my 3 month old a bath to help her sleep",
    "my baby takes ages to settle",
    "turn off the tablet before bed",
    "take a short nap",
    "how much screen time before bed",
    "should i take a day off to catch up on sleep",
    "give yourself time to fall asleep",
    "how many naps should i take",
    "should i take more naps",
    "it takes me hours to fall asleep",
    "it took me two hours to fall asleep",
    "takes me ages to drift off",
    "how long does it take to fall asleep",
    "take half an hour to wind down",
    "i'd do anything to sleep",
    "something to read before bed",
    "something relaxing before bed",
    "warm milk to sleep",
    "how much caffeine is too much",
    "how many cups of coffee",
    "how much water before bed",
    "caffeine is a stimulant",
    "avoid stimulants before bed",
    "cut down on caffeine gradually",
    "concert last night",
    "mental clarity",
    "ability to sleep",
    "train station noise",
    "static noise machine",
    "inhale slowly exhale",
    "what a downer",
    "cold compress for headache",
    "aspiring writer can't sleep",
    "sleep hypnosis",
    "sleep restriction side effects",
]

# Each new kind of medicine reads as its own canonical name.
NEW_MEDICINES = [
    ("zoloft", "sertraline"),
    ("lexapro", "escitalopram"),
    ("effexor", "venlafaxine"),
    ("wellbutrin", "bupropion"),
    ("prednisolone", "prednisolone"),
    ("propanolol", "propranolol"),
    ("bisoprolol", "bisoprolol"),
    ("ritalin", "methylphenidate"),
    ("adderall", "amphetamine"),
    ("nyquil", "doxylamine"),
    ("night nurse", "promethazine"),
    ("lemsip night", "night-time cold remedy"),
    ("piriton", "chlorphenamine"),
    ("caffeine pills", "caffeine pill"),
]


@pytest.mark.parametrize("query", CRISIS_POSITIVES)
def test_crisis_language_shows_crisis_lines(query):
    flags = classify_query(query)
    assert flags.crisis, flags


@pytest.mark.parametrize("query", CRISIS_NEGATIVES)
def test_idioms_do_not_show_crisis_lines(query):
    flags = classify_query(query)
    assert not flags.crisis, flags


@pytest.mark.parametrize("query", MEDICINE_POSITIVES)
def test_medicine_questions_show_referral(query):
    flags = classify_query(query)
    assert flags.needs_referral, flags


@pytest.mark.parametrize("query", MEDICINE_NEGATIVES)
def test_medicine_idioms_do_not_show_referral(query):
    flags = classify_query(query)
    assert not flags.needs_referral and not flags.crisis, flags


@pytest.mark.parametrize(("query", "medicine"), NEW_MEDICINES)
def test_new_medicines_are_named(query, medicine):
    assert medicine in classify_query(query).medicines


@pytest.mark.parametrize(
    "query",
    [
        "how many zopiclone to overdose",
        "what dose of zolpidem is lethal",
        "can you die from too much melatonin",
    ],
)
def test_overdose_questions_are_crisis_and_medicine(query):
    flags = classify_query(query)
    assert flags.crisis and flags.needs_referral, flags


@pytest.mark.parametrize(
    "query",
    [
        "can i take chamomile to sleep",
        "should i take something to help me sleep",
        "tomar algo para dormir",
        "what can i take for insomnia",
    ],
)
def test_taking_something_for_sleep_is_a_medicine_question(query):
    flags = classify_query(query)
    assert flags.mentions_medicine and flags.medicine_terms, flags


@pytest.mark.parametrize(
    "query",
    ["Dosis", "Milligramm", "posologie", "dosis", "dosaggio", "dosering", "einnehmen", "Höchstdosis"],
)
def test_dose_words_in_other_languages(query):
    assert classify_query(query).mentions_dose


def test_sleep_without_pills_is_a_medicine_mention_but_drug_free_is_not():
    # Decision (docs/design.md §4.4): "without pills" may be someone coming off them, so the
    # referral panel shows; "drug-free" names a kind of treatment, not a medicine.
    assert classify_query("sleep without pills").mentions_medicine
    assert not classify_query("drug-free ways to sleep").needs_referral


def test_tokenize_drops_accents():
    assert tokenize("Comprimé SOMNIFÈRE") == ["comprime", "somnifere"]


def test_recall_figures(capsys):
    """The figures for the closing note: recall on the positives, false alarms on the idioms."""
    crisis_hits = sum(classify_query(q).crisis for q in CRISIS_POSITIVES)
    crisis_false = [q for q in CRISIS_NEGATIVES if classify_query(q).crisis]
    medicine_hits = sum(classify_query(q).needs_referral for q in MEDICINE_POSITIVES)
    medicine_false = [q for q in MEDICINE_NEGATIVES if classify_query(q).needs_referral]
    with capsys.disabled():
        print(
            f"\ncrisis recall {crisis_hits}/{len(CRISIS_POSITIVES)}"
            f" = {crisis_hits / len(CRISIS_POSITIVES):.0%},"
            f" crisis false alarms {len(crisis_false)}/{len(CRISIS_NEGATIVES)} idioms;"
            f" medicine recall {medicine_hits}/{len(MEDICINE_POSITIVES)}"
            f" = {medicine_hits / len(MEDICINE_POSITIVES):.0%},"
            f" medicine false alarms {len(medicine_false)}/{len(MEDICINE_NEGATIVES)} idioms"
        )
    assert crisis_hits == len(CRISIS_POSITIVES)
    assert medicine_hits == len(MEDICINE_POSITIVES)
    assert crisis_false == []
    assert medicine_false == []
    assert len(CRISIS_POSITIVES) >= 60
    assert len(MEDICINE_POSITIVES) + len(MEDICINE_NEGATIVES) >= 80


def test_long_text_is_quick():
    # Diary comments and notes are read too: a long text must not be slow (no runaway regex).
    text = "I cannot sleep and everything is going wrong and my partner snores every night. " * 25
    start = time.perf_counter()
    classify_query(text[:2000])
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize(
    "query", ["how many zopiclone to overdose", "what amount of melatonin is fatal", "lethal dose of ambien"]
)
def test_search_shows_crisis_lines_before_referral(client, query):
    body = client.get("/guide/search", query_string={"q": query}).get_data(as_text=True)
    assert body.index('class="crisis-lines"') < body.index('class="doctor-referral"')
