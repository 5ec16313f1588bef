"""Tests for plotline.exporters: each output is read back by its consumer's own rules."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

import plotline
import plotline.exceptions
from plotline._model import (
    Arc,
    Entity,
    Event,
    Release,
    ReleaseKind,
    Role,
    Story,
    Thread,
    Work,
    WorkKind,
)
from plotline._time import Duration, Instant, parse_time
from plotline.exporters import FORMATS, ExportError, export
from plotline.exporters._ics import escape_text, fold
from plotline.exporters._mermaid import escape_label
from plotline.importers import import_story

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OWN = Path(__file__).resolve().parent / "data" / "interop"
NOW = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)

needs_data = pytest.mark.skipif(
    not DATA.is_dir(),
    reason=f"the shared third-party data is not checked out beside the repo ({DATA})",
)


def _story() -> Story:
    """A small series with every kind of date the exporters meet."""
    long_note = "Première diffusion — « épisodes 1 à 15 », sous-titrés; avec des virgules, " * 3
    return Story(
        title="Hero <Mask>: the series",
        summary="A test story & its releases.",
        works=(
            Work(id="hm", title="Hero Mask", kind=WorkKind.SERIES),
            Work(id="s1", title="Season 1", kind=WorkKind.SEASON, parent="hm", number=1),
            Work(id="s1e01", title="Episode 1", kind=WorkKind.EPISODE, parent="s1", number=1),
            Work(id="s1e02", kind=WorkKind.EPISODE, parent="s1", number=2),
            Work(id="s2", title="Season 2", kind=WorkKind.SEASON, parent="hm", number=2),
        ),
        releases=(
            Release(
                work="s1",
                kind=ReleaseKind.STREAMING,
                platform="Netflix",
                region="WW",
                date=parse_time("2018-12-03"),
            ),
            Release(
                work="s1",
                kind=ReleaseKind.BROADCAST,
                platform="Tokyo MX",
                region="JP",
                start=Instant.parse("2020-07-02"),
                end=Instant.parse("2020-12-10"),
                note=long_note,
            ),
            Release(
                work="s2",
                kind=ReleaseKind.STREAMING,
                platform="Netflix",
                region="WW",
                date=parse_time("2019-08"),
            ),
            Release(work="s2", kind=ReleaseKind.ANNOUNCEMENT, date=parse_time("2019")),
            Release(work="s1e02", kind=ReleaseKind.PREMIERE, region="JP"),
        ),
        entities=(Entity(id="monica", name="Monica Campbell"), Entity(id="sarah")),
        threads=(Thread(id="murder", title="Who killed Monica?"),),
        arcs=(Arc(id="a1", start="s1", end="s1"),),
        events=(
            Event(
                id="killed",
                title="Monica is killed",
                told_in="s1e01",
                order=1,
                when=parse_time("2016-04-01"),
                threads=("murder",),
                participants={"monica": Role.DIES, "sarah": "present"},
            ),
            Event(
                id="years",
                title="The lost years",
                told_in="s1e02",
                order=1,
                mode="flashback",
                when=parse_time("2010/2015-06"),
                summary="Burner's wife; a fire.",
                duration=Duration.parse("P5Y"),
            ),
            Event(id="undated", title="Title: with; #special %chars", told_in="s1e02", order=2),
            Event(id="vague", title="Sometime", told_in="s1e02", order=3, when=parse_time("201X")),
        ),
    )


class TestExport:
    """The package entry point."""

    def test_formats(self) -> None:
        """The documented formats exist."""
        assert set(FORMATS) == {"json", "timelinejs", "ics", "csv", "mermaid", "markwhen", "aeon"}

    def test_export_error_is_public(self) -> None:
        """ExportError is one of plotline's errors, and a ValueError."""
        assert plotline.ExportError is ExportError is plotline.exceptions.ExportError
        assert issubclass(ExportError, plotline.PlotlineError)
        assert issubclass(ExportError, ValueError)

    def test_unknown_format(self) -> None:
        """An unknown format is an ExportError with a suggestion."""
        with pytest.raises(ExportError, match="did you mean 'mermaid'"):
            export(_story(), "mermaids")


