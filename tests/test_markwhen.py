"""Markwhen both ways: the documented syntax read, and export → import gives the same records."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT, cli
from plotline import load
from plotline._model import Event, Release, Story
from plotline._time import Duration, Instant, parse_time
from plotline.exceptions import ExportError, LoadError
from plotline.exporters import export
from plotline.importers import guess_format, import_story
from plotline.importers._markwhen_syntax import sniff_markwhen
from strategies import bibles

if TYPE_CHECKING:
    from plotline.importers import ImportResult

DATA = ROOT / "tests" / "data" / "markwhen"
GALLERY = ["doctor-who", "harry-potter", "hero-mask", "star-wars"]


def _read(name: str) -> ImportResult:
    return import_story(DATA / name, "markwhen")


def _events(result: ImportResult) -> dict[str, Event]:
    return {event.id: event for event in result.story.events}


def _same(a: object, b: object) -> bool:
    """Equal records, wherever they were read from."""
    return attrs.evolve(a, origin=None) == attrs.evolve(b, origin=None)  # type: ignore[misc]


def _round_trip(story: Story, group_by: str, tmp_path: Path) -> Story:
    path = tmp_path / "story.mw"
    path.write_text(export(story, "markwhen", group_by=group_by), encoding="utf-8")
    result = import_story(path)
    assert result.problems == ()
    return result.story


class TestDocumentedSyntax:
    """Each page of Markwhen's syntax documentation, read from a fixture written from it."""

    def test_header_sets_title_summary_and_keeps_the_rest(self) -> None:
        """title and description become the story's; dateFormat and tag colours stay in meta."""
        story = _read("events.mw").story
        assert story.title == "The Lighthouse"
        assert story.summary == "A keeper, a storm and a missing boat"
        assert story.meta["markwhen"] == {
            "dateFormat": "d/M/y",
            "tag colors": {"Storm": "blue", "Rescue": "#abc"},
        }

    def test_dates_keep_their_precision(self) -> None:
        """EDTF, ISO, slashed (day first here), casual dates and ranges of every documented kind."""
        when = {e.title: e.when for e in _read("events.mw").story.events}
        assert when == {
            "The keeper's first winter": Instant(1923),
            "The lamp fails twice": Instant(1923, 11),
            "The lamp goes dark": Instant(1923, 11, 2),
            "The boat is missing": parse_time("1923-11-02T21:30:00Z"),
            "The search": parse_time("1923-11-03/1923-11-05"),
            "The long repair": parse_time("1923-11/1924-03"),
            "Ada writes to the board": Instant(1923, 11, 3),
            "The board answers": Instant(1923, 11, 4),
            "The new lens is ground": Instant(1924),
            "The relighting": parse_time("1925-01-01/1925-01-03"),
        }

    def test_range_ending_in_an_amount_is_a_duration(self) -> None:
        """``1924/6 months`` starts in 1924 and lasts six months."""
        event = _events(_read("events.mw"))["the-new-lens-is-ground"]
        assert event.duration == Duration(months=6)

    def test_description_lines_are_the_summary(self) -> None:
        """The lines after an event's first line, up to the next event."""
        event = _events(_read("events.mw"))["the-lamp-goes-dark"]
        assert (
            event.summary
            == "The storm cuts the island off.\nNobody on the mainland sees the light."
        )
        assert event.threads == ("Storm",)

    def test_month_first_without_date_format(self, tmp_path: Path) -> None:
        """Slashed dates are American unless the header says ``dateFormat: d/M/y``."""
        path = tmp_path / "us.mw"
        path.write_text("12/7/1941: Pearl Harbor\n05/14/1998: Finale\n", encoding="utf-8")
        assert [e.when for e in import_story(path).story.events] == [
            Instant(1941, 12, 7),
            Instant(1998, 5, 14),
        ]

    def test_groups_nest_and_become_threads(self) -> None:
        """group … endGroup and section … endSection: threads, nested ones with a parent."""
        story = _read("groups.mw").story
        threads = {t.id: (t.title, t.parent) for t in story.threads}
        assert threads == {
            "the-storm": ("The storm", None),
            "the-search": ("The search", "the-storm"),
            "afterwards": ("Afterwards", None),
        }
        assert {e.id: e.threads for e in story.events} == {
            "the-lamp-goes-dark": ("the-storm",),
            "ben-rows-out": ("the-storm",),
            "the-boat-is-found": ("the-search",),
            "the-lamp-is-lit-again": ("the-storm",),
            "the-keeper-retires": ("afterwards",),
            "the-lighthouse-is-automated": (),
        }

    def test_heading_sections_close_at_their_level(self) -> None:
        """``#`` to ``######`` headings nest by level, with front matter and properties."""
        result = _read("sections.mw")
        story = result.story
        assert result.problems == ()
        assert {t.id: t.parent for t in story.threads if t.title} == {
            "the-storm": None,
            "the-night": "the-storm",
            "the-search": "the-storm",
            "afterwards": None,
        }
        assert story.thread_index["the-night"].meta == {"markwhen": {"tags": ["Storm"]}}
        assert story.thread_index["the-search"].meta == {"markwhen": {"style": "section"}}
        events = _events(result)
        assert events["the-keeper-retires"].threads == ("afterwards",)
        assert events["the-boat-is-found"].threads == ("the-search",)

    def test_properties_map_or_stay_in_meta(self) -> None:
        """``location:`` becomes a place; other properties are kept in meta, nothing lost."""
        story = _read("sections.mw").story
        dark = story.event_index["the-lamp-goes-dark"]
        assert dark.location == "the-lighthouse"
        assert story.entity_index["the-lighthouse"].name == "The lighthouse"
        assert dark.meta == {"markwhen": {"weather": "gale"}}
        assert dark.summary == "- [x] trim the wick\n- [ ] send for oil"
        rows = story.event_index["ben-rows-out"]
        assert rows.location == "boathouse"
        assert rows.meta == {"markwhen": {"locations": ["Boathouse", "Open sea"]}}

    def test_relative_dates_become_constraints(self) -> None:
        """after/before/by ``!id``, a bare amount (after the previous event), buffer - duration."""
        result = _read("relative.mw")
        assert result.problems == ()
        pairs = {(c.before, c.after, c.min_gap) for c in result.story.constraints}
        assert pairs == {
            ("dark", "ben-rows-out", None),
            ("dark", "found", None),
            ("found", "the-inquiry", Duration(weeks=1)),
            ("the-oil-runs-low", "dark", None),
            ("the-new-keeper-is-hired", "found", None),
            ("board", "the-report-is-written", None),
        }
        events = _events(result)
        assert events["the-inquiry"].duration == Duration(days=3)
        assert events["the-inquiry"].when is None
        assert events["the-report-is-written"].duration == Duration(days=5)

    def test_unknown_reference_is_a_located_problem(self, tmp_path: Path) -> None:
        """A relative date naming no earlier event is reported; the event stays, undated."""
        path = tmp_path / "t.mw"
        path.write_text("2020: A\nafter !nope 2 days: B\n", encoding="utf-8")
        result = import_story(path)
        message = "after !nope 2 days: !nope is not an event defined above; the event stays undated"
        assert [str(p) for p in result.problems] == [f"{path}:2:1: {message}"]
        assert [e.title for e in result.story.events] == ["A", "B"]

    def test_now_is_refused_with_a_reason(self, tmp_path: Path) -> None:
        """``now`` depends on when the timeline is viewed: the event is skipped, located."""
        path = tmp_path / "t.mw"
        path.write_text("2020: A\n2020/now: B\n", encoding="utf-8")
        result = import_story(path)
        assert len(result.problems) == 1
        assert "2:1: 2020/now: 'now' is the day the timeline is viewed" in str(result.problems[0])

    def test_no_event_is_a_load_error(self, tmp_path: Path) -> None:
        """A file without one event line has nothing to import."""
        path = tmp_path / "t.mw"
        path.write_text("title: nothing\n", encoding="utf-8")
        with pytest.raises(LoadError, match="no event line"):
            import_story(path)


