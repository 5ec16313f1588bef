"""What every report format shares: the request a formatter gets, and small helpers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from plotline._check._engine import rules as registered_rules
from plotline._check._finding import Finding, Report, Severity

if TYPE_CHECKING:
    from plotline._model import Location, Story

__all__ = ["NO_FILE", "ReportRequest", "RuleInfo", "files_of", "location_text", "plural"]

#: How a finding's file is shown when the story was not read from a file.
NO_FILE: Final = "<string>"


@attrs.frozen(slots=True)
class RuleInfo:
    """What a formatter needs to know about a rule: the catalog entry, without the code.

    ``doc`` is the rule's full documentation; its first line is the summary.
    :meth:`from_rule` reads any object with ``code``, ``name``, ``severity``
    and ``doc`` attributes, like the engine's ``Rule``.
    """

    code: str
    name: str = ""
    severity: Severity = attrs.field(default=Severity.WARNING, converter=Severity)
    doc: str = ""
    enabled: bool = True

    @property
    def summary(self) -> str:
        """The first line of :attr:`doc`."""
        return self.doc.strip().partition("\n")[0].strip()

    @property
    def details(self) -> str:
        """:attr:`doc` without its summary line."""
        return self.doc.strip().partition("\n")[2].strip()

    @classmethod
    def from_rule(cls, rule: Any) -> RuleInfo:
        """Describe an engine ``Rule`` (or anything with the same attributes)."""
        if isinstance(rule, RuleInfo):
            return rule
        return cls(
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            doc=getattr(rule, "doc", "") or "",
            enabled=getattr(rule, "enabled", True),
        )


@attrs.frozen(slots=True)
class ReportRequest:
    """What a formatter is asked to write: the report, and how to show it.

    ``files`` are the story files checked, as they are shown; ``rules`` the
    rules that ran (``None``: the registered ones); ``root`` the directory
    paths are shown relative to; ``stories`` and ``in_source`` tell a record's
    ``allow`` list from a configured ignore (see :func:`~plotline._check.reports.format_report`).
    """

    report: Report
    files: tuple[str, ...]
    color: bool
    rules: Iterable[Any] | None
    root: Path
    stories: tuple[Story, ...]
    in_source: frozenset[Finding]

    def catalog(self) -> list[RuleInfo]:
        """List the rules that ran, by code, plus any code a finding has that none describes."""
        described = registered_rules() if self.rules is None else self.rules
        infos = [RuleInfo.from_rule(rule) for rule in described]
        by_code = {info.code: info for info in infos}
        for finding in self.report.findings:
            if finding.code not in by_code:
                by_code[finding.code] = RuleInfo(
                    code=finding.code, name=finding.rule, severity=finding.severity
                )
        return [by_code[code] for code in sorted(by_code)]


def files_of(report: Report) -> tuple[str, ...]:
    """The files the findings of ``report`` name, in the order they first appear."""
    files: dict[str, None] = {}
    for finding in report.findings:
        if finding.location is not None:
            files.setdefault(finding.location.file or NO_FILE)
    return tuple(files)


def location_text(location: Location | None) -> str:
    """``file:line:col`` of a location, or ``""`` for none."""
    if location is None:
        return ""
    return f"{location.file or NO_FILE}:{location.line}:{location.column}"


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``: a count and its noun."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
