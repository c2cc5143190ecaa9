"""The JSON API's bodies, described once (docs/design.md §5.6): pydantic models from which
GET /openapi.json generates its schemas. The account and token requests are validated with
their models (`bodies.read_body`); the diary's and the programme's own rules stay the
validators of entries and sleep windows, and their models here only describe them, with the
bounds taken from those rules. Field names are a contract (§2.2, §5.3-5.5).
"""

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    WithJsonSchema,
    create_model,
)

from ..auth.tokens import MAX_DAYS, NAME_MAX
from ..diary import metrics as m
from ..diary.service import MAX_SUMMARY_DAYS, METRIC_COLUMNS
from ..program.course import rules as course_rules
from ..program.habits import catalogue
from ..program.habits.models import NAME_MAX as NAME_MAX_HABIT
from ..program.habits.models import NOTE_MAX as NOTE_MAX_HABIT
from ..program.tools import rules as tool_rules
from ..program.window import rules
from ..program.window.screen import SCREEN_QUESTIONS, UNSURE
from ..reminders import rules as reminder_rules
from ..share import rules as share_rules

# Clock times as the app reads them wherever they are typed (clock.parse_clock, §2.2):
# 24-hour H:MM or HH:MM, an optional ":00" seconds part.
CLOCK_READ_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:00)?$"
# Clock times in answers: always HH:MM.
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"

ClockIn = Annotated[str, Field(pattern=CLOCK_READ_PATTERN, examples=["23:10", "6:45", "23:00:00"])]
Clock = Annotated[str, Field(pattern=CLOCK_PATTERN, examples=["06:30"])]
Minutes = Annotated[int, Field(ge=0, le=m.MAX_MINUTES)]
Rating = Annotated[int, Field(ge=1, le=5)]
Drinks = Annotated[int, Field(ge=0, le=m.MAX_DRINKS)]
Efficiency = Annotated[float, Field(ge=0, le=100)]
WindowMinutes = Annotated[int, Field(ge=rules.FLOOR_MIN, le=rules.CEILING_MIN)]
Answer = Annotated[
    bool | str,
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"const": UNSURE}]}),
]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _sent_or_absent(**kwargs: Any) -> Any:
    """A field that may be left out but, when sent, may not be null (no `default: null`)."""
    return Field(default=None, json_schema_extra=_no_default, **kwargs)


def _model_from_table(name: str, doc: str, **fields: Any) -> type[BaseModel]:
    """A model whose fields come from a table in the code (screen keys, metric names)."""
    model: type[BaseModel] = create_model(name, __doc__=doc, **fields)
    return model


class Error(BaseModel):
    """Every error under /api/ (docs/design.md §5.5). `fields` names each field to blame
    (`{}` when none is)."""

    error: str = Field(examples=["validation_failed"])
    message: str
    fields: dict[str, str]


# ---------------------------------------------------------------- requests checked here


class RequestBody(BaseModel):
    """A JSON body validated strictly by its model; each problem becomes one message on its
    field (`fields`), the same message whatever is wrong with that field."""

    messages: ClassVar[Mapping[str, str]] = {}
    refused: ClassVar[str] = "Some values need fixing."
    unknown: ClassVar[str] = "Not a field this request takes."

    @classmethod
    def field_messages(cls, exc: ValidationError) -> dict[str, str]:
        fields: dict[str, str] = {}
        for problem in exc.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "body"
            if problem["type"] == "extra_forbidden":
                message = cls.unknown
            else:
                message = cls.messages.get(name, problem["msg"])
            fields.setdefault(name, message)
        return fields


class TokenRequest(RequestBody):
    """Log in for a token. Without `expires_in_days` it lasts the server's default (90 days
    unless the administrator changed it)."""

    messages: ClassVar[Mapping[str, str]] = {
        "email": "Required: the email address you log in with, as text.",
        "password": "Required: your password, as text.",
        "name": f"A name is text of at most {NAME_MAX} characters.",
        "expires_in_days": f"A whole number of days from 1 to {MAX_DAYS}.",
    }
    refused: ClassVar[str] = "Token not created."

    email: StrictStr = Field(min_length=1)
    password: StrictStr = Field(min_length=1)
    name: Annotated[StrictStr, Field(max_length=NAME_MAX)] | None = Field(
        None, description="A label to tell tokens apart", examples=["phone shortcut"]
    )
    expires_in_days: Annotated[StrictInt, Field(ge=1, le=MAX_DAYS)] | None = None


