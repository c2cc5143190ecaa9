"""Compatibility only: tests/test_cli.py imports the programme's tables from here. They
live in habits/models.py and window/models.py: import from there, add nothing here, and
delete this module once its importers have moved."""

from .habits.models import Habit, HabitTick
from .window.models import SleepWindow

__all__ = ["Habit", "HabitTick", "SleepWindow"]
