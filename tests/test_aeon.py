"""Aeon Timeline CSV both ways: fixtures written to Aeon's rules, and export → import."""

from __future__ import annotations

import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import ROOT, cli
from plotline import load
from plotline._model import Event, Mode, Story
from plotline._time import Duration, Interval, gregorian, parse_time
from plotline.exceptions import ExportError, LoadError
from plotline.exporters import export
from plotline.importers import import_story
from plotline.importers._aeon import sniff_aeon
from strategies import bibles

DATA = ROOT / "tests" / "data" / "aeon"
GALLERY = ["doctor-who", "harry-potter", "hero-mask", "star-wars"]


def _same(a: Event, b: Event) -> bool:
    """Equal records; a time written in a story calendar comes back as its Gregorian days."""
    when = None if a.when is None else gregorian(a.when)
    return attrs.evolve(a, origin=None, when=when) == attrs.evolve(b, origin=None)


def _round_trip(story: Story, folder: Path) -> Story:
    path = folder / "story.csv"
    path.write_text(export(story, "aeon"), encoding="utf-8")
    result = import_story(path, "aeon")
    assert result.problems == ()
    return result.story


class TestReadAeon:
    """A file in Aeon's layout: names, pipes, quoted line breaks."""

    def test_columns(self) -> None:
        """Title, dates, duration, arcs, participants, location and summary map to fields."""
        story = import_story(DATA / "lighthouse.csv", "aeon").story
        dark = story.event_index["the-lamp-goes-dark"]
        assert dark.when == parse_time("1923-11-02T21:30")
        assert dark.duration == Duration(hours=2)
        assert dark.threads == ("the-storm",)
        assert dict(dark.participants) == {"ada-lowe": "present", "ben-lowe": "present"}
        assert dark.location == "the-lighthouse"
        assert (
            dark.summary == "The storm cuts the island off.\nNobody on the mainland sees the light."
        )
        assert story.thread_index["the-rescue"].title == "The rescue"
        assert story.entity_index["the-lighthouse"].kind == "place"

    def test_ranges_and_partial_dates(self) -> None:
        """Start and End Date make an interval; a year or a month stays that precise."""
        when = {
            e.id: str(e.when) for e in import_story(DATA / "lighthouse.csv", "aeon").story.events
        }
        assert when["the-search"] == "1923-11-03/1923-11-05"
        assert when["the-long-repair"] == "1923-11/1924-03"
        assert when["ada-remembers-her-father"] == "1900"

    def test_unmapped_is_kept_in_meta(self) -> None:
        """Colour, other tags and more locations stay in meta.aeon; a mode tag sets the mode."""
        events = import_story(DATA / "lighthouse.csv", "aeon").story.event_index
        assert events["the-lamp-goes-dark"].meta == {"aeon": {"Color": "Blue"}}
        assert events["the-search"].meta == {"aeon": {"locations": ["Open sea", "The boathouse"]}}
        assert events["ada-remembers-her-father"].mode is Mode.FLASHBACK
        assert events["ada-remembers-her-father"].meta == {"aeon": {"tags": ["family"]}}

    def test_tsv_with_other_labels(self) -> None:
        """Tabs, ``Label``/``Participants``/``Notes`` and commas between values."""
        story = import_story(DATA / "lighthouse.tsv", "aeon").story
        assert [e.id for e in story.events] == ["dark", "found"]
        assert dict(story.event_index["dark"].participants) == {
            "ada-lowe": "present",
            "ben-lowe": "present",
        }
        assert story.event_index["dark"].summary == "The storm cuts the island off."

    def test_bad_date_is_located(self, tmp_path: Path) -> None:
        """A date that is not one is reported at its row; the other rows import."""
        path = tmp_path / "a.csv"
        path.write_text("Title,Start Date\nA,1923-02-30\nB,1923\n", encoding="utf-8")
        result = import_story(path, "aeon")
        assert [e.title for e in result.story.events] == ["B"]
        assert str(result.problems[0]).startswith(f"{path}:2:1: a: '1923-02-30' is not a date")

    def test_no_header_is_a_load_error(self, tmp_path: Path) -> None:
        """Without Title and Start Date in the first row nothing can be read."""
        path = tmp_path / "a.csv"
        path.write_text("A,1923\n", encoding="utf-8")
        with pytest.raises(LoadError, match="with 'Title' and 'Start Date'"):
            import_story(path, "aeon")

    def test_summary_counts_what_meta_keeps(self, tmp_path: Path) -> None:
        """The import's summary line says how many records keep extra fields in meta."""
        out = tmp_path / "a.toml"
        status, stdout, _ = cli(
            "import", str(DATA / "lighthouse.csv"), "--from", "aeon", "-o", str(out)
        )
        assert status == 0
        assert stdout.endswith(
            ": 0 works, 4 events, 4 entities; 4 records keep extra fields in meta\n"
        )
        result = import_story(DATA / "lighthouse.tsv", "aeon")
        assert result.kept_in_meta == 0

    def test_sniff(self) -> None:
        """Aeon's header is recognised; plotline's own CSV layout is not."""
        assert sniff_aeon((DATA / "lighthouse.csv").read_bytes()[:1024])
        assert sniff_aeon((DATA / "lighthouse.tsv").read_bytes()[:1024])
        assert not sniff_aeon((ROOT / "tests/data/interop/lighthouse.csv").read_bytes()[:1024])