# How the pages write times for the person (users.clock_hours, docs/design.md §2.10); the
# API itself always writes HH:MM.
ClockHours = Literal[24, 12]


class SettingsChange(RequestBody):
    """Change the time zone, the wake time and/or the clock; a field left out is kept."""

    model_config = ConfigDict(extra="forbid")
    messages: ClassVar[Mapping[str, str]] = {
        "timezone": "A time zone name, as text (for example Europe/London).",
        "wake_time": 'A time as HH:MM text, or null (or "") to clear it.',
        "clock_hours": "12 or 24, as a number.",
    }
    refused: ClassVar[str] = "Settings not changed."
    unknown: ClassVar[str] = "Not a setting that can be changed here."

    # The services check the values (a known zone, a real time) and name both at once, so
    # the model checks only the types: the pattern is described, not enforced, here.
    timezone: StrictStr = _sent_or_absent(examples=["Europe/London"])
    wake_time: StrictStr | None = Field(
        None,
        description='HH:MM (H:MM and HH:MM:00 are read too), or null or "" to clear it',
        json_schema_extra={"pattern": f"({CLOCK_READ_PATTERN})|^$"},
    )
    clock_hours: ClockHours = _sent_or_absent(
        description='How the pages write times: 24 ("13:30") or 12 ("1:30 PM")', examples=[12]
    )


class AccountDeletion(RequestBody):
    """Confirm the deletion with the account's current password."""

    messages: ClassVar[Mapping[str, str]] = {"password": "Send your current password to confirm."}
    refused: ClassVar[str] = "Account not deleted."

    password: StrictStr = Field(min_length=1)


class PasswordChange(RequestBody):
    """The current password and the new one (the password policy of §8.3 applies)."""

    messages: ClassVar[Mapping[str, str]] = {
        "current_password": "Required: your current password, as text.",
        "new_password": "Required: the new password, as text.",
    }
    refused: ClassVar[str] = "Password not changed."

    current_password: StrictStr = Field(min_length=1)
    new_password: StrictStr = Field(min_length=1)


# ---------------------------------------------------------------- the diary (described only)


class EntryItems(BaseModel):
    """One night's Consensus Sleep Diary items (docs/design.md §2.2): the core items are
    required, the expanded ones may be null or "" (not answered). Whole numbers may also be
    sent as integral floats (7.0) or digit strings ("7"). The diary's own rules check each
    item and the night as a whole (§2.5): a 422 names every field to fix."""

    date: dt.date | None = Field(None, description="The morning; optional, it must match the address")
    in_bed: ClockIn = Field(description=m.LABELS["in_bed"])
    tried_to_sleep: ClockIn = Field(description=m.LABELS["tried_to_sleep"])
    sleep_latency_min: Minutes = Field(description=m.LABELS["sleep_latency_min"])
    awakenings: int = Field(ge=0, le=m.MAX_AWAKENINGS, description=m.LABELS["awakenings"])
    awake_min: Minutes = Field(description=m.LABELS["awake_min"])
    final_wake: ClockIn = Field(description=m.LABELS["final_wake"])
    out_of_bed: ClockIn = Field(description=m.LABELS["out_of_bed"])
    quality: Rating = Field(description=m.LABELS["quality"] + ", 1 very poor .. 5 very good")
    rested: Rating | None = Field(None, description=m.LABELS["rested"] + ", 1 not at all .. 5 very well")
    naps: Annotated[int, Field(ge=0, le=m.MAX_NAPS)] | None = Field(None, description=m.LABELS["naps"])
    nap_min: Minutes | None = Field(None, description=m.LABELS["nap_min"])
    caffeine_drinks: Drinks | None = Field(None, description=m.LABELS["caffeine_drinks"])
    caffeine_last: ClockIn | None = Field(None, description=m.LABELS["caffeine_last"])
    alcohol_drinks: Drinks | None = Field(None, description=m.LABELS["alcohol_drinks"])
    alcohol_last: ClockIn | None = Field(None, description=m.LABELS["alcohol_last"])
    medication: Annotated[str, Field(max_length=m.MAX_MEDICATION_LEN)] | None = Field(
        None, description="The person's own words, kept verbatim and never interpreted (§4.2)"
    )
    comments: Annotated[str, Field(max_length=m.MAX_COMMENTS_LEN)] | None = Field(
        None, description=m.LABELS["comments"]
    )


