"""The Markwhen syntax that plotline reads and writes: line patterns, dates, amounts, properties.

Written from Markwhen's documentation (markwhen.com/docs, Syntax): see
:mod:`plotline.importers._markwhen` for what each construct becomes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from plotline._model import Mode
from plotline._time import Duration, Instant, parse_time
from plotline.exceptions import PlotlineError

EVENT_FIELDS = frozenset(
    {
        "id",
        "title",
        "summary",
        "told_in",
        "order",
        "when",
        "duration",
        "mode",
        "threads",
        "participants",
        "location",
        "opens",
        "resolves",
        "sources",
        "allow",
        "meta",
    }
)
"""The event fields Markwhen (and Aeon's columns) carry in their own way; any other field
travels as a property (a column) holding the value as a story file writes it."""

__all__ = [
    "AN_ID",
    "COMMENT",
    "END_LINE",
    "EVENT_ID",
    "EVENT_LINE",
    "GROUP_LINE",
    "HEADING_LINE",
    "MODE_TAGS",
    "PROPERTY_LINE",
    "RELEASES_GROUP",
    "TAG",
    "TAG_COLOUR_LINE",
    "DateError",
    "Relative",
    "amount_duration",
    "amount_text",
    "parse_property",
    "read_point",
    "sniff_markwhen",
]

# ---------------------------------------------------------------------------
# The syntax.

_MONTHS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_ISO = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_EDTF = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_SLASHED = r"\d{1,2}/(?:\d{1,2}/)?\d{4}"
_CASUAL = rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?)\s+\d{{4}}"
_UNIT = (
    r"(?:milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|"
    r"(?:week\s?|work\s?|business\s?)days?|days?|d|weeks?|w|months?|years?|y)"
)
_AMOUNT = rf"\d+\s*{_UNIT}(?:,?\s+\d+\s*{_UNIT})*"
_REF = r"!\w[\w-]*"
_RELATIVE = rf"(?:(?:after|before|by)\s+)?(?:{_REF}\s+)?{_AMOUNT}"
_DATE = rf"(?:{_ISO}|{_SLASHED}|{_CASUAL}|{_EDTF}|now)"
_POINT = rf"(?:{_DATE}|{_RELATIVE})"
_RANGE = rf"(?P<start>{_POINT})(?:\s*(?:/|\s-\s|-|\sto\s)\s*(?P<end>{_POINT}))?"

EVENT_LINE = re.compile(rf"^\s*(?P<range>{_RANGE})\s*:(?:\s+(?P<text>.*)|\s*)$", re.IGNORECASE)
"""An event's first line: a date range, ``:`` and the start of its description."""

GROUP_LINE = re.compile(r"^\s*(?P<kind>group|section)\b\s*(?P<title>.*)$")
END_LINE = re.compile(r"^\s*end(?:group|section)\s*$", re.IGNORECASE)
HEADING_LINE = re.compile(r"^\s*(?P<level>#{1,6})\s+(?P<title>\S.*)$")
PROPERTY_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_][\w.-]*)\s*:(?:\s+(?P<value>.*)|\s*)$")
AN_ID = re.compile(r"\w[\w.+-]*")
TAG_COLOUR_LINE = re.compile(r"^#(?P<tag>\w[\w-]*)\s*:\s*(?P<colour>\S.*)$")
COMMENT = re.compile(r"(?:^|\s)//.*$")
TAG = re.compile(r"(?<![\w&#])#(?P<tag>\w[\w-]*)")
EVENT_ID = re.compile(r"(?<![\w!])!(?P<id>\w[\w-]*)")
_RELATIVE_RE = re.compile(
    rf"^(?:(?P<dir>after|before|by)\s+)?(?:!(?P<ref>\w[\w-]*)\s+)?(?P<amount>{_AMOUNT})$",
    re.IGNORECASE,
)
_AMOUNT_PART = re.compile(rf"(?P<n>\d+)\s*(?P<unit>{_UNIT})", re.IGNORECASE)

MODE_TAGS = frozenset(m.value for m in Mode if m is not Mode.PRESENT)
"""The tags that set an event's mode rather than a thread."""

RELEASES_GROUP = "releases"
"""The value of a group's ``plotline:`` property that makes its entries releases."""

_DURATION_UNIT = {
    "s": "seconds",
    "sec": "seconds",
    "min": "minutes",
    "h": "hours",
    "hr": "hours",
    "d": "days",
    "w": "weeks",
    "y": "years",
}


def sniff_markwhen(head: bytes) -> bool:
    r"""Whether the first bytes of a file look like a Markwhen timeline.

    >>> sniff_markwhen(b"---\ntitle: Hero Mask\n---\n2016-04: Monica is killed\n")
    True
    >>> sniff_markwhen(b'{"events": []}')
    False
    """
    text = head.decode("utf-8", errors="ignore")
    lines = text.splitlines()[:-1] if not text.endswith("\n") else text.splitlines()
    events = sum(1 for line in lines if EVENT_LINE.match(COMMENT.sub("", line)))
    structure = any(GROUP_LINE.match(line) or END_LINE.match(line) for line in lines)
    return events >= 2 or (events >= 1 and (structure or text.startswith("---")))


