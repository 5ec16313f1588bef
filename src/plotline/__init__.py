"""plotline: keep the facts of a serial story straight.

Load a series bible, check its continuity, draw its arcs::

    import plotline

    story = plotline.load("examples/hero-mask")
    report = plotline.check(story)
    graph = plotline.render(story, view="storyline", report=report)
    solution = plotline.solve(story)     # telling order, story order, bounds, conflicts

The public names are listed in ``__all__``; rule authors have
:mod:`plotline.rules`. Everything in a module whose name starts with an
underscore may change without notice.
"""

from __future__ import annotations

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
    Source,
    SourceKind,
    Story,
    Thread,
    ThreadStatus,
    Work,
    WorkKind,
)
from plotline._order import Solution, solve
from plotline._render import render, render_stats
from plotline._time import (
    Duration,
    Instant,
    Interval,
    Precision,
    Relation,
    parse_time,
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
    "Arc",
    "CheckSettings",
    "Claim",
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
    "LoadError",
    "Location",
    "Mode",
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
    "RenderError",
    "Report",
    "ReportFormatError",
    "Role",
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
    "catalog",
    "check",
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
]
