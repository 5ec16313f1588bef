"""plotline: keep the facts of a serial story straight.

Load a series bible, check its continuity, draw its arcs::

    import plotline

    story = plotline.load("examples/hero-mask")
    report = plotline.check(story)
    graph = plotline.render(story, view="storyline", report=report)
    solution = plotline.solve(story)     # telling order, story order, bounds, conflicts
    changes = plotline.diff(old_story, story)  # what changed in the canon

The public names are listed in ``__all__``; rule authors have
:mod:`plotline.rules`. Everything in a module whose name starts with an
underscore may change without notice.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from plotline._ages import Age, age_at, ages_at
from plotline._audience import hide_unrevealed
from plotline._check import (
    Config,
    Finding,
    Related,
    Report,
    Rule,
    Severity,
    catalog,
    check,
    rule,
)
from plotline._io import dump, dumps, load, loads, story_schema
from plotline._knowledge import EntityKnowledge, Handover, Knowledge, StoryClock
from plotline._model import (
    Arc,
    Calendar,
    CheckSettings,
    Claim,
    Constraint,
    Entity,
    EntityKind,
    Event,
    Fact,
    Importance,
    Location,
    Mode,
    Origin,
    Relationship,
    RelationshipKind,
    Release,
    ReleaseKind,
    Role,
    Route,
    Source,
    SourceKind,
    Story,
    Thread,
    ThreadStatus,
    Work,
    WorkKind,
)
from plotline._order import Released, Solution, solve
from plotline._time import (
    CalendarInstant,
    ClockSpan,
    Duration,
    Instant,
    Interval,
    LeapRule,
    Month,
    Precision,
    Relation,
    parse_time,
    using_calendars,
)
from plotline._version import __version__
from plotline.exceptions import (
    ConfigError,
    ExecutableNotFoundError,
    ExportError,
    FormatError,
    LoadError,
    PlotlineError,
    Problem,
    RenderError,
    ReportFormatError,
    TimeParseError,
    TimeValueError,
    UnknownFormatError,
    UnknownIdError,
    UnknownOutputFormatError,
    UnknownRuleError,
    UnknownThemeError,
    UnknownViewError,
    UnknownWorkError,
    WriteError,
)

__all__ = [
    "Age",
    "Arc",
    "Calendar",
    "CalendarInstant",
    "CanonDiff",
    "CheckSettings",
    "Claim",
    "ClockSpan",
    "Config",
    "ConfigError",
    "Constraint",
    "Duration",
    "Entity",
    "EntityKind",
    "EntityKnowledge",
    "Event",
    "ExecutableNotFoundError",
    "ExportError",
    "Fact",
    "Finding",
    "FormatError",
    "Handover",
    "Importance",
    "Instant",
    "Interval",
    "Knowledge",
    "LeapRule",
    "LoadError",
    "Location",
    "Mode",
    "Month",
    "Origin",
    "PlotlineError",
    "Precision",
    "Problem",
    "Related",
    "Relation",
    "Relationship",
    "RelationshipKind",
    "Release",
    "ReleaseKind",
    "Released",
    "RenderError",
    "Report",
    "ReportFormatError",
    "Role",
    "Route",
    "Rule",
    "Severity",
    "Solution",
    "Source",
    "SourceKind",
    "Story",
    "StoryClock",
    "Thread",
    "ThreadStatus",
    "TimeParseError",
    "TimeValueError",
    "UnknownFormatError",
    "UnknownIdError",
    "UnknownOutputFormatError",
    "UnknownRuleError",
    "UnknownThemeError",
    "UnknownViewError",
    "UnknownWorkError",
    "Work",
    "WorkKind",
    "WriteError",
    "__version__",
    "age_at",
    "ages_at",
    "catalog",
    "check",
    "diff",
    "dump",
    "dumps",
    "hide_unrevealed",
    "load",
    "loads",
    "parse_time",
    "render",
    "render_stats",
    "rule",
    "solve",
    "story_schema",
    "using_calendars",
]

if TYPE_CHECKING:
    from plotline._diff import CanonDiff, diff
    from plotline._render import render, render_stats

_LAZY = {
    "CanonDiff": "plotline._diff",
    "diff": "plotline._diff",
    "render": "plotline._render",
    "render_stats": "plotline._render",
}
"""Names whose modules load on first use: checking a story never imports the views."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'plotline' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
