"""A story kept open while it is edited: files re-read one at a time, checked on demand.

A :class:`StorySession` is one story: a folder of story files (as ``plotline
check FOLDER`` reads it) or a single file. Editors hand it the text of the
buffers they have open, saved or not (:meth:`StorySession.set_text`); every
other file is read from disk. :meth:`StorySession.result` re-reads only the
files whose text changed since the last call, joins the parts, and checks the
story; a file that no longer reads (a half-typed line) keeps its last good
records in the story, so the findings of the other files stay, and its own
diagnostics are its load problems. Times written in a calendar that another
file of the folder defines are read with the calendars saved on disk.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from plotline._io import join_parts, read_part, story_files
from plotline._io._calendars import folder_calendars
from plotline._io._dump import record_data
from plotline._io._formats import story_format
from plotline._io._limits import decode_utf8, read_limited
from plotline._order._reuse import table_facts
from plotline._time import using_calendars
from plotline.exceptions import Location, PlotlineError, Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plotline._check._config import Config
    from plotline._check._finding import Report
    from plotline._io._structure import Part
    from plotline._model import Story
    from plotline._order import Solution

__all__ = ["CheckResult", "StorySession"]

_NO_TEXT: Final = ""


@attrs.frozen
class _Read:
    """One file's text, as of its digest, read into a part (or not)."""

    digest: bytes
    part: Part | None
    problems: tuple[Problem, ...]
    facts: bytes = b""
    """The digest of the part's ordering facts (:func:`plotline._order._reuse.table_facts`)."""
    checked: bytes = b""
    """The digest of everything plotline's rules read of the part (:func:`_part_checked`)."""


def _part_facts(part: Part | None) -> bytes:
    if part is None:
        return b""
    return b"".join(
        table_facts(table, part.records.get(table, ()))
        for table in ("works", "events", "constraints")
    )


_PROSE: Final = frozenset({"summary"})
"""Fields no rule of plotline's reads: an edit to them alone leaves every finding as it was."""


def _part_checked(part: Part | None) -> bytes:
    """A digest of the part's records as the rules see them: every field but prose, and where.

    Locations count (a finding names them), so a summary that gains a line
    changes the digest of the records after it.
    """
    if part is None:
        return b""
    digest = hashlib.blake2b(digest_size=16)
    for table, records in part.records.items():
        digest.update(table.encode())
        for record in records:
            data = {k: v for k, v in record_data(record).items() if k not in _PROSE}
            origin = record.origin
            where = None if origin is None else (origin.record, sorted(origin.fields.items()))
            digest.update(repr((data, where)).encode("utf-8", "surrogatepass"))
    return digest.digest()


@attrs.frozen
class _Solved:
    """The last story solved, its solution, and the digest of its ordering facts."""

    story: Story
    solution: Solution
    facts: bytes


@attrs.frozen
class CheckResult:
    """What a check of the session's story gave: the story, its report, and every problem."""

    story: Story | None
    """The story as it loads (files that no longer read keep their last good part)."""
    report: Report | None
    """The findings, or ``None`` when no story could be made at all."""
    problems: tuple[Problem, ...]
    """Load problems of every file, and problems of the check itself (a bad configuration)."""
    files: tuple[str, ...]
    """The story's files, in the order they are read."""


