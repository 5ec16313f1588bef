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
from plotline._model import (
    Arc,
    CheckSettings,
    Claim,
    Constraint,
    Entity,
    EntityKind,
    Event,
    Importance,
    Location,
    Mode,
    Origin,
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
    "Event",
    "ExecutableNotFoundError",
    "ExportError",
    "Finding",
    "FormatError",
    "Importance",
    "Instant",
    "Interval",
    "LoadError",
    "Location",
    "Mode",
    "Origin",
    "PlotlineError",
    "Precision",
    "Problem",
    "Related",
    "Relation",
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
    "load",
    "loads",
    "parse_time",
    "render",
    "render_stats",
    "rule",
    "solve",
    "story_schema",
]
