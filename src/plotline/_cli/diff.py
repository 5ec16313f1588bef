"""The ``plotline diff`` command: what changed in the canon between two versions.

``plotline diff OLD NEW`` compares two story paths; either may instead be a
git revision of the repository the current directory is in, read at
``--path`` (default: the current directory): ``plotline diff HEAD~1``
compares the last commit's story with the working tree, ``plotline diff
main..feature`` two branches. Both versions are loaded and checked with the
same settings a ``plotline check`` would use for each.

Exit statuses: 0 when the new version brings no new error finding, 1 when it
does (0 with ``--exit-zero``), 2 when a version cannot be read (each problem
one ``file:line:col: message`` line on stderr).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from plotline._cli._common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from plotline._diff import DIFF_FORMATS
from plotline.exceptions import LoadError, PlotlineError

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from plotline._check._finding import Report
    from plotline._model import Story

__all__ = ["add_diff_arguments", "diff_command"]


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline diff`` on ``parser``."""
    parser.add_argument(
        "old",
        metavar="OLD",
        help="the old version: a story path, a git revision (HEAD~1) or a range (main..feature)",
    )
    parser.add_argument(
        "new",
        metavar="NEW",
        nargs="?",
        help="the new version: a story path or a git revision (default: the working tree)",
    )
    parser.add_argument(
        "--path",
        default=".",
        help="where the story is in the repository, for revisions (default: the current folder)",
    )
    parser.add_argument(
        "--format",
        choices=DIFF_FORMATS,
        default="text",
        help="text (default), markdown (for a pull-request comment) or json",
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when the new version brings new errors",
    )


@attrs.frozen
class _Version:
    """One side of the diff: how to name it and where its story files are."""

    label: str
    path: Path
    revision: str | None = None
    root: Path | None = None
    """For a revision: the folder it was unpacked into (shown as ``REV:``)."""


def _versions(args: argparse.Namespace, scratch: Path) -> tuple[_Version, _Version]:
    """Resolve OLD and NEW to story paths, unpacking revisions into ``scratch``."""
    from plotline._diff._git import check_out, looks_like_range

    old: str = args.old
    new: str | None = args.new
    if new is None:
        pair = None if os.path.exists(old) else looks_like_range(old)
        if pair is not None:
            old, new = pair
        elif os.path.exists(old):
            msg = f"{old}: name the version to compare it with (a second path or a revision)"
            raise PlotlineError(msg)
    sides = []
    for index, text in enumerate((old, new)):
        if text is None:  # NEW left out: the working tree
            sides.append(_Version(args.path, Path(args.path)))
            continue
        if os.path.exists(text):
            sides.append(_Version(text, Path(text)))
            continue
        into = scratch / f"v{index}"
        into.mkdir()
        path = check_out(text, args.path, into)
        label = text if args.path == "." else f"{text}:{args.path}"
        sides.append(_Version(label, path, text, into))
    return sides[0], sides[1]


def _relabel(report: Report, version: _Version) -> Report:
    """Findings of an unpacked revision located as ``REV:path`` instead of the scratch folder."""
    root = version.root
    if root is None:
        return report
    prefix = os.fspath(root) + os.sep

    def place(location: Any) -> Any:
        if location is None or not location.file or not location.file.startswith(prefix):
            return location
        inner = location.file[len(prefix) :].replace(os.sep, "/")
        return attrs.evolve(location, file=f"{version.revision}:{inner}")

    findings = [
        attrs.evolve(
            finding,
            location=place(finding.location),
            related=tuple(attrs.evolve(r, location=place(r.location)) for r in finding.related),
        )
        for finding in report.findings
    ]
    return attrs.evolve(report, findings=findings)


def _unscratched(text: str, versions: tuple[_Version, ...]) -> str:
    """``text`` with each unpacked revision's folder written as ``REV:``."""
    for version in versions:
        if version.root is not None:
            text = text.replace(os.fspath(version.root) + os.sep, f"{version.revision}:")
    return text


def _load_and_check(version: _Version) -> tuple[Story, Report]:
    from plotline._check import check
    from plotline._cli._common import load_story

    story = load_story(version.path)
    return story, _relabel(check(story), version)


def diff_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline diff``; return the exit status."""
    from plotline._diff import diff, format_diff

    versions: tuple[_Version, ...] = ()
    with tempfile.TemporaryDirectory(prefix="plotline-diff-") as scratch:
        try:
            versions = _versions(args, Path(scratch))
            (old_story, old_report), (new_story, new_report) = map(_load_and_check, versions)
        except LoadError as error:
            for problem in error.problems:
                stderr.write(_unscratched(f"{problem}\n", versions))
            stderr.write("plotline diff: a version does not load; nothing was compared\n")
            return EXIT_USAGE
        except PlotlineError as error:
            stderr.write(f"plotline diff: {error}\n")
            return EXIT_USAGE
        result = diff(old_story, new_story, old_report=old_report, new_report=new_report)
        records = tuple(
            attrs.evolve(record, where=_unscratched(record.where, versions))
            if record.where
            else record
            for record in result.records
        )
        result = attrs.evolve(result, records=records)
    old, new = versions
    stdout.write(format_diff(result, args.format, old=old.label, new=new.label))
    if result.new_errors and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK
