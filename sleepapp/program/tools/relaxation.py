"""The relaxation pages' content, pure: the breathing paces to choose from, and the steps of
progressive muscle relaxation and the body scan (each with the seconds the optional timer
gives it). Nothing here is saved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pace:
    key: str
    label: str
    breathe_in: int  # seconds
    breathe_out: int


PACES: tuple[Pace, ...] = (
    Pace("4-6", "In for 4, out for 6 (about 6 breaths a minute)", 4, 6),
    Pace("4-4", "In for 4, out for 4 (gentler, if longer feels hard)", 4, 4),
    Pace("5-7", "In for 5, out for 7 (slower)", 5, 7),
)


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    seconds: int


@dataclass(frozen=True)
class Routine:
    key: str
    title: str
    intro: str
    steps: tuple[Step, ...]


def _tense(part: str, how: str) -> Step:
    return Step(
        part,
        f"{how} Hold the tension for about 5 seconds, noticing how it feels. Then let go all at once "
        "and notice the difference for about 15 seconds.",
        25,
    )


MUSCLE_RELAXATION = Routine(
    "muscle-relaxation",
    "Progressive muscle relaxation",
    "Tense each group of muscles gently, never to the point of pain, then let it go. Skip any "
    "part that is injured or sore. It takes about 10 minutes.",
    (
        Step(
            "Get settled",
            "Sit or lie comfortably. Let your eyes close if you like; breathe slowly in and out three times.",
            20,
        ),
        _tense("Hands and forearms", "Make fists with both hands."),
        _tense("Upper arms", "Bend your elbows and tighten the muscles of your upper arms."),
        _tense("Forehead", "Raise your eyebrows as high as they go."),
        _tense("Eyes and cheeks", "Squeeze your eyes shut and scrunch your face."),
        _tense("Jaw", "Press your teeth together gently."),
        _tense("Neck and shoulders", "Lift your shoulders up toward your ears."),
        _tense("Chest and back", "Take a deep breath and gently pull your shoulder blades together."),
        _tense("Stomach", "Tighten your stomach muscles."),
        _tense("Thighs", "Press your knees together and tighten your thighs."),
        _tense("Calves and feet", "Point your toes down, then let them go; then pull them up toward you."),
        Step("Rest", "Lie still for a moment and notice how your whole body feels now.", 30),
    ),
)

BODY_SCAN = Routine(
    "body-scan",
    "Body scan",
    "Move your attention slowly through your body, noticing what is there without changing it. "
    "If your mind wanders, that is normal: bring it back gently. It takes about 8 minutes.",
    (
        Step("Settle", "Lie or sit comfortably. Notice your breath going in and out on its own.", 30),
        Step(
            "Feet",
            "Notice your toes and the soles of your feet: warmth, coolness, the touch of the bed "
            "or the floor.",
            40,
        ),
        Step("Legs", "Move your attention up through your ankles, calves, knees and thighs.", 40),
        Step("Hips and lower back", "Notice where your body rests on the surface beneath you.", 40),
        Step("Stomach and chest", "Notice them rise and fall with each breath.", 40),
        Step("Hands and arms", "Notice your fingers, palms, wrists, and up your arms to your shoulders.", 40),
        Step(
            "Neck and face",
            "Notice your neck, jaw, cheeks, eyes and forehead. Let your jaw soften if it wants to.",
            40,
        ),
        Step("Whole body", "Notice your whole body at once, breathing, resting.", 40),
    ),
)

ROUTINES: dict[str, Routine] = {r.key: r for r in (MUSCLE_RELAXATION, BODY_SCAN)}