class Metrics(BaseModel):
    """The night's derived metrics (docs/design.md §2.4), computed when it is saved."""

    time_in_bed_min: int = Field(ge=1, le=m.MAX_MINUTES)
    sleep_onset_latency_min: Minutes
    wake_after_sleep_onset_min: Minutes
    early_wake_min: Minutes
    total_sleep_min: Minutes
    sleep_efficiency: Efficiency


class Entry(EntryItems):
    """A saved night: its date, every item (clock times as HH:MM, unanswered ones null) and
    its metrics."""

    date: dt.date  # type: ignore[assignment]
    metrics: Metrics


class SlipWarning(BaseModel):
    """A likely AM/PM slip (docs/design.md §2.6): saved as entered, worth a second look."""

    field: str
    entered: str
    suggested: str | None
    message: str


class SavedEntry(Entry):
    """The night as saved, with any AM/PM slip warnings."""

    warnings: list[SlipWarning]


class EntryList(BaseModel):
    entries: list[Entry] = Field(description="Oldest first")


class EntriesQuery(BaseModel):
    from_: dt.date | None = Field(None, alias="from", description="The first morning (inclusive)")
    to: dt.date | None = Field(None, description="The last morning (inclusive)")


class SummaryQuery(BaseModel):
    days: int = Field(7, ge=1, le=MAX_SUMMARY_DAYS, description="How many days, ending at `end`")
    end: dt.date | None = Field(None, description="The last day; today in the person's zone by default")


SummaryMeans = _model_from_table(
    "SummaryMeans",
    "The mean of each metric (and of quality) over the nights logged; null without nights.",
    **{name: (float | None, ...) for name in METRIC_COLUMNS},
)


class Summary(BaseModel):
    """Means over the entries dated in the `days` days from `start` to `end` (§2.7)."""

    days: int = Field(ge=1, le=MAX_SUMMARY_DAYS)
    start: dt.date
    end: dt.date
    nights: int = Field(ge=0)
    mean: SummaryMeans  # type: ignore[valid-type]


# ---------------------------------------------------------------- the sleep window (described only)

Screen = _model_from_table(
    "Screen",
    'The safety screen (docs/design.md §3.5): every key, each true, false or "unsure". '
    "Any true or unsure sets no window (422, `fields.screen`).",
    **{q.key: (Answer, Field(description=q.question)) for q in SCREEN_QUESTIONS},
)

SleepWindowStart = _model_from_table(
    "SleepWindowStart",
    "Start a sleep window: the safety screen first, then the wake time and the first "
    f"night's date (today or up to a year back, with {rules.MIN_NIGHTS} of the 7 nights "
    "before it in the diary).",
    wake_time=(ClockIn, ...),
    start=(dt.date, ...),
    screen=(Screen, ...),
)


class SleepWindowReview(BaseModel):
    """The weekly review's one question, asked first."""

    sleepy: Answer = Field(
        description='Very sleepy in the day this week? Anything but false never narrows the window; "unsure" '
        "counts as yes."
    )


class WindowChange(BaseModel):
    """How this window came about (docs/design.md §5.4)."""

    outcome: rules.Outcome
    change_min: int
    from_min: WindowMinutes
    to_min: WindowMinutes
    message: str


class WindowHistoryItem(BaseModel):
    start: dt.date
    window_min: WindowMinutes
    bedtime: Clock
    wake_time: Clock
    outcome: rules.Outcome
    change_min: int
    based_on_nights: int = Field(ge=0, le=7)
    mean_total_sleep_min: float | None
    mean_efficiency: Efficiency | None


class SleepWindow(BaseModel):
    """The window object (docs/design.md §5.4): time in bed from `bedtime` to `wake_time`."""

    window_min: WindowMinutes
    bedtime: Clock
    wake_time: Clock
    start: dt.date
    based_on_nights: int = Field(ge=0, le=7)
    mean_total_sleep_min: float | None
    mean_efficiency: Efficiency | None
    next_review: dt.date
    review_due: bool
    change: WindowChange
    history: list[WindowHistoryItem] = Field(description="Every window, oldest first")


