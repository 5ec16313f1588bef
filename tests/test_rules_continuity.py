"""Tests for the continuity rules PL301-PL305."""

from __future__ import annotations

from typing import Any

import attrs

from plotline._check import Config, check
from plotline._model import Entity, Event, Story, Work
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
