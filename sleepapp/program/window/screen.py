"""The safety screen as pure rules (docs/design.md §3.5, contract keys): the eleven
questions asked before a sleep window is set, and how a set of answers is judged. No Flask
and no database here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenQuestion:
    key: str
    question: str
    why: str
    # Shown as separate questions on the page, each about one thing; any yes (or not sure)
    # answers the key yes. The API takes the key itself.
    parts: tuple[str, ...] = ()

    @property
    def questions(self) -> tuple[str, ...]:
        return self.parts or (self.question,)


# An answer: yes, no, or not sure (which counts as yes: refer first, docs/design.md §3.5).
UNSURE = "unsure"

# Somryst labelling, the Spielman chapter, the VA page and NICE CKS (docs/sources.md 2.2):
# sleep restriction makes each of these worse or more dangerous, or does not fit them.
SCREEN_QUESTIONS: tuple[ScreenQuestion, ...] = (
    ScreenQuestion(
        "bipolar_or_psychosis",
        "Have you ever had bipolar disorder, mania or a psychotic illness?",
        "Losing sleep can set off mania or psychosis.",
    ),
    ScreenQuestion(
        "epilepsy",
        "Do you have epilepsy or have you had seizures?",
        "Sleep loss makes seizures more likely.",
    ),
    ScreenQuestion(
        "untreated_sleep_apnoea",
        "Do you have sleep apnoea that is not treated, or loud snoring with pauses in breathing?",
        "Apnoea needs checking and treating first; restriction would add to the sleepiness it causes.",
        parts=(
            "Have you been told you have sleep apnoea that is not being treated?",
            "Has anyone noticed that you snore loudly and stop breathing or gasp in your sleep?",
        ),
    ),
    ScreenQuestion(
        "parasomnia",
        "Do you sleepwalk, have night terrors or act out your dreams?",
        "Short sleep can make these happen more often.",
    ),
    ScreenQuestion(
        "pregnancy",
        "Are you pregnant?",
        "Sleep restriction has not been shown to be safe in pregnancy.",
    ),
    ScreenQuestion(
        "fall_risk",
        "Are you at high risk of falling (for example, you have fallen in the past year or feel unsteady)?",
        "Sleepiness and getting up at night raise the risk of a fall.",
    ),
    ScreenQuestion(
        "safety_critical_work",
        "Do you drive for work, operate machinery or do other work where sleepiness could cause an accident?",
        "The first weeks bring daytime sleepiness, which is dangerous at the wheel or "
        "in safety-critical work.",
    ),
    ScreenQuestion(
        "daytime_sleepiness",
        "Do you fall asleep when you do not mean to, for example while driving, talking or eating?",
        "Falling asleep without meaning to needs a check by a doctor first, and a sleep window "
        "would make it worse.",
    ),
    ScreenQuestion(
        "low_mood_or_self_harm",
        "Have you had very low mood, or thoughts of harming yourself or ending your life, lately?",
        "Low mood and thoughts of self-harm come first: please talk to someone now, and to your "
        "doctor before cutting your sleep.",
    ),
    ScreenQuestion(
        "under_18",
        "Are you under 18?",
        "The sleep window here is made for adults; young people need a plan made with their doctor.",
    ),
    ScreenQuestion(
        "rotating_or_night_shifts",
        "Do you work rotating shifts or night shifts?",
        "The window fixes one wake time every day, which shifting work cannot keep.",
    ),
)
SCREEN_KEYS: tuple[str, ...] = tuple(q.key for q in SCREEN_QUESTIONS)
_QUESTIONS_BY_KEY = {q.key: q for q in SCREEN_QUESTIONS}
CRISIS_SCREEN_KEYS = frozenset({"low_mood_or_self_harm"})


def answer_is_yes(value: object) -> bool:
    """Yes, or not sure: either way, talk to a doctor first."""
    return value is True or value == UNSURE


@dataclass(frozen=True)
class ScreenResult:
    missing: tuple[str, ...] = ()
    invalid: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    unsure: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not (self.missing or self.invalid or self.unknown)

    @property
    def cleared(self) -> bool:
        """Every question answered, all with no: a window may be set."""
        return self.complete and not self.positive

    @property
    def needs_crisis_lines(self) -> bool:
        return bool(CRISIS_SCREEN_KEYS.intersection(self.positive))

    @property
    def reasons(self) -> list[ScreenQuestion]:
        return [_QUESTIONS_BY_KEY[k] for k in self.positive]

    @property
    def message(self) -> str:
        if self.missing:
            return "Answer every safety question: missing " + ", ".join(self.missing) + "."
        if self.invalid:
            return 'Answers must be true, false or "unsure": ' + ", ".join(self.invalid) + "."
        if self.unknown:
            return "Unknown safety questions: " + ", ".join(self.unknown) + "."
        if self.positive:
            return (
                "A sleep window is not safe to start on your own with "
                + ", ".join(self.positive)
                + ' ("unsure" counts as yes). Talk to your doctor first.'
            )
        return ""


def check_screen(answers: Mapping[str, object]) -> ScreenResult:
    """Every key is required, each true, false or "unsure"; any answer but false refuses a
    window (not sure counts as yes: refer first)."""
    missing = tuple(k for k in SCREEN_KEYS if k not in answers)
    invalid = tuple(
        k for k in SCREEN_KEYS if k in answers and not (isinstance(answers[k], bool) or answers[k] == UNSURE)
    )
    unknown = tuple(sorted(k for k in answers if k not in _QUESTIONS_BY_KEY))
    positive = tuple(k for k in SCREEN_KEYS if k not in invalid and answer_is_yes(answers.get(k)))
    unsure = tuple(k for k in positive if answers.get(k) == UNSURE)
    return ScreenResult(missing, invalid, unknown, positive, unsure)
