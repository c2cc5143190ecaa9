"""Guidance pages: Markdown files with YAML front matter, validated, rendered and sanitised.

Pages live in `sleepapp/guide/content/<slug>.md`. A page with bad front matter stops the
library from loading, so a content test catches it before anyone reads it. Pure Python.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import nh3
import yaml
from markdown_it import MarkdownIt

CONTENT_DIR = Path(__file__).parent / "content"

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Topics in the order the index shows them.
TOPICS: tuple[str, ...] = (
    "Understanding sleep problems",
    "The CBT-I programme",
    "Habits that support sleep",
    "Medicines",
    "Getting help",
)

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i", "blockquote",
    "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
    ["table", "strikethrough"]
)


class ContentError(ValueError):
    """A guidance page is missing a field or has a bad value."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None
    citation: str | None = None


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str
    tags: tuple[str, ...]
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    topic: str
    html: str
    text: str
    medication: bool = False
    related: tuple[str, ...] = ()
    order: int = 100
    links: tuple[str, ...] = field(default=(), compare=False)


def split_front_matter(raw: str, name: str = "page") -> tuple[dict[str, object], str]:
    """Split `---\\n<yaml>\\n---\\n<markdown>` into (mapping, markdown)."""
    raw = raw.lstrip("\ufeff")
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n(.*)\Z", raw, re.DOTALL)
    if not match:
        raise ContentError(f"{name}: missing front matter between '---' lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ContentError(f"{name}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ContentError(f"{name}: front matter must be a mapping")
    return meta, match.group(2)


def _text(meta: dict[str, object], key: str, name: str) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{name}: '{key}' must be a non-empty string")
    return value.strip()


def _sources(meta: dict[str, object], name: str) -> tuple[Source, ...]:
    raw = meta.get("sources")
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{name}: 'sources' must be a non-empty list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise ContentError(f"{name}: source {i + 1} needs a 'title'")
        url, citation = item.get("url"), item.get("citation")
        if url is None and citation is None:
            raise ContentError(f"{name}: source {i + 1} needs a 'url' or a 'citation'")
        if url is not None and (not isinstance(url, str) or not re.match(r"^https?://[^\s]+$", url)):
            raise ContentError(f"{name}: source {i + 1} has a bad url")
        if citation is not None and not isinstance(citation, str):
            raise ContentError(f"{name}: source {i + 1} has a bad citation")
        out.append(Source(title=item["title"].strip(), url=url, citation=citation))
    return tuple(out)


def render_markdown(markdown: str) -> str:
    """Markdown to sanitised HTML: a safe tag set, table headers scoped, links noopener."""
    html = _md.render(markdown)
    html = re.sub(r"<th(?=[\s>])", '<th scope="col"', html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def plain_text(html: str) -> str:
    """The words of an HTML fragment, for search and snippets."""
    # A heading runs into the paragraph after it once tags are gone: end it like a sentence.
    html = re.sub(r"(?<=[^.!?:])</h[2-4]>", ".</h2>", html)
    html = re.sub(r"</(p|li|h[2-4]|td|th)>", r"</\1> ", html)
    text = nh3.clean(html, tags=set())
    text = re.sub(r"&(amp|lt|gt|quot|#39|nbsp);", _entity, text)
    return re.sub(r"\s+", " ", text).strip()


def _entity(match: re.Match[str]) -> str:
    return {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "#39": "'", "nbsp": " "}[match[1]]


def parse_page(slug: str, raw: str) -> Page:
    """One page from its slug and file text; raises ContentError on any bad field."""
    name = f"{slug}.md"
    if not SLUG_RE.match(slug):
        raise ContentError(f"{name}: the file name must be a lower-case slug")
    meta, body = split_front_matter(raw, name)
    known = {"title", "summary", "tags", "sources", "last_reviewed", "medication", "related",
             "topic", "order"}  # fmt: skip
    unknown = set(meta) - known
    if unknown:
        raise ContentError(f"{name}: unknown front matter keys {sorted(unknown)}")
    tags = meta.get("tags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) for t in tags):
        raise ContentError(f"{name}: 'tags' must be a non-empty list of words")
    reviewed = meta.get("last_reviewed")
    if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
        raise ContentError(f"{name}: 'last_reviewed' must be a date (YYYY-MM-DD)")
    medication = meta.get("medication", False)
    if not isinstance(medication, bool):
        raise ContentError(f"{name}: 'medication' must be true or false")
    related = meta.get("related", [])
    if not isinstance(related, list) or not all(isinstance(r, str) and SLUG_RE.match(r) for r in related):
        raise ContentError(f"{name}: 'related' must be a list of slugs")
    topic = _text(meta, "topic", name)
    if topic not in TOPICS:
        raise ContentError(f"{name}: 'topic' must be one of {list(TOPICS)}")
    order = meta.get("order", 100)
    if not isinstance(order, int):
        raise ContentError(f"{name}: 'order' must be a whole number")
    if re.search(r"^#\s", body, re.MULTILINE):
        raise ContentError(f"{name}: the body must not have a level-1 heading (the title is)")
    html = render_markdown(body)
    links = tuple(re.findall(r'href="([^"]+)"', html))
    return Page(
        slug=slug,
        title=_text(meta, "title", name),
        summary=_text(meta, "summary", name),
        tags=tuple(t.strip().lower() for t in tags),
        sources=_sources(meta, name),
        last_reviewed=reviewed,
        topic=topic,
        html=html,
        text=plain_text(html),
        medication=medication,
        related=tuple(related),
        order=order,
        links=links,
    )


class Library:
    """All pages, by slug, checked against each other (related slugs must exist)."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages: dict[str, Page] = {p.slug: p for p in pages}
        for page in pages:
            for slug in page.related:
                if slug not in self.pages:
                    raise ContentError(f"{page.slug}.md: related page '{slug}' does not exist")
            for href in page.links:
                if href.startswith("/guide/"):
                    target = href.removeprefix("/guide/").split("#")[0]
                    if target not in self.pages and target != "search":
                        raise ContentError(f"{page.slug}.md: link to missing page {href}")

    def get(self, slug: str) -> Page | None:
        return self.pages.get(slug)

    def all(self) -> list[Page]:
        return sorted(self.pages.values(), key=lambda p: (TOPICS.index(p.topic), p.order, p.title))

    def by_topic(self) -> list[tuple[str, list[Page]]]:
        groups = []
        for topic in TOPICS:
            pages = [p for p in self.all() if p.topic == topic]
            if pages:
                groups.append((topic, pages))
        return groups

    def related(self, page: Page) -> list[Page]:
        return [self.pages[s] for s in page.related]


def load_library(directory: Path = CONTENT_DIR) -> Library:
    pages = [
        parse_page(path.stem, path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.md"))
    ]
    return Library(pages)


@functools.cache
def get_library() -> Library:
    """The library of the shipped pages, loaded once per process."""
    return load_library()
