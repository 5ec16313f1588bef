"""Tests for the continuity rules PL301-PL305."""

from __future__ import annotations

from typing import Any

import attrs

from conftest import EXAMPLES
from plotline._check import Config, check
from plotline._check._context import Context
from plotline._io import load
from plotline._model import CheckSettings, Entity, Event, Story, Work
from plotline._time import Duration, parse_time


def season(count: int, sid: str = "s1", number: int = 1) -> list[Work]:
    """A season with ``count`` episodes named ``s1e01``…"""
    works = [Work(sid, kind="season", number=number)]
    works += [
        Work(f"{sid}e{i:02d}", parent=sid, kind="episode", number=i) for i in range(1, count + 1)
    ]
    return works


def ev(id: str, told_in: str, when: str | None = None, **kw: Any) -> Event:
    """An event, with ``when`` parsed from text."""
    return Event(id, told_in=told_in, when=None if when is None else parse_time(when), **kw)


def codes(story: Story, **kw: Any) -> list[str]:
    """The codes of the active findings of a check with no project config."""
    return [f.code for f in check(story, config=Config(), **kw)]


def findings(story: Story, code: str, **kw: Any) -> list[Any]:
    """The active findings of one rule."""
    return list(check(story, select=[code], config=Config(), **kw))


FARADAY = Entity("faraday", name="Faraday")


def faraday_story(*events: Event) -> Story:
    """Faraday dies in s1e02; the given events follow."""
    death = ev("faraday-dies", "s1e02", participants={"faraday": "dies"})
    return Story(works=season(6), entities=[FARADAY], events=[death, *events])


class TestActsAfterDeath:
    """PL301 acts-after-death."""

    def test_present_after_death_fires(self) -> None:
        """An on-scene role in a later present-mode event is a finding."""
        story = faraday_story(ev("docks", "s1e04", participants={"faraday": "present"}))
        (finding,) = findings(story, "PL301")
        assert finding.subjects == ("faraday", "docks")
        assert "after dying in 'faraday-dies' (s1e02)" in finding.message
        assert 'mode = "flashback"' in finding.message
        assert finding.related[0].subject == "faraday-dies"
        assert codes(story) == ["PL301"]

    def test_flashback_dream_vision_recap_never_fire(self) -> None:
        """Non-present modes show the past or the unreal."""
        story = faraday_story(
            *(
                ev(f"e-{mode}", "s1e04", mode=mode, participants={"faraday": "present"})
                for mode in ("flashback", "dream", "vision", "recap")
            )
        )
        assert findings(story, "PL301") == []

    def test_mentioned_and_voice_never_fire(self) -> None:
        """Being named or heard does not place anyone in a scene."""
        story = faraday_story(
            ev("letter", "s1e03", participants={"faraday": "mentioned"}),
            ev("tape", "s1e04", participants={"faraday": "voice"}),
        )
        assert codes(story) == []

    def test_returns_ends_death(self) -> None:
        """A resurrection ends the death."""
        story = faraday_story(
            ev("revived", "s1e03", participants={"faraday": "returns"}),
            ev("docks", "s1e04", participants={"faraday": "present"}),
        )
        assert codes(story) == []

    def test_before_death_is_fine(self) -> None:
        """Appearances before the death are fine."""
        story = faraday_story(ev("early", "s1e01", participants={"faraday": "present"}))
        assert codes(story) == []

    def test_dreamt_death_is_no_death(self) -> None:
        """A death in a dream does not kill."""
        story = Story(
            works=season(3),
            entities=[FARADAY],
            events=[
                ev("nightmare", "s1e01", mode="dream", participants={"faraday": "dies"}),
                ev("docks", "s1e02", participants={"faraday": "present"}),
            ],
        )
        assert codes(story) == []

    def test_destroyed_object(self) -> None:
        """Objects are destroyed rather than killed."""
        story = Story(
            works=season(3),
            entities=[Entity("mask", kind="object")],
            events=[
                ev("burned", "s1e01", participants={"mask": "destroyed"}),
                ev("worn", "s1e02", participants={"mask": "present"}),
            ],
        )
        (finding,) = findings(story, "PL301")
        assert "being destroyed" in finding.message

    def test_allow_on_event_suppresses(self) -> None:
        """``allow`` on the appearance keeps the finding, suppressed."""
        story = faraday_story(
            ev("ghost", "s1e04", participants={"faraday": "present"}, allow=["PL301"])
        )
        report = check(story, config=Config())
        assert report.active == ()
        assert [f.code for f in report.suppressed] == ["PL301"]

    def test_allow_on_entity_suppresses(self) -> None:
        """``allow`` on the entity silences its findings too."""
        ghost = Entity("faraday", name="Faraday", allow=["PL3"])
        story = faraday_story(ev("ghost", "s1e04", participants={"faraday": "present"}))
        story = story.evolve(entities=(ghost,))
        assert codes(story) == []


