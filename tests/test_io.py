"""Tests for reading and writing story files: loading, locating, problems, dumping."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import plotline
from plotline import dump, dumps, load, loads
from plotline._io import FORMATS, story_files
from plotline._io._formats import SUFFIXES, check_format, story_format
from plotline._model import (
    CheckSettings,
    Claim,
    Constraint,
    Entity,
    EntityKind,
    Event,
    Location,
    Mode,
    Release,
    ReleaseStatus,
    Role,
    Source,
    Story,
    Work,
    WorkKind,
)
from plotline._time import Duration, Instant, Interval
from plotline.exceptions import LoadError, PlotlineError, UnknownFormatError
from strategies_io import stories

DATA = Path(__file__).parent / "data"
HERO = {name: DATA / f"hero-mask.{name}" for name in FORMATS}


def problems_of(error: pytest.ExceptionInfo[LoadError]) -> list[tuple[int, int, str]]:
    """The (line, column, message) of every problem of a LoadError."""
    result = []
    for problem in error.value.problems:
        assert problem.location is not None
        result.append((problem.location.line, problem.location.column, problem.message))
    return result


def load_error(text: str, format: str = "toml") -> LoadError:
    """The LoadError that loading ``text`` raises."""
    with pytest.raises(LoadError) as error:
        loads(text, format=format, file=f"story.{format}")
    return error.value


@pytest.fixture(scope="module")
def hero() -> Story:
    """The Hero Mask story, read from TOML."""
    return load(HERO["toml"])


class TestFormats:
    """The same story written in TOML, YAML and JSON loads to equal Story objects."""

    @pytest.mark.parametrize("name", ["yaml", "json"])
    def test_equal_to_toml(self, hero: Story, name: str) -> None:
        """YAML and JSON give exactly the story the TOML gives."""
        assert load(HERO[name]) == hero

    @pytest.mark.parametrize("name", ["yaml", "json"])
    def test_same_orders(self, hero: Story, name: str) -> None:
        """Equal stories have equal telling and story orders."""
        other = load(HERO[name])
        assert [e.id for e in other.telling()] == [e.id for e in hero.telling()]
        assert [e.id for e in other.chronology()] == [e.id for e in hero.chronology()]

    def test_values(self, hero: Story) -> None:
        """Every kind of value arrives as the model's type."""
        assert hero.title == "Hero Mask"
        assert hero.summary is not None
        assert hero.summary.endswith('"hero masks".')
        killed, childhood, investigation, culprit = hero.events
        assert killed.when == Instant.parse("2018-06")
        assert childhood.when == Interval.parse("1990/1995")
        assert childhood.mode is Mode.FLASHBACK
        assert killed.participants == {"monica": Role.DIES, "sarah": Role.PRESENT}
        assert investigation.participants == {"james": Role.PRESENT, "sarah": Role.PRESENT}
        assert investigation.duration == Duration.parse("P2D")
        assert investigation.summary == 'James questions Sarah.\nShe says: "I saw a mask."'
        assert culprit.when == Instant.parse("2018-07-07T21:30:00+01:00")
        assert hero.works[2].runtime == Duration.parse("PT24M")
        assert [claim.value for claim in hero.claims] == [3, 15, "Monica Campbell", False, 7.5]
        assert hero.releases[1].start == Instant.parse("2020-07-02")
        assert hero.check == CheckSettings(
            select=("PL1", "PL2", "PL3", "PL4"),
            ignore=("PL403",),
            options={"dormant_after": 3, "PL602": {"threshold": 0.9, "names": ["Herst", "Hurst"]}},
        )

    def test_native_times(self) -> None:
        """TOML dates and date-times and a bare year read like the same times in quotes."""
        native = loads(
            "[[releases]]\nwork = 'a'\nkind = 'print'\ndate = 2021-03-04\n"
            "start = 2018-12-03T17:00:00+09:00\nend = 2019\n"
        )
        quoted = loads(
            "[[releases]]\nwork = 'a'\nkind = 'print'\ndate = '2021-03-04'\n"
            "start = '2018-12-03T17:00:00+09:00'\nend = '2019'\n"
        )
        assert native == quoted
        assert loads('{"events": [{"id": "a", "when": 2021}]}', format="json").events[0].when == (
            Instant.parse("2021")
        )

    def test_formats_table(self) -> None:
        """FORMATS names each format with its suffixes."""
        assert dict(FORMATS) == {
            "toml": (".toml",),
            "yaml": (".yaml", ".yml"),
            "json": (".json",),
        }

    def test_unknown_format(self) -> None:
        """An unknown format name is a ValueError that lists the known ones."""
        with pytest.raises(ValueError, match="toml, yaml, json"):
            loads("", format="ini")
        with pytest.raises(ValueError, match="cannot tell the story format"):
            dump(Story(), "story.ini")

    def test_unknown_format_is_a_plotline_error(self) -> None:
        """An unknown format name or suffix is an UnknownFormatError, which suggests one."""
        with pytest.raises(UnknownFormatError, match=r"'tmol' \(did you mean 'toml'\?\)") as info:
            loads("", format="tmol")
        assert isinstance(info.value, PlotlineError)
        assert isinstance(info.value, ValueError)
        assert (info.value.name, info.value.known) == ("tmol", ("toml", "yaml", "json"))
        with pytest.raises(UnknownFormatError, match="did you mean 'yaml'"):
            dumps(Story(), format="yalm")
        with pytest.raises(UnknownFormatError, match=r"'story.tml' \(did you mean '.toml'\?\)"):
            dump(Story(), "story.tml")
        with pytest.raises(UnknownFormatError, match="did you mean 'json'"):
            load("story.json", format="jsn")
        assert plotline.UnknownFormatError is UnknownFormatError

    def test_unknown_format_pickles(self) -> None:
        """The error survives a trip to and from a worker process."""
        error = UnknownFormatError("ini", FORMATS)
        copy = pickle.loads(pickle.dumps(error))
        assert (str(copy), copy.name, copy.known) == (str(error), "ini", ("toml", "yaml", "json"))

    def test_story_files_unknown_format(self, tmp_path: Path) -> None:
        """Listing a folder's files of an unknown format is an error, not a KeyError."""
        with pytest.raises(UnknownFormatError, match="choose one of toml, yaml, json"):
            story_files(str(tmp_path), "ini")

    def test_one_suffix_table(self) -> None:
        """Each suffix stands for one format, in any case; names are checked against it."""
        assert dict(SUFFIXES) == {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
        assert story_format("a/B.YML") == "yaml"
        assert story_format("notes.txt") is None
        assert check_format("json") == "json"

    def test_format_override_and_yml(self, tmp_path: Path) -> None:
        """format= overrides the suffix, and .yml is YAML."""
        odd = tmp_path / "bible.txt"
        shutil.copy(HERO["json"], odd)
        assert load(odd, format="json") == load(HERO["json"])
        yml = tmp_path / "bible.yml"
        shutil.copy(HERO["yaml"], yml)
        assert load(yml) == load(HERO["yaml"])

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """A file whose suffix names no format is a located problem."""
        odd = tmp_path / "bible.txt"
        odd.write_text("")
        with pytest.raises(LoadError, match="cannot tell the story format"):
            load(odd)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that does not exist is a FileNotFoundError."""
        with pytest.raises(FileNotFoundError):
            load(tmp_path / "nothing.toml")

    def test_empty(self) -> None:
        """A file with nothing in it is refused; an explicit empty story loads."""
        for text, format in (("", "toml"), ("# notes\n\n", "toml"), ("---\n", "yaml")):
            with pytest.raises(LoadError, match="the file is empty"):
                loads(text, format=format)
        assert loads("[story]\n") == Story()
        assert loads("{}", format="yaml") == Story()
        assert loads("{}", format="json") == Story()

    def test_empty_story_round_trips(self) -> None:
        """An empty story is written as something that loads back to it."""
        for format in ("toml", "yaml", "json"):
            assert loads(dumps(Story(), format=format), format=format) == Story()

    def test_bom_and_crlf(self) -> None:
        """A byte-order mark and Windows line ends are fine."""
        text = '\ufeff[story]\r\ntitle = "T"\r\n\r\n[[events]]\r\nid = "a"\r\n'
        story = loads(text)
        assert story.title == "T"
        assert story.events[0].origin is not None
        assert story.events[0].origin.of("id").line == 5


class TestRoundTrip:
    """dumps writes canonical text that loads back to an equal story."""

    @pytest.mark.parametrize("name", list(FORMATS))
    def test_hero(self, hero: Story, name: str) -> None:
        """The test story survives a round trip in every format."""
        assert loads(dumps(hero, format=name), format=name) == hero

    @pytest.mark.parametrize("name", list(FORMATS))
    def test_canonical(self, hero: Story, name: str) -> None:
        """Dumping a dumped story gives the same text again."""
        text = dumps(hero, format=name)
        assert dumps(loads(text, format=name), format=name) == text

    @pytest.mark.parametrize("name", list(FORMATS))
    def test_new_fields(self, name: str) -> None:
        """Every field grown for real bibles survives a round trip, and keeps its type."""
        meta = {"isbn": "978-0-00-000000-0", "sales": {"uk": 1.5, "us": [1, 2]}, "old": True}
        story = Story(
            title="The Lantern Books",
            authors=["R. Quill", "M. Vane"],
            meta={"genre": "fantasy", "awards": [{"name": "Ember", "year": 2011}]},
            works=[
                Work("lantern", kind="novel", number=1, complete=True, meta=meta),
                Work("c1", kind="chapter", parent="lantern", number=4),
                Work("before", kind="prequel-novella", continues=False),
            ],
            releases=[
                Release(
                    "lantern",
                    "print",
                    date="2010-05-01",
                    region="US",
                    title="The Lantern (US)",
                    edition="first",
                    publisher="Quill & Vane",
                    status="rescheduled",
                    meta={"isbn": "x"},
                )
            ],
            entities=[
                Entity("keep", kind="place"),
                Entity("tower", kind="place", within="keep"),
                Entity("ship", kind="spaceship", meta={"crew": 4}),
            ],
            events=[
                Event("haunt", told_in="c1", mode="time-travel", participants={"ann": "ghost"}),
                Event("staged", told_in="c1", mode="false-account", meta={"by": "ann"}),
                Event("long-ago", when="0074"),
            ],
            constraints=[Constraint("before", "lantern", meta={"why": "a prequel"})],
            sources=[Source("fans", kind="fan-wiki", meta={"trust": 0.5})],
            claims=[Claim("lantern", "number", 2, "fans", note="misprint", meta={"seen": "2012"})],
            check=CheckSettings(installment="novel"),
        )
        again = loads(dumps(story, format=name), format=name)
        assert again == story
        assert again.works[0].kind is WorkKind.NOVEL
        assert type(again.works[2].kind) is str
        assert type(again.entities[2].kind) is str
        assert again.entities[0].kind is EntityKind.PLACE
        assert again.releases[0].status is ReleaseStatus.RESCHEDULED
        assert again.events[0].mode is Mode.TIME_TRAVEL
        assert again.events[0].participants == {"ann": Role.GHOST}
        assert again.check.installment == "novel"
        assert again.works[0].meta == meta

    def test_new_fields_defaults_left_out(self) -> None:
        """A default ``status``, ``continues`` or ``complete`` and an empty meta are not written."""
        text = dumps(Story(works=[Work("w")], releases=[Release("w", "print")]))
        for key in ("status", "continues", "complete", "meta", "installment", "authors"):
            assert key not in text

    def test_toml_text(self) -> None:
        """The TOML is readable: model order, defaults left out, inline participants."""
        story = Story(
            title='He said "hi"',
            works=(Work(id="s1e01", kind="episode", number=1),),
            events=(
                Event(
                    id="a",
                    told_in="s1e01",
                    mode="present",
                    participants={"monica": "dies", "mr x": "present"},
                    summary="two\nlines",
                ),
            ),
        )
        assert dumps(story) == (
            "[story]\n"
            "title = 'He said \"hi\"'\n"
            "\n"
            "[[works]]\n"
            'id = "s1e01"\n'
            'kind = "episode"\n'
            "number = 1\n"
            "\n"
            "[[events]]\n"
            'id = "a"\n'
            'summary = """\n'
            "two\n"
            'lines"""\n'
            'told_in = "s1e01"\n'
            'participants = { monica = "dies", "mr x" = "present" }\n'
        )

    def test_toml_escapes(self) -> None:
        """Control characters, quotes and backslashes are escaped per the TOML spec."""
        story = Story(title='a\\b"c\x00\x7f\té', summary='ends with a quote"\n"')
        text = dumps(story)
        assert 'title = "a\\\\b\\"c\\u0000\\u007f\\té"' in text
        assert loads(text) == story

    def test_long_lists_wrap(self) -> None:
        """A list too long for one line is written one item per line."""
        story = Story(events=(Event(id="a", threads=tuple(f"thread-{n:02d}" for n in range(12))),))
        text = dumps(story)
        assert 'threads = [\n    "thread-00",\n' in text
        assert loads(text) == story

    def test_json_and_yaml_text(self, hero: Story) -> None:
        """JSON is two-space indented with non-ASCII kept; YAML keeps dates as text."""
        story = Story(title="Ōkami", events=(Event(id="a", when=Instant.parse("2021-03-04")),))
        text = dumps(story, format="json")
        assert text.startswith('{\n  "story": {\n    "title": "Ōkami"')
        assert json.loads(text)["events"][0]["when"] == "2021-03-04"
        yaml_text = dumps(story, format="yaml")
        assert "title: Ōkami" in yaml_text
        assert "when: '2021-03-04'" in yaml_text

    def test_toml_null_option(self) -> None:
        """TOML cannot hold a null option; the error says so."""
        story = Story(check=CheckSettings(options={"x": None}))
        with pytest.raises(ValueError, match="TOML has no null"):
            dumps(story)

    def test_toml_dates_in_options(self) -> None:
        """Dates that TOML gave an option are written back as dates."""
        story = loads("[check]\nsince = 2020-01-01\nat = 2020-01-01T10:00:00Z\nwhen = 10:30:00\n")
        assert loads(dumps(story)) == story
        assert json.loads(dumps(story, format="json"))["check"]["since"] == "2020-01-01"

    @pytest.mark.parametrize("name", list(FORMATS))
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(story=stories)
    def test_any_story(self, name: str, story: Story) -> None:
        """Any story the model accepts survives a round trip in every format."""
        assert loads(dumps(story, format=name), format=name) == story