def _timeline_date_ok(date: dict[str, Any]) -> bool:
    """TimelineJS's date rules: a whole year; month 1-12, day 1-31 and so on if given."""
    limits = {
        "month": (1, 12),
        "day": (1, 31),
        "hour": (0, 23),
        "minute": (0, 59),
        "second": (0, 59),
    }
    if not isinstance(date.get("year"), int):
        return False
    return all(
        isinstance(date[key], int) and low <= date[key] <= high
        for key, (low, high) in limits.items()
        if key in date
    )


def _validate_timeline(data: dict[str, Any]) -> None:
    """What TimelineJS3's TimelineConfig requires of its data, as assertions."""
    assert isinstance(data["events"], list)
    assert data["events"], "Timeline configuration has no events."
    seen: set[str] = set()
    slides = [data["title"], *data["events"]] if "title" in data else data["events"]
    for slide in slides:
        if slide.get("unique_id"):
            assert slide["unique_id"] not in seen
            seen.add(slide["unique_id"])
    for event in data["events"]:
        assert "start_date" in event, "missing_start_date_err"
        assert _timeline_date_ok(event["start_date"])
        if "end_date" in event:
            assert _timeline_date_ok(event["end_date"])
        assert set(event.get("text", {})) <= {"headline", "text"}
    for era in data.get("eras", []):
        assert "start_date" in era
        assert "end_date" in era, "All eras must have start and end dates."
        assert era["text"]["headline"]
        assert _timeline_date_ok(era["start_date"])
        assert _timeline_date_ok(era["end_date"])
    assert data.get("scale", "human") in ("human", "cosmological")


class TestTimelineJS:
    """Knight Lab TimelineJS3 JSON."""

    def test_valid_for_timelinejs(self) -> None:
        """The JSON loads and meets TimelineJS's requirements."""
        data = json.loads(export(_story(), "timelinejs"))
        _validate_timeline(data)
        assert data["title"]["text"]["headline"] == "Hero &lt;Mask&gt;: the series"

    def test_releases_and_events(self) -> None:
        """Dated releases and events become slides, grouped by medium and thread."""
        data = json.loads(export(_story(), "timelinejs"))
        by_id = {slide["unique_id"]: slide for slide in data["events"]}
        assert len(by_id) == 7  # 4 dated releases, 3 dated events
        netflix = by_id["release-1-s1"]
        assert netflix["start_date"] == {"year": 2018, "month": 12, "day": 3}
        assert netflix["group"] == "Netflix (WW)"
        assert "end_date" not in netflix
        run = by_id["release-2-s1"]
        assert run["end_date"] == {"year": 2020, "month": 12, "day": 10}
        assert by_id["release-3-s2"]["start_date"] == {"year": 2019, "month": 8}
        killed = by_id["event-killed"]
        assert killed["group"] == "Who killed Monica?"
        assert killed["text"]["headline"] == "Monica is killed"
        assert by_id["event-years"]["end_date"] == {"year": 2015, "month": 6}
        assert by_id["event-vague"]["start_date"] == {"year": 2010, "display_date": "201X"}

    def test_eras_from_seasons(self) -> None:
        """Works with parts whose releases span days become eras."""
        data = json.loads(export(_story(), "timelinejs"))
        eras = {era["text"]["headline"]: era for era in data["eras"]}
        assert set(eras) == {"Hero Mask", "Season 1", "Season 2"}
        assert eras["Season 1"]["start_date"] == {"year": 2018, "month": 12, "day": 3}
        assert eras["Season 1"]["end_date"] == {"year": 2020, "month": 12, "day": 10}
        assert eras["Season 2"]["end_date"] == {"year": 2019, "month": 12, "day": 31}

    def test_nothing_dated(self) -> None:
        """A story with nothing dated cannot be a timeline."""
        with pytest.raises(ExportError, match="nothing to put on a timeline"):
            export(Story(events=(Event(id="x"),)), "timelinejs")

    @needs_data
    def test_imported_film(self) -> None:
        """An imported Story Explorer film puts its release on the timeline."""
        story = import_story(DATA / "storyexplorer" / "memento_simple.json", "storyexplorer").story
        data = json.loads(export(story, "timelinejs"))
        _validate_timeline(data)
        assert data["events"][0]["start_date"] == {"year": 2000, "month": 10, "day": 11}


