"""Journeys: ``[[routes]]`` in files, the fastest way between places, and PL306."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import plotline
from conftest import EXAMPLES, cli
from plotline import Entity, Event, Route, Story
from plotline._order._travel import Travel
from strategies import journeys

ROUTES = """\
[[entities]]
id = "harry"

[[entities]]
id = "london"
kind = "place"

[[entities]]
id = "hogsmeade"
kind = "place"

[[entities]]
id = "hogwarts"
kind = "place"

[[entities]]
id = "great-hall"
kind = "place"
within = "hogwarts"

[[routes]]
from = "london"
to = "hogsmeade"
time = "PT8H"
by = "train"
sources = []

[[routes]]
id = "lake"
from = "hogsmeade"
to = "hogwarts"
time = "PT30M"
by = "boat"
oneway = true
note = "first-years cross the lake"
meta = { season = "autumn" }
"""


def events(*visits: tuple[str, str, str]) -> list[Event]:
    """Harry's visits: ``(id, when, place)``."""
    return [
        Event(id, when=when, location=place, participants={"harry": "present"})
        for id, when, place in visits
    ]


def story(*visits: tuple[str, str, str]) -> Story:
    return plotline.loads(ROUTES, format="toml").evolve(events=events(*visits))


def pl306(story: Story) -> list[plotline.Finding]:
    findings = plotline.check(story, select=["PL306"]).findings
    return [finding for finding in findings if not finding.suppressed]


class TestFile:
    """``[[routes]]`` load, dump, round-trip and are in the schema."""

    def test_load(self) -> None:
        loaded = plotline.loads(ROUTES, format="toml")
        train, lake = loaded.routes
        assert (train.from_, train.to, str(train.time), train.by) == (
            "london",
            "hogsmeade",
            "PT8H",
            "train",
        )
        assert lake.oneway
        assert lake.meta == {"season": "autumn"}
        assert lake.origin is not None

    @pytest.mark.parametrize("format", ["toml", "yaml", "json"])
    def test_round_trip(self, format: str) -> None:
        loaded = plotline.loads(ROUTES, format="toml")
        text = plotline.dumps(loaded, format=format)
        assert "from" in text
        assert "from_" not in text
        assert plotline.loads(text, format=format) == loaded

    def test_schema(self) -> None:
        schema = plotline.story_schema()
        route = schema["$defs"]["Route"]
        assert set(route["required"]) == {"from", "to", "time"}
        assert "from_" not in route["properties"]
        assert schema["properties"]["routes"]["items"] == {"$ref": "#/$defs/Route"}

    def test_a_bad_time_is_located(self) -> None:
        text = ROUTES.replace('"PT8H"', '"8 hours"')
        with pytest.raises(plotline.LoadError) as error:
            plotline.loads(text, format="toml", file="hp.toml")
        assert "hp.toml:24:1" in str(error.value)
        assert "routes[0].time" in str(error.value)

    def test_a_missing_end_is_located(self) -> None:
        text = ROUTES.replace('to = "hogsmeade"\n', "")
        with pytest.raises(plotline.LoadError, match="this route has no 'to'"):
            plotline.loads(text, format="toml")

    def test_unknown_places_are_pl102(self) -> None:
        text = ROUTES.replace('to = "hogwarts"', 'to = "hogwartz"')
        loaded = plotline.loads(text, format="toml")
        (finding,) = plotline.check(loaded, select=["PL102"]).findings
        assert "'hogwartz'" in finding.message
        assert "did you mean 'hogwarts'" in finding.message

    def test_from_python(self) -> None:
        route = Route(from_="a", to="b", time="P3D", by="ship")
        assert route.time.min_seconds == 3 * 86_400
        assert route.label == "a ↔ b"
        with pytest.raises(plotline.TimeValueError):
            Route(from_="a", to="b", time="3 days")


class TestTravel:
    """Shortest paths over routes, with places inside places zero apart."""

    def test_via_and_within(self) -> None:
        travel = Travel(
            [Entity("great-hall", kind="place", within="hogwarts")],
            [Route("london", "hogsmeade", "PT8H"), Route("hogsmeade", "hogwarts", "PT30M")],
        )
        journey = travel.fastest("london", "great-hall")
        assert journey is not None
        assert journey.places == ("london", "hogsmeade", "hogwarts", "great-hall")
        assert journey.seconds == 8.5 * 3_600

    def test_oneway(self) -> None:
        travel = Travel([], [Route("a", "b", "PT1H", oneway=True)])
        assert travel.seconds("a", "b") == 3_600
        assert travel.seconds("b", "a") is None

    def test_the_fastest_of_two_ways(self) -> None:
        travel = Travel(
            [], [Route("a", "c", "P1D"), Route("a", "b", "PT2H"), Route("b", "c", "PT3H")]
        )
        assert travel.seconds("c", "a") == 5 * 3_600

    def test_a_month_is_its_shortest(self) -> None:
        assert Travel([], [Route("a", "b", "P1M")]).seconds("a", "b") == 28 * 86_400