class TestLocations:
    """Every record and field carries the file, line and column it was written at."""

    @pytest.mark.parametrize(
        ("name", "record", "field", "item"),
        [
            ("toml", (122, 1), (129, 1), (129, 18)),
            ("yaml", (99, 5), (105, 5), (105, 20)),
            ("json", (140, 5), (149, 7), (150, 9)),
        ],
    )
    def test_event(
        self, name: str, record: tuple[int, int], field: tuple[int, int], item: tuple[int, int]
    ) -> None:
        """The first event's record, its participants and one participant are located."""
        story = load(HERO[name])
        origin = story.events[0].origin
        assert origin is not None
        assert origin.record == Location(str(HERO[name]), *record, "$.events[0]")
        participants = origin.of("participants")
        assert (participants.line, participants.column) == field
        assert participants.path == "$.events[0].participants"
        monica = origin.of("participants.monica")
        assert (monica.line, monica.column) == item

    @pytest.mark.parametrize("name", list(FORMATS))
    def test_every_field_has_a_line(self, name: str) -> None:
        """Each field of each record is located, at a line of its own record or later."""
        story = load(HERO[name])
        for record in story.records():
            origin = record.origin
            assert origin is not None
            assert origin.record.file == str(HERO[name])
            for field, location in origin.fields.items():
                assert location.line >= origin.record.line, field
                assert location.path.startswith(origin.record.path)

    def test_unknown_field_falls_back(self, hero: Story) -> None:
        """A field that was not written falls back to the record's location."""
        origin = hero.events[0].origin
        assert origin is not None
        assert origin.of("duration") == origin.record

    def test_story_and_check(self, hero: Story) -> None:
        """The [story] and [check] tables are located too."""
        assert hero.origin is not None
        assert hero.origin.record.line == 4
        assert hero.origin.of("summary").line == 6
        assert hero.check.origin is not None
        assert hero.check.origin.of("PL602").line == 206

    def test_fields_pickle_and_print(self, hero: Story) -> None:
        """The lazily located fields pickle and print as a plain dict."""
        origin = hero.works[1].origin
        assert origin is not None
        again = pickle.loads(pickle.dumps(origin))
        assert dict(again.fields) == dict(origin.fields)
        assert repr(origin.fields).startswith("{'id': Location(")

    def test_toml_subtable_and_dotted_keys(self) -> None:
        """Sub-tables of a record and dotted keys are located."""
        story = loads(
            '[[events]]\nid = "a"\n\n[[events]]\nid = "b"\n[events.participants]\n'
            'monica = "dies"\n',
            file="s.toml",
        )
        origin = story.events[1].origin
        assert origin is not None
        assert (origin.record.line, origin.of("participants").line) == (4, 6)
        assert origin.of("participants.monica").line == 7

    def test_toml_header_inside_multiline_string(self) -> None:
        """A header-like line inside a multi-line string is not a header."""
        text = '[[events]]\nid = "a"\nsummary = """\n[[events]]\n"""\n\n[[events]]\nid = "b"\n'
        story = loads(text)
        assert [e.origin.record.line for e in story.events if e.origin] == [1, 7]

    @pytest.mark.parametrize(
        "text",
        [
            '[[events]]\nid = "a"\n# [[events]] in a comment\n\n[[events]]  # b\nid = "b"\n',
            "[[events]]\nid = 'a'\nsummary = '''\n[[events]]\n'''\n\n[[ events ]]\nid = 'b'\n",
            '[[events]]\r\nid = "a"\r\ntitle = "[[events]]"\r\n\r\n[["events"]]\r\nid = "b"\r\n',
            '[[events]]\nid = "a"\nthreads = [\n  "x",\n]\n\n[[events]]\nid = "b"\n',
            '[[events]]\nid = "a"\n[events.participants]\nm = "dies"\n\n[[events]]\nid = "b"\n',
        ],
    )
    def test_toml_tricky_headers(self, text: str) -> None:
        """Header-like text in comments and strings, spaced and quoted headers, CRLF."""
        story = loads(text)
        lines = text.replace("\r\n", "\n").split("\n")
        b_line = next(n for n, line in enumerate(lines, 1) if "'b'" in line or '"b"' in line)
        origin = story.events[1].origin
        assert origin is not None
        assert origin.of("id").line == b_line

    def test_toml_array_of_arrays_falls_back(self) -> None:
        """A header-like line inside a multi-line array sends the locator to the careful scan."""
        from plotline._io._toml import parse_toml

        text = '[[events]]\nid = "a"\n\n[check]\nm = [\n["events"],\n]\n\n[[events]]\nid = "b"\n'
        assert parse_toml(text)._all is not None  # the skim saw a header that is not one
        story = loads(text)
        assert [e.origin.record.line for e in story.events if e.origin] == [1, 9]
        assert story.check.origin is not None
        assert story.check.origin.of("m").line == 5

    def test_toml_inline_records(self) -> None:
        """Records written as an inline array are located by the careful scanner."""
        text = 'events = [\n  { id = "a" },\n  { id = "b", when = "2021" },\n]\n'
        story = loads(text)
        origin = story.events[1].origin
        assert origin is not None
        assert (origin.record.line, origin.record.column) == (3, 3)
        assert (origin.of("when").line, origin.of("when").column) == (3, 15)

    def test_json_not_an_object(self) -> None:
        """A JSON file whose top is not an object is one located problem."""
        error = load_error("[1, 2]", "json")
        assert "a story file holds tables" in str(error)


