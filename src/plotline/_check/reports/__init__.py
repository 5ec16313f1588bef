"""Reports as text for people and as data for machines: one module per format.

:func:`format_report` turns a :class:`~plotline.Report` into one of the
formats of :data:`FORMATS`, each written by its own module:

``text`` (:mod:`.text`)
    ``file:line:col: PL301 error: message`` lines and a summary, for people.
``json`` (:mod:`.json`)
    A stable, versioned document for scripts and dashboards.
``sarif`` (:mod:`.sarif`)
    SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
``junit`` (:mod:`.junit`)
    JUnit XML: a test case per rule and file, for CI systems.
``github`` (:mod:`.github`)
    GitHub Actions workflow commands, which annotate a pull request.

Each format module has one ``format_<name>(request)`` function of a
:class:`~plotline._check.reports._base.ReportRequest`; adding a format is a
module and a row of the table below.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from plotline._check._finding import Finding, Report
from plotline._check.reports._base import ReportRequest, RuleInfo, files_of
from plotline._check.reports._colour import use_color
from plotline._check.reports.github import format_github, github_escape, github_escape_property
from plotline._check.reports.json import JSON_SCHEMA_VERSION, format_json
from plotline._check.reports.junit import format_junit
from plotline._check.reports.sarif import SARIF_SCHEMA, format_sarif, suppressed_in_source
from plotline._check.reports.text import findings_text, format_text, summary_line
from plotline.exceptions import ReportFormatError, suggestion

if TYPE_CHECKING:
    from plotline._model import Story

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_VERSION",
    "SARIF_SCHEMA",
    "Format",
    "RuleInfo",
    "findings_text",
    "format_report",
    "github_escape",
    "github_escape_property",
    "summary_line",
    "suppressed_in_source",
    "use_color",
]

#: The name of a report format.
Format = Literal["text", "json", "sarif", "junit", "github"]

#: The names :func:`format_report` accepts, in the order the CLI lists them.
FORMATS: Final[tuple[Format, ...]] = ("text", "json", "sarif", "junit", "github")

#: The function that writes each format.
_FORMATTERS: Final[Mapping[str, Callable[[ReportRequest], str]]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "junit": format_junit,
    "github": format_github,
}


def format_report(
    report: Report,
    fmt: str,
    *,
    files: Sequence[str] = (),
    color: bool = False,
    rules: Iterable[Any] | None = None,
    root: str | os.PathLike[str] | None = None,
    stories: Iterable[Story] = (),
    in_source: Collection[Finding] = (),
) -> str:
    """Render the report in format ``fmt`` (one of :data:`FORMATS`), ready to print.

    ``files`` are the story files that were checked, as they should be shown
    (default: the files the findings name). ``color`` adds ANSI colours to the
    ``text`` format. ``rules`` describes the rules that ran (engine ``Rule``
    objects or :class:`RuleInfo`); SARIF lists them as its rules and JUnit
    writes a test case for each; by default the registered rules are used.
    ``root`` is the directory SARIF and GitHub paths are relative to (default:
    the working directory). ``stories`` are the checked stories, used to tell
    a record's ``allow`` list from a configured ignore in SARIF suppressions.
    ``in_source`` does the same without the stories: the suppressed findings
    that a record's ``allow`` list silenced, as :func:`suppressed_in_source`
    tells them for each story (cheap to pickle, when stories were checked
    in other processes).

    >>> from plotline import Finding, Report, Severity
    >>> report = Report([Finding("PL404", Severity.WARNING, "thread 'x' has no events",
    ...                          subjects=("x",), rule="empty-thread")])
    >>> print(format_report(report, "text", files=["bible.toml"]), end="")
    PL404 warning: thread 'x' has no events
    0 errors, 1 warning, 0 info in 1 file
    """
    formatter = _FORMATTERS.get(fmt)
    if formatter is None:
        choices = ", ".join(FORMATS)
        msg = f"unknown report format {fmt!r}{suggestion(fmt, FORMATS)}; choose one of {choices}"
        raise ReportFormatError(msg)
    request = ReportRequest(
        report=report,
        files=tuple(files) or files_of(report),
        color=color,
        rules=rules,
        root=Path(root) if root is not None else Path.cwd(),
        stories=tuple(stories),
        in_source=frozenset(in_source),
    )
    return formatter(request)