class StorySession:
    """One story, its files' latest texts, and what was last read of each."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> None:
        self.root = os.path.abspath(root)
        self.select = select
        self.ignore = ignore
        self._texts: dict[str, str] = {}
        self._reads: dict[str, _Read] = {}
        self._good: dict[str, tuple[Part, bytes, bytes]] = {}
        self._checked: tuple[bytes, Report] | None = None
        """The digest of what the rules read at the last check, and its report."""
        self.checks = 0
        """How many times the rules ran (not reused): for tests and benchmarks."""
        self._solved: _Solved | None = None
        self._last: tuple[object, CheckResult] | None = None
        """What the last check read (files' digests, the settings) and what it gave."""
        self.solves = 0
        """How many times the order was solved (not reused): for tests and benchmarks."""

    def __repr__(self) -> str:
        return f"<StorySession {self.root}: {len(self._texts)} open buffers>"

    # -- the files -----------------------------------------------------------

    def files(self) -> list[str]:
        """The story's files: the story files of the folder, or the one file; open buffers too."""
        if os.path.isdir(self.root):
            found = story_files(self.root)
        else:
            found = [self.root] if os.path.exists(self.root) else []
        extra = [
            path
            for path in self._texts
            if path not in found and self.contains(path) and story_format(path) is not None
        ]
        return sorted(set(found) | set(extra)) if extra else found

    def contains(self, path: str) -> bool:
        """Whether ``path`` belongs to this story."""
        path = os.path.abspath(path)
        if path == self.root:
            return True
        return os.path.isdir(self.root) and path.startswith(self.root.rstrip(os.sep) + os.sep)

    def set_text(self, path: str, text: str | None) -> None:
        """Use ``text`` as the content of ``path`` (an editor's buffer); ``None``: the disk's."""
        path = os.path.abspath(path)
        if text is None:
            self._texts.pop(path, None)
        else:
            self._texts[path] = text

    def text(self, path: str) -> str | None:
        """The text the session reads for ``path``: the buffer's, or the file's on disk."""
        path = os.path.abspath(path)
        if path in self._texts:
            return self._texts[path]
        data = read_limited(path)
        if isinstance(data, Problem):
            return None
        text = decode_utf8(data, path)
        return None if isinstance(text, Problem) else text

    # -- reading and checking ------------------------------------------------

    def _read(self, path: str) -> _Read:
        if path in self._texts:
            text: str | Problem = self._texts[path]
        else:
            data = read_limited(path)
            text = data if isinstance(data, Problem) else decode_utf8(data, path)
        if isinstance(text, Problem):
            return _Read(b"", None, (text,))
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        known = self._reads.get(path)
        if known is not None and known.digest == digest:
            return known
        kind = story_format(path)
        if kind is None:  # pragma: no cover - files() lists story files only
            return _Read(digest, None, ())
        # Times may be written in a calendar another file of the folder defines.
        with using_calendars(folder_calendars(path)):
            part, problems = read_part(text, format=kind, file=path)
        return _Read(digest, part, tuple(problems), _part_facts(part), _part_checked(part))

    def _solution(self, story: Story, facts: bytes) -> Solution:
        """The story's solved order: the last one moved onto these records, when the facts agree."""
        from plotline._order import solve
        from plotline._order._reuse import rebind

        last = self._solved
        if last is not None and last.facts == facts:
            solution = rebind(last.solution, last.story, story)
        else:
            solution = solve(story)
            self.solves += 1
        self._solved = _Solved(story, solution, facts)
        return solution

    def _report(
        self,
        story: Story,
        config: Config,
        solution: Solution,
        *,
        checked: bytes,
        problems: list[Problem],
    ) -> Report | None:
        """The check's report: the last one when nothing the rules read has changed."""
        from plotline._check import check
        from plotline._check._registry import user_rules

        last = self._checked
        if last is not None and last[0] == checked and not user_rules():
            return last[1]  # prose only: plotline's rules read none of it
        try:
            report = check(story, self.select, self.ignore, config=config, solution=solution)
        except PlotlineError as error:  # a [check] table naming no rule, say
            first = story.origin.record.file if story.origin is not None else None
            problems.append(Problem(str(error), Location(first or self.root, 1, 1)))
            return None
        self.checks += 1
        self._checked = (checked, report)
        return report

    def result(self) -> CheckResult:
        """Re-read what changed, join the parts, check the story."""
        from plotline._check._config import find_project_config

        files = self.files()
        problems: list[Problem] = []
        parts: list[Part] = []
        facts = hashlib.blake2b(digest_size=16)
        checked = hashlib.blake2b(digest_size=16)
        for path in files:
            read = self._read(path)
            self._reads[path] = read
            problems.extend(read.problems)
            if read.part is not None and not read.problems:
                self._good[path] = (read.part, read.facts, read.checked)
            good = self._good.get(path)
            if good is not None:
                parts.append(good[0])
                facts.update(good[1])
                checked.update(good[2])
        for stale in set(self._reads) - set(files):
            del self._reads[stale]
            self._good.pop(stale, None)
        if not files:
            where = Location(self.root, 1, 1)
            problems.append(Problem("no story files here", where))
            return CheckResult(None, None, tuple(problems), ())
        try:
            config: Config | PlotlineError = find_project_config(Path(self.root))
        except PlotlineError as error:
            config = error
        state = (tuple((path, self._reads[path].digest) for path in files), repr(config))
        if self._last is not None and self._last[0] == state:
            return self._last[1]  # nothing changed since the last check
        story, joined = join_parts(parts)
        problems.extend(joined)
        solution = self._solution(story, facts.digest())
        report = None
        if isinstance(config, PlotlineError):
            problems.append(Problem(str(config), Location(files[0], 1, 1)))
        else:
            checked.update(repr((state[1], self.select, self.ignore)).encode())
            report = self._report(
                story, config, solution, checked=checked.digest(), problems=problems
            )
        result = CheckResult(story, report, tuple(problems), tuple(files))
        self._last = (state, result)
        return result