class TestProblems:
    """LoadError collects every problem, each with its location and a plain message."""

    def test_four_mistakes(self) -> None:
        """One file, four kinds of mistake, one LoadError naming all four at their lines."""
        with pytest.raises(LoadError) as error:
            load(DATA / "errors" / "four-mistakes.toml")
        assert problems_of(error) == [
            (12, 1, "unknown key 'tittle' (did you mean 'title'?)"),
            (17, 1, "expected a list of ids, got an integer (3)"),
            (18, 1, "unknown mode 'flashfoward' (did you mean 'flashback'?)"),
            (22, 1, "'2018-02-30' is not a date: February 2018 has 28 days"),
        ]
        lines = str(error.value).splitlines()
        assert lines[0].endswith(
            "four-mistakes.toml:12:1: unknown key 'tittle' (did you mean 'title'?)"
            " @ $.events[0].tittle"
        )
        assert lines[3].endswith("@ $.events[2].when (use a day from 01 to 28)")

    def test_missing_required(self) -> None:
        """A record without a required field is a problem at the record."""
        error = load_error('[[releases]]\nwork = "s1"\n\n[[claims]]\nsubject = "a"\n')
        messages = [p.message for p in error.problems]
        assert messages == [
            "this release has no 'kind', which every release needs",
            "this claim has no 'field', which every claim needs",
            "this claim has no 'value', which every claim needs",
            "this claim has no 'source', which every claim needs",
        ]
        assert [p.location.line for p in error.problems if p.location] == [1, 4, 4, 4]

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            ('id = "a b"', "expected an id without spaces, got 'a b'"),
            ('id = ""', "expected an id without spaces, got an empty string"),
            ("title = 12", "expected a string, got an integer (12)"),
            ('order = "3"', "expected a whole number, got a string"),
            ("order = 1.5", "expected a whole number, got a float (1.5)"),
            ("order = true", "expected a whole number, got a boolean"),
            ('when = "someday"', "'someday' is not"),
            ("when = [2021]", "expected a time such as '2021-03-04', got an array"),
            ('duration = "24 minutes"', "'24 minutes' is not"),
            ("duration = 24", "expected a duration such as 'PT24M' or 'P3Y', got an integer"),
            ('threads = ["a", 2]', "expected an id, got an integer (2)"),
            ("told_in = 2021-03-04", "expected an id, got a date (2021-03-04)"),
            ("allow = { a = 1 }", "expected a list of strings, got a table"),
            ('participants = "monica"', "expected a table of entity ids and roles, got a string"),
            ('participants = { monica = "dyes" }', "unknown role 'dyes' (did you mean 'dies'?)"),
            ('mode = "sideways"', "unknown mode 'sideways'"),
            ("mode = 3", "expected one of present, flashback, dream, vision, recap"),
        ],
    )
    def test_wrong_values(self, line: str, message: str) -> None:
        """Each wrong value is named with what was expected and what was found."""
        head = "" if line.startswith("id") else 'id = "x"'
        text = f"[[events]]\n{head}\n{line}\n"
        error = load_error(text)
        assert len(error.problems) == 1
        assert error.problems[0].message.startswith(message)
        location = error.problems[0].location
        assert location is not None
        assert location.line == 3

    def test_item_paths(self) -> None:
        """Problems inside lists and tables name the item, at its column."""
        error = load_error('[[events]]\nid = "x"\nsources = ["ok", "not ok"]\n')
        location = error.problems[0].location
        assert location is not None
        assert (location.line, location.column, location.path) == (
            3,
            18,
            "$.events[0].sources[1]",
        )

    def test_negative_count(self) -> None:
        """Counts cannot be negative."""
        error = load_error('[[works]]\nid = "s1"\nepisode_count = -2\n')
        assert error.problems[0].message == "expected a number of 0 or more, got -2"

    def test_interval_where_instant(self) -> None:
        """A release run's start must be a single time."""
        error = load_error('[[releases]]\nwork = "s1"\nkind = "print"\nstart = "2020/2021"\n')
        assert error.problems[0].message == "expected a single time, got the interval '2020/2021'"

    def test_unknown_tables(self) -> None:
        """Unknown tables are problems (with a suggestion); x- keys are ignored."""
        error = load_error('[[event]]\nid = "a"\n\n[settings]\n\n[x-notes]\nanything = 1\n')
        assert [p.message for p in error.problems] == [
            "unknown table 'event' (did you mean 'events'?)",
            "unknown table 'settings'",
        ]
        assert [p.location.line for p in error.problems if p.location] == [1, 4]

    def test_table_instead_of_array(self) -> None:
        """[events] instead of [[events]] says how to write it."""
        error = load_error('[events]\nid = "a"\n')
        problem = error.problems[0]
        assert problem.message == "expected a list of events, got a table"
        assert problem.hint == "in TOML, write each one under its own [[events]] header"

    def test_story_and_check_problems(self) -> None:
        """[story] and [check] keys are checked too; other [check] keys are options."""
        error = load_error('[story]\ntitel = "T"\n\n[check]\nselect = [1]\nwhatever = 1\n')
        assert [p.message for p in error.problems] == [
            "unknown key 'titel' (did you mean 'title'?)",
            "expected a string, got an integer (1)",
        ]

    def test_duplicates_and_dangling_are_kept(self) -> None:
        """Duplicate ids and dangling references are left to the checker."""
        story = loads('[[events]]\nid = "a"\ntold_in = "nowhere"\n\n[[events]]\nid = "a"\n')
        assert [e.id for e in story.events] == ["a", "a"]
        assert list(story.dangling())

    def test_mistakes_the_model_finds_are_reported_with_the_readers(self) -> None:
        """A record with mistakes of both kinds (read, and left to the model) gets each once."""
        error = load_error(
            '[[events]]\nid = "a b"\nmode = "flashfoward"\nwhen = "2018-02-30"\n'
            'told_in = "x y"\nparticipants = { m = "dyes" }\n'
        )
        assert [(p.location.line if p.location else 0, p.message) for p in error.problems] == [
            (2, "expected an id without spaces, got 'a b'"),
            (3, "unknown mode 'flashfoward' (did you mean 'flashback'?)"),
            (4, "'2018-02-30' is not a date: February 2018 has 28 days"),
            (5, "expected an id without spaces, got 'x y'"),
            (6, "unknown role 'dyes' (did you mean 'dies'?)"),
        ]

    def test_model_refusal_is_located(self) -> None:
        """A value the model's own validators refuse is reported at the record."""
        error = load_error('[[works]]\nid = "a"\nsources = ["b c"]\n')
        problem = error.problems[0]
        assert problem.message == "expected an id without spaces, got 'b c'"
        assert problem.location is not None
        assert problem.location.path == "$.works[0].sources[0]"

    def test_json_problems(self) -> None:
        """JSON values are checked the same way, with JSON's own words."""
        text = '{"events": [{"id": "a", "threads": {"x": 1}, "mode": null}], "x-y": 1}'
        error = load_error(text, "json")
        assert [p.message for p in error.problems] == ["expected a list of ids, got an object"]
        assert error.problems[0].location == Location("story.json", 1, 25, "$.events[0].threads")

    @pytest.mark.parametrize(
        ("depth", "refused"), [(97, False), (98, True)], ids=["fits", "one-too-deep"]
    )
    def test_json_depth_inside_a_record(self, depth: int, refused: bool) -> None:
        """Nesting inside one record of many counts from the top of the file (limit 100)."""
        deep = "[" * depth + "]" * depth
        records = [f'{{"id": "e{i}"}}' for i in range(40)]
        records[33] = f'{{"id": "e33", "summary": {deep}}}'
        text = '{"events": [\n' + ",\n".join(records) + "\n]}"
        error = load_error(text, "json")
        message = (
            "values are nested more than 100 levels deep"
            if refused
            else "expected a string, got an array"
        )
        assert [(p.location.line, p.message) for p in error.problems if p.location] == [
            (35, message)
        ]

    def test_json_depth_of_a_top_level_value(self) -> None:
        """A value outside the records is held to the same limit."""
        text = '{"story": {"title": "t"},\n "x-deep": ' + "[" * 100 + "]" * 100 + "}"
        error = load_error(text, "json")
        assert [(p.location.line, p.location.column) for p in error.problems if p.location] == [
            (2, 111)
        ]

    def test_json_duplicate_keys(self) -> None:
        """A key given twice in JSON is a problem, not silently the last (json keeps it)."""
        error = load_error(
            '{"events": [\n {"id": "a", "when": "2020",\n  "when": "2021"},\n'
            ' {"id": "b", "participants": {"m": "dies", "m": "present"}}],\n'
            ' "story": {"title": "a", "title": "b"}}',
            "json",
        )
        assert [
            (p.location.line, p.location.path, p.message) for p in error.problems if p.location
        ] == [
            (
                2,
                "$.events[0].when",
                "the key 'when' is given twice; the second would replace the first",
            ),
            (4, "$.events[1]", "the key 'm' is given twice; the second would replace the first"),
            (
                5,
                "$.story.title",
                "the key 'title' is given twice; the second would replace the first",
            ),
        ]
        error = load_error('{"events": [{"id": "a"}],\n "events": []}', "json")
        assert [p.location.line for p in error.problems if p.location] == [2]

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 is a problem at the bad byte."""
        path = tmp_path / "latin1.toml"
        path.write_bytes(b'[story]\ntitle = "caf\xe9"\n')
        with pytest.raises(LoadError) as error:
            load(path)
        assert problems_of(error)[0][:2] == (2, 13)


class TestSyntaxErrors:
    """A syntax error in any format is reported at file:line:col."""

    @pytest.mark.parametrize(
        ("name", "where", "message"),
        [
            ("toml", "syntax.toml:6:12", "invalid TOML: Expected"),
            ("json", "syntax.json:4:16", "invalid JSON: Expecting property name"),
            ("yaml", "syntax.yaml:6:7", "invalid YAML: while parsing a flow sequence"),
        ],
    )
    def test_syntax(self, name: str, where: str, message: str) -> None:
        """The parser's own line and column, and its message."""
        with pytest.raises(LoadError) as error:
            load(DATA / "errors" / f"syntax.{name}")
        (problem,) = error.value.problems
        assert str(problem).split(": ", 1)[0].endswith(where)
        assert problem.message.startswith(message)

    def test_toml_error_at_end(self) -> None:
        """A TOML error at the end of the document points at the last line."""
        error = load_error('[story]\ntitle = """\nnever closed')
        location = error.problems[0].location
        assert location is not None
        assert location.line == 3


