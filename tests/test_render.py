"""Tests for plotline.render: the four views, our layout, hostile labels, scale."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import re
import struct
import subprocess
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import graphviz
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from plotline._check import Config, check
from plotline._model import Arc, Entity, Event, Release, Story, Thread, Work
from plotline._render import VIEWS, render, render_stats
from plotline._render._dot import to_dot
from plotline._render._layout import (
    connector_crossings,
    inversions,
    lane_order,
    narrative_orders,
    span_cost,
)
from plotline._render._output import image
from plotline._render._quote import LIMIT, Text, escape_label, escape_tooltip
from plotline._render._render import build
from plotline._render.views.storyline import REPEAT_EVERY
from plotline._time import parse_time
from plotline.exceptions import PlotlineError, UnknownIdError, UnknownThemeError, UnknownViewError

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
IMAGES = ROOT / "docs" / "img"

# ---------------------------------------------------------------------------
# Stories


def small_story(**names: str) -> Story:
    """A two-season noir serial with every feature the views draw.

    ``names`` replaces titles and names (by record id) to test hostile text.
    """

    def n(record_id: str, default: str) -> str:
        return names.get(record_id, default)

    t = parse_time
    works = [
        Work("harbour", title=n("harbour", "The Glass Harbour"), kind="series"),
        Work("s1", title="Season 1", kind="season", parent="harbour", number=1, episode_count=3),
        Work("s1e01", title=n("s1e01", "Low Tide"), kind="episode", parent="s1", number=1),
        Work("s1e02", title="The Lantern Room", kind="episode", parent="s1", number=2),
        Work("s1e03", title="Salt", kind="episode", parent="s1", number=3),
        Work("s2", title="Season 2", kind="season", parent="harbour", number=2, episode_count=3),
        Work("s2e01", title="Undertow", kind="episode", parent="s2", number=1),
        Work("s2e02", title="Breakwater", kind="episode", parent="s2", number=2),
        Work("s2e03", title="High Water", kind="episode", parent="s2", number=3),
    ]
    entities = [
        Entity("ines", name=n("ines", "Inés Duarte"), importance="main"),
        Entity("tomas", name="Tomás Ferro", importance="main"),
        Entity("mayor", name="Mayor Aldo Brandt", importance="major"),
        Entity("vera", name="Vera Lind", importance="major"),
        Entity("kaito", name="Kaito Mori (森 海斗)", importance="minor"),
        Entity("harbourmaster", name="The Harbourmaster", importance="minor"),
    ]
    threads = [
        Thread("murder", title=n("murder", "Who killed the mayor?"), status="resolved"),
        Thread("smuggling", title="The lantern smuggling ring", status="open"),
        Thread("ines-tomas", title="Inés and Tomás", status="resolved"),
        Thread("traitor", title="A traitor in the harbour police", status="sequel-hook"),
    ]
    arcs = [
        Arc(
            "arc-murder",
            "s1e01",
            "s1e03",
            title=n("arc-murder", "The Brandt case"),
            threads=["murder"],
        ),
        Arc("arc-ring", "s2e01", "s2e03", title="Breaking the ring", threads=["smuggling"]),
        Arc("saga", "s1", "s2", title="The Glass Harbour saga", level=2),
    ]

    def ev(event_id: str, title: str, told_in: str, order: int, **kw: Any) -> Event:
        return Event(event_id, title=n(event_id, title), told_in=told_in, order=order, **kw)

    events = [
        ev(
            "body-found",
            "The mayor's body is found at low tide",
            "s1e01",
            1,
            threads=["murder"],
            opens=["murder"],
            when=t("2019-03-03"),
            participants={"ines": "introduced", "mayor": "mentioned", "harbourmaster": "present"},
        ),
        ev(
            "mayor-killed",
            "The mayor is killed on the pier",
            "s1e01",
            2,
            mode="flashback",
            threads=["murder"],
            participants={"mayor": "dies", "vera": "present"},
            when=t("2019-03-02"),
        ),
        ev(
            "ines-meets-tomas",
            "Inés meets Tomás",
            "s1e01",
            3,
            threads=["ines-tomas", "murder"],
            opens=["ines-tomas"],
            participants={"ines": "present", "tomas": "introduced"},
        ),
        ev(
            "lantern-seen",
            "A lantern signals from the lighthouse",
            "s1e02",
            1,
            threads=["smuggling"],
            opens=["smuggling"],
            participants={"tomas": "present", "kaito": "introduced"},
        ),
        ev(
            "ines-dream",
            "Inés dreams of drowning",
            "s1e02",
            2,
            mode="dream",
            threads=["ines-tomas"],
            participants={"ines": "present", "mayor": "present"},
        ),
        ev(
            "vera-questioned",
            "Vera is questioned",
            "s1e02",
            3,
            threads=["murder", "smuggling"],
            participants={"ines": "present", "vera": "present", "tomas": "present"},
        ),
        ev(
            "harbourmaster-dies",
            "The harbourmaster drowns",
            "s1e03",
            1,
            threads=["smuggling", "traitor"],
            opens=["traitor"],
            participants={"harbourmaster": "dies", "kaito": "present"},
        ),
        ev(
            "vera-confesses",
            "Vera confesses to the killing",
            "s1e03",
            2,
            threads=["murder"],
            resolves=["murder"],
            participants={"vera": "present", "ines": "present"},
        ),
        ev(
            "kiss",
            "Inés and Tomás on the breakwater",
            "s1e03",
            3,
            threads=["ines-tomas"],
            participants={"ines": "present", "tomas": "present"},
        ),
        ev(
            "recap",
            "Previously: the Brandt case",
            "s2e01",
            1,
            mode="recap",
            threads=["murder"],
            participants={"ines": "present", "vera": "present"},
        ),
        ev(
            "ring-grows",
            "The ring moves its lanterns inland",
            "s2e01",
            2,
            threads=["smuggling"],
            participants={"kaito": "present", "tomas": "present"},
        ),
        ev(
            "mole-hint",
            "Someone in the police tipped off the ring",
            "s2e01",
            3,
            threads=["traitor", "smuggling"],
            participants={"ines": "present", "tomas": "present", "harbourmaster": "mentioned"},
        ),
        ev(
            "harbourmaster-walks",
            "The harbourmaster is seen at the docks",
            "s2e02",
            1,
            threads=["traitor"],
            participants={"harbourmaster": "present", "kaito": "present"},
        ),
        ev(
            "childhood",
            "Kaito's childhood on the island",
            "s2e02",
            2,
            mode="flashback",
            threads=["smuggling"],
            participants={"kaito": "present"},
            when=t("1998"),
        ),
        ev(
            "tomas-vision",
            "Tomás foresees the storm",
            "s2e02",
            3,
            mode="vision",
            threads=["ines-tomas"],
            participants={"tomas": "present"},
        ),
        ev(
            "storm",
            "The storm floods the harbour",
            "s2e03",
            1,
            threads=["smuggling", "ines-tomas"],
            when=t("2020-11"),
            participants={"ines": "present", "tomas": "present", "kaito": "present"},
        ),
        ev(
            "kaito-dies",
            "Kaito dies saving Inés",
            "s2e03",
            2,
            threads=["smuggling", "ines-tomas"],
            participants={"kaito": "dies", "ines": "present"},
        ),
        ev(
            "wedding",
            "Inés and Tomás marry",
            "s2e03",
            3,
            threads=["ines-tomas"],
            resolves=["ines-tomas"],
            participants={"ines": "present", "tomas": "present", "vera": "voice"},
        ),
    ]
    releases = [
        Release("harbour", "announcement", date=t("2020-05-14"), region="WW", platform="press"),
        Release("s1", "premiere", date=t("2020-10-02"), region="FR", platform="festival"),
        Release(
            "s1", "streaming", date=t("2020-11-06"), region="WW", platform=n("platform", "Streamly")
        ),
        Release(
            "s1",
            "broadcast",
            start=t("2021-01-08"),
            end=t("2021-01-22"),
            region="JP",
            platform="Harbour TV",
        ),
        Release("s1e01", "broadcast", date=t("2021-01-08"), region="DE", platform="Kanal 9"),
        Release("s1e02", "broadcast", date=t("2021-01-15"), region="DE", platform="Kanal 9"),
        Release("s1e03", "broadcast", date=t("2021-01-29"), region="DE", platform="Kanal 9"),
        Release("s2", "announcement", date=t("2021-03"), region="WW", platform="press"),
        Release(
            "s2", "streaming", date=t("2021-09-17"), region="WW", platform=n("platform", "Streamly")
        ),
        Release(
            "s2",
            "broadcast",
            start=t("2022-01-07"),
            end=t("2022-01-21"),
            region="JP",
            platform="Harbour TV",
        ),
        Release("s2e01", "broadcast", date=t("2022-02-11"), region="DE", platform="Kanal 9"),
        Release("s2e02", "broadcast", date=t("2022-02-04"), region="DE", platform="Kanal 9"),
        Release("s1", "home-video", date=t("2021-06"), region="UK", platform="Blu-ray"),
    ]
    return Story(
        title=n("story", "The Glass Harbour"),
        works=works,
        entities=entities,
        threads=threads,
        arcs=arcs,
        events=events,
        releases=releases,
    )


def generate(events: int = 1000, threads: int = 30, seed: int = 7) -> Story:
    """A synthetic serial: seasons of ten episodes, threads that come and go, some deaths."""
    rng = random.Random(seed)
    people = [Entity(f"p{i:03d}", name=f"Person {i}") for i in range(max(12, threads))]
    episodes = max(1, events // 10)
    works = [Work("show", title="Synthetic", kind="series")]
    for number in range(episodes):
        season, episode = divmod(number, 10)
        if episode == 0:
            works.append(Work(f"s{season + 1}", kind="season", parent="show", number=season + 1))
        works.append(
            Work(
                f"s{season + 1}e{episode + 1:02d}",
                kind="episode",
                parent=f"s{season + 1}",
                number=episode + 1,
            )
        )
    leaves = [work.id for work in works if work.kind.value == "episode"]
    lanes = [Thread(f"t{i:03d}", title=f"Thread {i}") for i in range(threads)]
    windows = [
        (a, min(1.0, a + 0.2 + rng.random() * 0.6))
        for a in (rng.random() * 0.8 for _ in range(threads))
    ]
    seen: dict[str, int] = {}
    dead: set[str] = set()
    records = []
    start = dt.date(2000, 1, 1)
    for index in range(events):
        now = index / events
        active = [i for i, (a, b) in enumerate(windows) if a <= now <= b] or [0]
        base = rng.choice(active)
        chosen = {base} | {
            rng.choice([i for i in active if abs(i - base) <= 4] or active)
            for _ in range(rng.choice([0, 0, 1, 1, 2]))
        }
        mode = rng.choices(["present", "flashback", "dream", "vision", "recap"], [86, 8, 2, 2, 2])[
            0
        ]
        centre = base * len(people) // threads
        cast: dict[str, str] = {}
        for _ in range(rng.randint(1, 4)):
            who = people[max(0, min(len(people) - 1, centre + rng.randint(-3, 3)))].id
            if who not in dead:
                cast[who] = "present"
                seen[who] = seen.get(who, 0) + 1
        if mode == "present":
            for who in list(cast):
                if seen[who] > 8 and rng.random() < 0.03:
                    cast[who] = "dies"
                    dead.add(who)
        day = start + dt.timedelta(
            days=index if mode == "present" else rng.randrange(index + 1) - 30
        )
        records.append(
            Event(
                f"e{index:05d}",
                title=f"Event {index}",
                told_in=leaves[index * episodes // events],
                order=index,
                mode=mode,
                when=parse_time(day.isoformat()),
                threads=sorted(f"t{i:03d}" for i in chosen),
                participants=cast,
            )
        )
    arcs = [
        Arc(f"a{s}", f"s{s + 1}", f"s{s + 1}", title=f"Arc {s + 1}")
        for s in range(max(1, episodes // 10))
    ]
    releases = [
        Release(
            leaf,
            "broadcast",
            date=parse_time((dt.date(2010, 1, 1) + dt.timedelta(weeks=i)).isoformat()),
            region="UK",
            platform="BBC",
        )
        for i, leaf in enumerate(leaves)
    ]
    return Story(
        title=f"Synthetic {events} x {threads}",
        works=works,
        entities=people,
        threads=lanes,
        arcs=arcs,
        events=records,
        releases=releases,
    )


def report(story: Story) -> Any:
    """The story's findings with no project settings."""
    return check(story, config=Config())