class TestActsBeforeIntroduction:
    """PL302 acts-before-introduction."""

    def test_present_told_before_introduction_fires(self) -> None:
        """A present-mode appearance told before the introduction is a finding."""
        story = Story(
            works=season(4),
            entities=[Entity("sarah", name="Sarah Sinclair")],
            events=[
                ev("school", "s1e01", participants={"sarah": "present"}),
                ev("arrives", "s1e03", participants={"sarah": "introduced"}),
            ],
        )
        (finding,) = findings(story, "PL302")
        assert finding.subjects == ("sarah", "school")
        assert "introduced in 'arrives' (s1e03)" in finding.message

    def test_flashback_before_introduction_is_fine(self) -> None:
        """A teaser flashback may show a face before the introduction."""
        story = Story(
            works=season(4),
            entities=[Entity("sarah")],
            events=[
                ev("teaser", "s1e01", mode="flashback", participants={"sarah": "present"}),
                ev("arrives", "s1e03", participants={"sarah": "introduced"}),
                ev("later", "s1e04", participants={"sarah": "present"}),
            ],
        )
        assert codes(story) == []

    def test_flashback_before_birth_fires(self) -> None:
        """Birth is a fact of story time: a dated flashback before it is wrong."""
        story = Story(
            works=season(4),
            entities=[Entity("theo")],
            events=[
                ev("born", "s1e01", "2001-05-01", participants={"theo": "born"}),
                ev(
                    "childhood",
                    "s1e02",
                    "1999-01-01",
                    mode="flashback",
                    participants={"theo": "present"},
                ),
            ],
        )
        (finding,) = findings(story, "PL302")
        assert "born in 'born' (s1e01)" in finding.message

    def test_after_birth_is_fine(self) -> None:
        """Appearances after the birth are fine, flashback or not."""
        story = Story(
            works=season(4),
            entities=[Entity("theo")],
            events=[
                ev("born", "s1e01", "2001-05-01", mode="flashback", participants={"theo": "born"}),
                ev("school", "s1e02", "2008", mode="flashback", participants={"theo": "present"}),
                ev("now", "s1e03", participants={"theo": "present"}),
            ],
        )
        assert codes(story) == []

    def test_no_birth_or_introduction_never_checked(self) -> None:
        """Entities without ``born`` or ``introduced`` are not checked."""
        story = Story(
            works=season(2),
            entities=[Entity("theo")],
            events=[ev("now", "s1e01", participants={"theo": "present"})],
        )
        assert codes(story) == []


def placed(id: str, when: str, location: str, told_in: str = "s1e01", **kw: Any) -> Event:
    """An event of Sarah's at a place and time."""
    return ev(id, told_in, when, location=location, participants={"sarah": "present"}, **kw)


PLACES = [Entity("sarah"), Entity("lab", kind="place"), Entity("docks", kind="place")]