class TestFormat:
    """The format is found by suffix and content."""

    def test_suffix(self) -> None:
        """``.mw`` files are Markwhen."""
        assert guess_format("story.mw") == "markwhen"

    @pytest.mark.parametrize("name", ["events.mw", "groups.mw", "sections.mw", "relative.mw"])
    def test_sniff_fixtures(self, name: str) -> None:
        """Every fixture's first bytes are recognised."""
        assert sniff_markwhen((DATA / name).read_bytes()[:2048])

    def test_sniff_refuses_other_formats(self) -> None:
        """A story file, JSON and CSV are not Markwhen."""
        for path in ("tests/data/hero-mask.toml", "tests/data/hero-mask.json"):
            assert not sniff_markwhen((ROOT / path).read_bytes()[:2048])
        assert not sniff_markwhen(b"id,title,when\nstorm,The lamp,1923-11-02\n")


class TestExport:
    """``plotline export --to markwhen``."""

    def test_documented_shape(self) -> None:
        """Front matter, groups per thread with their id, tags, properties, description."""
        story = Story(
            title="The Lighthouse",
            events=(
                Event("storm", title="The lamp goes dark", when="1923-11", threads=("fire",)),
                Event(
                    "memory",
                    title="Ada remembers",
                    when="1900?",
                    mode="flashback",
                    summary="Her father's lamp.",
                ),
                Event("later", title="Undated"),
            ),
            releases=(Release("e1", "print", date="1950", status="announced", edition="first"),),
        )
        assert export(story, "markwhen") == (
            "---\n"
            "title: The Lighthouse\n"
            "---\n"
            "\n"
            "1900: Ada remembers #flashback\n"
            "  id: memory\n"
            "  when: 1900?\n"
            "  mode: flashback\n"
            "\n"
            "  Her father's lamp.\n"
            "\n"
            "group fire\n"
            "  thread: fire\n"
            "\n"
            "  1923-11: The lamp goes dark #fire\n"
            "    id: storm\n"
            "\n"
            "endGroup\n"
            "\n"
            "group Releases\n"
            "  plotline: releases\n"
            "\n"
            "  1950: e1 (print) #announced\n"
            "    work: e1\n"
            "    kind: print\n"
            "    edition: first\n"
            "    status: announced\n"
            "\n"
            "endGroup\n"
            "\n"
            "// not on this timeline (no date Markwhen can draw): later\n"
        )

    def test_unknown_group_by(self) -> None:
        """A grouping other than thread or entity is an ExportError."""
        with pytest.raises(ExportError, match="group_by must be one of thread, entity"):
            export(Story(), "markwhen", group_by="season")

    def test_cli_group_by_entity(self, tmp_path: Path) -> None:
        """``--group-by entity`` writes one group per entity, named by it."""
        story = tmp_path / "s.toml"
        story.write_text(
            '[[entities]]\nid = "ada"\nname = "Ada Lowe"\n\n'
            '[[events]]\nid = "storm"\nwhen = "1923"\nparticipants = { ada = "present" }\n',
            encoding="utf-8",
        )
        status, out, err = cli("export", str(story), "--to", "markwhen", "--group-by", "entity")
        assert (status, err) == (0, "")
        assert (
            "group Ada Lowe\n  entity: ada\n\n  1923:\n    id: storm\n    participants: [ada]\n"
            in out
        )


