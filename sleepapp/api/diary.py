"""Diary endpoints: /entries and /summary (filled in by the diary slice)."""
