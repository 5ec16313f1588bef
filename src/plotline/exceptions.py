"""The errors plotline raises: one base class, each error also a fitting builtin.

>>> from plotline.exceptions import LoadError, Problem
>>> from plotline._model import Location
>>> err = LoadError([Problem("unknown key 'tittle' (did you mean 'title'?)",
...                          Location("bible.toml", 3, 1, "$.works[0].tittle"))])
>>> print(err)
bible.toml:3:1: unknown key 'tittle' (did you mean 'title'?) @ $.works[0].tittle
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from plotline._model import Location

__all__ = [
    "ConfigError",
    "ExecutableNotFoundError",
    "ExportError",
    "FormatError",
    "LoadError",
    "PlotlineError",
    "Problem",
    "ReportFormatError",
    "UnknownFormatError",
    "UnknownRuleError",
    "WriteError",
    "did_you_mean",
    "suggestion",
]


class PlotlineError(Exception):
    """The base of every error plotline raises on purpose."""


@attrs.frozen(slots=True)
class Problem:
    """One thing wrong with a story file: what, where, and how to fix it."""

    message: str
    location: Location | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location is not None else ""
        path = (
            f" @ {self.location.path}" if self.location is not None and self.location.path else ""
        )
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{path}{hint}"


class LoadError(PlotlineError, ValueError):
    """A story could not be loaded; :attr:`problems` lists *every* problem found.

    Its text is one line per problem, ``file:line:col: what is wrong @ $.path (hint)``,
    in file order.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=_problem_key))
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __reduce__(self) -> tuple[type[LoadError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


def _problem_key(problem: Problem) -> tuple[str, int, int]:
    loc = problem.location
    if loc is None:
        return ("", 0, 0)
    return (loc.file or "", loc.line, loc.column)


class ExecutableNotFoundError(PlotlineError, FileNotFoundError):
    """The Graphviz binary needed for image output is not installed."""

    def __init__(self, program: str = "dot") -> None:
        super().__init__(
            f"the Graphviz program {program!r} was not found on PATH; install Graphviz "
            "(Debian/Ubuntu: 'apt-get install graphviz', macOS: 'brew install graphviz', "
            "Windows: 'winget install graphviz') or write '.dot' output instead"
        )


# -- io ----------------------------------------------------------------------
# Reading and writing story files, canonical formatting, importers and exporters.


class UnknownFormatError(PlotlineError, ValueError):
    """A story format name, or a file name's suffix, that plotline does not read or write.

    :attr:`name` is what was asked for and :attr:`known` what would have done;
    the message suggests the closest one.

    >>> error = UnknownFormatError("tmol", ("toml", "yaml", "json"))
    >>> print(error)
    unknown story format 'tmol' (did you mean 'toml'?); use one of: toml, yaml, json
    >>> isinstance(error, ValueError)
    True
    """

    name: str
    known: tuple[str, ...]

    def __init__(self, name: str, known: Iterable[str], message: str | None = None) -> None:
        self.name = name
        self.known = tuple(known)
        if message is None:
            message = (
                f"unknown story format {name!r}{suggestion(name, self.known)}; "
                f"use one of: {', '.join(self.known)}"
            )
        super().__init__(message)

    def __reduce__(self) -> tuple[type[UnknownFormatError], tuple[str, tuple[str, ...], str]]:
        return (type(self), (self.name, self.known, str(self)))


class FormatError(PlotlineError, ValueError):
    """A file cannot be put in canonical form without losing something; it is left as it was."""


class ExportError(PlotlineError, ValueError):
    """A story cannot be written in the asked format; the message says why and what to add."""


class WriteError(PlotlineError, OSError):
    """A file could not be written where asked; nothing was changed there.

    >>> print(WriteError("out.svg", "cannot write here: it is a FIFO, not a regular file"))
    out.svg: cannot write here: it is a FIFO, not a regular file
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# -- shared helpers ------------------------------------------------------------


def did_you_mean(word: str, choices: Sequence[str] | Iterable[str]) -> str | None:
    """The closest of ``choices`` to ``word``, if one is close enough to suggest.

    >>> did_you_mean("flashfoward", ["present", "flashback", "dream"])
    'flashback'
    >>> did_you_mean("zzz", ["present"]) is None
    True
    """
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def suggestion(word: str, choices: Sequence[str] | Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or ``""`` when none is close.

    >>> "unknown view 'storylin'" + suggestion("storylin", ["storyline", "cast"])
    "unknown view 'storylin' (did you mean 'storyline'?)"
    >>> suggestion("zzz", ["cast"])
    ''
    """
    guess = did_you_mean(word, choices)
    return f" (did you mean {guess!r}?)" if guess else ""


# -- check --------------------------------------------------------------------------------


class ConfigError(PlotlineError, ValueError):
    """The check settings or a rule are wrong; the message says what to change.

    Raised for an unknown check option or one of the wrong type, a
    ``[tool.plotline]`` table that is not valid, a rule plugin that cannot be
    loaded, and a rule declared with a bad code, name or severity.
    """


class UnknownRuleError(PlotlineError, KeyError):
    """No rule has this code; the message suggests the closest one.

    >>> str(UnknownRuleError("no rule 'PL3O1' (did you mean 'PL301'?)"))
    "no rule 'PL3O1' (did you mean 'PL301'?)"
    """

    def __str__(self) -> str:
        # KeyError shows its argument's repr; this message is for people.
        return str(self.args[0]) if self.args else ""


class ReportFormatError(PlotlineError, ValueError):
    """A report was asked for in a format plotline does not write."""
