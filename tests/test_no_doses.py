"""The medication rule as a build check: no dose and no dosing advice anywhere in the app.

Scans every guidance page, every template, every static script and every string in the
app's Python code (docs/design.md §4), plus the scanner's own positive and negative cases.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sleepapp.guide.content import CONTENT_DIR, get_library
from sleepapp.guide.dose_scan import find_doses

ROOT = Path(__file__).resolve().parent.parent
# The scanner and the matcher name units and dose words in order to find them.
SCANNER_MODULES = {"dose_scan.py", "medication.py"}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


GUIDE_PAGES = sorted(CONTENT_DIR.glob("*.md"))
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCRIPTS = sorted((ROOT / "static").rglob("*.js"))
PY_MODULES = sorted(p for p in (ROOT / "sleepapp").rglob("*.py") if p.name not in SCANNER_MODULES)


@pytest.mark.parametrize("path", GUIDE_PAGES, ids=_rel)
def test_guidance_page_has_no_dose(path):
    assert find_doses(path.read_text(encoding="utf-8")) == []


def test_rendered_pages_have_no_dose():
    for page in get_library().all():
        assert find_doses(page.text) == [], page.slug
        assert find_doses(page.summary) == [], page.slug


@pytest.mark.parametrize("path", TEMPLATES, ids=_rel)
def test_template_has_no_dose(path):
    assert find_doses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", SCRIPTS, ids=_rel)
def test_script_has_no_dose(path):
    assert find_doses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", PY_MODULES, ids=_rel)
def test_python_strings_have_no_dose(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    hits = [hit for s in strings for hit in find_doses(s)]
    assert hits == []


def test_there_is_something_to_scan():
    assert len(GUIDE_PAGES) >= 15
    assert TEMPLATES


DOSES = [
    "Take 10 mg at bedtime.",
    "0.5mg of clonazepam",
    "melatonin 3 mg",
    "2.5 milligrams",
    "500 mcg",
    "300 µg",
    "300 μg",
    "5 ml of syrup",
    "two tablets",
    "2 pills",
    "one capsule",
    "1-2 tablets",
    "5-10 mg",
    "10 to 20 mg",
    "half a tablet",
    "½ tablet",
    "1/2 pill",
    "a couple of pills",
    "3 drops under the tongue",
    "two gummies",
    "2 puffs",
    "1 tsp",
    "take 2 at night",
    "You can take two before bed.",
    "increase your dose if it stops working",
    "double the dose",
    "Reduce the dose by half every week",
    "cut it by 25% each fortnight",
    "taper by a quarter",
    "taper off over a month",
    "every two weeks, reduce",
    "once a day",
    "twice a night",
    "at a dose of",
    "stop taking it when you feel better",
    "double up if you miss one",
    # Tapering: how to come off a medicine (the pace) is dosing advice too
    "after longer use it needs to be reduced gradually, under a doctor's care",
    "needs to be reduced gradually",
    "Reduce it slowly over a few weeks.",
    "Stop it gradually over 2 weeks",
    "taper slowly",
    "Lower the amount each week.",
    "come off it slowly",
    "cut down bit by bit",
    "wean off",
    "Weaning off benzos takes time.",
    "tapering",
    "Gradually reduce the medicine over a month.",
    "Slowly come off your sleeping pill.",
    "Over two weeks, lower the tablets.",
    "The dose should be lowered step by step.",
    "Cut back on clonazepam a little at a time.",
    "Stop zopiclone over the next few weeks.",
    "Reduce caffeine and your sleeping pill gradually.",
    "Talk to your doctor before you reduce it slowly.",
    "Get off it week by week.",
    "<li>Stop the medicine</li><li>then lower it each week</li>",
]

SAFE = [
    "Do not stop taking clonazepam suddenly.",
    "Don't start, stop or change any medicine without talking to your doctor.",
    "Talk to your doctor before you stop taking it.",
    "Never double up.",
    "If it takes more than 20 minutes, get up.",
    "It may take 2 to 3 weeks to feel the difference.",
    "take 15 minutes to wind down",
    "Call 988 or 911. Samaritans: 116 123. Shout: text 85258.",
    "NHS 111, option 2",
    "at least 5 nights in the last 7",
    "a window of 330 minutes, 5 h 30",
    "Sleep efficiency 85%",
    "Your doctor can advise on the dose.",
    "This app never tells anyone how much of a medicine to take.",
    "2 to 4 weeks",
    "a few weeks",
    "seven hours",
    "tablets and phones give off light",
    # Not tapering: the safe message, and slow change of things that are not medicines
    "do not stop suddenly",
    "Do not stop taking clonazepam suddenly; plan any change with your prescriber.",
    "After longer use, stopping it suddenly can be dangerous, so any change needs to be "
    "planned with the doctor who prescribed it.",
    "If you want to come off it, talk to your doctor or pharmacist.",
    "stopping suddenly, or changing how it is taken without a plan, can cause withdrawal",
    "reduce caffeine gradually",
    "If you drink a lot of coffee, tea or cola, cut down on them gradually over a week or two "
    "rather than all at once.",
    "Cut down on drinks late in the evening.",
    "Lower the lights slowly in the hour before bed.",
    "Your window is widened week by week as your sleep becomes more solid.",
    "someone is very hard to wake, or breathing slowly",
    "Over a few weeks your window grows back toward the sleep you need.",
    "Each week the app looks at your diary.",
    "Sleep comes when you stop chasing it.",
]


@pytest.mark.parametrize("text", DOSES)
def test_scanner_finds_doses(text):
    assert find_doses(text), text


@pytest.mark.parametrize("text", SAFE)
def test_scanner_leaves_safe_text(text):
    assert find_doses(text) == []


@given(
    st.one_of(
        st.integers(min_value=0, max_value=5000).map(str),
        st.floats(min_value=0.01, max_value=100, allow_nan=False).map(lambda x: f"{x:.2f}"),
        st.sampled_from(["one", "two", "half a", "½"]),
    ),
    st.sampled_from(["", " "]),
    st.sampled_from(["mg", "MG", "mcg", "µg", "ml", "milligrams", "tablets", "pills", "capsules", "drops"]),
)
def test_scanner_finds_any_number_with_a_unit(number, space, unit):
    assert find_doses(f"Some text {number}{space}{unit} more text")
