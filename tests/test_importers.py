"""Tests for plotline.importers: real third-party data and small files of our own."""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

import plotline
from plotline._io._json import JsonTree
from plotline._model import EntityKind, Mode, Role, Story, WorkKind
from plotline.exceptions import LoadError
from plotline.importers import FORMATS, ImportResult, guess_format, import_story
from plotline.importers._sgb import CHECKSUM_PRIME, checksum, detex

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
OWN = Path(__file__).resolve().parent / "data" / "interop"

needs_data = pytest.mark.skipif(
    not DATA.is_dir(),
    reason=f"the shared third-party data is not checked out beside the repo ({DATA})",
)


def _files(folder: str, pattern: str) -> list[Path]:
    return sorted((DATA / folder).glob(pattern)) if DATA.is_dir() else []


SGB_FILES = _files("sgb_books", "*.dat")
ISTORYLINE_FILES = _files("istoryline/json", "*.json")
FILMS = _files("storyexplorer", "*_simple.json")
ALL_DATASETS = (
    [(path, "sgb") for path in SGB_FILES]
    + [(path, "istoryline") for path in ISTORYLINE_FILES]
    + [(path, "storyexplorer") for path in FILMS]
)


def _ids(params: list[Any]) -> list[str]:
    return [p[0].name if isinstance(p, tuple) else p.name for p in params]


def _sgb_text(
    cast: list[str], chapters: list[str], *, name: str = "tiny.dat", magic: int | None = None
) -> str:
    """A book file in SGB's format (not part of the SGB), with a correct checksum unless told."""
    data = [*cast, "", *chapters]
    total = 0
    for line in data:
        if not line.startswith("*"):
            total = checksum(line.encode("ascii"), total)
    header = [
        f'* File "{name}" made for plotline\'s tests (not part of the Stanford GraphBase)',
        "* A Tiny Tale, by Nobody",
        "* Test data.",
        f"* (Checksum parameters {len(data)},{total if magic is None else magic})",
    ]
    return "\n".join([*header, *data, f'* End of file "{name}"']) + "\n"