class TestYaml:
    """YAML's surprises are handled and unsafe tags refused."""

    def test_norway_and_dates(self) -> None:
        """no/yes/NO stay text, dates stay text for the time parser, true/false are booleans."""
        story = loads(
            "releases:\n"
            "  - {work: s1, kind: print, region: NO, platform: yes, date: 2021-03-04}\n"
            "claims:\n"
            "  - {subject: a, field: f, value: no, source: s}\n"
            "  - {subject: a, field: f, value: true, source: s}\n"
            "  - {subject: a, field: f, value: 2021-03-04, source: s}\n",
            format="yaml",
        )
        release = story.releases[0]
        assert (release.region, release.platform) == ("NO", "yes")
        assert release.date == Instant.parse("2021-03-04")
        assert [claim.value for claim in story.claims] == ["no", True, "2021-03-04"]

    def test_numbers_where_text_is_expected(self) -> None:
        """A plain number or boolean where text is expected is read as the text written."""
        story = loads(
            "story: {title: 1984}\n"
            "works: [{id: 007, title: 1.50, kind: film}]\n"
            "events: [{id: e, told_in: 007, when: 2021, allow: [1_0]}]\n",
            format="yaml",
        )
        assert story.title == "1984"
        assert (story.works[0].id, story.works[0].title) == ("007", "1.50")
        assert story.events[0].told_in == "007"
        assert story.events[0].when == Instant.parse("2021")
        assert story.events[0].allow == ("1_0",)

    def test_unsafe_tags_refused(self) -> None:
        """Python object tags are refused with a problem at each tag; nothing runs."""
        with pytest.raises(LoadError) as error:
            load(DATA / "errors" / "unsafe.yaml")
        assert [(line, message.split(":")[0]) for line, _, message in problems_of(error)] == [
            (2, "the tag !!python/object/apply"),
            (4, "the tag !!python/object"),
        ]

    def test_other_tags(self) -> None:
        """Plain-data tags work; sets and binaries are refused."""
        text = "story: {title: !!str 12}\nevents: [{id: a, order: !!int '3'}]\n"
        story = loads(text, format="yaml")
        assert (story.title, story.events[0].order) == ("12", 3)
        error = load_error("story: {title: !!binary aGk=}\n", "yaml")
        assert error.problems[0].message.startswith("the tag !!binary is not allowed")

    def test_duplicate_keys(self) -> None:
        """A key given twice is a problem (PyYAML alone would keep the last)."""
        error = load_error("story:\n  title: a\n  title: b\n", "yaml")
        assert error.problems[0].message == "the key 'title' appears twice (first on line 2)"
        assert error.problems[0].location is not None
        assert error.problems[0].location.line == 3

    def test_anchors_and_merges(self) -> None:
        """Anchors, aliases and merge keys work; explicit keys win over merged ones."""
        story = loads(
            "x-base: &base {kind: episode, parent: s1}\n"
            "works:\n"
            "  - {<<: *base, id: e1}\n"
            "  - {<<: [*base], id: e2, kind: special}\n",
            format="yaml",
        )
        assert [(w.id, w.kind.value, w.parent) for w in story.works] == [
            ("e1", "episode", "s1"),
            ("e2", "special", "s1"),
        ]

    def test_recursive_alias(self) -> None:
        """A value that contains itself is a problem, not a hang."""
        error = load_error("x-a: &a [*a]\n", "yaml")
        assert "contains it" in error.problems[0].message

    def test_two_documents(self) -> None:
        """A stream of two documents is a syntax problem."""
        error = load_error("story: {title: a}\n---\nstory: {title: b}\n", "yaml")
        assert error.problems[0].message.startswith("invalid YAML: expected a single document")


