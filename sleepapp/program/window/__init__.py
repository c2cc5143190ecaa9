"""The sleep window: its rules and the safety screen (pure), starting and reviewing a window,
its wording and JSON, pages and chart (docs/design.md §3.3-3.6)."""