class TestInTwoPlaces:
    """PL303 in-two-places."""

    def test_same_day_different_places_fires(self) -> None:
        """Two events dated the same day at different places are a finding."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[
                placed("lab-day", "2020-07-07", "lab"),
                placed("docks-day", "2020-07-07", "docks"),
            ],
        )
        (finding,) = findings(story, "PL303")
        assert set(finding.subjects) == {"sarah", "lab-day", "docks-day"}
        assert codes(story) == ["PL303"]

    def test_coarse_dates_never_fire(self) -> None:
        """Two events dated ``2020`` overlap trivially and prove nothing."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[placed("a", "2020", "lab"), placed("b", "2020", "docks")],
        )
        assert codes(story) == []

    def test_times_of_day_apart_are_fine(self) -> None:
        """Different hours of one day do not overlap."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[
                placed("a", "2020-07-07T09:00", "lab"),
                placed("b", "2020-07-07T21:00", "docks"),
            ],
        )
        assert codes(story) == []

    def test_duration_makes_overlap(self) -> None:
        """A duration extends an event's span."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[
                placed("a", "2020-07-07T09:00", "lab", duration=Duration.parse("PT3H")),
                placed("b", "2020-07-07T10:00", "docks"),
            ],
        )
        assert [f.code for f in findings(story, "PL303")] == ["PL303"]

    def test_same_place_or_missing_place_is_fine(self) -> None:
        """Only two set, different locations count."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[
                placed("a", "2020-07-07", "lab"),
                placed("b", "2020-07-07", "lab"),
                ev("c", "s1e02", "2020-07-07", participants={"sarah": "present"}),
            ],
        )
        assert codes(story) == []

    def test_voice_and_dream_do_not_place(self) -> None:
        """A phone call or a dream places nobody."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[
                placed("a", "2020-07-07", "lab"),
                ev(
                    "call", "s1e02", "2020-07-07", location="docks", participants={"sarah": "voice"}
                ),
                placed("dream", "2020-07-07", "docks", mode="dream"),
            ],
        )
        assert codes(story) == []

    def test_sweep_reports_each_clash_once(self) -> None:
        """Many events in sequence produce only the real clashes."""
        events = [placed(f"day{i}", f"2020-07-{i:02d}", "lab") for i in range(1, 29)]
        events.append(placed("odd", "2020-07-15", "docks"))
        story = Story(works=season(2), entities=PLACES, events=events)
        (finding,) = findings(story, "PL303")
        assert set(finding.subjects) == {"sarah", "odd", "day15"}


class TestDiesTwice:
    """PL304 dies-twice."""

    def test_second_death_fires(self) -> None:
        """A second death without a return is a finding."""
        story = faraday_story(ev("again", "s1e04", participants={"faraday": "dies"}))
        (finding,) = findings(story, "PL304")
        assert finding.subjects == ("faraday", "again")
        assert codes(story) == ["PL304"]

    def test_returns_between_is_fine(self) -> None:
        """A death, a return, a death: fine."""
        story = faraday_story(
            ev("revived", "s1e03", participants={"faraday": "returns"}),
            ev("again", "s1e04", participants={"faraday": "dies"}),
        )
        assert codes(story) == []

    def test_recap_of_death_is_fine(self) -> None:
        """A recap re-shows the death; it is not a second one."""
        story = faraday_story(ev("recap", "s1e04", mode="recap", participants={"faraday": "dies"}))
        assert codes(story) == []


def dropped_story(last_told: str, **entity: Any) -> Story:
    """Sarah (major) on scene once, in ``last_told``; two seasons of six episodes."""
    return Story(
        works=[*season(6), *season(6, "s2", 2)],
        entities=[Entity("sarah", name="Sarah Sinclair", importance="major", **entity)],
        events=[ev("meet", last_told, participants={"sarah": "present"})],
    )


class TestDroppedEntity:
    """PL305 dropped-entity."""

    def test_vanishing_major_character_fires(self) -> None:
        """Sarah Sinclair vanishes in season 2: a finding."""
        (finding,) = findings(dropped_story("s2e02"), "PL305")
        assert finding.subjects == ("sarah",)
        assert "Sarah Sinclair (major)" in finding.message
        assert "s2e04 to s2e06" in finding.message
        assert 'allow = ["PL305"]' in finding.message

    def test_in_final_installments_is_fine(self) -> None:
        """An appearance in the last three installments keeps her."""
        assert findings(dropped_story("s2e04"), "PL305") == []

    def test_option_changes_window(self) -> None:
        """``final_installments`` widens the window."""
        assert (
            findings(dropped_story("s2e02", allow=()), "PL305", options={"final_installments": 5})
            == []
        )

    def test_exit_or_death_is_fine(self) -> None:
        """A written exit is no drop."""
        story = dropped_story("s2e02")
        story = story.evolve(
            events=(*story.events, ev("leaves", "s2e02", participants={"sarah": "exits"}))
        )
        assert findings(story, "PL305") == []

    def test_minor_entities_are_not_watched(self) -> None:
        """Only main and major entities are watched."""
        story = dropped_story("s2e01")
        story = story.evolve(entities=(Entity("sarah", importance="minor"),))
        assert findings(story, "PL305") == []

    def test_mentions_do_not_count_as_presence(self) -> None:
        """Being mentioned at the end does not keep an entity in the story."""
        story = dropped_story("s1e02")
        story = story.evolve(
            events=(*story.events, ev("talk", "s2e06", participants={"sarah": "mentioned"}))
        )
        assert [f.code for f in findings(story, "PL305")] == ["PL305"]

    def test_allow_on_entity(self) -> None:
        """``allow`` on the entity suppresses the finding."""
        assert findings(dropped_story("s2e02", allow=["PL305"]), "PL305") == []


