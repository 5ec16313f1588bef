r"""Release dates as an iCalendar file (RFC 5545): one all-day event per dated release.

A release on a day is that day; one of month or year precision covers the whole
month or year (``DTEND`` is exclusive, so ``2020-07`` runs from 20200701 to
20200801); a run covers its first to its last day. Lines end in CRLF and are
folded at 75 octets without splitting a UTF-8 character; text values escape
``\``, ``;``, ``,`` and newlines. ``UID`` is derived from the release, so
exporting the same story twice gives the same ids, and ``DTSTAMP`` is the time
of export (or ``SOURCE_DATE_EPOCH``, for reproducible builds).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from typing import TYPE_CHECKING

from plotline._version import __version__
from plotline.exporters._dates import (
    dated_releases,
    first_day,
    last_day,
    release_edition,
    release_label,
)

if TYPE_CHECKING:
    from plotline._model import Release, Story

__all__ = ["escape_text", "export_ics", "fold"]

CRLF = "\r\n"
_LIMIT = 75


def escape_text(value: str) -> str:
    r"""Escape a TEXT value (RFC 5545 §3.3.11).

    >>> escape_text("Season 1; Netflix, WW\nnote\\x")
    'Season 1\\; Netflix\\, WW\\nnote\\\\x'
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    r"""Fold a content line into lines of at most 75 octets (RFC 5545 §3.1), CRLF-joined.

    >>> fold("SUMMARY:" + "é" * 40).split(CRLF)[1][:3]
    ' éé'
    """
    out: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > _LIMIT:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    out.append("".join(current))
    return CRLF.join(out)


def export_ics(story: Story, *, now: _dt.datetime | None = None) -> str:
    """Return the story's dated releases as iCalendar text."""
    stamp = _stamp(now)
    title = story.title or "plotline story"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//plotline//plotline {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{title}: releases')}",
    ]
    used: set[str] = set()
    for release, dated in dated_releases(story):
        start = dated.start or dated.end
        end = dated.end or dated.start
        if start is None or end is None:  # pragma: no cover - dated_releases never yields this
            continue
        first, last = first_day(start), last_day(end)
        if first is None or last is None or last < first:
            continue
        uid = _uid(story, release, dated.text, used)
        label = release_label(story, release)
        where = ", ".join(x for x in (release.platform, release.region) if x)
        summary = f"{label} ({release.kind.value}{', ' + where if where else ''})"
        description = [f"{label}: {release.kind.value} release, {dated.text}."]
        if release_edition(release):
            description.append(f"{release_edition(release)}.")
        if release.note:
            description.append(release.note)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{last + _dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(chr(10).join(description))}",
            f"CATEGORIES:{escape_text(release.kind.value)}",
            *_status(release),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def _status(release: Release) -> list[str]:
    """The VEVENT ``STATUS`` of a release that is not simply ``released``."""
    status = _STATUS.get(release.status.value)
    return [f"STATUS:{status}"] if status else []


_STATUS = {
    "announced": "TENTATIVE",
    "rescheduled": "TENTATIVE",
    "superseded": "CANCELLED",
    "cancelled": "CANCELLED",
}


def _stamp(now: _dt.datetime | None) -> str:
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            now = _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC)
        else:
            now = _dt.datetime.now(tz=_dt.UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=_dt.UTC)
    return now.astimezone(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid(story: Story, release: Release, when: str, used: set[str]) -> str:
    key = "\x1f".join(
        (
            story.title or "",
            release.id or "",
            release.work,
            release.kind.value,
            release.region or "",
            release.platform or "",
            when,
        )
    )
    base = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    uid, n = f"{base}@plotline", 1
    while uid in used:
        n += 1
        uid = f"{base}-{n}@plotline"
    used.add(uid)
    return uid