def svg(graph: Any) -> ET.Element:
    """Draw a graph as SVG and parse it."""
    return ET.fromstring(image(graph, "svg"))


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    """The SVG groups Graphviz draws for nodes (``node``) or edges (``edge``)."""
    return [g for g in root.iter(f"{SVG}g") if kind in (g.get("class") or "").split()]


def classed(root: ET.Element, name: str) -> list[ET.Element]:
    """The node groups that carry class ``name``."""
    return [g for g in groups(root, "node") if name in (g.get("class") or "").split()]


def texts(root: ET.Element) -> str:
    """Every text and tooltip of the drawing, one per line."""
    shown = [t.text or "" for t in root.iter(f"{SVG}text")]
    shown += [a.get(f"{XLINK}title") or "" for a in root.iter(f"{SVG}a")]
    return "\n".join(shown)


# ---------------------------------------------------------------------------
# The views


class TestRenderObject:
    """What render() returns."""

    def test_is_a_graphviz_source(self) -> None:
        """The result is a graphviz object with DOT source that pins the layout."""
        graph = render(small_story())
        assert isinstance(graph, graphviz.Source)
        assert 'layout="nop2"' in graph.source
        first, second = graph.source.splitlines()[:2]
        assert first.startswith("// plotline storyline: ")
        assert "crossings=" in first
        assert second == "graph plotline {"

    def test_source_is_deterministic(self) -> None:
        """The same story gives the same DOT, byte for byte."""
        assert render(small_story(), "cast").source == render(small_story(), "cast").source

    def test_unknown_view(self) -> None:
        """An unknown view is a ValueError that suggests the closest name."""
        with pytest.raises(ValueError, match="did you mean 'storyline'"):
            render(small_story(), "storylines")

    def test_unknown_view_is_a_plotline_error(self) -> None:
        """The unknown view raises UnknownViewError, naming what was asked and what exists."""
        with pytest.raises(UnknownViewError) as caught:
            render_stats(small_story(), "chronlogy")
        error = caught.value
        assert isinstance(error, PlotlineError)
        assert isinstance(error, ValueError)
        assert error.name == "chronlogy"
        assert error.choices == tuple(VIEWS)
        assert str(error) == (
            "unknown view 'chronlogy' (did you mean 'chronology'?); "
            "choose one of storyline, chronology, cast, releases, knowledge"
        )

    def test_unknown_theme(self) -> None:
        """An unknown theme is a ValueError."""
        with pytest.raises(ValueError, match="unknown theme"):
            render(small_story(), theme="sepia")

    def test_unknown_theme_suggests(self) -> None:
        """A misspelt theme raises UnknownThemeError, which suggests the closest."""
        with pytest.raises(UnknownThemeError, match=r"'drak' \(did you mean 'dark'\?\)") as caught:
            render(small_story(), theme="drak")
        assert isinstance(caught.value, PlotlineError)
        assert caught.value.choices == ("dark", "light")

    def test_errors_pickle(self) -> None:
        """The errors survive pickling (as across processes), message and fields alike."""
        with pytest.raises(UnknownViewError) as caught:
            render(small_story(), "csat")
        copy = pickle.loads(pickle.dumps(caught.value))
        assert (str(copy), copy.name, copy.choices) == (
            str(caught.value),
            caught.value.name,
            caught.value.choices,
        )

    def test_import_does_not_load_graphviz(self) -> None:
        """``import plotline`` leaves graphviz unimported: only making a diagram needs it."""
        code = "import plotline, sys; print('graphviz' in sys.modules)"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "False"

    def test_dark_theme(self) -> None:
        """The dark theme draws on a dark background."""
        assert 'bgcolor="#1b1d23"' in render(small_story(), theme="dark").source

    @pytest.mark.exe
    def test_jupyter_displays_pinned_layout(self) -> None:
        """In Jupyter the object draws itself as SVG, with our positions and no extra flags."""
        graph = render(small_story(), "storyline")
        bundle = graph._repr_mimebundle_()
        root = ET.fromstring(bundle["image/svg+xml"])
        assert "Who killed the mayor?" in texts(root)


