"""Mutation-test the rules and the time types: does the suite notice a planted bug?

Run from the repository root, on demand (it is no part of the test suite)::

    python benchmarks/mutants.py                 # every mutant, one worker
    python benchmarks/mutants.py --jobs 2        # two at a time
    python benchmarks/mutants.py --only PL3 --only time-calendar
    python benchmarks/mutants.py --list          # the mutants, without running them

Each entry of :data:`MUTANTS` is a hand-made bug: a file under ``src/plotline``,
a piece of its text (which must occur exactly once), the text that replaces
it, and why the change is a bug. The script copies the repository (without
``.git``) to a scratch folder per worker, checks that the unchanged copy passes
the tests, then plants one mutant at a time, runs the tests of that module
(the module's own test file, plus its doctests) and restores the file. A mutant
is *killed* when a test fails (or the run times out), *survived* when every
test passes. An entry marked ``equivalent`` changes the text but not what the
program does; it is listed with the reason and not run. The score is the share
of the non-equivalent mutants killed; the job's aim is 95 % or more.

Exit status 0 when the score meets ``--aim`` (95 by default), 1 when it does
not, 2 when the list is stale (a text no longer occurs once in its file) or the
unchanged copy fails its tests.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    """One planted bug: where, what it replaces, and why it is a bug."""

    name: str
    file: str  # under src/plotline
    old: str
    new: str
    why: str
    equivalent: str = ""  # why the change does not alter behaviour, if it does not


#: The tests run against a mutant of each file: its own test module and its doctests.
TESTS = {
    "_check/rules/continuity.py": ["tests/test_rules_continuity.py"],
    "_check/rules/ordering.py": ["tests/test_rules_ordering.py"],
    "_check/rules/references.py": ["tests/test_rules_references.py"],
    "_check/rules/releases.py": ["tests/test_rules_releases.py"],
    "_check/rules/sources.py": ["tests/test_rules_sources.py"],
    "_check/rules/threads.py": ["tests/test_rules_threads.py"],
    "_time/_calendar.py": ["tests/test_time.py"],
    "_time/_values.py": ["tests/test_time.py"],
    "_time/_duration.py": ["tests/test_time.py"],
    "_time/_parse.py": ["tests/test_time.py"],
    "_time/_diagnose.py": ["tests/test_time.py"],
}

CON, ORD, REF, REL, SRC, THR = (
    "_check/rules/continuity.py",
    "_check/rules/ordering.py",
    "_check/rules/references.py",
    "_check/rules/releases.py",
    "_check/rules/sources.py",
    "_check/rules/threads.py",
)
CAL, VAL, DUR, PAR = (
    "_time/_calendar.py",
    "_time/_values.py",
    "_time/_duration.py",
    "_time/_parse.py",
)

MUTANTS: tuple[Mutant, ...] = (
    # -- PL3 continuity -------------------------------------------------------------------
    Mutant(
        "PL301-no-before",
        CON,
        "                and death is not None\n                and ctx.before(death, event)\n",
        "                and death is not None\n",
        "an undated death told in a flashback would count against every later scene",
    ),
    Mutant(
        "PL301-ghost-walks",
        CON,
        "and role is not Role.GHOST\n",
        "and True\n",
        "a ghost after death would be an act after death",
    ),
    Mutant(
        "PL301-returns-ignored",
        CON,
        (
            "            if role is Role.RETURNS:\n"
            "                death = None\n"
            "            elif role.ends_life:\n"
            "                death = death or event\n"
        ),
        "            if role.ends_life:\n                death = death or event\n",
        "a resurrection would not end a death",
    ),
    Mutant(
        "PL301-dreams-count",
        CON,
        "yield entity, (part for part in parts if part.event.mode in REAL_MODES)",
        "yield entity, iter(parts)",
        "a dreamt death would kill, a dreamt scene would walk",
    ),
    Mutant(
        "PL301-mode-unchecked",
        CON,
        "                and event.mode.is_real\n                and death is not None\n",
        "                and death is not None\n",
        "a flashback of a dead man alive would be an act after death when dated after",
    ),
    Mutant(
        "PL302-birth-after",
        CON,
        "and ctx.before(event, birth)",
        "and not ctx.before(event, birth)",
        "scenes before a birth would pass and scenes after it fire",
    ),
    Mutant(
        "PL302-backstory-told",
        CON,
        "part.event.mode.is_real and part.event.told_in is not None",
        "part.event.mode.is_real",
        "backstory (never told) would count as told before the introduction",
        equivalent="the telling puts every untold event after every told one, so the walk "
        "has stopped at the introduction before it meets backstory",
    ),
    Mutant(
        "PL303-month-precise",
        CON,
        "value.precision >= Precision.DAY",
        "value.precision >= Precision.MONTH",
        "two events in the same month would be in two places at once",
    ),
    Mutant(
        "PL303-unspecified-day",
        CON,
        "        and not value.unspecified_parts\n",
        "",
        "2020-07-XX would be a precise day",
    ),
    Mutant(
        "PL303-interval-end-unchecked",
        CON,
        "if not (_day_or_finer(when.start) and _day_or_finer(when.end)):",
        "if not _day_or_finer(when.start):",
        "an interval ending in a month would count as precise",
    ),
    Mutant(
        "PL303-duration-ignored",
        CON,
        "upper = max(upper, lower + event.duration.min_seconds)",
        "upper = upper",
        "a three-hour event would not overlap one an hour later",
    ),
    Mutant(
        "PL303-touching-overlaps",
        CON,
        "while active and active[0][0] <= lower:",
        "while active and active[0][0] < lower:",
        "an event ending at 10:00 would overlap one starting at 10:00",
    ),
    Mutant(
        "PL303-time-travel-places",
        CON,
        "_PLACING_MODES = REAL_MODES - {Mode.TIME_TRAVEL}",
        "_PLACING_MODES = REAL_MODES",
        "a time traveller would clash with their other self",
    ),
    Mutant(
        "PL303-voice-places",
        CON,
        "            if role.on_scene:\n                dated[entity].append",
        "            if True:\n                dated[entity].append",
        "a phone call would place the caller",
    ),
    Mutant(
        "PL303-within-ignored",
        CON,
        "if not ctx.one_place(p, place)",
        "if p != place",
        "the Great Hall and Hogwarts would be two places",
    ),
    Mutant(
        "PL304-no-before",
        CON,
        "if death is not None and ctx.before(death, event):",
        "if death is not None:",
        "an undated flashback death would be a second death",
    ),
    Mutant(
        "PL304-returns-ignored",
        CON,
        (
            "            if role is Role.RETURNS:\n"
            "                death = None\n"
            "            elif role.ends_life:\n"
            "                if death"
        ),
        "            if role.ends_life:\n                if death",
        "a death, a return, a death would be dying twice",
    ),
    Mutant(
        "PL305-destroyed-not-out",
        CON,
        "roles = (Role.DIES, Role.DESTROYED, Role.EXITS)",
        "roles = (Role.DIES, Role.EXITS)",
        "a destroyed major object would be dropped",
    ),
    Mutant(
        "PL305-main-unwatched",
        CON,
        "if entity.importance not in (Importance.MAIN, Importance.MAJOR):",
        "if entity.importance is not Importance.MAJOR:",
        "a main character could vanish unnoticed",
    ),
    Mutant(
        "PL305-window-off-by-one",
        CON,
        "len(runs[key]) <= final or at >= runs[key][-final]",
        "len(runs[key]) <= final or at > runs[key][-final]",
        "being on scene in the first of the final installments would not count",
    ),
    Mutant(
        "PL305-mentions-count",
        CON,
        "if at is None or not part.role.on_scene or part.event.mode is Mode.FALSE_ACCOUNT:",
        "if at is None or part.event.mode is Mode.FALSE_ACCOUNT:",
        "a mention at the end would keep an entity in the story",
    ),
    Mutant(
        "PL305-unreal-exits",
        CON,
        "_UNREAL_MODES = frozenset({Mode.DREAM, Mode.VISION, Mode.FALSE_ACCOUNT})",
        "_UNREAL_MODES = frozenset({Mode.VISION})",
        "a dreamt death or a lie about leaving would write a character out",
    ),
    # -- PL2 ordering ---------------------------------------------------------------------
    Mutant(
        "PL204-earlier-tangled",
        ORD,
        "if override.event in tangled or override.earlier in tangled:",
        "if override.event in tangled:",
        "an override whose earlier event is in a PL202 conflict would be reported twice",
    ),
    Mutant(
        "PL204-no-tangle",
        ORD,
        "if override.event in tangled or override.earlier in tangled:",
        "if False:",
        "every contradiction would be reported as an unmarked flashback too",
    ),
    Mutant(
        "PL205-any-mode",
        ORD,
        "if event.mode is not Mode.FLASHBACK or present is None:",
        "if present is None:",
        "a vision of the future would be a flashback that is not past",
    ),
    Mutant(
        "PL205-first-present",
        ORD,
        "            present = event\n            continue\n",
        "            present = present or event\n            continue\n",
        "a flashback would be compared with the first present, not the one told just before",
    ),
    Mutant(
        "PL203-gaps-everywhere",
        ORD,
        "if owner is None or (owner.episode_count is None and not owner.complete):",
        "if owner is None:",
        "a sparse list of chapters would be a numbering gap",
    ),
    Mutant(
        "PL203-missing-off-by-one",
        ORD,
        "        if high - low == 2:\n",
        "        if high - low == 3:\n",
        "a single missing number would be written as a range, or not at all",
    ),
    Mutant(
        "PL203-same-order-ok",
        ORD,
        (
            "        if other_event is None:\n"
            "            positions[event.order] = event\n"
            "            continue\n"
        ),
        (
            "        if other_event is None or True:\n"
            "            positions[event.order] = event\n"
            "            continue\n"
        ),
        "two events at one position would pass",
    ),
    Mutant(
        "PL201-202-swapped",
        ORD,
        'code = "PL201" if kind is ConflictKind.CYCLE else "PL202"',
        'code = "PL202" if kind is ConflictKind.CYCLE else "PL201"',
        "the opt-out in a cycle's message would name the wrong rule",
    ),
    # -- PL1 references -------------------------------------------------------------------
    Mutant(
        "PL103-slip-any-length",
        REF,
        "if word == known or abs(len(word) - len(known)) > 1:",
        "if word == known:",
        "a kind of your own two letters longer than a known one would be a slip",
        equivalent="words two or more letters apart in length fail the one-deletion test "
        "that follows anyway",
    ),
    Mutant(
        "PL103-swap-not-slip",
        REF,
        "            len(diff) == 2\n            and diff[1] == diff[0] + 1\n",
        "            len(diff) == 3\n            and diff[1] == diff[0] + 1\n",
        "a swap of two letters (sesaon) would not be a slip",
    ),
    Mutant(
        "PL102-claims-unchecked",
        REF,
        "        if subject not in others:\n",
        "        if False:\n",
        "a claim about a record that does not exist would pass",
    ),
    # -- PL5 releases ---------------------------------------------------------------------
    Mutant(
        "PL501-announcements-count",
        REL,
        "if release.kind is ReleaseKind.ANNOUNCEMENT or not _released(release):",
        "if not _released(release):",
        "an announcement would be a release in the order of releases",
    ),
    Mutant(
        "PL501-latest-first",
        REL,
        "if current is None or _lower(moment) < _lower(current[0]):\n            firsts",
        "if current is None or _lower(moment) > _lower(current[0]):\n            firsts",
        "a work's latest release, not its first, would be compared",
    ),
    Mutant(
        "PL502-ancestors-ignored",
        REL,
        "for work in (release.work, *ctx.ancestors.get(release.work, ())):",
        "for work in (release.work,):",
        "an episode released before its season is announced would pass",
    ),
    Mutant(
        "PL503-overlap-fires",
        REL,
        "if relation(end, start) is Relation.BEFORE:",
        "if relation(end, start) is not Relation.AFTER:",
        "a run that starts and ends in the same month would end before it starts",
    ),
    Mutant(
        "PL504-specials-count",
        REL,
        "if c.kind is not WorkKind.SPECIAL]",
        "if True]",
        "a season with a Christmas special would list one episode too many",
    ),
    # -- PL6 sources ----------------------------------------------------------------------
    Mutant(
        "PL602-no-two-edits",
        SRC,
        "return 1 if length < 15 else 2",
        "return 1",
        "two-edit twins among long names would pass",
    ),
    Mutant(
        "PL602-threshold-16",
        SRC,
        "return 1 if length < 15 else 2",
        "return 1 if length < 16 else 2",
        "a fifteen-letter name would allow only one edit",
    ),
    Mutant(
        "PL602-short-names",
        SRC,
        "    if length < 5:\n        return 0\n",
        "    if length < 4:\n        return 0\n",
        "Hers and Hurs would be twins",
    ),
    Mutant(
        "PL602-no-swaps",
        SRC,
        "                cost = min(cost, before[j - 2] + 1)\n",
        "                cost = min(cost, before[j - 2] + 2)\n",
        "a swap of two neighbouring letters would count two edits",
    ),
    Mutant(
        "PL602-numbers-match",
        SRC,
        'numbers = " ".join(_DIGITS.findall(folded))',
        'numbers = ""',
        "Guard 1 and Guard 2 would be twins",
    ),
    Mutant(
        "PL602-accents-kept",
        SRC,
        'bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))',
        "bare = decomposed",
        "Zoë and ZOE would be compared with the accent",
    ),
    Mutant(
        "PL602-kinds-mixed",
        SRC,
        "index = keys.setdefault((str(entity.kind), folded), len(owners))",
        'index = keys.setdefault(("", folded), len(owners))',
        "the city Paris and a person Pariss would be twins",
    ),
    # -- PL4 threads and arcs -------------------------------------------------------------
    Mutant(
        "PL401-statuses",
        THR,
        (
            "{ThreadStatus.OPEN, ThreadStatus.SEQUEL_HOOK, ThreadStatus.ABANDONED, "
            "ThreadStatus.RESOLVED}"
        ),
        "{ThreadStatus.OPEN, ThreadStatus.ABANDONED, ThreadStatus.RESOLVED}",
        "a thread left as a sequel hook would be unresolved",
    ),
    Mutant(
        "PL402-after-includes-flashbacks",
        THR,
        "            and e.mode.is_real\n            and thread.id not in e.resolves\n",
        "            and thread.id not in e.resolves\n",
        "a flashback told after the resolution would carry the thread on",
    ),
    Mutant(
        "PL402-cycle-unreported",
        THR,
        "    yield from _thread_cycles(ctx)\n",
        "",
        "a cycle of thread parents would get no finding",
    ),
    Mutant(
        "PL403-limit-inclusive",
        THR,
        "            if gap <= limit:\n",
        "            if gap < limit:\n",
        "a gap of exactly the limit would be dormant",
    ),
    Mutant(
        "PL404-busy-ignored",
        THR,
        "        if thread.id not in ctx.busy_threads:\n            yield",
        "        if thread.id not in ctx.thread_events:\n            yield",
        "a parent thread that lives through its children would be empty",
    ),
    Mutant(
        "arc-start-last-leaf",
        THR,
        "            lower, upper = spans[arc.start][0], spans[arc.end][1]\n            if lower",
        "            lower, upper = spans[arc.start][1], spans[arc.end][1]\n            if lower",
        "an arc starting at a season would start at its last episode",
    ),
    Mutant(
        "arc-length-start-last-leaf",
        THR,
        "        lower, upper = spans[arc.start][0], spans[arc.end][1]\n        length",
        "        lower, upper = spans[arc.start][1], spans[arc.end][1]\n        length",
        "an arc's length from a season would be measured from its last episode",
    ),
    Mutant(
        "arc-length-off-by-one",
        THR,
        "length = upper - lower + 1",
        "length = upper - lower",
        "a single-installment arc would be zero long, and reversed",
    ),
    Mutant(
        "arc-unsorted",
        THR,
        "        items.sort(key=lambda item: (item[0], item[1]))\n",
        "",
        "arcs listed out of order would hide gaps and overlaps",
    ),
    Mutant(
        "arc-unknown-crash",
        THR,
        "        if arc.start not in spans or arc.end not in spans:\n            continue\n",
        "",
        "an arc naming an unknown work would crash the check",
    ),
    Mutant(
        "arc-overlap-adjacent",
        THR,
        "if reach is not None and item[0] <= reach[1]:",
        "if reach is not None and item[0] < reach[1]:",
        "two arcs sharing their one boundary episode would not overlap",
    ),
    Mutant(
        "arc-overlap-last-not-furthest",
        THR,
        ('"end")],\n                )\n            if reach is None or item[1] > reach[1]:'),
        ('"end")],\n                )\n            if True:'),
        "an arc inside a long arc would hide a third arc's overlap with the long one",
    ),
    Mutant(
        "arc-gap-off-by-one",
        THR,
        "if reach is not None and item[0] > reach[1] + 1:",
        "if reach is not None and item[0] > reach[1] + 2:",
        "a gap of one episode would pass",
    ),
    Mutant(
        "arc-reversed-kept",
        THR,
        "            if lower <= upper:\n",
        "            if True:\n",
        "a reversed arc would overlap others and leave gaps",
    ),
    # -- _time ----------------------------------------------------------------------------
    Mutant(
        "leap-century",
        CAL,
        "return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)",
        "return year % 4 == 0",
        "1900 would have a 29 February",
    ),
    Mutant(
        "leap-400",
        CAL,
        "return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)",
        "return year % 4 == 0 and year % 100 != 0",
        "2000 would have no 29 February",
    ),
    Mutant(
        "thirty-days",
        CAL,
        "return 30 if month in (4, 6, 9, 11) else 31",
        "return 30 if month in (4, 6, 9) else 31",
        "November would have 31 days",
    ),
    Mutant(
        "days-before-year",
        CAL,
        "return 365 * y + y // 4 - y // 100 + y // 400",
        "return 365 * y + y // 4 - y // 100",
        "the axis would lose a day every 400 years",
    ),
    Mutant(
        "year-range-negative",
        CAL,
        "        return year - width, year\n",
        "        return year, year + width\n",
        "-01XX would run upwards from -100",
    ),
    Mutant(
        "offset-sign",
        CAL,
        "start += hour * 3600 + (minute or 0) * 60 - (offset or 0) * 60",
        "start += hour * 3600 + (minute or 0) * 60 + (offset or 0) * 60",
        "a time at +02:00 would be placed four hours wrong",
    ),
    Mutant(
        "minute-span",
        CAL,
        "        return start, start + 60\n",
        "        return start, start + 3600\n",
        "a minute would last an hour",
    ),
    Mutant(
        "year-text-wide",
        CAL,
        "if -9999 <= year <= 9999:",
        "if -999 <= year <= 999:",
        "the year 2020 would be written Y2020",
    ),
    Mutant(
        "offset-text-sign",
        CAL,
        'sign = "-" if offset < 0 else "+"',
        'sign = "+"',
        "a negative offset would be written as positive",
    ),
    Mutant(
        "relation-touching",
        VAL,
        "    if a_upper <= b_lower:\n        return Relation.BEFORE\n",
        "    if a_upper < b_lower:\n        return Relation.BEFORE\n",
        "July 2020 would overlap August 2020",
    ),
    Mutant(
        "agrees-touching",
        VAL,
        "return a_lower < b_upper and b_lower < a_upper",
        "return a_lower <= b_upper and b_lower <= a_upper",
        "July 2020 would agree with August 2020",
    ),
    Mutant(
        "precision-minute",
        VAL,
        "        if self.minute is not None:\n            return Precision.MINUTE\n",
        "",
        "a time to the minute would be a day",
    ),
    Mutant(
        "interval-end-before-start",
        VAL,
        "if start is not None and end is not None and end.upper <= start.lower:",
        "if start is not None and end is not None and end.upper < start.lower:",
        "an interval ending as it starts would be accepted",
    ),
    Mutant(
        "interval-open-lower",
        VAL,
        "return OPEN_LOWER if self.start is None else self.start.lower",
        "return 0 if self.start is None else self.start.lower",
        "an open start would begin at year 1, after deep-time events",
    ),
    Mutant(
        "duration-min-month",
        DUR,
        "days = self.years * 365 + self.months * 28 + self.weeks * 7 + self.days",
        "days = self.years * 365 + self.months * 30 + self.weeks * 7 + self.days",
        "a month would be at least 30 days, and February would break gaps",
    ),
    Mutant(
        "duration-max-year",
        DUR,
        "days = self.years * 366 + self.months * 31 + self.weeks * 7 + self.days",
        "days = self.years * 365 + self.months * 31 + self.weeks * 7 + self.days",
        "a leap year would be longer than a year's longest",
    ),
    Mutant(
        "parse-month-13",
        PAR,
        "    if not 1 <= month <= 12:\n        raise month_error(text, year, month)\n    if d",
        "    if not 1 <= month <= 13:\n        raise month_error(text, year, month)\n    if d",
        "month 13 would parse",
    ),
    Mutant(
        "parse-hour-24",
        PAR,
        "if hour > 23 or minute > 59 or (second is not None and second > 59):",
        "if hour > 24 or minute > 59 or (second is not None and second > 59):",
        "hour 24 would parse",
    ),
    Mutant(
        "parse-offset-sign",
        PAR,
        'return -value if zone[0] == "-" else value',
        "return value",
        "-05:00 would be read as +05:00",
    ),
    Mutant(
        "parse-minus-zero-year",
        PAR,
        '0, 0)\n    year = int(year_text)\n    if year == 0 and year_text[0] == "-":',
        "0, 0)\n    year = int(year_text)\n    if False:",
        "-0000 would parse",
    ),
    Mutant(
        "parse-duration-empty",
        PAR,
        'if match is None or text in ("P", "PT"):',
        "if match is None:",
        "a bare P would be a zero duration",
    ),
    Mutant(
        "parse-xx-parts",
        PAR,
        "parts = 2 if both_xx else 1",
        "parts = 1",
        "XXXX-XX would be as precise as a month",
    ),
)


@dataclass
class Result:
    """What became of one mutant."""

    mutant: Mutant
    status: str  # killed, survived, equivalent, timeout
    seconds: float


def stale(mutants: tuple[Mutant, ...]) -> list[str]:
    """Name each mutant whose text no longer occurs exactly once in its file."""
    problems = []
    for mutant in mutants:
        text = (ROOT / "src" / "plotline" / mutant.file).read_text(encoding="utf-8")
        count = text.count(mutant.old)
        if count != 1:
            problems.append(f"{mutant.name}: its text occurs {count} times in {mutant.file}")
    return problems


def scratch_copy(parent: Path, index: int) -> Path:
    """Copy the repository into ``parent`` for one worker, without .git and caches."""
    target = parent / f"worker{index}"
    ignore = shutil.ignore_patterns(".git", "__pycache__", ".mypy_cache", ".ruff_cache", "site")
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def run_tests(copy: Path, tests: list[str], timeout: float) -> str:
    """Run the tests in the scratch copy: ``passed``, ``failed`` or ``timeout``."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "HYPOTHESIS_PROFILE": "default"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        done = subprocess.run(
            command, cwd=copy, env=env, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    return "passed" if done.returncode == 0 else "failed"


