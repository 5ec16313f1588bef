"""``plotline check --watch``: check again on every save, and say what changed.

The first run prints the whole report; every later run prints one line per
story (its time, and how many findings it has now) and only the findings that
appeared (``+``) or went away (``-``) since the run before, so the terminal
stays readable through an afternoon of writing. Each path is one
:class:`~plotline._live.StorySession`: a save re-reads only the file saved.
Ctrl-C stops it cleanly (exit 0). File events come from watchfiles
(``pip install 'plotline[watch]'``).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from plotline._cli._common import EXIT_OK, EXIT_USAGE, counted

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import TextIO

    from plotline._check._finding import Finding
    from plotline._live import CheckResult, StorySession

__all__ = ["watch", "watch_loop"]


def _active(result: CheckResult) -> list[Finding]:
    if result.report is None:
        return []
    return [f for f in result.report.findings if not f.suppressed]


def _summary(path: str, result: CheckResult) -> str:
    findings = _active(result)
    errors = sum(1 for f in findings if f.severity.value == "error")
    clock = time.strftime("%H:%M:%S")
    if result.problems:
        return f"[{clock}] {path}: does not load ({counted(len(result.problems), 'problem')})"
    if not findings:
        return f"[{clock}] {path}: clean"
    return f"[{clock}] {path}: {counted(len(findings), 'finding')} ({counted(errors, 'error')})"


def _run(
    path: str, session: StorySession, before: CheckResult | None, stdout: TextIO
) -> CheckResult:
    from plotline._check.reports import format_report
    from plotline._diff._compare import only_in

    result = session.result()
    stdout.write(_summary(path, result) + "\n")
    for problem in result.problems:
        stdout.write(f"  {problem}\n")
    if before is None:
        if result.report is not None and _active(result):
            text = format_report(result.report, "text", files=result.files)
            stdout.write("".join(f"  {line}\n" for line in text.splitlines()))
    elif result.report is not None:
        old = before.report.findings if before.report is not None else ()
        for finding in only_in(result.report.findings, old):
            stdout.write(f"  + {finding}\n")
        for finding in only_in(old, result.report.findings):
            stdout.write(f"  - {finding}\n")
    stdout.flush()
    return result


def watch_loop(
    paths: Sequence[str],
    changes: Iterable[Iterable[str]],
    stdout: TextIO,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> int:
    """Check each path, then again after each batch of changed files that touches it."""
    from plotline._live import StorySession

    sessions = {path: StorySession(path, select=select, ignore=ignore) for path in paths}
    last = {path: _run(path, session, None, stdout) for path, session in sessions.items()}
    for batch in changes:
        touched = [os.path.abspath(file) for file in batch]
        for path, session in sessions.items():
            if any(session.contains(file) for file in touched):
                last[path] = _run(path, session, last[path], stdout)
    return EXIT_OK


def watch(
    paths: Sequence[str],
    stdout: TextIO,
    stderr: TextIO,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> int:
    """Run ``plotline check --watch`` until Ctrl-C; return the exit status."""
    try:
        import watchfiles
    except ModuleNotFoundError:
        stderr.write(
            "plotline check: --watch needs watchfiles; install it with: "
            "pip install 'plotline[watch]'\n"
        )
        return EXIT_USAGE
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        for path in missing:
            stderr.write(f"plotline check: {path}: no such file or folder\n")
        return EXIT_USAGE
    stdout.write(f"watching {', '.join(paths)} (Ctrl-C to stop)\n")
    changes = (
        {file for _change, file in batch}
        for batch in watchfiles.watch(*paths, raise_interrupt=False, debounce=200)
    )
    try:
        status = watch_loop(paths, changes, stdout, select=select, ignore=ignore)
    except KeyboardInterrupt:
        status = EXIT_OK
    stdout.write("stopped\n")
    return status
