"""Time story calendars: reading values written in them, loading a story dated in them, ages.

Run from the repository root::

    python benchmarks/bench_calendars.py               # 10,000 events
    python benchmarks/bench_calendars.py --events 100000 --runs 3

Three measures, CPU seconds (``time.process_time``), the median of ``--runs``:

* parsing one value: an EDTF year (``-0032``), an era year (``32 BBY``), a day
  of a month calendar with a leap rule (``1419-03-25 shire``), each parsed
  afresh (no cache), per value;
* loading the same story of ``--events`` events from TOML with every ``when``
  an EDTF year and with every ``when`` in the era (the loader parses each
  distinct text once, so the story repeats 200 distinct years);
* checking that story with ``born`` on 50 entities and an asserted age on
  every event (PL307 and the PL301/PL302 date checks), against the same story
  with neither.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable

import plotline
from plotline._time import Era, LeapRule, Month, MonthCalendar, parse_time

_ERA = Era("bby", suffix="BBY", epoch_year=0, direction=-1)
_SHIRE = MonthCalendar(
    "shire",
    (
        Month("2 Yule", 1, True),
        *(Month(f"M{n}", 30) for n in range(1, 7)),
        Month("Lithe", 3, True),
        *(Month(f"M{n}", 30) for n in range(7, 13)),
        Month("1 Yule", 1, True),
    ),
    LeapRule(4, 100, month="Lithe"),
)
_ERAS = """
[[calendars]]
id = "bby"
epoch = "0000"
direction = -1
suffix = "BBY"
"""


def _median(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _story_text(events: int, *, era: bool, ages: bool) -> str:
    lines = [_ERAS if era else ""]
    for n in range(50):
        lines.append(f'[[entities]]\nid = "p{n}"\n')
        if ages:
            lines.append(f'born = "{300 + n} BBY"\n' if era else f'born = "-{300 + n:04d}"\n')
    for n in range(events):
        year = 200 - n % 200
        when = f"{year} BBY" if era else f"-{year:04d}"
        person = f"p{n % 50}"
        lines.append(f'[[events]]\nid = "e{n}"\nwhen = "{when}"\nparticipants = ["{person}"]\n')
        if ages:
            lines.append(f"ages = {{ {person} = {300 + n % 50 - year} }}\n")
    return "".join(lines)


def main() -> None:
    """Print the three tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    count = 100_000
    print(f"Python {platform.python_version()}, {platform.machine()}; median of {args.runs}\n")
    print("| value | per value |\n|---|---:|")
    for label, parse in (
        ("`-0032` (EDTF)", lambda: [parse_time("-0032") for _ in range(count)]),
        ("`32 BBY` (era)", lambda: [_ERA.parse("32") for _ in range(count)]),
        ("`1419-03-25 shire`", lambda: [_SHIRE.parse("1419-03-25") for _ in range(count)]),
    ):
        print(f"| {label} | {_median(parse, args.runs) / count * 1e6:.2f} µs |")
    print(f"\n| {args.events:,} events | load TOML | check |\n|---|---:|---:|")
    for label, era, ages in (
        ("EDTF years, no born or ages", False, False),
        ("BBY years, no born or ages", True, False),
        ("BBY years, born and an age on every event", True, True),
    ):
        text = _story_text(args.events, era=era, ages=ages)
        story = plotline.loads(text)
        load = _median(lambda text=text: plotline.loads(text), args.runs)
        check = _median(lambda story=story: plotline.check(story), args.runs)
        print(f"| {label} | {load:.3f} s | {check:.3f} s |")


if __name__ == "__main__":
    main()