def tests_for(mutant: Mutant) -> list[str]:
    """The module's own tests and the module itself (its doctests)."""
    return [*TESTS[mutant.file], f"src/plotline/{mutant.file}"]


def try_mutant(copy: Path, mutant: Mutant, timeout: float) -> Result:
    """Plant one mutant in the copy, run its tests, restore the file."""
    if mutant.equivalent:
        return Result(mutant, "equivalent", 0.0)
    path = copy / "src" / "plotline" / mutant.file
    original = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    try:
        path.write_text(original.replace(mutant.old, mutant.new, 1), encoding="utf-8")
        outcome = run_tests(copy, tests_for(mutant), timeout)
    finally:
        path.write_text(original, encoding="utf-8")
    status = {"passed": "survived", "failed": "killed", "timeout": "timeout"}[outcome]
    result = Result(mutant, status, time.perf_counter() - start)
    if status == "survived":  # say so at once: a long run should not hide its news
        print(f"  survived: {mutant.name} ({mutant.why})", file=sys.stderr, flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the mutants and print the score."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at a time")
    parser.add_argument("--only", action="append", default=[], help="names starting with this")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per mutant")
    parser.add_argument("--aim", type=float, default=95.0, help="the score to meet, in %%")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)
    mutants = tuple(m for m in MUTANTS if not args.only or m.name.startswith(tuple(args.only)))
    if args.list:
        for mutant in mutants:
            print(f"{mutant.name:34} {mutant.file:30} {mutant.why}")
        return 0
    problems = stale(mutants)
    if problems:
        print("the list of mutants is stale:", *problems, sep="\n  ")
        return 2
    with tempfile.TemporaryDirectory(prefix="plotline-mutants-") as parent:
        jobs = max(1, min(args.jobs, len(mutants)))
        copies = [scratch_copy(Path(parent), i) for i in range(jobs)]
        baseline = sorted({test for m in mutants for test in tests_for(m)})
        if run_tests(copies[0], baseline, args.timeout * 4) != "passed":
            print("the unchanged copy fails its tests: fix them before mutating")
            return 2
        results: list[Result] = []
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            chunks = [mutants[i::jobs] for i in range(jobs)]
            futures = [
                pool.submit(lambda c, ms: [try_mutant(c, m, args.timeout) for m in ms], copy, chunk)
                for copy, chunk in zip(copies, chunks, strict=True)
            ]
            for future in futures:
                results.extend(future.result())
    order = {m.name: i for i, m in enumerate(mutants)}
    results.sort(key=lambda r: order[r.mutant.name])
    for result in results:
        mark = {"killed": "killed", "timeout": "killed (timeout)"}.get(result.status, result.status)
        print(f"{mark:17} {result.mutant.name:34} {result.seconds:5.1f}s  {result.mutant.why}")
    killed = sum(r.status in {"killed", "timeout"} for r in results)
    survived = [r for r in results if r.status == "survived"]
    equivalent = sum(r.status == "equivalent" for r in results)
    counted = killed + len(survived)
    score = 100.0 * killed / counted if counted else 100.0
    print(
        f"\n{killed} killed, {len(survived)} survived, {equivalent} equivalent: "
        f"score {score:.1f} % of {counted} non-equivalent mutants (aim {args.aim:g} %)"
    )
    return 0 if score >= args.aim else 1


if __name__ == "__main__":
    raise SystemExit(main())
