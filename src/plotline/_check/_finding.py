"""Findings and reports: what the checker says about a story.

A :class:`Finding` is structured data (code, severity, subjects, locations);
its text is built from that data. A :class:`Report` holds the findings of one
check, sorted by location, and answers the questions a CI job asks of it.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

import attrs

from plotline._model import Location

__all__ = ["Finding", "Related", "Report", "Severity"]


class Severity(enum.StrEnum):
    """How serious a finding is. Only ``error`` makes a report fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: the order reports list them in."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@attrs.frozen(slots=True)
class Related:
    """Another place a finding points at (the death *and* the later appearance)."""

    message: str
    location: Location | None = None
    subject: str | None = None


@attrs.frozen(slots=True)
class Finding:
    """One problem the checker found in a story.

    ``code`` is the rule's stable code (``PL301``), ``subjects`` the ids of the
    records involved, ``location`` where the finding belongs and ``related``
    the other places that explain it. ``suppressed`` findings were silenced by
    configuration or an ``allow`` list; reports keep them visible but they never
    fail a check.
    """

    code: str
    severity: Severity
    message: str
    subjects: tuple[str, ...] = ()
    location: Location | None = None
    related: tuple[Related, ...] = ()
    rule: str = ""
    suppressed: bool = False

    @property
    def sort_key(self) -> tuple[str, int, int, str, tuple[str, ...]]:
        """File, line, column, code, subjects: the order findings are reported in."""
        loc = self.location
        if loc is None:
            return ("\uffff", 0, 0, self.code, self.subjects)
        return (loc.file or "", loc.line, loc.column, self.code, self.subjects)

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        return f"{where}{self.code} {self.severity.value}: {self.message}"


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: f.sort_key))


@attrs.frozen(slots=True)
class Report:
    """The findings of one check, sorted by location; suppressed ones included."""

    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_sorted)

    @property
    def active(self) -> tuple[Finding, ...]:
        """The findings that were not suppressed."""
        return tuple(f for f in self.findings if not f.suppressed)

    @property
    def suppressed(self) -> tuple[Finding, ...]:
        """The findings silenced by configuration or ``allow`` lists."""
        return tuple(f for f in self.findings if f.suppressed)

    @property
    def ok(self) -> bool:
        """True when no active finding has severity ``error``."""
        return not any(f.severity is Severity.ERROR for f in self.active)

    @property
    def counts(self) -> Mapping[str, int]:
        """How many active findings there are of each severity, keyed by its name.

        Every severity is present, in the order ``error``, ``warning``, ``info``;
        a :class:`Severity` works as a key too (it is its name).

        >>> Report([Finding("PL404", Severity.WARNING, "thread 'x' has no events")]).counts
        {'error': 0, 'warning': 1, 'info': 0}
        """
        counter = Counter(f.severity.value for f in self.active)
        return {severity.value: counter.get(severity.value, 0) for severity in Severity}

    def by_code(self, code: str) -> tuple[Finding, ...]:
        """The active findings whose code starts with ``code`` (``"PL3"`` or ``"PL301"``)."""
        return tuple(f for f in self.active if f.code.startswith(code))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.active)

    def __len__(self) -> int:
        return len(self.active)

    @classmethod
    def merge(cls, reports: Iterable[Report]) -> Report:
        """One report holding the findings of several."""
        return cls(tuple(f for report in reports for f in report.findings))
