"""The share links' export section (docs/design.md §5.8, registered in account/sections.py):
what each link was, without its secrets. A link opens only with its URL token and access
code, which are never stored (only their hashes), so it cannot be made again from a file:
the import lists each link as not imported, with the reason, and never refuses a file for
this section, whatever it holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..account.plans import Change, Context
from ..auth.models import User, as_utc
from . import service

SECTION = "share_links"
# Past this many, the rest are one line in the plan (none of them is imported anyway).
MAX_LISTED = 100
NOT_IMPORTED = (
    "Not imported: a share link works only with its private address and access code, which "
    "never leave the server. Make a new link on the report page if you need one."
)


def export_share_links(user: User) -> list[dict[str, Any]]:
    """Each link, oldest first: the period it shares (days), when it was made and expires,
    and when it was opened. Never its token, code, their hashes or attempt counter."""
    return [
        {
            "period_days": link.period_days,
            "created_at": as_utc(link.created_at).isoformat(),
            "expires_at": as_utc(link.expires_at).isoformat(),
            "opened_at": [as_utc(o.opened_at).isoformat() for o in link.opens],
        }
        for link in reversed(service.list_links(user))
    ]


def _label(raw: object, number: int) -> str:
    if isinstance(raw, Mapping):
        days, made = raw.get("period_days"), raw.get("created_at")
        if isinstance(days, int) and not isinstance(days, bool) and isinstance(made, str):
            return f"Link sharing {days} days, made {made[:10]}"
    return f"share link #{number}"


def plan_share_links(part: object, ctx: Context) -> list[Change]:
    """One `keep` per link, saying why it stays out; nothing is checked or written."""
    links = part if isinstance(part, list) else ([] if part is None else [part])
    changes = [
        Change(SECTION, "keep", _label(raw, number), NOT_IMPORTED, where=f"{SECTION} #{number}")
        for number, raw in enumerate(links[:MAX_LISTED], start=1)
    ]
    if len(links) > MAX_LISTED:
        changes.append(Change(SECTION, "keep", f"{len(links) - MAX_LISTED} more share links", NOT_IMPORTED))
    return changes