def amount_duration(text: str) -> Duration:
    """Return the duration a Markwhen amount names: ``2 weeks 3 days`` is ``P2W3D``.

    >>> amount_duration("1 year 6 months"), amount_duration("24 minutes")
    (Duration('P1Y6M'), Duration('PT24M'))
    """
    units: dict[str, int] = {}
    for part in _AMOUNT_PART.finditer(text):
        unit = re.sub(r"\s", "", part["unit"].lower())
        if unit in {"ms", "millisecond", "milliseconds"}:
            continue
        if "day" in unit and unit not in {"day", "days"}:
            unit = "days"  # week days count as days: plotline has no working-day calendar
        unit = _DURATION_UNIT.get(unit.rstrip("s") if unit != "s" else unit, unit)
        unit = unit if unit.endswith("s") else unit + "s"
        units[unit] = units.get(unit, 0) + int(part["n"])
    return Duration(**units)


def amount_text(duration: Duration) -> str | None:
    """Return a duration as a Markwhen amount, or None for a zero one.

    >>> amount_text(Duration("P1Y6M")), amount_text(Duration("PT24M"))
    ('1 year 6 months', '24 minutes')
    """
    parts = []
    for name, value in attrs.asdict(duration).items():
        if value:
            parts.append(f"{value} {name if value != 1 else name[:-1]}")
    return " ".join(parts) or None


def parse_property(value: str) -> Any:
    """Read a property's value: ``[a, b]`` a list, ``"…"`` a JSON string, ``{…}`` JSON.

    >>> parse_property("[monica:dies, burner]"), parse_property('"a: b"'), parse_property("3")
    (['monica:dies', 'burner'], 'a: b', '3')
    """
    value = value.strip()
    if value.startswith("{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    if value.startswith("[") and value.endswith("]"):
        inner = value[1:-1].strip()
        if not inner:
            return []
        try:
            loaded = json.loads(value)
        except json.JSONDecodeError:
            return [_unquote(item) for item in inner.split(",")]
        return [str(item) for item in loaded] if isinstance(loaded, list) else value
    return _unquote(value)


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError:
            return text[1:-1]
        return str(loaded)
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    return text


# ---------------------------------------------------------------------------
# Dates.


class DateError(PlotlineError, ValueError):
    """A date Markwhen may read but plotline cannot place."""


@attrs.frozen(slots=True)
class Relative:
    """A relative date: ``after``/``before`` an event (or the previous one) by an amount."""

    direction: str
    ref: str | None
    amount: Duration


def read_point(text: str, day_first: bool) -> Instant | Relative:
    """Read one end of a range: a date (month first unless ``day_first``) or a relative date."""
    text = " ".join(text.split())
    relative = _RELATIVE_RE.match(text)
    if relative is not None:
        direction = (relative["dir"] or "after").lower()
        return Relative(
            "before" if direction == "by" else direction,
            relative["ref"],
            amount_duration(relative["amount"]),
        )
    if text.lower() == "now":
        msg = "'now' is the day the timeline is viewed, not a story date"
        raise DateError(msg)
    if re.fullmatch(_ISO, text):
        value = parse_time(text.replace(".000", "") if "." in text else text)
        if not isinstance(value, Instant):  # pragma: no cover - the pattern is one instant
            raise DateError(text)
        return value
    if re.fullmatch(_EDTF, text):
        value = parse_time(text)
        assert isinstance(value, Instant)
        return value
    slashed = re.fullmatch(r"(\d{1,2})/(?:(\d{1,2})/)?(\d{4})", text)
    if slashed is not None:
        first, second, year = slashed.groups()
        if second is None:
            return Instant(int(year), int(first))
        month, day = (second, first) if day_first else (first, second)
        return parse_time(f"{year}-{int(month):02}-{int(day):02}")  # type: ignore[return-value]
    casual = re.fullmatch(
        rf"(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})|(?P<m2>{_MONTH})(?:\s+(?P<d2>\d{{1,2}})"
        r"(?:st|nd|rd|th)?,?)?)\s+(?P<year>\d{4})",
        text,
        re.IGNORECASE,
    )
    if casual is not None:
        month = _MONTHS.index((casual["m1"] or casual["m2"])[:3].lower()) + 1
        day = casual["d1"] or casual["d2"]
        if day is None:
            return Instant(int(casual["year"]), month)
        return parse_time(f"{casual['year']}-{month:02}-{int(day):02}")  # type: ignore[return-value]
    msg = f"{text!r} is not a date plotline can read"
    raise DateError(msg)
