"""Crisis lines for where the person is (docs/design.md §4.5). Pure Python: no Flask.

The countries, their numbers and the official pages they were checked against live in
`data/crisis_lines.yaml`. This module loads that file once, refuses a file with a missing or
doubtful field, and orders the countries for one person:

- logged in: from their IANA time zone (`Australia/Sydney` → Australia);
- logged out: from the browser's Accept-Language, best quality first (`en-AU` → Australia;
  a tag without a region such as plain `en` says nothing about where someone is);
- nothing to go on: the international directory first, then the US and UK lines.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

DATA_FILE = Path(__file__).parent / "data" / "crisis_lines.yaml"

# An Accept-Language header is the browser's, but anyone can send one: read a bounded amount.
MAX_ACCEPT_LANGUAGE_CHARS = 1000
MAX_LANGUAGE_RANGES = 30

_CODE_RE = re.compile(r"^[A-Z]{2}$")
_NUMBER_RE = re.compile(r"^\+?[0-9](?:[0-9]|[ -](?=[0-9]))*$")
_KEYWORD_RE = re.compile(r"^[A-Z0-9]{2,20}$")
_TAG_RE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_Q_RE = re.compile(r"^q=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$", re.IGNORECASE)
_ZONE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*/?$")

BY_TIME_ZONE = "your time zone"
BY_LANGUAGE = "your browser's language"


class CrisisDataError(ValueError):
    """The crisis-lines file is missing a field or has a doubtful value."""


def dial(number: str) -> str:
    """'13 11 14' → '131114': what a `tel:` or `sms:` link dials."""
    return re.sub(r"[^0-9+]", "", number)


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class Way:
    """One way to reach a line: 'call' 116 123, 'text' SHOUT to 85258, 'visit' the website."""

    verb: str
    links: tuple[Link, ...]
    keyword: str | None = None


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    source: str
    reviewed: dt.date

    @property
    def link(self) -> Link:
        return Link(self.number, "tel:" + dial(self.number))

    @property
    def source_host(self) -> str:
        return _host(self.source)


@dataclass(frozen=True)
class Line:
    name: str
    source: str
    reviewed: dt.date
    calls: tuple[str, ...] = ()
    text: str | None = None
    text_keyword: str | None = None
    web: str | None = None
    note: str | None = None
    hours: str | None = None

    @property
    def numbers(self) -> tuple[str, ...]:
        """Every number shown for this line, as written."""
        return self.calls + ((self.text,) if self.text else ())

    @property
    def ways(self) -> tuple[Way, ...]:
        ways: list[Way] = []
        if self.text and not self.text_keyword and self.calls == (self.text,):
            # 988, 1737: one link, so a screen reader and a tap both find one "988".
            ways.append(Way("call or text", (Link(self.text, "tel:" + dial(self.text)),)))
        else:
            if self.calls:
                ways.append(Way("call", tuple(Link(n, "tel:" + dial(n)) for n in self.calls)))
            if self.text:
                ways.append(Way("text", (Link(self.text, "sms:" + dial(self.text)),), self.text_keyword))
        if self.web:
            # Not the bare address as the label: "988lifeline.org" would read as a second "988".
            ways.append(Way("visit", (Link("the website", self.web),)))
        return tuple(ways)

    @property
    def source_host(self) -> str:
        return _host(self.source)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: tuple[EmergencyNumber, ...]
    lines: tuple[Line, ...]
    time_zones: tuple[str, ...]
    languages: tuple[str, ...]

    @property
    def emergency_links(self) -> tuple[Link, ...]:
        return tuple(number.link for number in self.emergency)

    def covers_zone(self, zone: str) -> bool:
        return any(_zone_covers(entry, zone) for entry in self.time_zones)


@dataclass(frozen=True)
class Directory:
    """Where to look when no country in the file fits."""

    name: str
    url: str
    about: str
    source: str
    reviewed: dt.date

    @property
    def host(self) -> str:
        return _host(self.url)


@dataclass(frozen=True)
class CrisisChoice:
    """The crisis lines ordered for one person.

    `local` is the country we think they are in (None when nothing says), `reason` what said
    so, `panel` the countries the crisis-lines panel shows, and `countries` every country in
    the file: the local one first, then the others by name.
    """

    local: Country | None
    reason: str | None
    panel: tuple[Country, ...]
    countries: tuple[Country, ...]
    directory: Directory


def _zone_covers(entry: str, zone: str) -> bool:
    return zone.startswith(entry) if entry.endswith("/") else zone == entry


def language_preferences(header: str | None) -> list[str]:
    """The language tags of an Accept-Language header, lower-cased, best quality first.

    Ranges with a malformed tag or quality are skipped, as are `*` and `q=0`; equal
    qualities keep the header's order.
    """
    if not header:
        return []
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:MAX_ACCEPT_LANGUAGE_CHARS].split(",")[:MAX_LANGUAGE_RANGES]):
        tag, *params = (piece.strip() for piece in part.split(";"))
        if not _TAG_RE.match(tag):
            continue
        quality = 1.0
        valid = True
        for param in params:
            if param[:2].lower() != "q=":
                continue  # no other parameter is defined; ignore it rather than the range
            match = _Q_RE.match(param.replace(" ", ""))
            if match is None:
                valid = False
                break
            quality = float(match.group(1))
        if valid and quality > 0:
            ranked.append((-quality, index, tag.lower()))
    return [tag for _, _, tag in sorted(ranked)]


class CrisisLines:
    """Every country in the file, with the look-ups that choose among them."""

    def __init__(self, countries: tuple[Country, ...], defaults: tuple[Country, ...], directory: Directory):
        self.countries = countries
        self.defaults = defaults
        self.directory = directory
        self._by_code = {c.code: c for c in countries}
        self._by_language = {tag.lower(): c for c in countries for tag in c.languages}
        self._exact_zones = {z: c for c in countries for z in c.time_zones if not z.endswith("/")}
        self._zone_prefixes = sorted(
            ((z, c) for c in countries for z in c.time_zones if z.endswith("/")),
            key=lambda item: -len(item[0]),
        )

    def get(self, code: str) -> Country | None:
        return self._by_code.get(code.upper())

    def for_time_zone(self, zone: str | None) -> Country | None:
        if not zone:
            return None
        if (country := self._exact_zones.get(zone)) is not None:
            return country
        return next((c for prefix, c in self._zone_prefixes if zone.startswith(prefix)), None)

    def for_language_tag(self, tag: str) -> Country | None:
        tag = tag.lower()
        if (country := self._by_language.get(tag)) is not None:
            return country
        # en-Latn-AU, en-AU-x-private: the language and the first region subtag.
        subtags = tag.split("-")
        region = next((s for s in subtags[1:3] if len(s) == 2 and s.isalpha()), None)
        return self._by_language.get(f"{subtags[0]}-{region}") if region else None

    def for_languages(self, header: str | None) -> Country | None:
        for tag in language_preferences(header):
            if (country := self.for_language_tag(tag)) is not None:
                return country
        return None

    def choose(self, *, time_zone: str | None = None, accept_language: str | None = None) -> CrisisChoice:
        """Order the lines for one person.

        A logged-in person's time zone (`time_zone`) decides alone: a zone the file does not
        cover (Asia/Tokyo) means "somewhere else", even if the browser asks for en-US. Without
        one, the browser's languages decide.
        """
        if time_zone is not None:
            local, reason = self.for_time_zone(time_zone), BY_TIME_ZONE
        else:
            local, reason = self.for_languages(accept_language), BY_LANGUAGE
        others = sorted((c for c in self.countries if c is not local), key=lambda c: c.name)
        if local is None:
            return CrisisChoice(None, None, self.defaults, tuple(others), self.directory)
        return CrisisChoice(local, reason, (local,), (local, *others), self.directory)


# --- Loading and checking the file ---------------------------------------------------------


def _fields(raw: object, where: str, required: set[str], optional: set[str]) -> Mapping[str, object]:
    if not isinstance(raw, dict):
        raise CrisisDataError(f"{where}: expected a mapping")
    missing = required - raw.keys()
    unknown = raw.keys() - required - optional
    if missing:
        raise CrisisDataError(f"{where}: missing {', '.join(sorted(missing))}")
    if unknown:
        raise CrisisDataError(f"{where}: unknown field {', '.join(sorted(map(str, unknown)))}")
    return raw


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CrisisDataError(f"{where}: expected text")
    return value.strip()


def _url(value: object, where: str) -> str:
    url = _text(value, where)
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise CrisisDataError(f"{where}: expected an https:// address, got {url!r}")
    return url


def _number(value: object, where: str) -> str:
    number = _text(value, where)
    if not _NUMBER_RE.match(number):
        raise CrisisDataError(f"{where}: {number!r} is not a phone number")
    return number


def _date(value: object, where: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise CrisisDataError(f"{where}: expected a date (YYYY-MM-DD)")
    return value


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list) or not value:
        raise CrisisDataError(f"{where}: expected a non-empty list")
    return value


def _optional(raw: Mapping[str, object], key: str, where: str) -> str | None:
    return _text(raw[key], f"{where}.{key}") if key in raw else None


def _emergency(raw: object, where: str) -> EmergencyNumber:
    fields = _fields(raw, where, {"number", "source", "reviewed"}, set())
    return EmergencyNumber(
        number=_number(fields["number"], f"{where}.number"),
        source=_url(fields["source"], f"{where}.source"),
        reviewed=_date(fields["reviewed"], f"{where}.reviewed"),
    )


def _line(raw: object, where: str) -> Line:
    fields = _fields(
        raw,
        where,
        {"name", "source", "reviewed"},
        {"call", "text", "text_keyword", "web", "note", "hours"},
    )
    where = f"{where} ({fields['name']})"
    calls_raw = fields.get("call")
    calls_list = calls_raw if isinstance(calls_raw, list) else [] if calls_raw is None else [calls_raw]
    calls = tuple(_number(n, f"{where}.call") for n in calls_list)
    text = _number(fields["text"], f"{where}.text") if "text" in fields else None
    keyword = _optional(fields, "text_keyword", where)
    if keyword is not None and (text is None or not _KEYWORD_RE.match(keyword)):
        raise CrisisDataError(f"{where}.text_keyword: a capitalised word, and only with `text`")
    web = _url(fields["web"], f"{where}.web") if "web" in fields else None
    if not calls and text is None and web is None:
        raise CrisisDataError(f"{where}: needs a `call`, `text` or `web`")
    return Line(
        name=_text(fields["name"], f"{where}.name"),
        calls=calls,
        text=text,
        text_keyword=keyword,
        web=web,
        note=_optional(fields, "note", where),
        hours=_optional(fields, "hours", where),
        source=_url(fields["source"], f"{where}.source"),
        reviewed=_date(fields["reviewed"], f"{where}.reviewed"),
    )


def _country(raw: object, where: str) -> Country:
    fields = _fields(raw, where, {"code", "name", "emergency", "lines", "time_zones", "languages"}, set())
    code = _text(fields["code"], f"{where}.code")
    if not _CODE_RE.match(code):
        raise CrisisDataError(f"{where}.code: expected an ISO 3166 code such as AU, got {code!r}")
    where = code
    zones = tuple(_text(z, f"{where}.time_zones") for z in _list(fields["time_zones"], f"{where}.time_zones"))
    for zone in zones:
        if not _ZONE_RE.match(zone):
            raise CrisisDataError(f"{where}.time_zones: {zone!r} is not a zone name or prefix")
    languages = tuple(
        _text(tag, f"{where}.languages") for tag in _list(fields["languages"], f"{where}.languages")
    )
    for tag in languages:
        if not _TAG_RE.match(tag):
            raise CrisisDataError(f"{where}.languages: {tag!r} is not a language tag")
    return Country(
        code=code,
        name=_text(fields["name"], f"{where}.name"),
        emergency=tuple(
            _emergency(e, f"{where}.emergency[{i}]")
            for i, e in enumerate(_list(fields["emergency"], f"{where}.emergency"))
        ),
        lines=tuple(
            _line(line, f"{where}.lines[{i}]")
            for i, line in enumerate(_list(fields["lines"], f"{where}.lines"))
        ),
        time_zones=zones,
        languages=languages,
    )


def _check_unambiguous(countries: tuple[Country, ...]) -> None:
    """No zone and no language may point at two countries."""
    seen_languages: dict[str, str] = {}
    zones: list[tuple[str, str]] = []
    for country in countries:
        for tag in country.languages:
            other = seen_languages.setdefault(tag.lower(), country.code)
            if other != country.code:
                raise CrisisDataError(f"language {tag!r} is listed for both {other} and {country.code}")
        for zone in country.time_zones:
            for other_zone, other_code in zones:
                if other_code != country.code and (
                    _zone_covers(zone, other_zone) or _zone_covers(other_zone, zone)
                ):
                    raise CrisisDataError(
                        f"zone {zone!r} ({country.code}) overlaps {other_zone!r} ({other_code})"
                    )
            zones.append((zone, country.code))


def parse_crisis_lines(raw_text: str) -> CrisisLines:
    """Check the file's text and build the look-ups; any doubtful field is an error."""
    data = _fields(yaml.safe_load(raw_text), "file", {"default_countries", "directory", "countries"}, set())
    directory_fields = _fields(
        data["directory"], "directory", {"name", "url", "about", "source", "reviewed"}, set()
    )
    directory = Directory(
        name=_text(directory_fields["name"], "directory.name"),
        url=_url(directory_fields["url"], "directory.url"),
        about=_text(directory_fields["about"], "directory.about"),
        source=_url(directory_fields["source"], "directory.source"),
        reviewed=_date(directory_fields["reviewed"], "directory.reviewed"),
    )
    countries = tuple(
        _country(raw, f"countries[{i}]") for i, raw in enumerate(_list(data["countries"], "countries"))
    )
    codes = [c.code for c in countries]
    if len(set(codes)) != len(codes):
        raise CrisisDataError("a country code appears twice")
    _check_unambiguous(countries)
    by_code = {c.code: c for c in countries}
    default_codes = [
        _text(code, "default_countries") for code in _list(data["default_countries"], "default_countries")
    ]
    if unknown := [code for code in default_codes if code not in by_code]:
        raise CrisisDataError(f"default_countries: no entry for {', '.join(unknown)}")
    return CrisisLines(countries, tuple(by_code[code] for code in default_codes), directory)


def load_crisis_lines(path: Path = DATA_FILE) -> CrisisLines:
    return parse_crisis_lines(path.read_text(encoding="utf-8"))


@functools.cache
def get_crisis_lines() -> CrisisLines:
    """The shipped file, loaded and checked once per process."""
    return load_crisis_lines()