class TestCannotGetThere:
    """PL306 fires on journeys too fast for the routes, and only then."""

    def test_too_fast(self) -> None:
        (finding,) = pl306(
            story(
                ("kings-cross", "1991-09-01T11:00", "london"),
                ("feast", "1991-09-01T13:00", "great-hall"),
            )
        )
        assert finding.severity == "error"
        assert finding.subjects == ("harry", "feast", "kings-cross")
        assert "london → hogsmeade → hogwarts → great-hall" in finding.message
        assert "(by train, boat), 8 hours 30 minutes" in finding.message

    def test_enough_time(self) -> None:
        assert not pl306(
            story(
                ("kings-cross", "1991-09-01T11:00", "london"),
                ("feast", "1991-09-01T20:00", "great-hall"),
            )
        )

    def test_one_way_only_binds_that_way(self) -> None:
        """The lake goes only to Hogwarts; back from Hogwarts the way is unknown: no finding."""
        assert not pl306(
            story(
                ("feast", "1991-09-01T20:00", "hogwarts"),
                ("hogsmeade-visit", "1991-09-01T20:10", "hogsmeade"),
            )
        )
        assert pl306(
            story(
                ("hogsmeade-visit", "1991-09-01T20:00", "hogsmeade"),
                ("feast", "1991-09-01T20:10", "hogwarts"),
            )
        )

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            ("1991-09-01", "1991-09-02"),  # a day apart may be 47 hours
            ("1991-09", "1991-09-01T13:00"),  # a month leaves room
            ("1991", "1991"),
        ],
    )
    def test_imprecise_dates_never_cry_wolf(self, first: str, second: str) -> None:
        assert not pl306(story(("a", first, "london"), ("b", second, "hogwarts")))

    def test_no_route_no_finding(self) -> None:
        """Unknown geography is not an error."""
        text = ROUTES + '\n[[entities]]\nid = "paris"\nkind = "place"\n'
        loaded = plotline.loads(text, format="toml").evolve(
            events=events(("a", "1991-09-01T11:00", "london"), ("b", "1991-09-01T11:05", "paris"))
        )
        assert not pl306(loaded)

    @pytest.mark.parametrize("mode", ["time-travel", "dream", "false-account"])
    def test_modes_that_do_not_bind(self, mode: str) -> None:
        visits = events(("a", "1991-09-01T11:00", "london"), ("b", "1991-09-01T12:00", "hogwarts"))
        loaded = story().evolve(events=[visits[0], Event(**{**_fields(visits[1]), "mode": mode})])
        assert not pl306(loaded)

    def test_ghosts_and_mentions_do_not_travel(self) -> None:
        for role in ("ghost", "mentioned"):
            visits = events(
                ("a", "1991-09-01T11:00", "london"), ("b", "1991-09-01T12:00", "hogwarts")
            )
            ghost = Event(**{**_fields(visits[1]), "participants": {"harry": role}})
            assert not pl306(story().evolve(events=[visits[0], ghost]))

    def test_same_day_overlap_is_pl303s(self) -> None:
        found = plotline.check(
            story(("a", "1991-09-01", "london"), ("b", "1991-09-01", "hogwarts")),
            select=["PL303", "PL306"],
        ).findings
        assert [finding.code for finding in found] == ["PL303"]

    def test_allow(self) -> None:
        visits = events(("a", "1991-09-01T11:00", "london"), ("b", "1991-09-01T12:00", "hogwarts"))
        allowed = Event(**{**_fields(visits[1]), "allow": ["PL306"]})
        assert not pl306(story().evolve(events=[visits[0], allowed]))

    def test_command_line(self, tmp_path: Path) -> None:
        path = tmp_path / "hp.toml"
        text = plotline.dumps(
            story(("a", "1991-09-01T11:00", "london"), ("b", "1991-09-01T12:00", "hogwarts")),
            format="toml",
        )
        path.write_text(text, encoding="utf-8")
        status, out, _ = cli("check", str(path), "--select", "PL306")
        assert status == 1
        assert "PL306 error: harry cannot get from 'london'" in out


class TestGallery:
    """The Harry Potter example's Hogwarts Express is a route that stays quiet."""

    def test_the_express_loads_and_stays_quiet(self) -> None:
        story = plotline.load(EXAMPLES / "harry-potter")
        (express,) = story.routes
        assert (express.from_, express.to, express.by) == ("kings-cross", "hogsmeade", "train")
        travel = Travel(story.entities, story.routes)
        assert travel.seconds("diagon-alley", "great-hall") == 6 * 3_600
        assert not pl306(story)


class TestShow:
    """``plotline show --routes`` lists the routes, with a quicker way where there is one."""

    def test_routes_table(self, tmp_path: Path) -> None:
        path = tmp_path / "hp.toml"
        text = ROUTES + '\n[[routes]]\nfrom = "london"\nto = "hogwarts"\ntime = "P1D"\n'
        path.write_text(text, encoding="utf-8")
        status, out, _ = cli("show", str(path), "--routes")
        assert status == 0
        assert out.startswith("hp.toml: 3 routes")
        assert "one way" in out
        assert "8 hours 30 minutes" in out  # london to hogwarts by train and boat beats a day


