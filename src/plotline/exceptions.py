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
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "ExecutableNotFoundError",
    "LoadError",
    "Location",
    "PlotlineError",
    "Problem",
    "UnknownWorkError",
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
