"""The ``github`` format: GitHub Actions workflow commands, one per active finding.

``::error file=F,line=L,col=C,title=PL301 acts-after-death::message``
(``::warning`` for warnings, ``::notice`` for info), escaped as GitHub
requires. Related locations follow the message on lines of their own.
"""

from __future__ import annotations

from pathlib import Path, PurePath
from typing import Final

from plotline._check._finding import Severity
from plotline._check.reports._base import NO_FILE, ReportRequest, location_text

__all__ = ["format_github", "github_escape", "github_escape_property"]

_GITHUB_COMMAND: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def _github_path(file: str, root: Path) -> str:
    """``file`` relative to ``root`` when under it, with forward slashes."""
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()
    return PurePath(file).as_posix()


def github_escape(text: str) -> str:
    r"""Escape the message of a workflow command: ``%``, ``\r`` and ``\n``.

    >>> github_escape("50% done\nnext")
    '50%25 done%0Anext'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a property value of a workflow command: as a message, plus ``:`` and ``,``.

    >>> github_escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return github_escape(text).replace(":", "%3A").replace(",", "%2C")


def format_github(request: ReportRequest) -> str:
    """Write the report as GitHub Actions workflow commands, one line per active finding."""
    lines = []
    for finding in request.report.active:
        props = []
        if finding.location is not None:
            path = _github_path(finding.location.file or NO_FILE, request.root)
            props += [
                f"file={github_escape_property(path)}",
                f"line={finding.location.line}",
                f"col={finding.location.column}",
            ]
        title = f"{finding.code} {finding.rule}".strip()
        props.append(f"title={github_escape_property(title)}")
        message = finding.message
        for related in finding.related:
            place = location_text(related.location)
            message += (
                f"\n{place}: note: {related.message}" if place else f"\nnote: {related.message}"
            )
        command = _GITHUB_COMMAND[finding.severity]
        lines.append(f"::{command} {','.join(props)}::{github_escape(message)}\n")
    return "".join(lines)