def _fields(event: Event) -> dict[str, object]:
    return {
        "id": event.id,
        "when": event.when,
        "location": event.location,
        "participants": dict(event.participants),
    }


class TestLaw:
    """Journeys along a hidden timeline that respects the routes never give PL306."""

    @settings(max_examples=150, deadline=None)
    @given(journeys())
    def test_respecting_the_routes_is_quiet(self, drawn: tuple[Story, object, list[int]]) -> None:
        story, _, _ = drawn
        assert not pl306(story)

    @settings(max_examples=150, deadline=None)
    @given(journeys(too_fast=True))
    def test_a_planted_fast_journey_is_found(self, drawn: tuple[Story, object, list[int]]) -> None:
        story, planted, _ = drawn
        found = {frozenset(finding.subjects[1:]) for finding in pl306(story)}
        if planted is None:
            assert not found
        else:
            assert frozenset(planted) in found


class TestSolverGaps:
    """Travel time along the implied order tightens an undated event's bounds."""

    @staticmethod
    def three(*routes: Route) -> Story:
        harry = {"harry": "present"}
        return Story(
            works=[plotline.Work("e1")],
            entities=[Entity("harry"), Entity("london", kind="place"), Entity("hogwarts")],
            routes=routes,
            events=[
                Event(
                    "a",
                    told_in="e1",
                    when="1991-09-01T11:00",
                    location="london",
                    participants=harry,
                ),
                Event("b", told_in="e1", location="hogwarts", participants=harry),
                Event(
                    "c",
                    told_in="e1",
                    when="1991-09-02T11:00",
                    location="hogwarts",
                    participants=harry,
                ),
            ],
        )

    def test_an_undated_event_waits_for_the_journey(self) -> None:
        without = plotline.solve(self.three()).bounds["b"].earliest
        with_train = plotline.solve(self.three(Route("london", "hogwarts", "PT8H"))).bounds["b"]
        assert without is not None
        assert with_train.earliest == without + 8 * 3_600

    def test_the_journey_counts_from_the_persons_last_place(self) -> None:
        """Ron's scene between Harry's two does not hide Harry's journey."""
        story = self.three(Route("london", "hogwarts", "PT8H"))
        ron = Event("x", told_in="e1", location="hogsmeade", participants={"ron": "present"})
        a, b, c = story.events
        solution = plotline.solve(story.evolve(events=(a, ron, b, c)))
        assert a.when is not None
        assert solution.bounds["b"].earliest == a.when.lower + 8 * 3_600

    def test_a_dated_event_starts_a_new_run(self) -> None:
        """Only the implied order carries the journey: a dated event between breaks the run."""
        story = self.three(Route("london", "hogwarts", "PT8H"))
        a, b, c = story.events
        dated = Event("d", told_in="e1", when="1991-09-01T11:30", participants={"ron": "present"})
        solution = plotline.solve(story.evolve(events=(a, dated, b, c)))
        assert dated.when is not None
        assert solution.bounds["b"].earliest == dated.when.lower

    def test_a_journey_that_does_not_fit_overrides_nothing(self) -> None:
        """Hard facts win: a too-slow journey is PL306's to report, not an unmarked flashback."""
        story = self.three(Route("london", "hogwarts", "P3D")).evolve(
            constraints=[plotline.Constraint(before="b", after="c")]
        )
        solution = plotline.solve(story)
        assert not solution.overridden
        assert [event.id for event in solution.chronology] == ["a", "b", "c"]
        assert pl306(story)

    def test_ghosts_and_other_people_need_no_journey(self) -> None:
        story = self.three(Route("london", "hogwarts", "PT8H"))
        ghost = Event("b", told_in="e1", location="hogwarts", participants={"harry": "ghost"})
        other = Event("b", told_in="e1", location="hogwarts", participants={"ron": "present"})
        base = plotline.solve(self.three()).bounds["b"].earliest
        for b in (ghost, other):
            events = (story.events[0], b, story.events[2])
            assert plotline.solve(story.evolve(events=events)).bounds["b"].earliest == base

    @settings(max_examples=150, deadline=None)
    @given(journeys(), st.data())
    def test_travel_gaps_keep_the_hidden_timeline(
        self, drawn: tuple[Story, object, list[int]], data: st.DataObject
    ) -> None:
        """Told in the order they happen, some undated: every hidden start stays possible."""
        story, _, starts = drawn
        told = [
            attrs.evolve(event, told_in="w", when=None if data.draw(st.booleans()) else event.when)
            for event in story.events
        ]
        solution = plotline.solve(story.evolve(works=[plotline.Work("w")], events=told))
        for event, start in zip(told, starts, strict=True):
            bounds = solution.bounds[event.id]
            assert bounds.earliest is None or bounds.earliest <= start
            assert bounds.latest_start is None or start <= bounds.latest_start
