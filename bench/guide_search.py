"""Time the guidance search: index build and per-query latency over the whole library.

Run: .venv/bin/python bench/guide_search.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sleepapp.guide.content import load_library
from sleepapp.guide.medication import classify_query
from sleepapp.guide.search import SearchIndex

QUERIES = [
    "how much clonazepam can I take to sleep",
    "caffeine",
    "cafeine after lunch",
    "naps",
    "napping in the afternoon",
    "sleep window",
    "racing thoughts at night",
    "waking up at 3am",
    "melatonin gummies",
    "shift work night shifts",
    "screens phone blue light",
    "insomnai",
    "when to see a doctor about snoring",
    "benzo withdrawl",
    "<script>alert(1)</script>",
    "relaxation breathing",
    "sleep diary how to fill in",
    "I want to die",
    "stimulus control get out of bed",
    "x",
]
ROUNDS = 50


def main() -> None:
    t0 = time.perf_counter()
    library = load_library()
    t1 = time.perf_counter()
    index = SearchIndex(library)
    t2 = time.perf_counter()
    timings = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            start = time.perf_counter()
            classify_query(query)
            index.search(query)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"pages: {len(library.all())}, vocabulary: {len(index.vocabulary)} terms")
    print(f"load + render: {(t1 - t0) * 1000:.1f} ms, index build: {(t2 - t1) * 1000:.1f} ms")
    print(
        f"query (classify + search + snippets), {len(timings)} runs: "
        f"median {statistics.median(timings):.2f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.2f} ms, max {timings[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