class TestIcs:
    """iCalendar (RFC 5545)."""

    def test_parses_with_icalendar(self) -> None:
        """The icalendar library reads every release back, dates and text intact."""
        import icalendar

        text = export(_story(), "ics", now=NOW)
        calendar = icalendar.Calendar.from_ical(text)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 4
        first = events[0]
        assert first.decoded("DTSTART") == dt.date(2018, 12, 3)
        assert first.decoded("DTEND") == dt.date(2018, 12, 4)
        assert str(first["SUMMARY"]) == "Season 1 (streaming, Netflix, WW)"
        assert first.decoded("DTSTAMP") == NOW
        run = events[1]
        assert (run.decoded("DTSTART"), run.decoded("DTEND")) == (
            dt.date(2020, 7, 2),
            dt.date(2020, 12, 11),
        )
        assert "« épisodes 1 à 15 », sous-titrés; avec des virgules," in str(run["DESCRIPTION"])
        month = events[2]
        assert (month.decoded("DTSTART"), month.decoded("DTEND")) == (
            dt.date(2019, 8, 1),
            dt.date(2019, 9, 1),
        )
        year = events[3]
        assert (year.decoded("DTSTART"), year.decoded("DTEND")) == (
            dt.date(2019, 1, 1),
            dt.date(2020, 1, 1),
        )
        assert len({str(e["UID"]) for e in events}) == 4

    def test_rfc5545_lines(self) -> None:
        """CRLF line ends, lines of at most 75 octets, folded without splitting characters."""
        text = export(_story(), "ics", now=NOW)
        assert text.endswith("END:VCALENDAR\r\n")
        assert "\n" not in text.replace("\r\n", "")
        lines = text.split("\r\n")[:-1]
        assert all(len(line.encode("utf-8")) <= 75 for line in lines)
        assert any(line.startswith(" ") for line in lines)
        unfolded = text.replace("\r\n ", "")
        assert "DESCRIPTION:Season 1: broadcast release\\, 2020-07-02/2020-12-10." in unfolded
        assert lines[:3] == ["BEGIN:VCALENDAR", "VERSION:2.0", lines[2]]
        assert lines[2].startswith("PRODID:")

    def test_uids_are_stable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The same story exports the same UIDs; SOURCE_DATE_EPOCH fixes DTSTAMP."""
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        one, two = export(_story(), "ics"), export(_story(), "ics")
        assert one == two
        assert "DTSTAMP:20231114T221320Z" in one

    def test_escape_and_fold(self) -> None:
        """TEXT escaping and octet-counted folding."""
        assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
        folded = fold("X:" + "€" * 30).split("\r\n")
        assert [len(line.encode()) for line in folded] == [74, 19]
        assert "".join(line.removeprefix(" ") for line in folded) == "X:" + "€" * 30

    def test_no_releases(self) -> None:
        """A story without dated releases is an empty but valid calendar."""
        import icalendar

        calendar = icalendar.Calendar.from_ical(export(Story(title="x"), "ics", now=NOW))
        assert list(calendar.walk("VEVENT")) == []


# Mermaid's timeline lexer (packages/mermaid/src/diagrams/timeline/parser/timeline.jison),
# in both its current form and the stricter older one (no '#' or ';' in text), after
# mermaid's encodeEntities has replaced entity codes such as '#58;'.
_ENTITY = re.compile(r"#\w+;")
_RULES_NEW = [
    ("title", re.compile(r"title\s[^\n]+", re.I)),
    ("section", re.compile(r"section\s[^:\n]+", re.I)),
    ("event", re.compile(r":\s(?:[^:\n]|:(?!\s))+")),
    ("period", re.compile(r"[^#:\n]+")),
]
_RULES_OLD = [
    ("title", re.compile(r"title\s[^#\n;]+", re.I)),
    ("section", re.compile(r"section\s[^#:\n;]+", re.I)),
    ("event", re.compile(r":\s[^#:\n;]+")),
    ("period", re.compile(r"[^#:\n;]+")),
]


def _lex_mermaid_timeline(
    text: str, rules: list[tuple[str, re.Pattern[str]]]
) -> list[tuple[str, str]]:
    """Tokenize a timeline diagram as mermaid's jison lexer does (first rule that matches wins).

    Fails on a comment or a character no rule accepts.
    """
    text = _ENTITY.sub("\ufb02\u00b0\u00b0X\u00b6\u00df", text)
    lines = text.split("\n")
    assert lines[0] == "timeline"
    keyword = re.compile("timeline", re.I)
    tokens: list[tuple[str, str]] = []
    for line in lines[1:]:
        pos = 0
        while pos < len(line):
            if line[pos].isspace():
                pos += 1
                continue
            rest = line[pos:]
            assert not rest.startswith(("%%", "#")), f"a comment in {line!r}"
            assert not keyword.match(rest), f"the keyword 'timeline' in {line!r}"
            for kind, pattern in rules:
                match = pattern.match(rest)
                if match:
                    tokens.append((kind, match.group().strip()))
                    pos += match.end()
                    break
            else:
                pytest.fail(f"mermaid cannot lex {rest!r} in {line!r}")
    return tokens


class TestMermaid:
    """Mermaid timeline diagrams."""

    def test_begins_with_a_diagram_keyword(self) -> None:
        """The text starts with 'timeline'."""
        text = export(_story(), "mermaid")
        assert text.split("\n", 1)[0] == "timeline"

    @pytest.mark.parametrize("rules", [_RULES_NEW, _RULES_OLD], ids=["current", "older"])
    def test_lexes_as_mermaid_does(self, rules: list[tuple[str, re.Pattern[str]]]) -> None:
        """Every line is one token of mermaid's timeline grammar."""
        tokens = _lex_mermaid_timeline(export(_story(), "mermaid"), rules)
        kinds = [kind for kind, _ in tokens]
        assert kinds[:2] == ["title", "section"]
        assert kinds.count("section") == 2
        assert kinds.count("event") == 8  # 4 dated releases, 4 events
        assert kinds.count("period") == 8  # 4 release dates, 4 story headings

    def test_content(self) -> None:
        """Releases in date order, then the story in chronological order."""
        story = _story()
        text = export(story, "mermaid")
        assert "    title Hero #60;Mask#62;#58; the series\n" in text
        assert "        2018-12-03 : Season 1 (streaming, Netflix, WW)\n" in text
        assert "            : Title#58; with#59; #35;special #37;chars\n" in text
        assert "        2010/2015-06\n            : The lost years\n" in text
        order = [
            text.index(f"{e.label}")
            for e in story.chronology()
            if "#" not in e.label and ":" not in e.label
        ]
        assert order == sorted(order)

    def test_escape_label(self) -> None:
        """Separators and keywords are written as entity codes."""
        assert escape_label("a:b") == "a#58;b"
        assert escape_label("Title fight") == "#84;itle fight"
        assert escape_label("titled") == "titled"
        assert escape_label("timelines") == "#116;imelines"
        assert escape_label("  ") == "#160;"
        assert escape_label("two\nlines") == "two lines"

    def test_every_special_character_is_coded(self) -> None:
        """Each character Mermaid reads as syntax is written as its entity code."""
        specials = '#:;%<>&"`{}'
        assert escape_label(specials) == "".join(f"#{ord(c)};" for c in specials)
        assert escape_label("%% not a comment") == "#37;#37; not a comment"
        assert escape_label("a : b") == "a #58; b"

    @pytest.mark.parametrize(
        "text",
        [
            "Section 31",
            "SECTION 31",
            "section\tx",
            "Title fight",
            "TITLE x",
            "timeline",
            "Timelines",
        ],
    )
    def test_keywords_are_coded_in_any_case(self, text: str) -> None:
        """A label that would start with a keyword has its first letter coded."""
        escaped = escape_label(text)
        assert escaped.startswith(f"#{ord(text[0])};")
        assert escaped[len(f"#{ord(text[0])};") :] == " ".join(text.split())[1:]

    @pytest.mark.parametrize(
        "text",
        ["Sections", "titles", "a section 3", "Timeless? no: timeline", "  ", "#58;", "x\ny"],
    )
    def test_mermaid_decodes_back_to_the_text(self, text: str) -> None:
        """Decoding the entity codes, as Mermaid does, gives the text on one line."""
        decoded = re.sub(r"#(\d+);", lambda m: chr(int(m[1])), escape_label(text))
        assert decoded == (" ".join(text.split()) or "\xa0")

    def test_hostile_titles_lex(self) -> None:
        """Titles full of syntax still lex as one token each, in both grammars."""
        hostile = 'Section 9: %%{init} #1; <b>"x"</b> & `y` {z}'
        story = Story(
            title=hostile,
            works=[Work("w", title=hostile)],
            events=[Event("e", title=hostile, told_in="w"), Event("f", title="timeline x")],
        )
        for rules in (_RULES_NEW, _RULES_OLD):
            tokens = _lex_mermaid_timeline(export(story, "mermaid"), rules)
            assert [kind for kind, _ in tokens] == [
                "title",
                "section",
                "period",
                "event",
                "period",
                "event",
            ]

    @needs_data
    def test_imported_story(self) -> None:
        """A large imported story becomes a lexable diagram."""
        story = import_story(DATA / "sgb_books" / "huck.dat", "sgb").story
        tokens = _lex_mermaid_timeline(export(story, "mermaid"), _RULES_OLD)
        assert sum(1 for kind, _ in tokens if kind == "event") == len(story.events)


class TestCsvExport:
    """The CSV layout, written."""

    def test_round_trip(self) -> None:
        """csv → import → csv gives back the same text."""
        path = OWN / "lighthouse.csv"
        text = path.read_text(encoding="utf-8")
        assert export(import_story(path).story, "csv") == text

    def test_export_import_export(self, tmp_path: Path) -> None:
        """A story's events survive csv → import → csv unchanged."""
        first = export(_story(), "csv")
        path = tmp_path / "story.csv"
        path.write_text(first, encoding="utf-8", newline="")
        result = import_story(path)
        assert result.ok
        assert export(result.story, "csv") == first
        events = {e.id: e for e in result.story.events}
        assert events["killed"].participants == {"monica": Role.DIES, "sarah": Role.PRESENT}
        assert str(events["years"].duration) == "P5Y"

    @needs_data
    @pytest.mark.parametrize(
        ("name", "format"),
        [
            ("storyexplorer/pulp_fiction_simple.json", "storyexplorer"),
            ("sgb_books/anna.dat", "sgb"),
        ],
    )
    def test_round_trip_of_imported_data(self, tmp_path: Path, name: str, format: str) -> None:
        """Imported datasets survive export → import → export."""
        story = import_story(DATA / name, format).story
        first = export(story, "csv")
        path = tmp_path / "x.csv"
        path.write_text(first, encoding="utf-8", newline="")
        again = import_story(path).story
        assert export(again, "csv") == first
        assert [e.id for e in again.events] == [e.id for e in story.events]

    def test_plottr_round_trip(self, tmp_path: Path) -> None:
        """A Plottr import survives the CSV layout."""
        story = import_story(OWN / "lighthouse.pltr").story
        first = export(story, "csv")
        path = tmp_path / "x.csv"
        path.write_text(first, encoding="utf-8", newline="")
        assert export(import_story(path).story, "csv") == first

    def test_colon_in_entity_id(self, tmp_path: Path) -> None:
        """An entity id with ':' is written with its role, so it reads back."""
        story = Story(events=(Event(id="e", participants={"ns:ada": Role.PRESENT}),))
        text = export(story, "csv")
        assert ",ns:ada:present," in text
        path = tmp_path / "x.csv"
        path.write_text(text, encoding="utf-8")
        assert import_story(path).story.events[0].participants == {"ns:ada": Role.PRESENT}

    def test_semicolon_in_list_id(self) -> None:
        """An id with ';' cannot be a list item: the export says which."""
        story = Story(events=(Event(id="e", threads=("a;b",)),))
        with pytest.raises(ExportError, match="'a;b' contains ';'"):
            export(story, "csv")


