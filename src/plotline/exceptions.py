"""The errors plotline raises: one base class, each error also a fitting builtin.

>>> from plotline.exceptions import LoadError, Location, Problem
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
from typing import ClassVar

import attrs

__all__ = [
    "ConfigError",
    "ExecutableNotFoundError",
    "ExportError",
    "FormatError",
    "LoadError",
    "Location",
    "PlotlineError",
    "Problem",
    "RenderError",
    "ReportFormatError",
    "TimeParseError",
    "TimeValueError",
    "UnknownFormatError",
    "UnknownIdError",
    "UnknownOutputFormatError",
    "UnknownRuleError",
    "UnknownThemeError",
    "UnknownViewError",
    "UnknownWorkError",
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


# ---------------------------------------------------------------------------
# The model and the order solver: where a record was written, and works that
# do not exist. (Location lives here so that this module imports nothing of
# plotline's; ``plotline._model`` re-exports it.)


@attrs.frozen(slots=True)
class Location:
    """A place in a story file: ``file:line:column`` plus the path inside the data.

    ``line`` and ``column`` count from 1. ``file`` is ``None`` for text loaded
    from a string. ``path`` reads like ``$.events[3].when``.

    >>> str(Location("bible.toml", 42, 7, "$.events[12].told_in"))
    'bible.toml:42:7'
    """

    file: str | None
    line: int
    column: int
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file or '<string>'}:{self.line}:{self.column}"


class UnknownWorkError(PlotlineError, KeyError):
    """A work id names no work of the story (``story.as_of("s1e16")``, say).

    The message suggests the closest work id there is. :attr:`work` is the id
    asked for.

    >>> err = UnknownWorkError("s1e16", ["s1e14", "s1e15"])
    >>> print(err)
    unknown work 's1e16' (did you mean 's1e15'?)
    >>> isinstance(err, KeyError)
    True
    """

    work: str
    """The work id asked for."""
    closest: str | None
    """The closest known work id, if one is close enough to suggest."""

    def __init__(self, work: str, known: Iterable[str] = ()) -> None:
        self.work = work
        self.closest = did_you_mean(work, known)
        hint = f" (did you mean {self.closest!r}?)" if self.closest else ""
        super().__init__(f"unknown work {work!r}{hint}")

    def __str__(self) -> str:
        # KeyError would show the repr of its message, quotes and all.
        return str(self.args[0])

    def __reduce__(self) -> tuple[type[UnknownWorkError], tuple[str, tuple[str, ...]]]:
        # The closest id alone, as the known ids, suggests itself again.
        return (type(self), (self.work, () if self.closest is None else (self.closest,)))


# -- time --


class TimeValueError(PlotlineError, ValueError):
    """A time value cannot be made or converted as asked.

    Raised for fields that make no valid :class:`~plotline.Instant`,
    :class:`~plotline.Interval` or :class:`~plotline.Duration` (``Instant(2021, 13)``,
    an interval that ends before it starts) and for a conversion the target
    cannot hold (a year outside 1 to 9999 for ``to_pendulum()``). The message
    says which field is wrong and what it may be.
    """


class TimeParseError(TimeValueError):
    """A text (or value) is not a time, interval or duration plotline understands.

    ``text`` is the input as given and ``hint`` a suggested fix, or None.
    The message says what is wrong in plain English.
    """

    text: str
    hint: str | None

    def __init__(self, message: str, text: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.text = text
        self.hint = hint

    def __reduce__(self) -> tuple[type[TimeParseError], tuple[str, str, str | None]]:
        return (type(self), (str(self), self.text, self.hint))


# -- files and formats: reading, writing, canonical form, import and export --


class _UnknownChoice(PlotlineError, ValueError):
    """A name that must be one of a closed set, and is not.

    :attr:`name` is what was asked for, :attr:`choices` what would have done;
    the message names them, and the closest choice when one is close.
    """

    #: What kind of name this is, for the message (``"view"``...).
    what: ClassVar[str] = "name"

    name: str
    choices: tuple[str, ...]

    def __init__(self, name: str, choices: Iterable[str], message: str | None = None) -> None:
        self.name = name
        self.choices = tuple(choices)
        if message is None:
            message = (
                f"unknown {self.what} {name!r}{suggestion(name, self.choices)}; "
                f"choose one of {', '.join(self.choices)}"
            )
        super().__init__(message)

    def __reduce__(self) -> tuple[type[_UnknownChoice], tuple[str, tuple[str, ...], str]]:
        return (type(self), (self.name, self.choices, str(self)))


class UnknownFormatError(_UnknownChoice):
    """A story format name, or a file name's suffix, that plotline does not read or write.

    :attr:`name` is what was asked for and :attr:`known` what would have done;
    the message suggests the closest one.

    >>> error = UnknownFormatError("tmol", ("toml", "yaml", "json"))
    >>> print(error)
    unknown story format 'tmol' (did you mean 'toml'?); choose one of toml, yaml, json
    >>> isinstance(error, ValueError)
    True
    """

    what = "story format"

    @property
    def known(self) -> tuple[str, ...]:
        """The formats that would have done (the same as :attr:`choices`)."""
        return self.choices


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


# -- check --


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


# -- render --


class RenderError(PlotlineError, RuntimeError):
    """Graphviz failed to draw a diagram (its own message follows)."""


class UnknownViewError(_UnknownChoice):
    """``render()`` was asked for a view it does not draw.

    >>> print(UnknownViewError("storylines", ["storyline", "cast"]))
    unknown view 'storylines' (did you mean 'storyline'?); choose one of storyline, cast
    """

    what = "view"


class UnknownIdError(PlotlineError, ValueError):
    """An id that limits a view (``threads=``, ``entities=``, ``works=``) names no such record.

    >>> print(UnknownIdError("thread", "murdr", ["murder", "heist"]))
    unknown thread 'murdr' (did you mean 'murder'?)
    """

    kind: str
    """What the id should have named: ``"thread"``, ``"entity"`` or ``"work"``."""
    name: str
    """The id asked for."""

    def __init__(self, kind: str, name: str, known: Iterable[str] = ()) -> None:
        self.kind = kind
        self.name = name
        self._closest = did_you_mean(name, known)
        hint = f" (did you mean {self._closest!r}?)" if self._closest else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")

    def __reduce__(self) -> tuple[type[UnknownIdError], tuple[str, str, tuple[str, ...]]]:
        return (
            type(self),
            (self.kind, self.name, () if self._closest is None else (self._closest,)),
        )


class UnknownThemeError(_UnknownChoice):
    """``render()`` was asked for a theme that does not exist."""

    what = "theme"


class UnknownOutputFormatError(_UnknownChoice):
    """A diagram was to be written in a format (or to a file suffix) plotline cannot write."""

    what = "output format"


# -- shared helpers --


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