# ---------------------------------------------------------------- the account


class Token(BaseModel):
    """An API token as listed (never its secret)."""

    id: int
    name: str
    created_at: dt.datetime
    last_used_on: dt.date | None
    expires_at: dt.datetime


class NewToken(Token):
    """A new token: `token` is the secret, shown only this once."""

    token: str


class Me(BaseModel):
    """The account's settings."""

    email: str = Field(json_schema_extra={"format": "email"})
    timezone: str = Field(examples=["Europe/London"])
    wake_time: Clock | None
    clock_hours: ClockHours = Field(description='How the pages write times: 24 ("13:30") or 12 ("1:30 PM")')
    created_at: dt.datetime


# ---------------------------------------------------------------- export and import (docs/design.md §5.8)


class ExportAccount(BaseModel):
    """The account's settings. `email` says whose export it is and is never imported."""

    email: str = _sent_or_absent(examples=["sam@example.com"])
    timezone: str = _sent_or_absent(examples=["Europe/London"])
    wake_time: Clock | None = None
    clock_hours: Literal[24, 12] = _sent_or_absent(description="How the pages write times (§2.8)")


class ExportEntry(Entry):
    """A night as exported: an entry plus the zone it was saved in (its metrics were computed
    there). On import the metrics are computed again; a night without `timezone` (version 0)
    is read in the file's time zone."""

    timezone: str = _sent_or_absent(examples=["Europe/London"])


class ExportHabit(BaseModel):
    """A habit the person chose: a built-in one (`key`; `name` is then its title) or their own
    (`key` null, matched by `name` without regard to case), and the days it was ticked."""

    key: Literal[tuple(catalogue.HABITS_BY_KEY)] | None = None  # type: ignore[valid-type]
    name: Annotated[str, Field(max_length=NAME_MAX_HABIT)] | None = None
    note: Annotated[str, Field(max_length=NOTE_MAX_HABIT)] | None = None
    chosen_on: dt.date
    archived_at: dt.datetime | None = Field(None, description="When it was archived; null while followed")
    ticks: list[dt.date] = Field(default_factory=list, description="The days it was done, oldest first")


class ExportWindow(BaseModel):
    """One week's sleep window (docs/design.md §3.3-3.4), oldest first. `review_of` is the
    position (from 0) of the window whose weekly review set this one; null for a start."""

    start: dt.date
    window_min: WindowMinutes
    wake_time: Clock
    outcome: rules.Outcome
    change_min: int = 0
    based_on_nights: int = Field(ge=0, le=7)
    mean_total_sleep_min: float | None
    mean_efficiency: Efficiency | None
    review_of: Annotated[int, Field(ge=0)] | None = None


class ExportWorry(BaseModel):
    date: dt.date
    worry: str = Field(max_length=tool_rules.TEXT_MAX)
    next_step: str | None = Field(max_length=tool_rules.TEXT_MAX)
    not_mine: bool


class ExportThoughtRecord(BaseModel):
    date: dt.date
    thought: str = Field(max_length=tool_rules.TEXT_MAX)
    belief_before: Annotated[int, Field(ge=0, le=100)]
    evidence: str | None = Field(max_length=tool_rules.EVIDENCE_MAX)
    balanced: str | None = Field(max_length=tool_rules.TEXT_MAX)
    belief_after: Annotated[int, Field(ge=0, le=100)] | None


class ExportReminderSetting(BaseModel):
    """One kind of reminder as chosen (every kind is listed, off until turned on). `minutes`
    is within the kind's limits (the settings page's); without it a kind keeps its own."""

    kind: Literal[tuple(k.value for k in reminder_rules.Kind)]  # type: ignore[valid-type]
    enabled: bool
    minutes: Annotated[int, Field(ge=0, le=24 * 60 - 1)] = _sent_or_absent()


class ExportReminders(BaseModel):
    """The reminder settings. The calendar feed's address and the browsers subscribed to
    notifications are secrets and never exported: `calendar_feed_on` only says a feed was on,
    and an import leaves the feed as it is."""

    settings: list[ExportReminderSetting] = _sent_or_absent()
    calendar_feed_on: bool = _sent_or_absent()


