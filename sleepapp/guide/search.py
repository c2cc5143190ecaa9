"""Full-text search over the guidance library, held in memory (the library is small).

BM25F-style ranking where a word in the title or tags counts for more than one in the
body; light stemming for plurals and -ing/-ed; fuzzy and prefix matching for typos and
half-typed words. Snippets are escaped before matched words are wrapped in <mark>.
Pure Python (markupsafe only, for the Markup type).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from .content import Library, Page, get_library
from .medication import within_one_edit

FIELD_WEIGHTS = {"title": 4.0, "tags": 3.0, "summary": 2.0, "body": 1.0}
K1 = 1.2
B = 0.75
FUZZY_PENALTY = 0.6
PREFIX_PENALTY = 0.5
SNIPPET_CHARS = 200
# Results scoring below this share of the best one are noise from common words.
RELATIVE_CUTOFF = 0.2
MAX_QUERY_TERMS = 12

STOPWORDS = frozenset(
    """a about after all also am an and any are as at be because been before being but by
    can could did do does doing don dont for from get got had has have having he her his
    how i if in into is it its just me more most my no nor not of off on once only or other
    our out over own same she should so some such than that the their them then there these
    they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours much many take taking took can cant
    need want get""".split()  # noqa: SIM905
)

_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def fold(text: str) -> str:
    """Lower-case without accents, so 'apnoea' and 'Apnoea' and 'apnœa' agree."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def stem(word: str) -> str:
    """A light English stemmer: plurals, possessives, -ing, -ed, -ly (good enough here)."""
    w = word.replace("'s", "").replace("'", "")
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)]
            if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # napping -> nap
            w = base
            break
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]  # caffeine/caffein, wake/waking agree once -ing is gone
    return w


def terms(text: str, drop_stopwords: bool = False) -> list[str]:
    words = _WORD_RE.findall(fold(text))
    if drop_stopwords:
        words = [w for w in words if w not in STOPWORDS and len(w) > 1]
    return [stem(w) for w in words]


@dataclass(frozen=True)
class Result:
    page: Page
    score: float
    snippet: Markup


@dataclass
class _Doc:
    page: Page
    tf: dict[str, Counter[str]]
    lengths: dict[str, int]
    # (start offset in page.text, stem) of every word, for snippets
    spans: list[tuple[int, str]]


def _spans(text: str) -> list[tuple[int, str]]:
    return [(m.start(), stem(fold(m.group(0)))) for m in _WORD_RE.finditer(text)]


