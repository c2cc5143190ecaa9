"""What an import would do, before it does it: one `Change` per night, habit, window or
setting (add, replace, keep or refuse, with the reason), and the `Section` shape every part
of the export has (a name, how to export it, how to plan its import). No Flask here; the
sections read the database only to compare with what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..auth.models import User

Action = Literal["add", "replace", "keep", "refuse"]
ACTIONS: tuple[Action, ...] = ("add", "replace", "keep", "refuse")


@dataclass
class Change:
    """One item of the file and what importing it would do.

    `item` names it for people ("2026-03-02", "No naps", "Time zone"); `where` prefixes its
    refusal messages in an API error (`line 3: in_bed`, `entries 2026-03-02: in_bed`).
    `stored` and `incoming` are both versions, as JSON, when one replaces the other.
    `apply` makes the change in the session (no commit); a refusal has none.
    """

    section: str
    action: Action
    item: str
    detail: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    stored: dict[str, Any] | None = None
    incoming: dict[str, Any] | None = None
    where: str = ""
    apply: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "action": self.action,
            "item": self.item,
            "detail": self.detail,
            "fields": self.fields,
            "stored": self.stored,
            "incoming": self.incoming,
        }

    def error_fields(self) -> dict[str, str]:
        """The refusal as an API error's `fields`, each name prefixed by where it is."""
        where = self.where or f"{self.section} {self.item}"
        return {
            (where if name == where else f"{where}: {name}"): message for name, message in self.fields.items()
        }


def refuse(section: str, item: str, fields: dict[str, str], where: str = "") -> Change:
    return Change(section, "refuse", item, fields=fields, where=where)


@dataclass(frozen=True)
class Context:
    """What every section's planner may need besides its own part of the file."""

    user: User
    version: int
    # The zone nights without their own are read in: the file's time zone, else the person's.
    zone: str


@dataclass(frozen=True)
class Section:
    """One part of the export document: `export(user)` gives its JSON, `plan(user, part,
    context)` the changes importing `part` would make. A feature added later adds one."""

    name: str
    export: Callable[[User], Any]
    plan: Callable[[Any, Context], list[Change]]
