"""What the ``plotline`` commands share: exit statuses, option parsing, problem lines.

Exit statuses (DESIGN §7):

* :data:`EXIT_OK` (0): clean, or only warnings;
* :data:`EXIT_FINDINGS` (1): findings of severity ``error``, or files that
  ``plotline fmt --check`` would change;
* :data:`EXIT_USAGE` (2): bad input or usage, each problem one line on stderr.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Final

from plotline._printable import printable
from plotline.exceptions import suggestion

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Sequence
    from typing import TextIO

    from plotline._check._registry import Rule
    from plotline._model import Story
    from plotline.exceptions import Problem

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_as_of_arguments",
    "as_of_story",
    "counted",
    "load_story",
    "overwritten_input",
    "parse_codes",
    "split_ids",
    "unknown_codes",
    "write_problems",
]

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_USAGE: Final = 2


def parse_codes(values: Iterable[str] | None) -> tuple[str, ...] | None:
    """Split repeated, comma-separated code options into codes; ``None`` when none were given.

    >>> parse_codes(["PL3,PL501", " pl6 "])
    ('PL3', 'PL501', 'PL6')
    >>> parse_codes(None) is None
    True
    """
    if values is None:
        return None
    codes = [code.strip().upper() for value in values for code in value.split(",")]
    return tuple(code for code in codes if code)


def split_ids(values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Repeated, comma-separated ids as one tuple; ``None`` when the option was not given.

    >>> split_ids(["s1e01, s1e02", "s2"])
    ('s1e01', 's1e02', 's2')
    """
    if values is None:
        return None
    ids = [part.strip() for value in values for part in value.split(",")]
    return tuple(part for part in ids if part)


def unknown_codes(codes: Iterable[str], catalog: Sequence[Rule]) -> list[str]:
    """Describe each code that is no prefix of any rule's code (none: all are known)."""
    known = [rule.code for rule in catalog]
    messages = []
    for code in codes:
        if any(rule_code.startswith(code) for rule_code in known):
            continue
        messages.append(
            f"no rule matches {code!r}{suggestion(code, known)}; 'plotline rules' lists them"
        )
    return messages


def load_story(path: str | os.PathLike[str]) -> Story:
    """Load a story the way the command line does: collector off meanwhile, the heap frozen after.

    The process is ours, so the loaded story goes where no collector pass walks
    it again (see :mod:`plotline._gc`); library calls never do this.
    """
    from plotline._gc import frozen_when_done
    from plotline._io import load

    with frozen_when_done():
        return load(path)


def overwritten_input(
    output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]
) -> str | None:
    """Describe how writing ``output`` would replace one of ``inputs``; ``None`` if it would not.

    Files are compared, not names (:func:`os.path.samestat`), so a link to an
    input or another spelling of its path is caught; a folder among the inputs
    stands for the story files in it.
    """
    from plotline._io import story_files

    try:
        target = os.stat(output)
    except OSError:
        return None  # nothing there yet, or unreachable: the writer says why
    for raw in inputs:
        name = os.fspath(raw)
        for file in story_files(name) if os.path.isdir(name) else [name]:
            try:
                same = os.path.samestat(target, os.stat(file))
            except OSError:
                continue
            if same:
                shown = "" if os.fspath(output) == file else f" (the same file as {file})"
                return (
                    f"{os.fspath(output)}: the output would replace the input file{shown}; "
                    "nothing was written (name another file with -o)"
                )
    return None


def counted(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural unless there is one.

    >>> counted(1, "problem"), counted(3, "problem")
    ('1 problem', '3 problems')
    """
    return f"{count} {noun}{'s' if count != 1 else ''}"


def write_problems(stream: TextIO, problems: Iterable[Problem]) -> None:
    """Write each problem as one ``file:line:col: message`` line."""
    for problem in problems:
        stream.write(f"{printable(str(problem))}\n")


def add_as_of_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare ``--as-of WORK`` and its date-and-region form ``--as-of-date DATE --region R``."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--as-of", metavar="WORK", help="only what is known after this installment")
    group.add_argument(
        "--as-of-date",
        metavar="DATE",
        help="only what a viewer had by the end of DATE, from the release history",
    )
    parser.add_argument(
        "--region",
        metavar="REGION",
        help=(
            "with --as-of-date: the viewer's region; releases there, worldwide (WW) "
            "or naming no region count (default: anywhere)"
        ),
    )


def as_of_story(story: Story, args: argparse.Namespace) -> tuple[Story, str | None]:
    """The story cut by the ``--as-of`` options, and a line saying how (``None``: not cut).

    Raises :class:`KeyError` (an unknown work) or :class:`ValueError` (a bad
    date), whose first argument is the message.
    """
    if args.as_of:
        return story.as_of(args.as_of), f"as of {args.as_of}"
    if args.as_of_date is None and args.region is None:
        return story, None
    from plotline._model import cut_after

    released = story.released(date=args.as_of_date, region=args.region)
    return cut_after(story, released.works), released.describe()