class SearchIndex:
    """Built once from a Library; `search(query)` ranks its pages."""

    def __init__(self, library: Library) -> None:
        self.docs: list[_Doc] = []
        df: Counter[str] = Counter()
        for page in library.all():
            fields = {
                "title": terms(page.title),
                "tags": terms(" ".join(page.tags)),
                "summary": terms(page.summary),
                "body": terms(page.text),
            }
            tf = {name: Counter(words) for name, words in fields.items()}
            lengths = {name: len(words) for name, words in fields.items()}
            self.docs.append(_Doc(page, tf, lengths, _spans(page.text)))
            df.update(set().union(*fields.values()))
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.vocabulary = sorted(df)
        self.avg = {
            name: (sum(d.lengths[name] for d in self.docs) / n if n else 1.0) or 1.0 for name in FIELD_WEIGHTS
        }

    def expand(self, term: str) -> dict[str, float]:
        """Vocabulary terms a query term stands for, each with a weight (1 = exact)."""
        if term in self.idf:
            return {term: 1.0}
        out: dict[str, float] = {}
        if len(term) >= 4:
            for word in self.vocabulary:
                # Typos seldom hit the first letter; requiring it keeps gummy from tummy.
                if (
                    len(term) >= 5
                    and word[0] == term[0]
                    and abs(len(word) - len(term)) <= 1
                    and within_one_edit(term, word)
                ):
                    out[word] = FUZZY_PENALTY
                elif len(word) > len(term) and word.startswith(term):
                    out.setdefault(word, PREFIX_PENALTY)
        return out

    def _score(self, doc: _Doc, weighted: dict[str, float]) -> float:
        score = 0.0
        for term, weight in weighted.items():
            tf = 0.0
            for name, field_weight in FIELD_WEIGHTS.items():
                count = doc.tf[name].get(term, 0)
                if count:
                    norm = 1 - B + B * doc.lengths[name] / self.avg[name]
                    tf += field_weight * count / norm
            if tf:
                score += weight * self.idf[term] * tf * (K1 + 1) / (tf + K1)
        return score

    def query_terms(self, query: str) -> dict[str, float]:
        """Query words (stemmed, stopwords dropped) mapped onto the vocabulary."""
        weighted: dict[str, float] = {}
        for term in list(dict.fromkeys(terms(query, drop_stopwords=True)))[:MAX_QUERY_TERMS]:
            for word, weight in self.expand(term).items():
                weighted[word] = max(weighted.get(word, 0.0), weight)
        return weighted

    def search(self, query: str, limit: int = 10) -> list[Result]:
        weighted = self.query_terms(query)
        if not weighted:
            return []
        scored = [(self._score(doc, weighted), doc) for doc in self.docs]
        best = max((s for s, _d in scored), default=0.0)
        scored = [(s, d) for s, d in scored if s > 0 and s >= best * RELATIVE_CUTOFF]
        scored.sort(key=lambda item: (-item[0], item[1].page.title))
        matched = set(weighted)
        return [
            Result(d.page, round(s, 4), make_snippet(d.page, matched, spans=d.spans))
            for s, d in scored[:limit]
        ]


def highlight(text: str, matched: Iterable[str]) -> Markup:
    """Escape `text`, then wrap each word whose stem is in `matched` in <mark>."""
    wanted = set(matched)
    out: list[str] = []
    pos = 0
    for match in _WORD_RE.finditer(text):
        out.append(str(escape(text[pos : match.start()])))
        word = match.group(0)
        if stem(fold(word)) in wanted:
            out.append(f"<mark>{escape(word)}</mark>")
        else:
            out.append(str(escape(word)))
        pos = match.end()
    out.append(str(escape(text[pos:])))
    # Every piece was escaped above; only our own <mark> tags are raw.
    return Markup("".join(out))  # noqa: S704 (every piece escaped above)


def make_snippet(
    page: Page,
    matched: set[str],
    size: int = SNIPPET_CHARS,
    spans: list[tuple[int, str]] | None = None,
) -> Markup:
    """The stretch of the page's text with the most distinct matched words, highlighted."""
    text = page.text
    if spans is None:
        spans = _spans(text)
    positions = [(start, term) for start, term in spans if term in matched]
    if not positions:
        return highlight(_clip(page.summary, size), matched)
    best_start, best_count = positions[0][0], 0
    right = 0
    window: Counter[str] = Counter()
    for left, (start, _term) in enumerate(positions):
        while right < len(positions) and positions[right][0] < start + size - 40:
            window[positions[right][1]] += 1
            right += 1
        if len(window) > best_count:
            best_start, best_count = start, len(window)
        window[positions[left][1]] -= 1
        if not window[positions[left][1]]:
            del window[positions[left][1]]
    sentence = text.rfind(". ", 0, best_start)
    begin = sentence + 2 if sentence >= 0 else 0
    if best_start - begin > 60:
        begin = text.rfind(" ", 0, best_start - 40) + 1
    piece = _clip(text[begin:], size)
    prefix = "… " if begin > 0 else ""
    return escape(prefix) + highlight(piece, matched)


def _clip(text: str, size: int) -> str:
    if len(text) <= size:
        return text
    cut = text.rfind(" ", 0, size)
    return text[: cut if cut > 0 else size].rstrip(",;:") + " …"


@functools.cache
def get_index() -> SearchIndex:
    """The index of the shipped library, built once per process."""
    return SearchIndex(get_library())