class TestStoryline:
    """The storyline view."""

    def test_stats(self) -> None:
        """render_stats reports the lanes, events and crossings."""
        stats = render_stats(small_story(), "storyline")
        assert stats["view"] == "storyline"
        assert stats["events"] == 18
        assert stats["lanes"] == 4
        assert stats["crossings_declared_order"] == 2
        assert stats["crossings"] == 0  # the lane order untangles both

    def test_limit_to_threads(self) -> None:
        """threads= keeps only those lanes and their events."""
        stats = render_stats(small_story(), "storyline", threads="murder")
        assert stats["lanes"] == 1
        assert stats["events"] == 6

    def test_limit_to_entities_and_works(self) -> None:
        """entities= and works= keep the events with those entities, told in those works."""
        assert render_stats(small_story(), entities=["kaito"])["events"] == 7
        assert render_stats(small_story(), works=["s1"])["events"] == 9
        assert render_stats(small_story(), works="s1e02,s2e03")["events"] == 6

    def test_as_of(self) -> None:
        """as_of= draws only what is told up to that installment."""
        assert render_stats(small_story(), as_of="s1e02")["events"] == 6

    @pytest.mark.parametrize(
        ("option", "value", "message"),
        [
            ("threads", ["murdr"], "unknown thread 'murdr' \\(did you mean 'murder'\\?\\)"),
            ("entities", ["kaitto"], "unknown entity 'kaitto'"),
            ("works", ["s1e09"], "unknown work 's1e09'"),
            ("as_of", "s9", "unknown work 's9'"),
        ],
    )
    def test_unknown_ids(self, option: str, value: Any, message: str) -> None:
        """Limiting by an id the story does not have is a ValueError naming it."""
        with pytest.raises(UnknownIdError, match=message):
            render(small_story(), **{option: value})

    def test_undeclared_threads_get_lanes(self) -> None:
        """A thread an event names but the story does not declare still gets a lane."""
        story = Story(events=[Event("a", threads=["ghost"]), Event("b")])
        stats = render_stats(story, "storyline")
        assert stats["lanes"] == 2  # ghost and "(no thread)"

    @pytest.mark.exe
    def test_drawing(self) -> None:
        """The SVG names every thread and shows a legend, deaths, flashbacks and findings."""
        story = small_story()
        root = svg(render(story, "storyline", report=report(story)))
        shown = texts(root)
        for thread in story.threads:
            assert thread.label in shown
        assert "The Glass Harbour: storyline" in shown
        assert "Legend" in shown
        assert classed(root, "legend")
        assert len(classed(root, "death")) >= 3  # on the diagram, not only the legend
        assert classed(root, "flashback")
        assert classed(root, "dream")
        assert classed(root, "arc")
        assert classed(root, "installment")
        finding = classed(root, "finding")
        assert finding
        assert "PL301" in shown

    def test_empty_story(self) -> None:
        """A story with nothing in it still draws a title and a legend."""
        source = render(Story(title="Empty"), "storyline").source
        assert "Empty: storyline" in source
        assert 'class="legend' in source

    def test_hero_mask_lane_order(self) -> None:
        """The Hero Mask's lanes: 33 crossings in declared order, at most 12 in ours."""
        from plotline._io import load

        stats = render_stats(load(EXAMPLES / "hero-mask"), "storyline")
        assert stats["crossings_declared_order"] == 33
        assert stats["crossings"] <= 12

    def test_names_repeat_only_where_lanes_are_drawn(self) -> None:
        """A wide picture repeats each lane's name along the lane, not along its empty guide.

        A name may start a little after the lane's last event, so that a short
        lane still has its name beside it.
        """
        scene = build(generate(2000, 40), "storyline")
        drawn = {line.points[0][1]: line.points for line in scene.lines if line.classes == "lane"}
        repeats = [mark for mark in scene.marks if mark.classes == "lane-label repeat"]
        assert repeats
        for mark in repeats:
            (start, _), (stop, _) = drawn[mark.y]
            assert start <= mark.x - mark.w / 2 <= stop + REPEAT_EVERY / 2


class TestChronology:
    """The chronology view."""

    def test_crossings_are_inversions(self) -> None:
        """Crossings count the pairs told in the other order than they happen."""
        story = small_story()
        shown = {e.id for e in story.telling()}
        told = [e.id for e in story.telling()]
        happened = [e.id for e in story.chronology() if e.id in shown]
        place = {event: index for index, event in enumerate(happened)}
        expected = inversions([place[event] for event in told])
        assert render_stats(story, "chronology")["crossings"] == expected > 0

    @pytest.mark.exe
    def test_drawing(self) -> None:
        """Both rows are labelled; flashbacks are links of their own class."""
        root = svg(render(small_story(), "chronology"))
        shown = texts(root)
        assert "as told" in shown
        assert "as it happens" in shown
        assert "Legend" in shown
        flashbacks = [g for g in groups(root, "edge") if "flashback" in (g.get("class") or "")]
        assert len(flashbacks) == 2
        assert classed(root, "death")


class TestCast:
    """The cast view."""

    def test_stats(self) -> None:
        """Every entity on scene gets a line."""
        stats = render_stats(small_story(), "cast")
        assert stats["entities"] == 6
        assert stats["events"] == 18
        # The six lines swap places six times over the two seasons; two lines that
        # share most scenes never swap.
        assert stats["crossings"] == 6
        assert render_stats(small_story(), "cast", entities="ines,tomas")["crossings"] == 0

    @pytest.mark.exe
    def test_drawing(self) -> None:
        """The SVG names every entity, ends lines with deaths and marks mentions."""
        story = small_story()
        root = svg(render(story, "cast", report=report(story)))
        shown = texts(root)
        for entity in story.entities:
            assert entity.label in shown
        assert "Legend" in shown
        assert len(classed(root, "death")) >= 3
        assert classed(root, "mention")
        assert classed(root, "group")
        assert classed(root, "finding")

    def test_limit_to_entities(self) -> None:
        """entities= draws only those lines."""
        assert render_stats(small_story(), "cast", entities="ines,tomas")["entities"] == 2


class TestReleases:
    """The releases view."""

    def test_stats(self) -> None:
        """One lane per region and medium."""
        stats = render_stats(small_story(), "releases")
        assert stats["releases"] == 13
        assert stats["lanes"] == 6

    @pytest.mark.exe
    def test_drawing(self) -> None:
        """Lanes are named; runs, premieres, announcements and the PL501 conflict are drawn."""
        story = small_story()
        root = svg(render(story, "releases", report=report(story)))
        shown = texts(root)
        assert "DE · Kanal 9" in shown
        assert "JP · Harbour TV" in shown
        assert "Legend" in shown
        assert classed(root, "run")
        assert classed(root, "premiere")
        assert classed(root, "announcement")
        assert classed(root, "finding")
        assert "PL501" in shown

    def test_reversed_run_is_drawn(self) -> None:
        """A run that ends before it starts (PL503) is drawn, not an error."""
        story = Story(
            works=[Work("s1")],
            releases=[
                Release(
                    "s1",
                    "broadcast",
                    start=parse_time("2020-12-10"),
                    end=parse_time("2020-07-02"),
                    region="JP",
                )
            ],
        )
        found = report(story)
        assert [f.code for f in found] == ["PL503"]
        source = render(story, "releases", report=found).source
        assert 'class="finding release"' in source

    def test_no_dates(self) -> None:
        """A story without dated releases says so."""
        assert "no dated releases" in render(Story(), "releases").source


# ---------------------------------------------------------------------------
# Hostile labels


HOSTILE = {
    "story": 'Story "]; x -- y [label="',
    "harbour": "<script>alert(1)</script>",
    "s1e01": "\\N \\G \\L",
    "ines": '<img src=x onerror="alert(1)">',
    "murder": '"]; a -> b [',
    "arc-murder": "onload=alert(1)",
    "body-found": "<svg onload=alert(1)>&amp;",
    "platform": "\\\\Streamly\\",
}


@pytest.mark.exe
class TestHostileLabels:
    """Text from a story shows as text: no node, edge or SVG element comes from it."""

    @pytest.mark.parametrize("view", list(VIEWS))
    def test_same_structure_as_benign(self, view: str) -> None:
        """Hostile names draw the same nodes and edges as plain ones, and no markup."""
        benign = {key: f"Plain name {index}" for index, key in enumerate(HOSTILE)}
        plain = svg(render(small_story(**benign), view))
        hostile = svg(render(small_story(**HOSTILE), view))
        assert len(groups(hostile, "node")) == len(groups(plain, "node"))
        assert len(groups(hostile, "edge")) == len(groups(plain, "edge"))
        tags = {element.tag for element in hostile.iter()}
        assert tags == {element.tag for element in plain.iter()}
        assert f"{SVG}script" not in tags
        for element in hostile.iter():
            assert not any(name.lower().startswith("on") for name in element.attrib)

    def test_text_shows_as_written(self) -> None:
        """The hostile names appear as text (tooltips carry them in full)."""
        shown = texts(svg(render(small_story(**HOSTILE), "storyline")))
        for key in ("story", "ines", "murder", "body-found"):
            assert HOSTILE[key] in shown
        assert "\\N \\G \\L" in shown

    def test_long_names_are_cut_but_kept_in_tooltips(self) -> None:
        """A very long name is shortened on the diagram and whole in its tooltip."""
        long = "The " + "very " * 60 + "long thread"
        root = svg(render(small_story(murder=long), "storyline"))
        labels = [t.text or "" for t in root.iter(f"{SVG}text")]
        assert long not in labels
        assert any(label.startswith("The very very") and label.endswith("…") for label in labels)
        assert long in texts(root)


# ---------------------------------------------------------------------------
# Scale


@pytest.fixture(scope="module")
def big() -> Story:
    """A generated 1,000-event, 30-thread story (built once for the module)."""
    return generate(1000, 30)


class TestScale:
    """A generated 1,000-event, 30-thread story."""

    @pytest.mark.exe
    @pytest.mark.parametrize("view", list(VIEWS))
    def test_every_view_draws(self, big: Story, view: str) -> None:
        """Each view draws to SVG that parses and names the story's threads or entities."""
        root = svg(render(big, view))
        shown = texts(root)
        assert f"Synthetic 1000 x 30: {view}" in shown
        if view == "storyline":
            assert all(thread.label in shown for thread in big.threads)
        if view == "cast":
            assert "Person 3" in shown
        if view == "releases":
            assert "UK · BBC" in shown

    def test_storyline_lanes_ordered(self, big: Story) -> None:
        """Our lane order crosses fewer lanes than the declared order."""
        stats = render_stats(big, "storyline")
        assert stats["lanes"] == 30
        assert stats["crossings"] < stats["crossings_declared_order"]


# ---------------------------------------------------------------------------
# Hostile but small: views in bounded time and memory


def many_threads(count: int = 10_000) -> Story:
    """One event on ``count`` threads, and a few on one each."""
    threads = [Thread(f"t{i:05d}", title=f"Thread {i}") for i in range(count)]
    events = [Event("all", title="Everything", told_in="w", threads=[t.id for t in threads])]
    events += [
        Event(f"e{k}", told_in="w", order=k + 1, threads=[f"t{k * 37 % count:05d}"])
        for k in range(20)
    ]
    return Story(title="Wide", works=[Work("w")], threads=threads, events=events)


def crowd(entities: int = 2000, columns: int = 3000) -> Story:
    """Everyone on scene in the first and last event, one at a time in between."""
    people = [Entity(f"p{i:04d}") for i in range(entities)]
    everyone = {person.id: "present" for person in people}
    events = [
        Event(
            f"e{c:05d}",
            told_in="w",
            order=c,
            participants=everyone
            if c in (0, columns - 1)
            else {f"p{c * 7 % entities:04d}": "present"},
        )
        for c in range(columns)
    ]
    return Story(title="Crowd", works=[Work("w")], entities=people, events=events)


def drawn_within(story: Story, view: str) -> tuple[Any, float, int]:
    """The scene and its DOT, timed in CPU seconds, with the peak traced memory."""
    tracemalloc.start()
    started = time.process_time()
    try:
        scene = build(story, view)
        source = to_dot(scene)
        seconds = time.process_time() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source.rstrip().endswith("}")
    return scene, seconds, peak


class TestBounded:
    """Hostile but small inputs draw in seconds and bounded memory (a guard against blow-ups)."""

    def test_event_in_ten_thousand_threads(self) -> None:
        """An event on 10,000 threads: its lanes and markers in seconds, not minutes."""
        scene, seconds, peak = drawn_within(many_threads(), "storyline")
        assert scene.stats["lanes"] == 10_000
        markers = [mark for mark in scene.marks if mark.tooltip and "Everything" in mark.tooltip]
        assert len(markers) == 10_000  # every lane still gets the event's marker
        assert seconds < 60  # took 190 s and 2.9 GB before
        assert peak < 250e6

    def test_tooltip_counts_what_it_leaves_out(self) -> None:
        """An event's hover text names 30 threads and counts the rest."""
        from plotline._render._labels import TOOLTIP_NAMES, event_tooltip

        story = many_threads(100)
        tooltip = event_tooltip(story, story.events[0])
        assert f"Thread {TOOLTIP_NAMES - 1} and {100 - TOOLTIP_NAMES:,} more" in tooltip
        assert f"Thread {TOOLTIP_NAMES}," not in tooltip

    def test_crowd_of_two_thousand(self) -> None:
        """2,000 entities across 3,000 columns: seconds, and lines drawn near appearances."""
        from plotline._render.views.cast import NEAR

        started = time.process_time()
        scene = build(crowd(), "cast")
        to_dot(scene)
        assert time.process_time() - started < 90  # about 5 s; no longer a point per column
        lines = [line for line in scene.lines if "entity-line" in line.classes]
        assert len(lines) == 2000
        # two appearances each (a few have three): points near them, not 3,000 per line
        assert max(len(line.points) for line in lines) <= 4 * (2 * NEAR + 1)

    def test_crowd_memory(self) -> None:
        """The traced peak of a 2,000-line chart stays bounded."""
        _, _, peak = drawn_within(crowd(2000, 500), "cast")
        assert peak < 150e6  # 42 MB measured

    def test_dense_lines_keep_their_appearances(self) -> None:
        """A dense chart's line passes through every marker it carries."""
        story = generate(300, 10)
        scene = build(story, "cast")
        lines = {
            line.tooltip: set(line.points) for line in scene.lines if "entity-line" in line.classes
        }
        for mark in scene.marks:
            if "appearance" in mark.classes and mark.tooltip:
                name = mark.tooltip.split(":")[0]
                on = [points for tooltip, points in lines.items() if tooltip.split(" (")[0] == name]
                assert any((mark.x, mark.y) in points for points in on)

    @given(st.text(alphabet="ab\r\n\t\x00\u202e", max_size=9000))
    def test_long_text_cleaned_as_before(self, text: str) -> None:
        """Cleaning only what reaches the cut gives what cleaning it all gave."""
        from plotline._render._quote import _clean_cut, _cut, clean

        assert _clean_cut(text) == _cut(clean(text))


