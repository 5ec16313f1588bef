"""Time fresh diagnostics after a one-event edit, in a warm process (``plotline lsp``'s work).

Run ``python benchmarks/bench_live.py [SIZE ...]`` (default 10000 100000).

Each story is a synthetic series (``plotline._synthetic``) written as one
file per season plus one for everything else, the way a series bible is kept.
A :class:`~plotline._live.StorySession` reads and checks it once (warm), then
times ``result()`` after three kinds of edit to one event of one season file:

* **text**: an event's summary changes; the ordering facts do not, so the
  solved order is reused;
* **order**: an event's ``order`` changes, so the story is solved again;
* **none**: no edit at all (what a keystroke that changes nothing costs).

Beside them: a cold check (``plotline.load`` and ``plotline.check`` of the
folder in the same process) and ``plotline.solve`` alone. CPU seconds,
median of ``--runs`` (default 3).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import attrs

import plotline
from plotline._live import StorySession
from plotline._model import Story
from plotline._synthetic import synthetic_story


def _write(story: Story, folder: Path) -> list[Path]:
    """One file per season (its events), one for the rest; return the season files."""
    seasons: dict[str, list[plotline.Event]] = {}
    parents = {work.id: work.parent for work in story.works}
    for event in story.events:
        season = parents.get(event.told_in or "") or "backstory"
        seasons.setdefault(season, []).append(event)
    rest = attrs.evolve(story, events=())
    (folder / "00-bible.toml").write_text(plotline.dumps(rest), encoding="utf-8")
    files = []
    for number, (season, events) in enumerate(seasons.items(), start=1):
        path = folder / f"{number:03d}-{season}.toml"
        path.write_text(plotline.dumps(Story(events=events)), encoding="utf-8")
        files.append(path)
    return files


def _cpu(work: object) -> float:
    start = time.process_time()
    work()  # type: ignore[operator]
    return time.process_time() - start


def _median(runs: int, work: object) -> float:
    return statistics.median(_cpu(work) for _ in range(runs))


def bench(size: int, runs: int) -> dict[str, float]:
    """The timings for one story size."""
    story = synthetic_story(size, threads=40, entities=300, seed=1)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = _write(story, folder)
        target = files[len(files) // 2]
        text = target.read_text(encoding="utf-8")
        session = StorySession(folder)
        session.result()  # warm
        results: dict[str, float] = {"files": len(files) + 1}
        results["none"] = _median(runs, session.result)

        summaries = iter(range(10**6))

        def text_edit() -> None:
            marker = f'summary = "edited {next(summaries)}"\n'
            target.write_text(text.replace("[[events]]\n", f"[[events]]\n{marker}", 1))
            session.result()

        results["text"] = _median(runs, text_edit)
        solves = session.solves
        orders = iter(range(10**6))

        def order_edit() -> None:
            target.write_text(text.replace("order = 1\n", f"order = {1000 + next(orders)}\n", 1))
            session.result()

        results["order"] = _median(runs, order_edit)
        assert session.solves > solves, "an order edit must solve again"
        results["cold"] = _median(
            runs, lambda: plotline.check(plotline.load(folder), config=plotline.Config())
        )
        loaded = plotline.load(folder)
        results["solve"] = _median(runs, lambda: plotline.solve(loaded))
    return results


def main() -> None:
    """Print the table of timings, one row per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| events | files | no edit | text edit | order edit | cold check | solve alone |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        r = bench(size, args.runs)
        print(
            f"| {size:,} | {r['files']:.0f} | {r['none'] * 1000:.0f} ms | "
            f"{r['text'] * 1000:.0f} ms | {r['order'] * 1000:.0f} ms | "
            f"{r['cold'] * 1000:.0f} ms | {r['solve'] * 1000:.0f} ms |",
            flush=True,
        )


if __name__ == "__main__":
    main()