class ExportShareLink(BaseModel):
    """A share link's metadata, oldest first: never its address, code or their hashes. Share
    links are not imported (a link cannot be made again without its secrets)."""

    period_days: int = Field(ge=1, examples=[28], description="The days of diary it shares")
    created_at: dt.datetime
    expires_at: dt.datetime
    opened_at: list[dt.datetime] = Field(default_factory=list, description="When it was opened, oldest first")


class ExportCourse(BaseModel):
    """Where the person is in the six-week course (null when they never started it). On
    import an account that has its own place in the course keeps it."""

    started_on: dt.date
    week: Annotated[int, Field(ge=1, le=6)]
    week_started_on: dt.date
    done_weeks: list[Annotated[int, Field(ge=1, le=6)]] = Field(description="Weeks done, ascending")
    baseline_end: dt.date | None = None
    paused_on: dt.date | None = None
    left_on: dt.date | None = None
    finished_on: dt.date | None = None
    without_window: bool = Field(False, description="Going through the course without the sleep window")


class Export(BaseModel):
    """Everything the person keeps here (docs/design.md §5.8), and what POST /import takes.
    Never a secret: no password, tokens, passkeys or log-ins. A file without `format` and
    `version` is the version-0 export (`account` and `entries` only)."""

    format: Literal["sleepapp-export"] = _sent_or_absent()
    version: Annotated[int, Field(ge=1)] = _sent_or_absent(examples=[1])
    exported_at: dt.datetime = _sent_or_absent()
    account: ExportAccount = _sent_or_absent()
    entries: list[ExportEntry] = _sent_or_absent()
    habits: list[ExportHabit] = _sent_or_absent()
    sleep_windows: list[ExportWindow] = _sent_or_absent()
    course: ExportCourse | None = _sent_or_absent()
    worries: list[ExportWorry] = _sent_or_absent()
    thought_records: list[ExportThoughtRecord] = _sent_or_absent()
    reminders: ExportReminders = _sent_or_absent()
    share_links: list[ExportShareLink] = _sent_or_absent()


class SectionCounts(BaseModel):
    add: int = Field(ge=0)
    replace: int = Field(ge=0)
    keep: int = Field(ge=0)


class ImportResult(BaseModel):
    """How many nights the file held, how many were new and how many already had an entry
    (saved again with the file's answers); for the JSON export, what happened per section."""

    imported: int = Field(ge=0)
    created: int = Field(ge=0)
    replaced: int = Field(ge=0)
    sections: dict[str, SectionCounts] = _sent_or_absent(description="JSON imports only: per section")


class ImportChange(BaseModel):
    """One item of the file and what importing it does. `refuse` blocks the whole import."""

    section: str = Field(examples=["entries"])
    action: Literal["add", "replace", "keep", "refuse"]
    item: str = Field(description="The night's date, the habit's name, the setting, ...")
    detail: str
    fields: dict[str, str] = Field(description="Why it is refused, per field")
    stored: dict[str, Any] | None = Field(description="What is stored now, when it would be replaced")
    incoming: dict[str, Any] | None = Field(description="The file's version")


class ImportCounts(BaseModel):
    add: int = Field(ge=0)
    replace: int = Field(ge=0)
    keep: int = Field(ge=0)
    refuse: int = Field(ge=0)


class ImportPreview(BaseModel):
    """What POST /import would do with the same body; nothing was saved."""

    format: str = Field(examples=["sleepapp-export", "csv"])
    version: int | None
    can_import: bool = Field(description="False while anything is refused")
    counts: ImportCounts
    changes: list[ImportChange]
    digest: str = Field(description="A fingerprint of this plan")


# ---------------------------------------------------------------- share links (§8.8)


class ShareRequest(RequestBody):
    """Make a read-only link for a clinician: the report of the last `days` days (2, 4 or 8
    weeks, counted back from the day it is opened), working for `valid_days` days."""

    messages: ClassVar[Mapping[str, str]] = {
        "days": "Choose 14, 28 or 56 days (2, 4 or 8 weeks).",
        "valid_days": f"A whole number of days from 1 to {share_rules.MAX_LIFETIME_DAYS}.",
    }
    refused: ClassVar[str] = "Link not created."

    days: Literal[14, 28, 56] = Field(examples=[28])
    valid_days: Annotated[StrictInt, Field(ge=1, le=share_rules.MAX_LIFETIME_DAYS)] = Field(
        share_rules.DEFAULT_LIFETIME_DAYS, examples=[14]
    )