# ---------------------------------------------------------------------------
# Layout


LaneProblem = tuple[int, list[tuple[int, list[int]]], list[tuple[int, int] | None], tuple[int, ...]]


@st.composite
def lane_problems(draw: st.DrawFn) -> LaneProblem:
    """Lanes, connectors ``(column, lanes)``, each lane's drawn span (or None), and an order."""
    count = draw(st.integers(1, 8))
    lane = st.integers(0, count - 1)
    column = st.integers(0, 30)
    connectors = draw(st.lists(st.tuples(column, st.lists(lane, min_size=1, max_size=4))))
    span = st.tuples(column, column).map(lambda ends: (min(ends), max(ends)))
    active = draw(st.lists(st.none() | span, min_size=count, max_size=count))
    order = tuple(draw(st.permutations(range(count))))
    return count, connectors, active, order


def crossings_by_definition(
    order: Sequence[int],
    connectors: Sequence[tuple[int, Sequence[int]]],
    active: Sequence[tuple[int, int] | None],
) -> int:
    """Drawn lanes strictly between a connector's top and bottom lane, not its own."""
    order = list(order)
    total = 0
    for column, lanes in connectors:
        places = sorted(order.index(lane) for lane in lanes)
        for place in range(places[0] + 1, places[-1]):
            span = active[order[place]]
            if order[place] not in lanes and span is not None and span[0] <= column <= span[1]:
                total += 1
    return total


class TestLayout:
    """The layout algorithms."""

    @given(st.lists(st.integers(0, 50), max_size=60))
    def test_inversions(self, values: list[int]) -> None:
        """The merge count equals the pairwise count."""
        brute = sum(
            1
            for i in range(len(values))
            for j in range(i + 1, len(values))
            if values[i] > values[j]
        )
        assert inversions(values) == brute

    @given(st.lists(st.lists(st.integers(0, 7), min_size=1, max_size=4), max_size=30))
    def test_lane_order_never_worse_than_declared(self, groups_: list[list[int]]) -> None:
        """The order found is a permutation no worse than the declared one."""
        order = lane_order(8, groups_).order
        assert sorted(order) == list(range(8))
        position = [0] * 8
        for place, lane in enumerate(order):
            position[lane] = place
        multi = [g for g in groups_ if len(set(g)) > 1]
        assert span_cost(position, multi) <= span_cost(list(range(8)), multi)

    def test_lane_order_finds_a_hidden_chain(self) -> None:
        """Lanes that meet only their neighbours in a shuffled chain end up in a chain."""
        rng = random.Random(3)
        chain = list(range(20))
        rng.shuffle(chain)
        groups_ = [(chain[i], chain[i + 1]) for i in range(19)] * 3
        order = lane_order(20, groups_).order
        position = [0] * 20
        for place, lane in enumerate(order):
            position[lane] = place
        assert span_cost(position, groups_) == 0

    def test_connector_crossings_counts_active_lanes(self) -> None:
        """A lane between a connector's ends counts only while it is drawn."""
        assert connector_crossings([0, 1, 2], [(5, (0, 2))], [(0, 9), (0, 9), (0, 9)]) == 1
        assert connector_crossings([0, 1, 2], [(5, (0, 2))], [(0, 9), None, (0, 9)]) == 0

    @given(lane_problems())
    def test_connector_crossings_as_defined(self, problem: LaneProblem) -> None:
        """The sweep counts what the definition counts, lane by lane."""
        _, connectors, active, order = problem
        assert connector_crossings(order, connectors, active) == crossings_by_definition(
            order, connectors, active
        )

    @given(lane_problems(), st.none() | st.integers(0, 40))
    def test_lane_order_never_worse(self, problem: LaneProblem, work: int | None) -> None:
        """However little swap work it may do, the order is no worse than the declared one.

        The crossings it reports are those of its order and of the declared order.
        """
        count, connectors, active, _ = problem
        found = lane_order(
            count,
            [lanes for _, lanes in connectors],
            columns=[column for column, _ in connectors],
            active=active,
            swap_work=work,
        )
        assert sorted(found.order) == list(range(count))
        assert found.crossings <= found.declared
        assert found.crossings == crossings_by_definition(found.order, connectors, active)
        declared = crossings_by_definition(range(count), connectors, active)
        assert found.declared == declared

    def test_capped_swaps_still_help(self) -> None:
        """With the swap work capped hard, a 3,000-event story still gets a better order."""
        story = generate(3000, 60)
        index = {thread.id: place for place, thread in enumerate(story.threads)}
        groups_ = [tuple(index[t] for t in event.threads) for event in story.events]
        active: list[tuple[int, int] | None] = [None] * len(index)
        for column, lanes in enumerate(groups_):
            for lane in lanes:
                span = active[lane]
                active[lane] = (column, column) if span is None else (span[0], column)
        columns = range(len(groups_))
        capped = lane_order(60, groups_, columns=columns, active=active, swap_work=100)
        full = lane_order(60, groups_, columns=columns, active=active)
        assert capped.order != full.order
        assert capped.declared == full.declared
        assert full.crossings < full.declared
        assert capped.crossings < capped.declared

    @given(
        st.lists(
            st.lists(st.integers(0, 5), min_size=1, max_size=3, unique=True),
            min_size=1,
            max_size=25,
        )
    )
    def test_narrative_groups_together(self, groups_: list[list[int]]) -> None:
        """Each column keeps its group adjacent, and the crossings are the recounted ones."""
        drawn = [[True] * 6 for _ in groups_]
        layout = narrative_orders(6, groups_, drawn)
        total = 0
        for index, (order, group) in enumerate(zip(layout.orders, groups_, strict=True)):
            places = sorted(order.index(member) for member in group)
            assert places == list(range(places[0], places[0] + len(group)))
            if index:
                before = layout.orders[index - 1]
                total += inversions([before.index(e) for e in order])
        assert layout.crossings == total


