"""Time the region-and-date cut on Doctor Who's real air dates.

Run ``python benchmarks/bench_as_of.py [DATA_DIR] [REGIONS ...]``. ``DATA_DIR``
holds ``drwho_episodes.csv`` and ``torchwood_episodes.csv`` from the datardis
R package (MIT; first UK air dates, 2005-2024, from Wikipedia's episode list);
the default is ``../shared/data/doctor_who_airdates`` beside the repository.

The story has a series per show, a season per season (specials in a season of
their own), an episode per row with one event told in it, and one ``broadcast``
release per episode in ``GB`` on its first air date. Each further region count
in ``REGIONS`` (default 1 10 50) adds synthetic releases: the same episodes
in that many more regions, each region a fixed 1 to 60 days later, with
Torchwood's dated only to the month there, so the cut meets every precision.

For each size the table gives the releases, the time to answer
``story.released(date=..., region=...)`` for every distinct air date (one
viewer per date, in a region that lags), the mean per cut, and the time of
``story.as_of(date=..., region=...)`` (the cut story) over the same dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import time
from pathlib import Path

from plotline._model import Event, Release, Story, Work

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "doctor_who_airdates"


def make_story(folder: Path, regions: int) -> tuple[Story, list[str]]:
    """The shows from the CSV files, with ``regions`` synthetic regions besides GB."""
    works: list[Work] = []
    events: list[Event] = []
    releases: list[Release] = []
    dates: set[str] = set()
    for show, name in (("dw", "drwho_episodes.csv"), ("tw", "torchwood_episodes.csv")):
        works.append(Work(show, kind="series"))
        seasons: dict[str, int] = {}
        with (folder / name).open(encoding="utf-8", newline="") as file:
            for n, row in enumerate(csv.DictReader(file), 1):
                season = row.get("season_number", "NA")
                season_id = f"{show}-s{season}" if season != "NA" else f"{show}-specials"
                if season_id not in seasons:
                    seasons[season_id] = 0
                    number = int(season) if season != "NA" else 99
                    works.append(Work(season_id, kind="season", parent=show, number=number))
                seasons[season_id] += 1
                episode = f"{show}-{n:03d}"
                works.append(
                    Work(episode, kind="episode", parent=season_id, number=seasons[season_id])
                )
                events.append(Event(f"{episode}-event", told_in=episode))
                aired = row["first_aired"]
                dates.add(aired)
                releases.append(Release(episode, "broadcast", date=aired, region="GB"))
                day = dt.date.fromisoformat(aired)
                for r in range(regions):
                    later = day + dt.timedelta(days=1 + (r * 7) % 60)
                    date = later.isoformat()[:7] if show == "tw" else later.isoformat()
                    releases.append(Release(episode, "broadcast", date=date, region=f"R{r:02d}"))
    return Story(works=works, events=events, releases=releases), sorted(dates)


def bench(folder: Path, regions: int) -> tuple[int, int, float, float, float]:
    story, dates = make_story(folder, regions)
    region = f"R{max(regions - 1, 0):02d}" if regions else "GB"
    started = time.perf_counter()
    for date in dates:
        story.released(date=date, region=region)
    released = time.perf_counter() - started
    started = time.perf_counter()
    for date in dates:
        story.as_of(date=date, region=region)
    cut = time.perf_counter() - started
    return len(story.releases), len(dates), released, released / len(dates), cut


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv and not argv[0].isdigit() else DEFAULT
    sizes = [int(arg) for arg in argv if arg.isdigit()] or [0, 10, 50]
    print(
        f"{'regions':>8} {'releases':>9} {'cuts':>5} {'released (s)':>13} "
        f"{'per cut (ms)':>13} {'as_of (s)':>10}"
    )
    for regions in sizes:
        count, cuts, released, per_cut, cut = bench(folder, regions)
        print(
            f"{regions + 1:>8} {count:>9,} {cuts:>5} {released:>13.3f} "
            f"{per_cut * 1000:>13.2f} {cut:>10.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