class TestDroppedEntityRuns:
    """PL305 measures the final installments of the run the entity was in."""

    def test_spin_off_is_not_the_series_end(self) -> None:
        """A spin-off volume listed after the series does not hide a drop, nor cause one."""
        story = dropped_story("s2e05")
        spin_off = [Work("manga", kind="serial"), Work("manga-v1", parent="manga", kind="volume")]
        series = [Work("show", kind="series")]
        works = [w if w.parent else attrs.evolve(w, parent="show") for w in story.works]
        story = story.evolve(works=(*series, *works, *spin_off))
        assert findings(story, "PL305") == []
        dropped = dropped_story("s2e02")
        works = [w if w.parent else attrs.evolve(w, parent="show") for w in dropped.works]
        dropped = dropped.evolve(works=(*series, *works, *spin_off))
        (finding,) = findings(dropped, "PL305")
        assert "s2e04 to s2e06" in finding.message

    def test_seasons_without_series_are_one_run(self) -> None:
        """Seasons listed as top-level works count as one run: absent from all of s2 is a drop."""
        (finding,) = findings(dropped_story("s1e06"), "PL305")
        assert "s2e04 to s2e06" in finding.message


def novels(*chapters: int, titled: bool = True) -> list[Work]:
    """A series of novels ``b1``… with the given numbers of chapters ``b1-01``…"""
    works = [Work("series", kind="series")]
    for book, count in enumerate(chapters, start=1):
        title = f"Book {book}" if titled else None
        works.append(Work(f"b{book}", title=title, kind="novel", parent="series", number=book))
        works += [
            Work(f"b{book}-{i:02d}", parent=f"b{book}", kind="chapter", number=i)
            for i in range(1, count + 1)
        ]
    return works


class TestInstallments:
    """The installments PL305 and PL403 count, on the check context."""

    def test_novels_not_chapters(self) -> None:
        """By default a novel with chapters is one installment."""
        ctx = Context(Story(works=novels(3, 2), events=[ev("a", "b2-02")]))
        assert [work.id for work in ctx.installments] == ["b1", "b2"]
        assert ctx.event_installment["a"] == 1

    def test_named_installment_kind(self) -> None:
        """``[check] installment`` names the kind that counts: here the chapter."""
        story = Story(works=novels(3, 2), check=CheckSettings(installment="chapter"))
        ctx = Context(story)
        assert len(ctx.installments) == 5

    def test_no_installment_kind_counts_leaves(self) -> None:
        """A story with no work of an installment kind counts its leaf works."""
        works = [Work("p1", kind="part"), Work("p1-a", parent="p1", kind="scene"), Work("p2")]
        ctx = Context(Story(works=works))
        assert [work.id for work in ctx.installments] == ["p1-a", "p2"]

    def test_event_told_above_installments(self) -> None:
        """An event told in a season counts for its first episode."""
        ctx = Context(Story(works=season(3), events=[ev("a", "s1"), Event("backstory")]))
        assert ctx.event_installment == {"a": 0}

    def test_chains(self) -> None:
        """``continues = false`` starts a new chain for the work and those after it."""
        works = [Work("iv", kind="film"), Work("i", kind="film", continues=False), Work("ii")]
        ctx = Context(Story(works=works))
        assert ctx.installment_chain == (0, 1, 1)

    def test_names(self) -> None:
        """Installments are named by title where they have one."""
        assert Context.installment_name(Work("b1", title="Book 1")) == "'Book 1' (b1)"
        assert Context.installment_name(Work("s1e01")) == "s1e01"