class TestJson:
    """The canonical story structure."""

    def test_json_is_the_story_file(self) -> None:
        """JSON export is plotline's own JSON story file, which loads back equal."""
        import plotline._io as io_module

        story = _story()
        text = export(story, "json")
        assert isinstance(json.loads(text), dict)
        assert io_module.loads(text, format="json") == story


class TestExportCommand:
    """`plotline export` as the CLI runs it."""

    @staticmethod
    def _run(*argv: str) -> tuple[int, str, str]:
        from plotline._cli.export import add_export_arguments, export_command

        parser = argparse.ArgumentParser(prog="plotline export")
        add_export_arguments(parser)
        args = parser.parse_args(list(argv))
        stdout, stderr = io.StringIO(), io.StringIO()
        status = export_command(args, stdout, stderr)
        return status, stdout.getvalue(), stderr.getvalue()

    @staticmethod
    def _story_file(tmp_path: Path) -> Path:
        import plotline._io as io_module

        path = tmp_path / "story.toml"
        path.write_text(io_module.dumps(_story(), format="toml"), encoding="utf-8")
        return path

    def test_to_stdout(self, tmp_path: Path) -> None:
        """Without -o the export goes to stdout."""
        status, stdout, stderr = self._run(str(self._story_file(tmp_path)), "--to", "mermaid")
        assert (status, stderr) == (0, "")
        assert stdout.startswith("timeline\n")

    def test_to_file(self, tmp_path: Path) -> None:
        """With -o the export is written to the file, CRLF kept for iCalendar."""
        out = tmp_path / "releases.ics"
        status, stdout, _ = self._run(
            str(self._story_file(tmp_path)), "--to", "ics", "-o", str(out)
        )
        assert (status, stdout) == (0, "")
        assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")

    def test_nothing_to_export(self, tmp_path: Path) -> None:
        """A story the format cannot express exits 2 with the reason."""
        import plotline._io as io_module

        path = tmp_path / "story.toml"
        path.write_text(io_module.dumps(Story(title="x", events=(Event(id="e"),)), format="toml"))
        status, _, stderr = self._run(str(path), "--to", "timelinejs")
        assert status == 2
        assert "nothing to put on a timeline" in stderr