class TestFolders:
    """A folder loads every story file in it, in sorted path order, as one story."""

    def test_split_story(self, hero: Story) -> None:
        """The split Hero Mask equals the one-file Hero Mask; hidden files are skipped."""
        assert load(DATA / "hero-mask-split") == hero

    def test_origins_keep_their_files(self) -> None:
        """Each record's origin names the file it came from."""
        story = load(DATA / "hero-mask-split")
        folder = DATA / "hero-mask-split"
        assert story.works[0].origin is not None
        assert story.works[0].origin.record.file == str(folder / "10-works.json")
        assert story.events[0].origin is not None
        assert story.events[0].origin.record.file == str(folder / "cast" / "events.toml")
        assert story.check.origin is not None
        assert story.check.origin.of("select").file == str(folder / "00-story.toml")
        assert story.check.origin.of("ignore").file == str(folder / "cast" / "events.toml")

    def test_order_and_merge(self, tmp_path: Path) -> None:
        """Records join in path order; [check] tables merge; one title is enough."""
        (tmp_path / "b").mkdir()
        (tmp_path / "b" / "z.toml").write_text('[[events]]\nid = "third"\n')
        (tmp_path / "a.yaml").write_text("events: [{id: first}, {id: second}]\ncheck: {x: 1}\n")
        (tmp_path / "c.json").write_text('{"story": {"title": "T"}, "check": {"ignore": ["PL4"]}}')
        story = load(tmp_path)
        assert [e.id for e in story.events] == ["first", "second", "third"]
        assert story.title == "T"
        assert story.check == CheckSettings(ignore=("PL4",), options={"x": 1})

    def test_format_filter(self, tmp_path: Path) -> None:
        """format= limits a folder to that format's files."""
        (tmp_path / "a.toml").write_text('[[events]]\nid = "t"\n')
        (tmp_path / "b.yaml").write_text("events: [{id: y}]\n")
        assert [e.id for e in load(tmp_path, format="yaml").events] == ["y"]

    def test_conflicts(self, tmp_path: Path) -> None:
        """Two different titles, or option values, are problems; problems of all files count."""
        (tmp_path / "a.toml").write_text('[story]\ntitle = "A"\n[check]\nn = 1\n')
        (tmp_path / "b.toml").write_text('[story]\ntitle = "B"\n[check]\nn = 2\n')
        (tmp_path / "c.toml").write_text('[[events]]\nid = "a b"\n')
        with pytest.raises(LoadError) as error:
            load(tmp_path)
        messages = [(p.location.file, p.message) for p in error.value.problems if p.location]
        assert [(os.path.basename(str(f)), m.split(" here")[0]) for f, m in messages] == [
            ("b.toml", "the story's title is 'B'"),
            ("b.toml", "the check option 'n' is 2"),
            ("c.toml", "expected an id without spaces, got 'a b'"),
        ]

    def test_same_title_twice_is_fine(self, tmp_path: Path) -> None:
        """Two files may give the same title."""
        (tmp_path / "a.toml").write_text('[story]\ntitle = "A"\n')
        (tmp_path / "b.json").write_text('{"story": {"title": "A"}}')
        assert load(tmp_path).title == "A"

    def test_empty_folder(self, tmp_path: Path) -> None:
        """A folder without story files is a problem."""
        with pytest.raises(LoadError, match="no story files"):
            load(tmp_path)