class TestGhostsAndFalseAccounts:
    """PL301 and PL304 with the `ghost` role and the `false-account` mode."""

    def test_ghost_after_death_never_fires(self) -> None:
        """A ghost is on scene after death without ending it, and needs no `returns`."""
        story = faraday_story(
            ev("haunt", "s1e04", participants={"faraday": "ghost"}),
            ev("haunt-again", "s1e05", participants={"faraday": "ghost"}),
        )
        assert codes(story) == []

    def test_ghost_does_not_end_death(self) -> None:
        """After a ghost scene Faraday is still dead: a present role fires, a death is twice."""
        story = faraday_story(
            ev("haunt", "s1e03", participants={"faraday": "ghost"}),
            ev("walks", "s1e04", participants={"faraday": "present"}),
            ev("again", "s1e05", participants={"faraday": "dies"}),
        )
        assert sorted(codes(story)) == ["PL301", "PL304"]

    def test_false_account_death_ends_no_life(self) -> None:
        """A staged death is no death: later scenes are fine, the real death is the first."""
        story = Story(
            works=season(4),
            entities=[FARADAY],
            events=[
                ev("staged", "s1e01", mode="false-account", participants={"faraday": "dies"}),
                ev("alive", "s1e02", participants={"faraday": "present"}),
                ev("real", "s1e03", participants={"faraday": "dies"}),
            ],
        )
        assert codes(story) == []

    def test_false_account_places_nobody(self) -> None:
        """A lie that puts the dead on scene is no appearance."""
        story = faraday_story(
            ev("lie", "s1e04", mode="false-account", participants={"faraday": "present"})
        )
        assert codes(story) == []

    def test_time_travel_is_real_for_life_and_death(self) -> None:
        """A time-travel scene dated after a dated death is an act after death."""
        story = Story(
            works=season(3),
            entities=[FARADAY],
            events=[
                ev("dies", "s1e01", "2005-03-01", participants={"faraday": "dies"}),
                ev(
                    "trip",
                    "s1e02",
                    "2006-01-01",
                    mode="time-travel",
                    participants={"faraday": "present"},
                ),
                ev(
                    "trip-back",
                    "s1e03",
                    "1869-12-24",
                    mode="time-travel",
                    participants={"faraday": "present"},
                ),
            ],
        )
        (finding,) = findings(story, "PL301")
        assert finding.subjects == ("faraday", "trip")

    def test_backstory_death_counts(self) -> None:
        """A death in backstory (no `told_in`) happened: a later scene is an act after death."""
        death = Event("long-ago", when=parse_time("1943"), participants={"faraday": "dies"})
        story = Story(
            works=season(2),
            entities=[FARADAY],
            events=[death, ev("walks", "s1e01", "1991", participants={"faraday": "present"})],
        )
        assert codes(story) == ["PL301"]

    def test_hint_names_the_entity_and_allow_there_works(self) -> None:
        """The fix-it names the entity, and `allow` on that entity suppresses the finding."""
        story = faraday_story(ev("walks", "s1e04", participants={"faraday": "present"}))
        (finding,) = findings(story, "PL301")
        assert "faraday" in finding.subjects
        assert """(or add `allow = ["PL301"]` to the entity 'faraday')""" in finding.message
        allowed = story.evolve(entities=(Entity("faraday", allow=["PL301"]),))
        report = check(allowed, config=Config())
        assert report.active == ()
        assert [f.code for f in report.suppressed] == ["PL301"]

    def test_pl304_hint_names_the_entity(self) -> None:
        """PL304 also sends the opt-out to the entity."""
        story = faraday_story(ev("again", "s1e04", participants={"faraday": "dies"}))
        (finding,) = findings(story, "PL304")
        assert "to the entity 'faraday'" in finding.message


class TestIntroductionsInRealStories:
    """PL302 with backstory, ghosts, false accounts and time travel."""

    def intro_story(self, *events: Event) -> Story:
        """Sarah introduced in s1e03, after the given events."""
        intro = ev("arrives", "s1e03", participants={"sarah": "introduced"})
        return Story(works=season(4), entities=[Entity("sarah")], events=[*events, intro])

    def test_backstory_is_not_told(self) -> None:
        """A backstory scene comes before no introduction in the telling."""
        story = self.intro_story(Event("long-ago", participants={"sarah": "present"}))
        assert findings(story, "PL302") == []

    def test_false_account_before_introduction_is_fine(self) -> None:
        """A lie told about her earlier places nobody."""
        lie = ev("lie", "s1e01", mode="false-account", participants={"sarah": "present"})
        assert findings(self.intro_story(lie), "PL302") == []

    def test_ghost_and_time_travel_before_introduction_fire(self) -> None:
        """A ghost is on scene, and a time-travel scene is told in the present: both fire."""
        story = self.intro_story(
            ev("ghost", "s1e01", participants={"sarah": "ghost"}),
            ev("trip", "s1e02", mode="time-travel", participants={"sarah": "present"}),
        )
        found = findings(story, "PL302")
        assert [f.subjects[1] for f in found] == ["ghost", "trip"]
        assert "to the entity 'sarah'" in found[0].message

    def test_ghost_is_no_introduction(self) -> None:
        """A ghost scene does not introduce: a present scene before the introduction fires."""
        story = self.intro_story(
            ev("early", "s1e01", participants={"sarah": "present"}),
        )
        story = story.evolve(
            events=(*story.events, ev("haunt", "s1e04", participants={"sarah": "ghost"}))
        )
        assert [f.subjects[1] for f in findings(story, "PL302")] == ["early"]


