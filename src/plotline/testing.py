"""Helpers for testing stories, and code that builds stories, with any test runner.

:func:`assert_continuity` checks a story and fails with the findings listed
the way ``plotline check`` prints them, so a test that builds or edits a story
can say "and it still holds together" in one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from plotline._check._finding import Finding, Report, Severity
from plotline._check.reports import findings_text, summary_line

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plotline._model import Story

__all__ = ["assert_continuity", "synthetic_story"]

FailOn = Literal["error", "warning", "info"]


def assert_continuity(
    story: Story,
    *,
    ignore: Iterable[str] = (),
    select: Iterable[str] | None = None,
    allow: Iterable[str] = (),
    fail_on: FailOn | Severity = "error",
) -> Report:
    """Check ``story`` and raise :class:`AssertionError` if it has unexpected findings.

    ``select`` and ``ignore`` choose rules as in :func:`plotline.check` (codes
    or prefixes). ``allow`` lists findings that are expected and tolerated:
    a code or prefix (``"PL305"``, ``"PL4"``) tolerates every finding of those
    rules, and ``"CODE:subject"`` only those about that record
    (``"PL305:monica"``). A finding fails the assertion when it is active, not
    allowed, and at least as serious as ``fail_on`` (``"error"`` by default;
    ``"warning"`` fails on warnings too, ``"info"`` on anything). The
    project's ``[tool.plotline]`` settings are not read: the test says what it
    checks. Returns the report, so a test can look further.

    >>> from plotline import Entity, Event, Story, Work
    >>> story = Story(
    ...     works=[Work("e1", kind="episode", number=1), Work("e2", kind="episode", number=2)],
    ...     entities=[Entity("monica")],
    ...     events=[
    ...         Event("killed", told_in="e1", participants={"monica": "dies"}),
    ...         Event("walks", told_in="e2", participants={"monica": "present"}),
    ...     ],
    ... )
    >>> assert_continuity(story, select=["PL301"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    AssertionError: 1 unexpected finding (fail_on='error'):
    PL301 error: ...
    >>> report = assert_continuity(story, select=["PL301"], allow=["PL301:monica"])
    >>> [finding.code for finding in report]
    ['PL301']
    """
    __tracebackhide__ = True
    from plotline._check._config import Config
    from plotline._check._engine import check

    threshold = Severity(fail_on)
    allowed = _parse_allow(allow)
    report = check(story, select, tuple(ignore), config=Config())
    unexpected = [
        finding
        for finding in report.active
        if finding.severity.rank <= threshold.rank and not _is_allowed(finding, allowed)
    ]
    if unexpected:
        count = len(unexpected)
        noun = "finding" if count == 1 else "findings"
        head = f"{count} unexpected {noun} (fail_on={threshold.value!r}):\n"
        first = unexpected[0]
        subject = f":{first.subjects[0]}" if first.subjects else ""
        tail = (
            f"{summary_line(report, 1)}\n"
            f"(to tolerate an expected finding, pass allow=[{first.code + subject!r}])"
        )
        raise AssertionError(head + findings_text(unexpected) + tail)
    return report


def _parse_allow(allow: Iterable[str]) -> list[tuple[str, str | None]]:
    """Split ``allow`` entries into ``(code prefix, subject or None)``."""
    if isinstance(allow, str):
        allow = (allow,)
    entries = []
    for entry in allow:
        code, sep, subject = entry.partition(":")
        if not code.strip():
            msg = f"allow entries are 'CODE' or 'CODE:subject', not {entry!r}"
            raise ValueError(msg)
        entries.append((code.strip().upper(), subject.strip() if sep else None))
    return entries


def _is_allowed(finding: Finding, allowed: list[tuple[str, str | None]]) -> bool:
    return any(
        finding.code.startswith(code) and (subject is None or subject in finding.subjects)
        for code, subject in allowed
    )


from plotline._synthetic import synthetic_story  # noqa: E402 -- re-exported
