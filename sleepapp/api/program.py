"""Programme endpoints: /sleep-window (filled in by the programme slice)."""