SITES = [
    Entity("sarah"),
    Entity("castle", kind="place"),
    Entity("hall", kind="place", within="castle"),
    Entity("kitchen", kind="place", within="hall"),
    Entity("forest", kind="place", within="castle"),
]


class TestPlacesWithinPlaces:
    """PL303 with `within`, time travel and false accounts."""

    def test_within_is_one_place_transitively(self) -> None:
        """The castle, its hall and the kitchen within the hall are one place."""
        story = Story(
            works=season(1),
            entities=SITES,
            events=[
                placed("a", "1991-10-31", "castle"),
                placed("b", "1991-10-31", "hall"),
                placed("c", "1991-10-31", "kitchen"),
            ],
        )
        assert codes(story) == []

    def test_siblings_within_one_place_are_two(self) -> None:
        """The forest and the kitchen are both within the castle, neither within the other."""
        story = Story(
            works=season(1),
            entities=SITES,
            events=[placed("a", "1994-06-06", "kitchen"), placed("b", "1994-06-06", "forest")],
        )
        (finding,) = findings(story, "PL303")
        assert set(finding.subjects) == {"sarah", "a", "b"}
        assert "`within`" in finding.message

    def test_time_travel_and_false_account_never_clash(self) -> None:
        """The traveller may be in two places at once; a false account places nobody."""
        story = Story(
            works=season(1),
            entities=SITES,
            events=[
                placed("a", "1994-06-06", "kitchen"),
                placed("b", "1994-06-06", "forest", mode="time-travel"),
                placed("c", "1994-06-06", "forest", mode="false-account"),
            ],
        )
        assert codes(story) == []

    def test_within_cycle_reported_once(self) -> None:
        """Places within each other are one finding, at the one written first."""
        story = Story(
            entities=[
                Entity("a", kind="place", within="b"),
                Entity("b", kind="place", within="c"),
                Entity("c", kind="place", within="a"),
                Entity("d", kind="place", within="a"),
            ]
        )
        (finding,) = findings(story, "PL303")
        assert "places a, b, c are within each other" in finding.message
        assert finding.subjects == ("a", "b", "c")


class TestDroppedEntityInstallments:
    """PL305 counts installments (novels, films), chains and real exits."""

    def book_story(self, told_in: str, **kw: Any) -> Story:
        """Harry (main) on scene once, in ``told_in``, in a series of four novels."""
        return Story(
            works=novels(10, 10, 10, 10),
            entities=[Entity("harry", name="Harry", importance="main")],
            events=[ev("seen", told_in, participants={"harry": "present"})],
            **kw,
        )

    def test_chapters_are_inside_the_installment(self) -> None:
        """Seen in book 2 of four: on scene in the final three novels, whatever the chapter."""
        assert findings(self.book_story("b2-01"), "PL305") == []

    def test_dropped_after_book_one_names_novels(self) -> None:
        """Seen only in book 1: absent from books 2 to 4, named by title."""
        (finding,) = findings(self.book_story("b1-10"), "PL305")
        assert "'Book 2' (b2) to 'Book 4' (b4)" in finding.message
        assert """add `allow = ["PL305"]` to the entity 'harry'""" in finding.message

    def test_named_installment_kind_counts_chapters(self) -> None:
        """`[check] installment = "chapter"` makes the last three chapters the window."""
        story = self.book_story("b4-01", check=CheckSettings(installment="chapter"))
        (finding,) = findings(story, "PL305")
        assert "b4-08 to b4-10" in finding.message

    def test_prequel_chain_drops_nobody(self) -> None:
        """On scene at the end of the original films, absent from a prequel trilogy told later."""
        films = ["iv", "v", "vi", "i", "ii", "iii"]
        works = [
            Work(f, kind="film", number=n, continues=(f != "i")) for n, f in enumerate(films, 1)
        ]
        events = [ev(f"han-{f}", f, participants={"han": "present"}) for f in ("iv", "v", "vi")]
        events += [ev(f"r2-{f}", f, participants={"r2": "present"}) for f in films]
        story = Story(
            works=works,
            entities=[Entity("han", importance="main"), Entity("r2", importance="main")],
            events=events,
        )
        assert findings(story, "PL305", options={"final_installments": 2}) == []
        # Without the chain the prequels are the end of the story, and Han is dropped.
        one_chain = story.evolve(works=tuple(attrs.evolve(w, continues=True) for w in works))
        (finding,) = findings(one_chain, "PL305", options={"final_installments": 2})
        assert finding.subjects == ("han",)

    def test_unreal_exits_write_nobody_out(self) -> None:
        """A death in a dream or a false account is no exit."""
        story = self.book_story("b1-10")
        story = story.evolve(
            events=(
                *story.events,
                ev("dreamt", "b1-10", mode="dream", participants={"harry": "dies"}),
                ev("lie", "b1-10", mode="false-account", participants={"harry": "exits"}),
            )
        )
        assert [f.code for f in findings(story, "PL305")] == ["PL305"]

    def test_false_account_keeps_nobody_on_scene(self) -> None:
        """A false account in the last book does not put Harry there."""
        story = self.book_story("b1-10")
        story = story.evolve(
            events=(
                *story.events,
                ev("lie", "b4-10", mode="false-account", participants={"harry": "present"}),
            )
        )
        assert [f.code for f in findings(story, "PL305")] == ["PL305"]


