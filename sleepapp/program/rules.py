"""Compatibility only: the names that code outside program/ still imports from the old
``program.rules`` (the API's schemas and description, some tests). The rules live in
window/rules.py, window/screen.py and habits/catalogue.py: import from there, add nothing
here, and delete this module once its importers have moved."""

from .habits.catalogue import HABITS, HABITS_BY_KEY
from .window.rules import CEILING_MIN, FLOOR_MIN, MIN_NIGHTS, Outcome
from .window.screen import SCREEN_KEYS, SCREEN_QUESTIONS, UNSURE

__all__ = [
    "CEILING_MIN",
    "FLOOR_MIN",
    "HABITS",
    "HABITS_BY_KEY",
    "MIN_NIGHTS",
    "SCREEN_KEYS",
    "SCREEN_QUESTIONS",
    "UNSURE",
    "Outcome",
]