# ---------------------------------------------------------------------------
# Gallery: the PNGs in docs/img


def _gallery() -> list[tuple[str, Story, str, str]]:
    story = small_story()
    pictures = [(f"glass-harbour-{view}", story, view, "light") for view in VIEWS]
    pictures.append(("glass-harbour-storyline-dark", story, "storyline", "dark"))
    hero = EXAMPLES / "hero-mask"
    if hero.is_dir():
        from plotline._io import load

        loaded = load(hero)
        pictures += [(f"hero-mask-{view}", loaded, view, "light") for view in VIEWS]
        # The real-story gallery: a novel series, a film saga, a time-travel series.
        for folder, views in (
            ("harry-potter", ("storyline", "cast", "knowledge")),
            ("star-wars", ("chronology", "releases")),
            ("doctor-who", ("storyline", "chronology")),
        ):
            bible = load(EXAMPLES / folder)
            pictures += [(f"{folder}-{view}", bible, view, "light") for view in views]
    data = ROOT.parent / "shared" / "data"
    if data.is_dir():  # the gallery at scale, from real third-party data
        from plotline.importers import import_story

        miserables = import_story(data / "sgb_books" / "jean.dat", "sgb").story
        pulp = import_story(data / "storyexplorer" / "pulp_fiction_simple.json", "storyexplorer")
        pictures += [
            ("les-miserables-cast", miserables, "cast", "light"),
            ("pulp-fiction-chronology", pulp.story, "chronology", "light"),
        ]
    return pictures


@pytest.mark.exe
class TestGallery:
    """The example images render; PLOTLINE_UPDATE_IMAGES=1 rewrites docs/img from them."""

    def test_images(self, tmp_path: Path) -> None:
        """Every gallery picture renders to a PNG."""
        update = os.environ.get("PLOTLINE_UPDATE_IMAGES") == "1"
        folder = IMAGES if update else tmp_path
        folder.mkdir(parents=True, exist_ok=True)
        from plotline._render import write

        for name, story, view, theme in _gallery():
            found = report(story)
            graph = render(story, view, report=found, theme=theme)
            path = write(graph, folder / f"{name}.png")
            data = path.read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
            # The PNG is the whole scene at 96 dpi, with Graphviz's margin of 18 points a side.
            stats = render_stats(story, view, report=found, theme=theme)
            width, height = struct.unpack(">II", data[16:24])
            assert abs(width * 3 / 4 - stats["width"] - 36) <= 3, (name, width, stats)
            assert abs(height * 3 / 4 - stats["height"] - 36) <= 3, (name, height, stats)


# ---------------------------------------------------------------------------
# Odd stories


ODD = {
    "empty": Story(),
    "no works": Story(events=[Event("a", title="A", threads=["t"]), Event("b", mode="dream")]),
    "one event": Story(
        works=[Work("w")],
        events=[Event("a", told_in="w", participants={"x": "dies"})],
        entities=[Entity("x")],
    ),
    "undated releases": Story(works=[Work("w")], releases=[Release("w", "streaming")]),
    "open run": Story(
        works=[Work("w")],
        releases=[Release("w", "broadcast", start=parse_time("2020-01-01"), region="JP")],
    ),
    "deep tree": Story(
        works=[Work("a"), Work("b", parent="a"), Work("c", parent="b"), Work("d", parent="c")],
        events=[Event(f"e{i}", told_in="d", order=i, threads=["t"]) for i in range(3)],
    ),
}


class TestOddStories:
    """Stories with little in them, or odd shapes, still draw every view."""

    @pytest.mark.parametrize("view", list(VIEWS))
    @pytest.mark.parametrize("name", list(ODD))
    @pytest.mark.parametrize("theme", ["light", "dark"])
    def test_renders(self, name: str, view: str, theme: str) -> None:
        """The DOT source is produced and names the view."""
        source = render(ODD[name], view, theme=theme).source
        assert f"Story: {view}" in source

    @pytest.mark.exe
    @pytest.mark.parametrize("view", list(VIEWS))
    @pytest.mark.parametrize("name", list(ODD))
    def test_draws(self, name: str, view: str) -> None:
        """Graphviz draws it without complaint."""
        root = svg(render(ODD[name], view))
        assert "Legend" in texts(root) or view == "releases"


# ---------------------------------------------------------------------------
# Backstory: events told nowhere lead the telling views.


def backstory_story() -> Story:
    """Two episodes, and two backstory events written last: one long before, one in between."""
    t = parse_time
    return Story(
        title="Backstory",
        works=[Work("e1", kind="episode", number=1), Work("e2", kind="episode", number=2)],
        entities=[Entity("ana", name="Ana"), Entity("ben", name="Ben")],
        events=[
            Event("meet", told_in="e1", when=t("2020-01-01"), participants={"ana": "present"}),
            Event("part", told_in="e2", when=t("2020-06-01"), participants={"ana": "present"}),
            Event("war", when=t("1990"), participants={"ana": "born", "ben": "dies"}),
            Event("spring", when=t("2020-03-01"), participants={"ana": "present"}),
        ],
    )


def event_xs(scene: Any, event_id: str) -> list[float]:
    """The x of every mark whose tooltip names the event (its marker, a cast line's dot)."""
    return [
        mark.x
        for mark in scene.marks
        if mark.tooltip
        and (mark.tooltip.endswith(f"id: {event_id}") or f"\n{event_id} (" in mark.tooltip)
    ]