class TestRealBibles:
    """The continuity rules stay quiet on the real bibles' true stories."""

    def test_harry_potter_and_doctor_who_are_quiet(self) -> None:
        """Ghosts, a staged death, time travel, places within places: no PL3 finding."""
        for name in ("harry-potter", "doctor-who"):
            report = check(load(EXAMPLES / name), select=["PL3"], config=Config())
            assert [str(f) for f in report.active] == [], name

    def test_star_wars_ghosts_and_chains(self) -> None:
        """Force ghosts are no acts after death, and the prequels drop nobody (PL305)."""
        report = check(load(EXAMPLES / "star-wars"), select=["PL3"], config=Config())
        assert report.by_code("PL305") == ()
        assert report.by_code("PL304") == ()
        # The ghosts are all in the original trilogy; the prequels' PL301 wait on their chain.
        told_there = [f for f in report.by_code("PL301") if "original-trilogy" in str(f.location)]
        assert told_there == []


class TestDeathsToldInFlashbacks:
    """PL301 and PL304 with a death told in a flashback: only dates or constraints order it."""

    def test_undated_flashback_death_orders_nothing(self) -> None:
        """An undated flashback death is no death before a later scene, nor a first death."""
        walks = faraday_story().evolve(
            events=(
                ev("fb-death", "s1e02", mode="flashback", participants={"faraday": "dies"}),
                ev("docks", "s1e04", participants={"faraday": "present"}),
            )
        )
        assert codes(walks) == []
        twice = faraday_story(
            ev("fb-death", "s1e04", mode="flashback", participants={"faraday": "dies"})
        )
        assert codes(twice) == []
        first = faraday_story().evolve(
            events=(
                ev("fb-death", "s1e02", mode="flashback", participants={"faraday": "dies"}),
                ev("dies", "s1e04", participants={"faraday": "dies"}),
            )
        )
        assert codes(first) == []

    def test_dated_flashback_death_counts(self) -> None:
        """Dated before the scene (or the second death), the flashback death counts."""
        death = ev("fb-death", "s1e02", "2019", mode="flashback", participants={"faraday": "dies"})
        walks = faraday_story().evolve(
            events=(death, ev("docks", "s1e04", "2020", participants={"faraday": "present"}))
        )
        (finding,) = findings(walks, "PL301")
        assert finding.subjects == ("faraday", "docks")
        assert finding.related[0].subject == "fb-death"
        twice = faraday_story().evolve(
            events=(death, ev("dies", "s1e04", "2020", participants={"faraday": "dies"}))
        )
        (finding,) = findings(twice, "PL304")
        assert finding.subjects == ("faraday", "dies")
        assert finding.related[0].subject == "fb-death"

    def test_flashback_scene_after_a_dated_death_is_fine(self) -> None:
        """A flashback scene dated before the death shows Faraday alive."""
        story = Story(
            works=season(4),
            entities=[FARADAY],
            events=[
                ev("dies", "s1e01", "2020", participants={"faraday": "dies"}),
                ev("young", "s1e03", "2010", mode="flashback", participants={"faraday": "present"}),
            ],
        )
        assert codes(story) == []