TINY_CAST = ["AA Ann Able, a sailor", "BB Bob Baker, killed by AA", "CC Cid (Cidney/Cy), a cook"]
TINY_CHAPTERS = ["1.1:AA,CC", "1.2:AA,BB;CC", "2.1", "2.2:CC,AA"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


class TestJsonTree:
    """The JSON locator the importers share with story files."""

    TEXT = '{"books": {"1": {"title": "A"}},\n "cards": [\n  {"id": 1}, [2],\n  "x"]}'

    def test_positions_of_objects_and_arrays(self) -> None:
        """Each object and array is found at its opening bracket, members and items alike."""
        tree = JsonTree(self.TEXT, "deck.pltr")
        root = tree.root
        assert tree.line_col(root) == (1, 1)
        assert tree.line_col(root["books"]) == (1, 11)
        assert tree.line_col(root["books"]["1"]) == (1, 17)
        assert tree.line_col(root["cards"]) == (2, 11)
        assert tree.line_col(root["cards"][0]) == (3, 3)
        assert tree.line_col(root["cards"][1]) == (3, 14)

    def test_other_values_are_at_the_start(self) -> None:
        """Strings, numbers and foreign objects have no position of their own."""
        tree = JsonTree(self.TEXT, "deck.pltr")
        assert tree.line_col(tree.root["cards"][2]) == (1, 1)
        assert tree.line_col({"id": 1}) == (1, 1)

    def test_same_values_as_json(self) -> None:
        """The values are json.loads' own."""
        assert JsonTree(self.TEXT, None).root == json.loads(self.TEXT)


class TestImportStory:
    """The package entry point: formats, guessing, errors."""

    def test_formats_listed(self) -> None:
        """Every documented format is available."""
        assert set(FORMATS) == {
            *(
                "sgb",
                "istoryline",
                "storyexplorer",
                "plottr",
                "csv",
                "markwhen",
                "wikidata",
                "aeon",
            ),
        }

    def test_guess_format_from_suffix(self) -> None:
        """Unambiguous suffixes choose a format; JSON does not."""
        assert guess_format("a/b.CSV") == "csv"
        assert guess_format("x.pltr") == "plottr"
        assert guess_format("x.json") is None

    def test_unknown_format_suggests_one(self, tmp_path: Path) -> None:
        """A misspelt format is refused with a suggestion."""
        path = _write(tmp_path, "x.csv", "id\n")
        with pytest.raises(LoadError, match="unknown import format 'plotr'") as info:
            import_story(path, "plotr")
        assert info.value.problems[0].hint == "did you mean 'plottr'?"

    def test_unguessable_format_is_an_error(self, tmp_path: Path) -> None:
        """A .json file needs an explicit format."""
        path = _write(tmp_path, "x.json", "{}")
        with pytest.raises(LoadError, match="cannot tell the format"):
            import_story(path)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is a FileNotFoundError."""
        with pytest.raises(FileNotFoundError):
            import_story(tmp_path / "nope.csv", "csv")

    def test_bad_json_is_located(self, tmp_path: Path) -> None:
        """Malformed JSON is reported at its line and column."""
        path = _write(tmp_path, "x.json", '{"Story": {\n  "Characters": [1,, 2]}}')
        with pytest.raises(LoadError) as info:
            import_story(path, "istoryline")
        location = info.value.problems[0].location
        assert location is not None
        assert (location.line, location.column) == (2, 20)
        assert info.value.problems[0].message.startswith("invalid JSON: Expecting value")

    def test_too_long_number_is_located(self, tmp_path: Path) -> None:
        """A number too long to read is a located problem, not a bare ValueError."""
        path = _write(tmp_path, "x.json", '{"Story": {\n  "Characters": [' + "9" * 5000 + "]}}")
        with pytest.raises(LoadError, match="a number is too long to read") as info:
            import_story(path, "istoryline")
        location = info.value.problems[0].location
        assert location is not None
        assert (location.line, location.column) == (2, 18)


@needs_data
class TestSgb:
    """Knuth's Stanford GraphBase book files."""

    @pytest.mark.parametrize("path", SGB_FILES, ids=_ids(SGB_FILES))
    def test_checksum_is_knuths(self, path: Path) -> None:
        """Our checksum of each real file equals the one in its header."""
        lines = path.read_bytes().split(b"\n")
        match = re.match(rb"\* \(Checksum parameters (\d+),(\d+)\)", lines[3])
        assert match is not None
        count, expected = int(match.group(1)), int(match.group(2))
        magic = 0
        for line in lines[4 : 4 + count]:
            if not line.startswith(b"*"):
                magic = checksum(line, magic)
        assert magic == expected
        assert 0 <= magic < CHECKSUM_PRIME

    @pytest.mark.parametrize("path", SGB_FILES, ids=_ids(SGB_FILES))
    def test_real_file_imports_cleanly(self, path: Path) -> None:
        """Each file imports with its checksum verified and no problem but Iliad death notes."""
        result = import_story(path, "sgb")
        story = result.story
        assert story.works
        assert story.events
        assert story.entities
        unexpected = [p for p in result.problems if "killed by" not in p.message]
        assert unexpected == []
        assert all(event.told_in in story.work_index for event in story.events)
        assert all(entity in story.entity_index for e in story.events for entity in e.participants)

    def test_les_miserables_structure(self) -> None:
        """Chapters 1.1.1 to 5.9.6 become part, book and chapter works with their cliques."""
        story = import_story(DATA / "sgb_books" / "jean.dat", "sgb").story
        assert story.title == "Les Misérables"
        chapters = [w for w in story.works if w.kind is WorkKind.CHAPTER]
        assert len(chapters) == 356  # as gb_books.w says
        assert (chapters[0].id, chapters[-1].id) == ("jean-1.1.1", "jean-5.9.6")
        chapter = story.work_index["jean-1.1.4"]
        assert (chapter.parent, story.work_index["jean-1.1"].parent) == ("jean-1.1", "jean-1")
        cliques = [e for e in story.events if e.told_in == "jean-1.1.4"]
        assert [list(e.participants) for e in cliques] == [
            ["MY", "ME"],
            ["MY", "CL"],
            ["MY", "GE"],
            ["MY", "MC"],
            ["MY", "MB"],
        ]
        assert [e.order for e in cliques] == [1, 2, 3, 4, 5]

    def test_names_and_descriptions_lose_their_tex(self) -> None:
        """Accents, quotes and the Iliad's Greek title come out as Unicode."""
        jean = import_story(DATA / "sgb_books" / "jean.dat", "sgb").story
        assert jean.entity_index["FT"].name == "Félix Tholomyès"
        assert jean.entity_index["MY"].name == "Monsieur Charles François Bienvenu Myriel"
        quoted = "\N{LEFT SINGLE QUOTATION MARK}Friends of the ABC\N{RIGHT SINGLE QUOTATION MARK}"
        assert jean.entity_index["EN"].summary == f"{quoted} chief"
        homer = import_story(DATA / "sgb_books" / "homer.dat", "sgb").story
        assert homer.title == "ΙΛΙΑΔΟΣ"
        assert homer.entity_index["AF"].name == "Aphrodite"
        assert homer.entity_index["AF"].aliases == ("Venus",)

    def test_iliad_deaths(self) -> None:
        """ "killed by" notes become deaths in the last encounter, when it is with the killer."""
        result = import_story(DATA / "sgb_books" / "homer.dat", "sgb")
        story = result.story
        deaths = {
            entity: event
            for event in story.events
            for entity, role in event.participants.items()
            if role is Role.DIES
        }
        echepolus = deaths["0V"]  # "Echepolus, killed by AL"
        assert "AL" in echepolus.participants
        last = [e for e in story.events if "0V" in e.participants][-1]
        assert last.id == echepolus.id
        undecidable = [p for p in result.problems if "does not tell when" in p.message]
        assert len(deaths) + len(undecidable) == sum(
            1
            for e in story.entities
            if re.search(r"\b(killed|slain)\b[^,]*\bby\b", e.summary or "")
        )
        assert len(undecidable) == 13
        assert all(p.location is not None and p.location.line > 4 for p in undecidable)


class TestSgbFormat:
    """The SGB reader on small files of our own."""

    def test_own_file(self, tmp_path: Path) -> None:
        """A well-formed file imports without problems, with aliases and a death."""
        path = _write(tmp_path, "tiny.dat", _sgb_text(TINY_CAST, TINY_CHAPTERS))
        result = import_story(path)
        assert result.ok
        story = result.story
        assert story.title == "A Tiny Tale"
        assert [w.id for w in story.works] == [
            "tiny",
            "tiny-1",
            "tiny-1.1",
            "tiny-1.2",
            "tiny-2",
            "tiny-2.1",
            "tiny-2.2",
        ]
        assert story.entity_index["CC"].aliases == ("Cidney", "Cy")
        assert story.event_index["tiny-1.2-1"].participants["BB"] is Role.DIES
        assert story.event_index["tiny-1.2-2"].participants == {"CC": Role.PRESENT}

    def test_checksum_mismatch_is_a_problem(self, tmp_path: Path) -> None:
        """A wrong checksum is reported at the header line; the data is still imported."""
        path = _write(tmp_path, "tiny.dat", _sgb_text(TINY_CAST, TINY_CHAPTERS, magic=12345))
        result = import_story(path, "sgb")
        assert len(result.problems) == 1
        problem = result.problems[0]
        assert problem.location is not None
        assert problem.location.line == 4
        assert "checksum mismatch" in problem.message
        assert "12345" in problem.message
        assert len(result.story.events) == 4

    def test_crlf_is_named_as_the_cause(self, tmp_path: Path) -> None:
        """A file converted to CRLF fails its checksum, and the hint says why."""
        text = _sgb_text(TINY_CAST, TINY_CHAPTERS).replace("\n", "\r\n")
        path = _write(tmp_path, "tiny.dat", text)
        result = import_story(path, "sgb")
        assert [p.hint for p in result.problems] == [
            "the file has CRLF line ends; SGB files use LF"
        ]
        assert result.story.entity_index["AA"].name == "Ann Able"

    def test_changed_line_count(self, tmp_path: Path) -> None:
        """A file with a line added no longer matches its header."""
        text = _sgb_text(TINY_CAST, TINY_CHAPTERS).replace("2.2:CC,AA\n", "2.2:CC,AA\n2.3:AA\n")
        result = import_story(_write(tmp_path, "tiny.dat", text), "sgb")
        messages = [p.message for p in result.problems]
        assert messages[0].startswith("the header promises 8 data lines, so this line should close")
        assert result.problems[0].location is not None
        assert result.problems[0].location.line == 13

    def test_bad_codes_are_reported_and_skipped(self, tmp_path: Path) -> None:
        """An unknown character is reported at its line and column; the clique keeps the rest."""
        cast = ["AA Ann Able, a sailor", "CC Cid, a cook"]
        path = _write(tmp_path, "tiny.dat", _sgb_text(cast, ["1.1:AA,ZZ;CC", "1.2:AA"]))
        result = import_story(path, "sgb")
        assert [str(p) for p in result.problems] == [
            f"{path}:8:8: unknown character 'ZZ' (not in the cast)",
        ]
        assert list(result.story.event_index["tiny-1.1-1"].participants) == ["AA"]

    def test_wrong_name_in_header(self, tmp_path: Path) -> None:
        """The first and last lines must name the file, as gb_io.w checks."""
        path = _write(tmp_path, "renamed.dat", _sgb_text(TINY_CAST, TINY_CHAPTERS))
        result = import_story(path, "sgb")
        assert [p.location.line for p in result.problems if p.location] == [1, 13]

    def test_not_an_sgb_file(self, tmp_path: Path) -> None:
        """A file with no cast and no chapters is not importable."""
        path = _write(tmp_path, "x.dat", "hello\nworld\n")
        with pytest.raises(LoadError, match="no characters and no chapters"):
            import_story(path, "sgb")

    def test_detex(self) -> None:
        """TeX accents, dashes and quotes become Unicode."""
        assert detex(r"G\'eborand, retired -- or not") == "Géborand, retired \N{EN DASH} or not"
        assert detex(r"\"uber ``quoted''") == "über “quoted”"


@needs_data
class TestIstoryline:
    """iStoryline.js story scripts."""

    @pytest.mark.parametrize("path", ISTORYLINE_FILES, ids=_ids(ISTORYLINE_FILES))
    def test_real_script_imports(self, path: Path) -> None:
        """Every script imports without problems into slots, scenes and people."""
        result = import_story(path, "istoryline")
        assert result.ok
        story = result.story
        raw = json.loads(path.read_text(encoding="utf-8"))["Story"]
        characters = [e for e in story.entities if e.kind is EntityKind.CHARACTER]
        assert len(characters) == len(raw["Characters"])
        spans = {
            (s["Start"], s["End"], s["Session"]) for v in raw["Characters"].values() for s in v
        }
        assert {int(e.id.rsplit("-s", 1)[1]) for e in story.events} == {s for _, _, s in spans}
        for event in story.events:
            assert event.participants
            assert event.told_in in story.work_index

    def test_red_cap(self) -> None:
        """The wolf meets Red Cap in the forest, then waits at grandmother's home."""
        story = import_story(DATA / "istoryline" / "json" / "Redcap.json", "istoryline").story
        places = {e.name: e.id for e in story.entities if e.kind is EntityKind.PLACE}
        assert set(places) == {"Red cap's Home", "Forest", "Grandmother's Home"}
        forest = story.event_index["redcap-t6-s2"]
        assert set(forest.participants) == {"red-cap", "wolf"}
        assert forest.location == places["Forest"]
        home = story.event_index["redcap-t11-s3"]
        assert set(home.participants) == {"grandmother", "wolf"}
        assert story.work_index["redcap-t6"].title == "Time 6 to 10"

    def test_catch_all_location_is_no_place(self) -> None:
        """Scripts whose only location is 'All' get no place entity."""
        story = import_story(DATA / "istoryline" / "json" / "Coco.json", "istoryline").story
        assert not [e for e in story.entities if e.kind is EntityKind.PLACE]
        assert all(e.location is None for e in story.events)


class TestIstorylineFormat:
    """The iStoryline reader on small scripts of our own."""

    def test_bad_spans_are_reported_at_their_line(self, tmp_path: Path) -> None:
        """A span that ends before it starts is skipped and reported where it is."""
        text = (
            '{"Story": {\n'
            '  "Locations": {"Deck": [1]},\n'
            '  "Characters": {\n'
            '    "Ann": [{"Start": 0, "End": 4, "Session": 1}],\n'
            '    "Bob": [{"Start": 2, "End": 4, "Session": 1},\n'
            '            {"Start": 5, "End": 3, "Session": 1}]}}}\n'
        )
        result = import_story(_write(tmp_path, "deck.json", text), "istoryline")
        assert [(p.location.line, p.location.column) for p in result.problems if p.location] == [
            (6, 13)
        ]
        story = result.story
        assert [e.id for e in story.events] == ["deck-t0-s1", "deck-t2-s1"]
        assert set(story.event_index["deck-t2-s1"].participants) == {"ann", "bob"}
        assert story.event_index["deck-t2-s1"].location == "at-deck"

    def test_no_characters(self, tmp_path: Path) -> None:
        """A script without characters has nothing to import."""
        with pytest.raises(LoadError, match='no "Characters"'):
            import_story(_write(tmp_path, "x.json", '{"Story": {"Locations": {}}}'), "istoryline")


def _story_order(path: Path) -> list[str]:
    """The source's story order of a Story Explorer film, as event ids."""
    film = re.sub(r"[^\w.+-]+", "-", path.stem.removesuffix("_simple").lower()).replace("_", "-")
    scenes = json.loads(path.read_text(encoding="utf-8"))["script_info"]["scenes"]
    ranked = sorted(scenes, key=lambda s: (s["story_order"], s["narrative_order"]))
    return [f"{film}-scene-{s['narrative_order'] + 1}" for s in ranked]


@needs_data
class TestStoryExplorer:
    """The Story Curves films: story order must come from plotline's own chronology."""

    @pytest.mark.parametrize("path", FILMS, ids=_ids(FILMS))
    def test_chronology_is_the_source_story_order(self, path: Path) -> None:
        """Constraints and modes make story.chronology() reproduce the film's story order."""
        story = import_story(path, "storyexplorer").story
        solution = plotline.solve(story)
        assert [e.id for e in solution.chronology] == _story_order(path)
        assert solution.conflicts == ()

    @pytest.mark.parametrize("path", FILMS, ids=_ids(FILMS))
    def test_telling_order_and_modes(self, path: Path) -> None:
        """Scenes are told in narrative order; flashbacks are exactly those before the present."""
        story = import_story(path, "storyexplorer").story
        told = story.telling()
        assert [e.order for e in told] == list(range(1, len(told) + 1))
        rank = {event_id: n for n, event_id in enumerate(_story_order(path))}
        furthest = -1
        for event in told:
            expected = Mode.PRESENT if rank[event.id] > furthest else Mode.FLASHBACK
            assert event.mode is expected, event.id
            furthest = max(furthest, rank[event.id])
        assert len(story.constraints) == len(told) - 1

    def test_memento_details(self) -> None:
        """Runtime and release come from the movie info beside the scene files."""
        result = import_story(DATA / "storyexplorer" / "memento_simple.json", "storyexplorer")
        assert result.ok
        story = result.story
        film = story.works[0]
        assert (film.id, film.title, film.kind) == ("memento", "Memento", WorkKind.FILM)
        assert str(film.runtime) == "PT113M"
        assert [str(r.date) for r in story.releases] == ["2000-10-11"]
        first = story.event_index["memento-scene-1"]
        assert first.mode is Mode.PRESENT
        assert first.title == "Int. Derelict House - Day"

    def test_empty_names_are_reported(self) -> None:
        """The data's empty character names are problems with a column, not entities."""
        path = DATA / "storyexplorer" / "pulp_fiction_simple.json"
        result = import_story(path, "storyexplorer")
        assert len(result.problems) == 3
        assert all(p.location is not None and p.location.column > 1 for p in result.problems[1:])
        assert "" not in {e.name for e in result.story.entities}


class TestStoryExplorerFormat:
    """The Story Explorer reader on small files of our own."""

    def test_bad_scene_is_skipped(self, tmp_path: Path) -> None:
        """A scene without positions is reported; the others keep their order."""
        scenes = [
            {"narrative_order": 0, "story_order": 2, "characters": ["A"], "scene_metadata": {}},
            {"narrative_order": 1, "story_order": "x", "characters": ["A"]},
            {"narrative_order": 2, "story_order": 0, "characters": ["B"]},
            {"narrative_order": 3, "story_order": 1, "characters": ["A", "B"]},
        ]
        text = json.dumps(
            {"script_info": {"title": "T", "characters": [], "scenes": scenes}}, indent=1
        )
        result = import_story(_write(tmp_path, "t_simple.json", text), "storyexplorer")
        assert len(result.problems) == 1
        assert "skipped" in result.problems[0].message
        story = result.story
        assert [e.id for e in story.chronology()] == ["t-scene-3", "t-scene-4", "t-scene-1"]
        assert [e.mode for e in story.telling()] == [Mode.PRESENT, Mode.FLASHBACK, Mode.FLASHBACK]
        assert {e.name for e in story.entities} == {"A", "B"}


class TestPlottr:
    """Plottr project files of our own, in the current and the 2020 format."""

    def test_current_format(self) -> None:
        """Books, acts and chapters, plotlines and tags, characters and places."""
        result = import_story(OWN / "lighthouse.pltr")
        story = result.story
        assert story.title == "The Lighthouse"
        assert story.summary == "A keeper's daughter finds out who lit the fire."
        works = {w.id: (w.title, w.kind, w.parent, w.number) for w in story.works}
        assert works["act-1"] == ("Act 1", WorkKind.PART, "the-lighthouse", 1)
        assert works["chapter-2"] == ("Chapter 2", WorkKind.CHAPTER, "act-1", 2)
        assert works["ashes"] == ("Ashes", WorkKind.CHAPTER, "the-reckoning", 1)
        assert [t.title for t in story.threads] == [
            "Main Plot",
            "Who lit the fire?",
            "Lamp",
            "Clue",
        ]
        ada = story.entity_index["ada-quill"]
        assert ada.summary == "The keeper's daughter\n\nAfraid of heights."
        assert ada.importance is not None
        assert ada.importance.value == "main"
        smoke = story.event_index["smoke-over-the-boathouse"]
        assert smoke.location == "boathouse"
        assert smoke.participants["the-lighthouse"] is Role.PRESENT
        assert smoke.threads == ("who-lit-the-fire", "tag-clue")
        lamp = story.event_index["the-lamp-goes-dark"]
        assert lamp.summary == "A storm cuts the island off.\nAda climbs the tower."
        assert story.event_index["ben-s-alibi-cracks"].summary == "The ferry log says otherwise."

    def test_telling_order_follows_the_timeline(self) -> None:
        """Cards are told beat by beat; a beat sorted by hand keeps its outline order."""
        story = import_story(OWN / "lighthouse.pltr").story
        assert [(e.id, e.told_in, e.order) for e in story.events[:5]] == [
            ("the-lamp-goes-dark", "the-storm", 1),
            ("smoke-over-the-boathouse", "the-storm", 2),
            ("ben-s-alibi-cracks", "chapter-2", 1),
            ("the-keeper-s-confession", "chapter-2", 2),
            ("ada-relights-the-lamp", "ashes", 1),
        ]

    def test_dangling_references_are_problems(self) -> None:
        """Unknown characters and beats are reported at the card; the card is kept."""
        result = import_story(OWN / "lighthouse.pltr", "plottr")
        assert [(p.location.line, p.message) for p in result.problems if p.location] == [
            (37, "card 105: unknown character 99"),
            (38, "card 106: unknown beat 77; kept, told nowhere"),
        ]
        orphan = result.story.event_index["a-card-for-a-deleted-chapter"]
        assert orphan.told_in is None

    def test_2020_format(self) -> None:
        """Chapters per book, series beats and series lines, from before Plottr 2021."""
        result = import_story(OWN / "harbour-2020.pltr", "plottr")
        assert result.ok
        story = result.story
        assert [(w.id, w.kind, w.parent) for w in story.works] == [
            ("series", WorkKind.SERIES, None),
            ("low-tide", WorkKind.BOOK, "series"),
            ("high-tide", WorkKind.BOOK, "series"),
            ("setup", WorkKind.OTHER, "series"),
            ("arrival", WorkKind.CHAPTER, "low-tide"),
            ("chapter-2", WorkKind.CHAPTER, "low-tide"),
            ("return", WorkKind.CHAPTER, "high-tide"),
        ]
        assert story.event_index["two-towns-one-secret"].threads == ("series-arc",)
        assert story.event_index["mara-comes-back"].told_in == "return"

    def test_not_plottr(self, tmp_path: Path) -> None:
        """A JSON file without cards or beats is refused."""
        with pytest.raises(LoadError, match="not a Plottr file"):
            import_story(_write(tmp_path, "x.pltr", '{"hello": 1}'))


class TestCsv:
    """The spreadsheet layout."""

    def test_layout(self) -> None:
        """Every column is read; works, entities, threads and sources are made from the ids."""
        result = import_story(OWN / "lighthouse.csv")
        assert result.ok
        story = result.story
        assert story.title == "lighthouse"
        assert [w.id for w in story.works] == ["e1", "e2", "e3"]
        kinds = {e.id: e.kind for e in story.entities}
        assert kinds["lighthouse"] is EntityKind.PLACE
        assert kinds["ada"] is EntityKind.CHARACTER
        assert [t.id for t in story.threads] == ["main", "fire"]
        assert [s.id for s in story.sources] == ["log", "ferry-book"]
        storm = story.event_index["storm"]
        assert (str(storm.when), str(storm.duration), storm.opens) == (
            "1923-11-02",
            "PT6H",
            ("main",),
        )
        confession = story.event_index["confession"]
        assert confession.participants == {"tom": Role.EXITS, "ada": Role.PRESENT}
        assert confession.summary == "Two lines:\nTom confesses."
        assert story.event_index["wedding"].mode is Mode.FLASHBACK
        assert str(story.event_index["relight"].when) == "1923-11-06/1923-11-07"
        assert story.event_index["alibi"].summary == 'The ferry log says otherwise, "clearly".'

    def test_bad_rows_are_reported_and_good_rows_survive(self) -> None:
        """Each bad row is reported at its line with every problem in it; the rest is kept."""
        path = OWN / "bad-rows.csv"
        result = import_story(path, "csv")
        assert [e.id for e in result.story.events] == ["a1", "a3", "a5"]
        lines = [(p.location.line if p.location else 0) for p in result.problems]
        assert lines == [3, 5, 5, 6, 9]
        first = str(result.problems[0])
        assert first.startswith(f"{path}:3:1: when: '2018-02-30' is not a date")
        assert result.problems[2].hint == "did you mean ada:dies?"
        assert result.story.event_index["a5"].participants["ben"] is Role.RETURNS
        assert result.story.event_index["a5"].origin is not None

    def test_header_problems(self, tmp_path: Path) -> None:
        """Unknown columns are reported with a suggestion and ignored."""
        path = _write(tmp_path, "x.csv", "id,titel,mode\nx,Hello,\n")
        result = import_story(path)
        assert [(str(p.location), p.hint) for p in result.problems] == [
            (f"{path}:1:1", "did you mean 'title'?")
        ]
        assert result.story.events[0].title is None

    def test_no_id_column(self, tmp_path: Path) -> None:
        """Without an id column nothing can be imported."""
        with pytest.raises(LoadError, match="'id' column"):
            import_story(_write(tmp_path, "x.csv", "title\nHello\n"))

    def test_nothing_usable(self, tmp_path: Path) -> None:
        """A file whose every row is bad raises, listing every problem."""
        with pytest.raises(LoadError) as info:
            import_story(_write(tmp_path, "x.csv", "id,order\na,x\nb,y\n"))
        assert len(info.value.problems) == 3

    def test_extra_cells_and_bad_quoting(self, tmp_path: Path) -> None:
        """A row with more cells than the header, or broken quotes, is reported."""
        text = 'id,title\na,"A"\nb,B,extra\nc,"C"x\nd,D\n'
        result = import_story(_write(tmp_path, "x.csv", text))
        assert [e.id for e in result.story.events] == ["a", "d"]
        assert [p.location.line for p in result.problems if p.location] == [3, 4]

    def test_ids_with_spaces(self, tmp_path: Path) -> None:
        """Ids must not contain spaces, in any id column."""
        result = import_story(_write(tmp_path, "x.csv", "id,threads\na,main plot\nb,main\n"))
        assert [e.id for e in result.story.events] == ["b"]
        assert "is not an id" in result.problems[0].message

    def test_large_file_streams(self, tmp_path: Path) -> None:
        """A large sheet is read row by row (and quickly)."""
        path = tmp_path / "big.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write("id,told_in,order,participants,threads\n")
            for n in range(20_000):
                handle.write(
                    f"e{n},w{n // 100},{n % 100},p{n % 50};p{(n + 1) % 50}:dies,t{n % 7}\n"
                )
        result = import_story(path)
        assert len(result.story.events) == 20_000
        assert len(result.story.works) == 200
        assert len(result.story.entities) == 50


@needs_data
class TestDatasetsCheckAndRender:
    """Every real dataset imports, and the result checks and renders."""

    @pytest.mark.parametrize(("path", "format"), ALL_DATASETS, ids=_ids(ALL_DATASETS))
    def test_check_and_render(self, path: Path, format: str) -> None:
        """The checker runs on the imported story; its storyline and chronology views draw."""
        story = import_story(path, format).story
        report = plotline.check(story)
        assert report.ok, [str(finding) for finding in report.active]
        for view in ("storyline", "chronology"):
            source = plotline.render(story, view=view, report=report).source
            first = next(x for x in source.splitlines() if not x.startswith("//"))
            assert first.startswith(("graph", "digraph"))


class TestImportCommand:
    """`plotline import` as the CLI runs it."""

    @staticmethod
    def _run(*argv: str) -> tuple[int, str, str]:
        from plotline._cli.import_ import add_import_arguments, import_command

        parser = argparse.ArgumentParser(prog="plotline import")
        add_import_arguments(parser)
        args = parser.parse_args(list(argv))
        stdout, stderr = io.StringIO(), io.StringIO()
        status = import_command(args, stdout, stderr)
        return status, stdout.getvalue(), stderr.getvalue()

    def test_writes_the_story_and_reports_problems(self, tmp_path: Path) -> None:
        """Problems go to stderr as file:line:col; the story is written; exit 0."""
        out = tmp_path / "story.toml"
        status, stdout, stderr = self._run(
            str(OWN / "bad-rows.csv"), "--from", "csv", "-o", str(out)
        )
        assert status == 0
        assert stdout.startswith(f"imported {OWN / 'bad-rows.csv'} to {out}")
        assert f"{OWN / 'bad-rows.csv'}:3:1: when:" in stderr
        assert stderr.endswith("plotline import: 5 problems; the rest was imported\n")
        from plotline._io import load

        story: Story = load(out)
        assert [e.id for e in story.events] == ["a1", "a3", "a5"]
        assert not list(tmp_path.glob(".*.tmp"))

    def test_nothing_usable_exits_2(self, tmp_path: Path) -> None:
        """A file with nothing usable writes nothing and exits 2."""
        bad = _write(tmp_path, "bad.csv", "title\nx\n")
        out = tmp_path / "story.toml"
        status, _, stderr = self._run(str(bad), "-o", str(out))
        assert status == 2
        assert "'id' column" in stderr
        assert not out.exists()

    def test_output_suffix_must_be_a_story_format(self, tmp_path: Path) -> None:
        """An output file that is not TOML, YAML or JSON is a usage error."""
        status, _, stderr = self._run(str(OWN / "lighthouse.csv"), "-o", str(tmp_path / "x.txt"))
        assert status == 2
        assert ".toml, .yaml or .json" in stderr

    def test_stdout_when_no_output(self) -> None:
        """Without -o the story is printed as TOML."""
        status, stdout, stderr = self._run(str(OWN / "lighthouse.csv"))
        assert (status, stderr) == (0, "")
        assert "[[events]]" in stdout

    def test_result_type(self) -> None:
        """import_story returns an ImportResult."""
        assert isinstance(import_story(OWN / "lighthouse.csv"), ImportResult)