class TestDump:
    """dump writes files atomically."""

    def test_writes_and_replaces(self, tmp_path: Path, hero: Story) -> None:
        """The target is replaced whole and no temporary file is left behind."""
        target = tmp_path / "bible.toml"
        target.write_text("old text that is much longer than nothing\n" * 100)
        dump(hero, target)
        assert target.read_text(encoding="utf-8") == dumps(hero)
        assert sorted(os.listdir(tmp_path)) == ["bible.toml"]
        assert load(target) == hero

    @pytest.mark.parametrize("name", list(FORMATS))
    def test_format_from_suffix(self, tmp_path: Path, hero: Story, name: str) -> None:
        """The suffix picks the format."""
        target = tmp_path / f"bible{FORMATS[name][0]}"
        dump(hero, target)
        assert target.read_text(encoding="utf-8") == dumps(hero, format=name)

    @pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
    def test_keeps_permissions(self, tmp_path: Path, hero: Story) -> None:
        """An existing file keeps its mode."""
        target = tmp_path / "bible.toml"
        target.write_text("")
        target.chmod(0o640)
        dump(hero, target)
        assert stat.S_IMODE(target.stat().st_mode) == 0o640

    def test_failure_leaves_target(
        self, tmp_path: Path, hero: Story, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If the final rename fails, the old file is intact and the temporary file gone."""
        target = tmp_path / "bible.toml"
        target.write_text("old\n")

        def fail(*args: Any) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(OSError, match="disk full"):
            dump(hero, target)
        assert target.read_text() == "old\n"
        assert os.listdir(tmp_path) == ["bible.toml"]

    def test_dump_error_leaves_nothing(self, tmp_path: Path) -> None:
        """A story that cannot be written in the format leaves no file at all."""
        target = tmp_path / "bible.toml"
        with pytest.raises(ValueError, match="TOML has no null"):
            dump(Story(check=CheckSettings(options={"x": None})), target)
        assert os.listdir(tmp_path) == []


class TestLargeFiles:
    """Locating stays cheap and correct on big files."""

    @pytest.mark.parametrize("name", ["toml", "json"])
    def test_many_events(self, name: str) -> None:
        """A few thousand events load with the right lines, lazily."""
        story = Story(events=tuple(Event(id=f"e{n}", order=n) for n in range(3000)))
        text = dumps(story, format=name)
        loaded = loads(text, format=name, file=f"big.{name}")
        assert loaded == story
        last = loaded.events[-1].origin
        assert last is not None
        lines = text.splitlines()
        assert re.search(r"\bid\b", lines[last.of("id").line - 1])
        assert '"e2999"' in lines[last.of("id").line - 1]


_YAML_TEXT = st.text(alphabet="ab [{]}#'\"|>:-,\n?&!*\t%@`", max_size=12)
_YAML_VALUE = st.recursive(
    st.one_of(st.integers(), _YAML_TEXT, st.none()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_YAML_TEXT, inner, max_size=3),
    max_leaves=20,
)


class TestYamlFlowDepth:
    """The flow-depth scan agrees with libyaml on what libyaml can parse."""

    @settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
    @given(value=_YAML_VALUE, flow=st.sampled_from([True, None, False]))
    def test_agrees_with_libyaml(self, value: Any, flow: bool | None) -> None:
        import yaml

        from plotline._io._limits import yaml_flow_too_deep

        text = yaml.safe_dump({"x": value}, default_flow_style=flow, width=20)
        depth = _flow_depth_of(text)
        assert yaml_flow_too_deep(text, depth) is None, text
        if depth:
            assert yaml_flow_too_deep(text, depth - 1) is not None, text

    @pytest.mark.parametrize(
        "text",
        [
            "title: Part [1 of [2\nsummary: x {y\n",
            'a: \'[[[\' # [[[\nb: "{{\\"[["\n',
            "a: |\n  [[[[\n  {{{{\nb: >-\n  [[[[\n",
            "a: don't [stop\nb: [it's, fine]\n",
            "- [[a]]\n- ? [b]\n  : c\n",
            "x:\n  :- {: null\n  '::': []\n",
            "{x: [-> ', []]}\n",
            "x:\n  ' &': []\n",
        ],
    )
    def test_tricky_texts(self, text: str) -> None:
        from plotline._io._limits import yaml_flow_too_deep

        depth = _flow_depth_of(text)
        assert yaml_flow_too_deep(text, depth) is None
        if depth:
            assert yaml_flow_too_deep(text, depth - 1) is not None

    @pytest.mark.parametrize("depth", [99, 100, 5_000, 100_000])
    def test_deep_flow_in_process(self, depth: int) -> None:
        """At the limit (the top mapping is a level) loads; past it is refused on its line."""
        text = "story:\n  title: t\nx-deep: " + "[" * depth + "]" * depth + "\n"
        if depth < 100:
            assert loads(text, format="yaml").title == "t"
            return
        with pytest.raises(LoadError, match=r"nested more than 100 levels deep") as caught:
            loads(text, format="yaml", file="deep.yaml")
        assert "deep.yaml:3:" in str(caught.value)


def _flow_depth_of(text: str) -> int:
    """The deepest nesting of flow collections that libyaml itself reads in ``text``."""
    import yaml

    flows: list[bool] = []
    deepest = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            flows.append(bool(event.flow_style))
            deepest = max(deepest, sum(flows))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            flows.pop()
    return deepest