class TestRoundTrip:
    """Export, then import: the same dated events and releases."""

    @pytest.mark.parametrize("group_by", ["thread", "entity"])
    @pytest.mark.parametrize("name", GALLERY)
    def test_gallery(self, name: str, group_by: str, tmp_path: Path) -> None:
        """Every dated event and release of the gallery comes back field for field."""
        story = load(ROOT / "examples" / name)
        back = _round_trip(story, group_by, tmp_path)
        events = {e.id: e for e in back.events}
        for event in story.events:
            if event.id in events:
                assert _same(event, events[event.id]), event.id
            else:  # undated, or a year Markwhen cannot write (Doctor Who's year 200,100)
                assert event.when is None or event.when.lower_date()[:1] not in "01", event.id
        assert len(back.releases) == len(story.releases)
        for release, again in zip(story.releases, back.releases, strict=True):
            assert _same(release, again)

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        story=bibles(),
        titles=st.lists(st.text(max_size=12), min_size=8, max_size=8),
        summaries=st.lists(st.none() | st.text(max_size=30), min_size=8, max_size=8),
    )
    def test_law(self, story: Story, titles: list[str], summaries: list[str | None]) -> None:
        """Any story: each event Markwhen can date comes back as it was, titles and all."""
        events = tuple(
            attrs.evolve(e, title=t or None, summary=s.strip() or None if s else None)
            for e, t, s in zip(story.events, titles, summaries, strict=False)
        )
        story = story.evolve(events=events)
        assume(len({e.id for e in events}) == len(events))
        assume(story.releases or any(e.when is not None for e in events))
        with tempfile.TemporaryDirectory() as folder:
            back = _round_trip(story, "thread", Path(folder))
        again = {e.id: e for e in back.events}
        for event in story.events:
            if event.id in again:
                assert _same(event, again[event.id])
            else:
                assert event.when is None
        for release, copy in zip(story.releases, back.releases, strict=True):
            assert _same(release, copy)
