"""Habits: the built-in catalogue, adherence and streaks (pure), choosing and ticking habits,
their pages and strips (docs/design.md §3.1-3.2)."""