class TestExportAeon:
    """``plotline export --to aeon``."""

    def test_names_for_aeon_ids_for_plotline(self, tmp_path: Path) -> None:
        """Aeon's columns carry names; plotline's columns carry ids and roles."""
        story = tmp_path / "s.toml"
        story.write_text(
            '[[entities]]\nid = "ada"\nname = "Ada Lowe"\n\n'
            '[[threads]]\nid = "fire"\ntitle = "The fire"\n\n'
            '[[events]]\nid = "storm"\ntitle = "The lamp goes dark"\nwhen = "1923-11-02"\n'
            'threads = ["fire"]\nparticipants = { ada = "dies" }\n',
            encoding="utf-8",
        )
        status, out, err = cli("export", str(story), "--to", "aeon")
        assert (status, err) == (0, "")
        header, row = out.splitlines()
        assert header.startswith("Title,Start Date,End Date,Duration,Arc,Participant,Location,")
        assert row.startswith("The lamp goes dark,1923-11-02,,,The fire,Ada Lowe,,,,storm,")
        assert ",fire,,,ada:dies," in row

    def test_open_interval_is_refused(self) -> None:
        """Aeon has no open-ended dates: the export says which event and what to do."""
        story = Story(events=(Event("e", when="1923/.."),))
        with pytest.raises(ExportError, match="give the interval both ends"):
            export(story, "aeon")


class TestRoundTrip:
    """Export, then import: the same events."""

    @pytest.mark.parametrize("name", GALLERY)
    def test_gallery(self, name: str, tmp_path: Path) -> None:
        """Every event of the gallery comes back field for field."""
        story = load(ROOT / "examples" / name)
        back = {e.id: e for e in _round_trip(story, tmp_path).events}
        assert len(back) == len(story.events)
        for event in story.events:
            assert _same(event, back[event.id]), event.id

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
    @given(
        story=bibles(),
        titles=st.lists(st.text(max_size=12), min_size=8, max_size=8),
        summaries=st.lists(st.none() | st.text(max_size=30), min_size=8, max_size=8),
    )
    def test_law(self, story: Story, titles: list[str], summaries: list[str | None]) -> None:
        """Any story whose times Aeon can hold comes back as it was."""
        events = tuple(
            attrs.evolve(e, title=t.strip() or None, summary=s.strip() or None if s else None)
            for e, t, s in zip(story.events, titles, summaries, strict=False)
        )
        assume(len({e.id for e in events}) == len(events))
        assume(all(_closed(e.when) for e in events))
        assume(events)
        story = story.evolve(events=events)
        with tempfile.TemporaryDirectory() as folder:
            back = {e.id: e for e in _round_trip(story, Path(folder)).events}
        for event in story.events:
            assert _same(event, back[event.id])


def _closed(when: object) -> bool:
    """Whether Aeon can hold a time: not an interval with an open or unknown end."""
    return not isinstance(when, Interval) or (when.start is not None and when.end is not None)
