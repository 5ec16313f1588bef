"""The ``text`` format: one line per active finding, its notes, then a summary line.

Each line reads ``file:line:col: PL301 error: message``, each related location
is indented below it as ``  file:line:col: note: message``, and the last line
counts what was found: ``3 errors, 2 warnings, 0 info (1 suppressed) in 1 file``
or ``no findings in 1 file``. ANSI colours when asked for. Suppressed findings
are counted, not listed.
"""

from __future__ import annotations

from collections.abc import Iterable

from plotline._check._finding import Finding, Report, Severity
from plotline._check.reports._base import ReportRequest, location_text, plural
from plotline._check.reports._colour import paint
from plotline._printable import printable

__all__ = ["findings_text", "format_text", "summary_line"]


def summary_line(report: Report, files: int, *, color: bool = False) -> str:
    """Write the last line of the text format: counts by severity, suppressed, files.

    >>> from plotline import Report
    >>> summary_line(Report(), 1)
    'no findings in 1 file'
    """
    counts = report.counts
    suppressed = len(report.suppressed)
    tail = f" ({suppressed} suppressed)" if suppressed else ""
    where = f" in {plural(files, 'file')}"
    if not report.active:
        return paint("no findings", "ok", color) + tail + where
    parts = [
        plural(counts[Severity.ERROR], "error"),
        plural(counts[Severity.WARNING], "warning"),
        f"{counts[Severity.INFO]} info",
    ]
    if color:
        parts = [
            paint(part, severity, color) if counts[severity] else part
            for part, severity in zip(parts, Severity, strict=True)
        ]
    return ", ".join(parts) + tail + where


def _text_finding(finding: Finding, color: bool) -> list[str]:
    # Story text is made printable before any colour of ours is added around it.
    where = printable(location_text(finding.location))
    head = paint(f"{where}:", "bold", color) + " " if where else ""
    code = paint(printable(finding.code), "bold", color)
    severity = paint(finding.severity.value, finding.severity, color)
    lines = [f"{head}{code} {severity}: {printable(finding.message)}"]
    for related in finding.related:
        place = printable(location_text(related.location))
        prefix = paint(f"{place}:", "dim", color) + " " if place else ""
        lines.append(f"  {prefix}{paint('note', 'note', color)}: {printable(related.message)}")
    return lines


def findings_text(findings: Iterable[Finding], *, color: bool = False) -> str:
    """Render findings in text format, one line each plus their related notes (no summary)."""
    lines = [line for finding in findings for line in _text_finding(finding, color)]
    return "".join(f"{line}\n" for line in lines)


def format_text(request: ReportRequest) -> str:
    """Write the active findings and the summary line."""
    body = findings_text(request.report.active, color=request.color)
    return body + summary_line(request.report, len(request.files), color=request.color) + "\n"