class TestReleaseStatusAndEdition:
    """A release's own title, edition, publisher and status reach every export that shows it."""

    STORY = Story(
        title="Books",
        works=(Work("ps", title="Philosopher's Stone"), Work("b8", title="Book 8")),
        releases=(
            Release(
                "ps",
                "print",
                date="1997-06-26",
                title="Harry Potter and the Philosopher's Stone",
                edition="first",
                publisher="Bloomsbury",
            ),
            Release("b8", "print", date="2030", status="cancelled"),
            Release("b8", "print", date="2029", status="announced"),
        ),
    )

    def test_ics(self) -> None:
        """The release's title and edition; TENTATIVE and CANCELLED for those statuses."""
        text = export(self.STORY, "ics", now=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        unfolded = text.replace("\r\n ", "")
        assert "SUMMARY:Harry Potter and the Philosopher's Stone (print)" in unfolded
        assert "first edition\\, Bloomsbury." in unfolded
        assert "SUMMARY:Book 8 [cancelled] (print)\r\n" in unfolded
        assert unfolded.count("STATUS:CANCELLED") == 1
        assert unfolded.count("STATUS:TENTATIVE") == 1

    def test_timelinejs(self) -> None:
        """Headlines name the release and its status; the text has edition and publisher."""
        slides = json.loads(export(self.STORY, "timelinejs"))["events"]
        headlines = [slide["text"]["headline"] for slide in slides]
        assert "Book 8 [announced]" in headlines
        assert "first edition, Bloomsbury" in slides[0]["text"]["text"]

    def test_mermaid(self) -> None:
        """The releases section shows the status of a release that did not happen."""
        assert "2030 : Book 8 [cancelled] (print)" in export(self.STORY, "mermaid")