class TestBackstory:
    """Backstory is drawn before the first installment, never after the last."""

    @pytest.mark.parametrize("view", ["storyline", "cast"])
    def test_backstory_columns_lead(self, view: str) -> None:
        """Each backstory event's column is left of every told event's, in story order."""
        scene = build(backstory_story(), view)
        war, spring = max(event_xs(scene, "war")), max(event_xs(scene, "spring"))
        told = min(x for e in ("meet", "part") for x in event_xs(scene, e))
        assert war < spring < told
        header = [m for m in scene.marks if "backstory" in m.classes]
        assert len(header) == 1
        assert header[0].label is not None
        assert "before the story" in header[0].label.lines

    def test_cast_tooltip_says_backstory(self) -> None:
        """A backstory event says it is told in no installment."""
        scene = build(backstory_story(), "storyline")
        tips = [m.tooltip for m in scene.marks if m.tooltip and m.tooltip.endswith("id: war")]
        assert tips
        assert "backstory (told in no installment)" in tips[0]

    def test_chronology_tells_backstory_first_and_places_it_by_story_time(self) -> None:
        """Telling row: backstory first. Story row: by date, between the episodes if dated so."""
        scene = build(backstory_story(), "chronology")
        ys = [m.y for m in scene.marks if m.tooltip and "id: meet" in m.tooltip]
        middle = (min(ys) + max(ys)) / 2

        def at(event_id: str, *, told: bool) -> float:
            (x,) = [
                m.x
                for m in scene.marks
                if m.tooltip and m.tooltip.endswith(f"id: {event_id}") and (m.y < middle) == told
            ]
            return x

        order = ("war", "spring", "meet", "part")
        assert sorted(order, key=lambda e: at(e, told=True)) == list(order)
        happened = ("war", "meet", "spring", "part")
        assert sorted(order, key=lambda e: at(e, told=False)) == list(happened)


class TestNewModes:
    """Time travel and false accounts draw in every view, each with a marker of its own."""

    @pytest.mark.parametrize("view", ["storyline", "chronology", "cast"])
    def test_drawn(self, view: str) -> None:
        """The chronology links them in colours of their own; a false death is no death."""
        t = parse_time
        story = Story(
            works=[Work("e1", number=1)],
            entities=[Entity("rose", name="Rose")],
            events=[
                Event("home", told_in="e1", participants={"rose": "present"}),
                Event(
                    "trip",
                    told_in="e1",
                    when=t("1869-12-24"),
                    mode="time-travel",
                    participants={"rose": "present"},
                ),
                Event("lie", told_in="e1", mode="false-account", participants={"rose": "dies"}),
            ],
        )
        scene = build(story, view)
        classes = " ".join(mark.classes for mark in scene.marks)
        if view != "cast":
            assert "time-travel" in classes
            assert "false-account" in classes
        lie = [
            m
            for m in scene.marks
            if m.tooltip and ("id: lie" in m.tooltip or "\nlie (" in m.tooltip)
        ]
        assert lie
        assert not [m for m in lie if "death" in m.classes]


# ---------------------------------------------------------------------------
# What each option changes in the DOT source


def shown_events(source: str, story: Story) -> set[str]:
    """The ids of the story's events whose titles appear in a DOT source."""
    return {event.id for event in story.events if event.title and event.title in source}


class TestWhatOptionsChange:
    """Each option of render() changes the output, and only in its own way."""

    def test_no_option_draws_every_event(self) -> None:
        """By default every event of the story is drawn."""
        story = small_story()
        assert shown_events(render(story).source, story) == {e.id for e in story.events}

    def test_threads(self) -> None:
        """threads= draws the events on those threads, no others."""
        story = small_story()
        expected = {e.id for e in story.events if "murder" in e.threads}
        assert len(expected) == 6
        assert shown_events(render(story, threads="murder").source, story) == expected

    def test_entities(self) -> None:
        """entities= draws the events those entities take part in, no others."""
        story = small_story()
        expected = {e.id for e in story.events if "kaito" in e.participants}
        assert len(expected) == 7
        assert shown_events(render(story, entities=["kaito"]).source, story) == expected

    def test_works(self) -> None:
        """works= draws the events told in those works (or below them), no others."""
        story = small_story()
        expected = {e.id for e in story.events if (e.told_in or "").startswith("s1")}
        assert len(expected) == 9
        source = render(story, works="s1").source
        assert shown_events(source, story) == expected
        assert "Undertow" not in source  # nor the works outside

    def test_as_of(self) -> None:
        """as_of= draws what is told up to and including that installment."""
        story = small_story()
        expected = {e.id for e in story.events if e.told_in in {"s1e01", "s1e02"}}
        source = render(story, as_of="s1e02").source
        assert shown_events(source, story) == expected
        assert "Salt" not in source

    def test_report_marks_findings(self) -> None:
        """report= adds the findings' marks and tooltips; without it there are none."""
        story = small_story()
        plain = render(story).source
        marked = render(story, report=report(story)).source
        assert "PL301 error: The Harbourmaster appears" in marked
        assert 'class="legend finding"' in marked
        assert "PL301" not in plain
        assert "finding" not in plain

    def test_theme_changes_colours_not_layout(self) -> None:
        """theme= changes the colours; every position stays where it was."""
        story = small_story()
        light, dark = render(story).source, render(story, theme="dark").source
        assert 'bgcolor="#ffffff"' in light
        assert 'bgcolor="#1b1d23"' in dark
        assert "#1b1d23" not in light
        positions = re.compile(r'pos="[^"]*"')
        assert positions.findall(light) == positions.findall(dark)
        assert light != dark


class TestDotCut:
    """A text reaches the DOT source whole up to 2,000 characters, cut with an ellipsis above."""

    def test_labels_and_tooltips_at_the_limit(self) -> None:
        """2,000 characters pass whole; 2,001 are cut to 1,999 and an ellipsis."""
        assert LIMIT == 2000
        for escape in (escape_label, escape_tooltip):
            assert escape("a" * LIMIT) == "a" * LIMIT
            assert escape("a" * (LIMIT + 1)) == "a" * (LIMIT - 1) + "…"
            assert escape("a" * 50_000) == "a" * (LIMIT - 1) + "…"

    def test_multi_line_labels_share_the_budget(self) -> None:
        """The lines of one label share the 2,000 characters, counting each line break."""
        whole = Text(("a" * 999, "b" * 1000))
        assert whole.dot() == '"' + "a" * 999 + "\\n" + "b" * 1000 + "\\n" + '"'
        cut = Text(("a" * 1000, "b" * 1000)).dot()
        assert cut == '"' + "a" * 1000 + "\\n" + "b" * 998 + "…\\n" + '"'
        dropped = Text(("a" * 2000, "b")).dot()
        assert "b" not in dropped

    def test_a_long_summary_reaches_the_source_cut(self) -> None:
        """A 5,000-character event title is in the DOT as 1,999 characters and an ellipsis."""
        long = "x" * 5000
        source = render(small_story(**{"body-found": long})).source
        assert "x" * (LIMIT - 1) + "…" in source
        assert "x" * LIMIT not in source
