"""What every importer shares: the result type, problem collection and id making."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

import attrs

from plotline._model import Location, Story
from plotline.exceptions import LoadError, Problem

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["IdMaker", "ImportResult", "Problems", "slugify"]


@attrs.frozen(slots=True)
class ImportResult:
    """A story made from a foreign file, and what could not be carried over.

    ``problems`` lists every row or record that was skipped or changed, each at
    ``file:line``; the rest of the file is in ``story``.
    """

    story: Story
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the whole file was imported without a problem."""
        return not self.problems

    @property
    def kept_in_meta(self) -> int:
        """How many records (the story's header counts as one) keep unmapped values in ``meta``.

        An importer puts what the story model has no field for in ``meta``, so
        nothing in the file is lost; the command line says how many records hold some.
        """
        story = self.story
        return sum(1 for record in story.records() if record.meta) + (1 if story.meta else 0)


class Problems:
    """Collects the problems of one input file, each at ``file:line:column``."""

    def __init__(self, path: str | Path) -> None:
        self.file = str(path)
        self.items: list[Problem] = []

    def add(
        self,
        message: str,
        line: int,
        column: int = 1,
        *,
        path: str = "",
        hint: str | None = None,
    ) -> None:
        """Record a problem at ``line`` (and ``column``) of the file."""
        self.items.append(Problem(message, self.at(line, column, path), hint))

    def at(self, line: int, column: int = 1, path: str = "") -> Location:
        """Return a location in this file."""
        return Location(self.file, max(line, 1), max(column, 1), path)

    def fail(
        self, message: str, line: int = 1, column: int = 1, *, hint: str | None = None
    ) -> LoadError:
        """Return a :class:`LoadError` with every problem so far and this last one."""
        self.add(message, line, column, hint=hint)
        return LoadError(self.items)

    def result(self, story: Story) -> ImportResult:
        """Return the import result: ``story`` with the problems in file order."""
        return ImportResult(story, tuple(sorted(self.items, key=_line_order)))


def _line_order(problem: Problem) -> tuple[int, int]:
    location = problem.location
    return (location.line, location.column) if location is not None else (0, 0)


_NOT_ID = re.compile(r"[^\w.+-]+")
_DASHES = re.compile(r"-{2,}")


def slugify(text: str, default: str = "x") -> str:
    """Make an id from a name: lower case, words joined by ``-``, letters of any script kept.

    >>> slugify("Madame Nikolaevna, KI's maid")
    'madame-nikolaevna-ki-s-maid'
    >>> slugify("  颜童 ")
    '颜童'
    >>> slugify("!!!", default="entity")
    'entity'
    """
    text = unicodedata.normalize("NFKC", text).strip().lower()
    slug = _DASHES.sub("-", _NOT_ID.sub("-", text).replace("_", "-")).strip("-.")
    return slug or default


class IdMaker:
    """Hands out unique ids made from names: ``anna``, ``anna-2`` and so on.

    Each key (a foreign id or a name) gets one id, the same every time it is asked for.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)
        self._given: dict[object, str] = {}

    def __call__(self, key: object, name: str, *, prefix: str = "") -> str:
        """Return the id for ``key``, made from ``name`` on first use."""
        given = self._given.get(key)
        if given is not None:
            return given
        base = prefix + slugify(name, default="x")
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        self._taken.add(candidate)
        self._given[key] = candidate
        return candidate

    def get(self, key: object) -> str | None:
        """Return the id already given to ``key``, if any."""
        return self._given.get(key)