class NewShare(BaseModel):
    """A new link: `url` carries its secret and `code` is shown only here; pass the code on
    separately (by voice or on paper)."""

    id: int
    url: str = Field(json_schema_extra={"format": "uri"})
    code: str = Field(examples=["K7MQ2XPH"])
    expires_at: dt.datetime


class Share(BaseModel):
    """A link as listed: the mornings it shows if opened today, when it stops working, and
    each time the right code was entered (times only)."""

    id: int
    period_start: dt.date
    period_end: dt.date
    expires_at: dt.datetime
    opened: list[dt.datetime]


# ---------------------------------------------------------------- the course and its thinking tools


class CourseWeek(BaseModel):
    n: int = Field(ge=1, le=course_rules.LAST_WEEK)
    title: str
    status: Literal["done", "current", "locked"]


class Course(BaseModel):
    """Where the person is in the six-week course (docs/design.md "The course")."""

    week: int | None = Field(ge=1, le=course_rules.LAST_WEEK, description="null: not in the course")
    started_on: dt.date | None
    weeks: list[CourseWeek]


class WorryIn(BaseModel):
    """An evening's worry: a next step, or `not_mine` (not mine to solve now)."""

    worry: str = Field(max_length=tool_rules.TEXT_MAX)
    next_step: str | None = Field(None, max_length=tool_rules.TEXT_MAX)
    not_mine: bool = False


class Worry(WorryIn):
    id: int
    date: dt.date = Field(description="The evening it was written")
    next_step: str | None = Field(max_length=tool_rules.TEXT_MAX)
    not_mine: bool


class WorryList(BaseModel):
    worries: list[Worry] = Field(description="Newest first")


Belief = Annotated[int, Field(ge=0, le=100)]


class ThoughtRecordIn(BaseModel):
    """A thought about sleep and how much it is believed (0-100); the rest is optional."""

    thought: str = Field(max_length=tool_rules.TEXT_MAX)
    belief_before: Belief
    evidence: str | None = Field(None, max_length=tool_rules.EVIDENCE_MAX)
    balanced: str | None = Field(None, max_length=tool_rules.TEXT_MAX)
    belief_after: Belief | None = None


class ThoughtRecord(ThoughtRecordIn):
    id: int
    date: dt.date
    evidence: str | None = Field(max_length=tool_rules.EVIDENCE_MAX)
    balanced: str | None = Field(max_length=tool_rules.TEXT_MAX)
    belief_after: Belief | None


class ThoughtRecordList(BaseModel):
    thought_records: list[ThoughtRecord] = Field(description="Newest first")


# ---------------------------------------------------------------- reminders (§11)


class CalendarFeedUrl(BaseModel):
    """The private calendar feed's address, shown only in this answer (only its hash is
    kept): subscribe to it in a calendar app."""

    url: str = Field(
        json_schema_extra={"format": "uri"}, examples=["https://sleep.example.org/calendar/….ics"]
    )


class PushKey(BaseModel):
    """The server's VAPID public key, for `PushManager.subscribe({applicationServerKey})`."""

    public_key: str = Field(description="base64url, an uncompressed P-256 point")


class PushSubscriptionKeys(BaseModel):
    p256dh: str = Field(description="The browser's P-256 public key, base64url")
    auth: str = Field(description="The browser's 16-byte auth secret, base64url")


class PushSubscriptionBody(BaseModel):
    """The browser's PushSubscription, as `JSON.stringify(subscription)` gives it."""

    endpoint: str = Field(json_schema_extra={"format": "uri"})
    expirationTime: int | None = None  # the browser's own name for it
    keys: PushSubscriptionKeys


class PushSubscriptionEnd(BaseModel):
    """Which browser's subscription to end."""

    endpoint: str = Field(json_schema_extra={"format": "uri"})


class PushSubscribed(BaseModel):
    id: int
    browsers: int = Field(description="How many browsers of this person now get notifications")