class TestInTwoPlacesPrecision:
    """PL303 needs dates to the day: a month or an unspecified day proves nothing."""

    def test_same_month_never_fires(self) -> None:
        """Two events dated ``2020-07`` at two places may be weeks apart."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[placed("a", "2020-07", "lab"), placed("b", "2020-07", "docks")],
        )
        assert codes(story) == []

    def test_unspecified_day_never_fires(self) -> None:
        """``2020-07-XX`` is a month too."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[placed("a", "2020-07-XX", "lab"), placed("b", "2020-07-XX", "docks")],
        )
        assert codes(story) == []

    def test_day_interval_against_a_day_fires(self) -> None:
        """An interval of days covering the other event's day is an overlap."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[
                placed("a", "2020-07-01/2020-07-10", "lab"),
                placed("b", "2020-07-05", "docks"),
            ],
        )
        assert [f.code for f in findings(story, "PL303")] == ["PL303"]

    def test_month_interval_never_fires(self) -> None:
        """An interval whose end is a month is not precise."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[placed("a", "2020-07-01/2020-08", "lab"), placed("b", "2020-07-05", "docks")],
        )
        assert codes(story) == []

    def test_touching_spans_are_fine(self) -> None:
        """One event ending as the next begins is no overlap."""
        story = Story(
            works=season(2),
            entities=PLACES,
            events=[
                placed("a", "2020-07-07T09:00", "lab", duration=Duration.parse("PT1H")),
                placed("b", "2020-07-07T10:00", "docks"),
            ],
        )
        assert codes(story) == []


class TestDestroyedMajorObject:
    """PL305: an object destroyed is written out, as a person who dies is."""

    def test_destroyed_object_is_not_dropped(self) -> None:
        """The mask, a major object, burns in season 1: no finding in season 2."""
        events = [
            ev("worn", "s1e01", participants={"mask": "present"}),
            ev("burned", "s1e02", participants={"mask": "destroyed"}),
        ]
        story = Story(
            works=[*season(6), *season(6, "s2", 2)],
            entities=[Entity("mask", kind="object", importance="major")],
            events=events,
        )
        assert findings(story, "PL305") == []
        kept = story.evolve(events=(events[0],))
        assert [f.subjects for f in findings(kept, "PL305")] == [("mask",)]

    def test_main_entity_is_watched_too(self) -> None:
        """Importance ``main`` is watched as ``major`` is."""
        story = dropped_story("s2e02")
        story = story.evolve(entities=(Entity("sarah", importance="main"),))
        (finding,) = findings(story, "PL305")
        assert "(main)" in finding.message

    def test_window_edge(self) -> None:
        """Seen in the first of the final three installments: kept; one before: dropped."""
        assert findings(dropped_story("s2e04"), "PL305") == []
        assert [f.code for f in findings(dropped_story("s2e03"), "PL305")] == ["PL305"]


class TestUnrealLivesAndFlashbacks:
    """Dated dreams kill nobody; a dated flashback never walks after a death."""

    def test_dated_dreamt_death_kills_nobody(self) -> None:
        """A dream of Faraday's death dated before a scene, or before his real death: quiet."""
        story = Story(
            works=season(4),
            entities=[FARADAY],
            events=[
                ev("nightmare", "s1e01", "2019", mode="dream", participants={"faraday": "dies"}),
                ev("docks", "s1e02", "2020", participants={"faraday": "present"}),
                ev("real", "s1e03", "2021", participants={"faraday": "dies"}),
            ],
        )
        assert codes(story) == []

    def test_dated_vision_scene_after_death_is_fine(self) -> None:
        """A vision showing the dead man, dated after his death, is no appearance."""
        story = Story(
            works=season(4),
            entities=[FARADAY],
            events=[
                ev("dies", "s1e01", "2020", participants={"faraday": "dies"}),
                ev("seen", "s1e03", "2021", mode="vision", participants={"faraday": "present"}),
            ],
        )
        assert codes(story) == []

    def test_flashback_dated_after_the_death_is_no_act_after_death(self) -> None:
        """Flashbacks never fire PL301, even dated after the death (PL205 may say more)."""
        story = Story(
            works=season(4),
            entities=[FARADAY],
            events=[
                ev("dies", "s1e01", "2020", participants={"faraday": "dies"}),
                ev("later", "s1e03", "2021", mode="flashback", participants={"faraday": "present"}),
            ],
        )
        assert findings(story, "PL301") == []
