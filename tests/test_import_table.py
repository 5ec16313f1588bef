"""Any table into any record table: ``plotline import FILE:RECORDS``, mapping files, merging."""

from __future__ import annotations

import json
import shutil
import tempfile
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import cli
from plotline import Story, check, load, loads
from plotline._io._dump import unstructure
from plotline._io._fields import RECORD_TABLES
from plotline._time import Instant
from plotline.exceptions import LoadError
from plotline.importers._table import import_tables, table_slug, url_slug
from plotline.importers._tablemap import TableInput, TableMapping, read_mapping_file
from strategies import bibles, stories

if TYPE_CHECKING:
    from pathlib import Path

from pathlib import Path as _Path

TABLES = _Path(__file__).resolve().parent / "data" / "tables"
STAR_WARS = TABLES / "star-wars-releases.csv"

#: The one command line of docs/interop.md, "Any table", for the Star Wars release table.
STAR_WARS_FLAGS = (
    "--column",
    "works.title=film",
    "--column",
    "works.number=episode",
    "--set",
    "works.kind=film",
    "--column",
    "releases.work=film",
    "--column",
    "releases.kind=event",
    "--column",
    "releases.region=place",
    "--sources",
    "releases=source_urls",
    "--rest",
    "drop",
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(path: Path, table: str, **options: object) -> object:
    return import_tables([TableInput(str(path), TableMapping(table, **options))])  # type: ignore[arg-type]


def _story(path: Path, table: str, **options: object):  # type: ignore[no-untyped-def]
    return _import(path, table, **options).story  # type: ignore[attr-defined]


def _problems(path: Path, table: str, **options: object) -> list[str]:
    with pytest.raises(LoadError) as info:
        _import(path, table, **options)
    return [str(problem) for problem in info.value.problems]


class TestFields:
    """Headers map to fields, cells convert as a story file's values do."""

    def test_headers_map_by_name(self, tmp_path: Path) -> None:
        """Case, spaces and hyphens in a header do not matter; the other columns go to meta."""
        path = _write(
            tmp_path,
            "works.csv",
            "ID,Title,Episode-Count,Kind,Runtime,Complete,Notes\n"
            "s1,Season One,12,Season,PT24M,yes,first run\n",
        )
        (work,) = _story(path, "works").works
        assert (work.id, work.title, work.episode_count, work.kind) == (
            "s1",
            "Season One",
            12,
            "season",
        )
        assert str(work.runtime) == "PT24M"
        assert work.complete is True
        assert work.meta == {"Notes": "first run"}

    def test_column_flag_maps_a_header(self, tmp_path: Path) -> None:
        """--column FIELD=HEADER takes a column for a field; --rest drop leaves the others out."""
        path = _write(tmp_path, "e.csv", "scene,what,where\nfire,The fire,lighthouse\n")
        (event,) = _story(
            path,
            "events",
            columns={"id": "scene", "title": "what", "location": "where"},
            rest="drop",
        ).events
        assert (event.id, event.title, event.location, event.meta) == (
            "fire",
            "The fire",
            "lighthouse",
            {},
        )

    def test_lists_and_roles(self, tmp_path: Path) -> None:
        """List cells split on ';' or the separator named; participants carry roles."""
        path = _write(
            tmp_path,
            "e.csv",
            "id,threads,participants,sources\nfire,a|b,ada;ben:dies,wiki\n",
        )
        (event,) = _story(path, "events", split={"threads": "|"}).events
        assert event.threads == ("a", "b")
        assert dict(event.participants) == {"ada": "present", "ben": "dies"}
        assert event.sources == ("wiki",)

    def test_partial_dates_and_precision(self, tmp_path: Path) -> None:
        """A date_precision column cuts the date of its row; partial dates stay partial."""
        path = _write(
            tmp_path,
            "r.csv",
            "work,kind,date,date_precision,region\n"
            "e1,broadcast,2020-07-02,month,JP\n"
            "e2,broadcast,2020-07-09,,JP\n"
            "e3,broadcast,2021,,JP\n"
            "e4,broadcast,2020-07-16T20:00,day,JP\n"
            "e5,broadcast,2020-07-23,year,JP\n",
        )
        releases = _story(path, "releases").releases
        assert [release.date for release in releases] == [
            Instant.parse("2020-07"),
            Instant.parse("2020-07-09"),
            Instant.parse("2021"),
            Instant.parse("2020-07-16"),
            Instant.parse("2020"),
        ]

    def test_tsv_and_semicolons_are_sniffed(self, tmp_path: Path) -> None:
        """A .tsv table splits on tabs; a header row of semicolons splits on them."""
        tsv = _write(tmp_path, "w.tsv", "id\ttitle\na\tA, the first\n")
        semi = _write(tmp_path, "w.csv", "id;title\nb;B\n")
        assert _story(tsv, "works").works[0].title == "A, the first"
        assert _story(semi, "works").works[0].title == "B"

    def test_constants(self, tmp_path: Path) -> None:
        """--set gives every row a field's value."""
        path = _write(tmp_path, "w.csv", "title\nAlien\n")
        (work,) = _story(path, "works", constants={"kind": "film"}).works
        assert work.kind == "film"


class TestIds:
    """Ids made from titles, and references that name titles."""

    def test_slug_rule(self) -> None:
        """Lower-case ASCII, hyphens, accents folded; URLs by host and last path part."""
        assert table_slug("  Amélie: Le Fabuleux Destin!! ") == "amelie-le-fabuleux-destin"
        assert url_slug("https://www.example.org/films/Alien_(1979)") == "example-org-alien-1979"

    @given(st.text(max_size=30))
    def test_slug_is_an_id(self, title: str) -> None:
        """Every slug is an id (no whitespace, not empty) and the same every time."""
        slug = table_slug(title)
        assert slug == table_slug(title)
        assert slug
        assert not any(character.isspace() for character in slug)

    def test_ids_from_titles_numbered_on_collision(self, tmp_path: Path) -> None:
        """Two titles with one slug get -2; a title given again is the same record."""
        path = _write(tmp_path, "w.csv", "title,number\nAlien,1\nALIEN!,2\nAlien,1\n")
        works = _story(path, "works").works
        assert [(work.id, work.number) for work in works] == [("alien", 1), ("alien-2", 2)]

    def test_references_resolve_by_title(self, tmp_path: Path) -> None:
        """A reference naming a title imported earlier becomes its id; one with spaces its slug."""
        films = _write(tmp_path, "films.csv", "title\nThe Thing\nThe Fly\n")
        shows = _write(tmp_path, "shows.csv", "film,kind,date\nThe Thing,theatrical,1982-06-25\n")
        story = import_tables(
            [
                TableInput(str(films), TableMapping("works")),
                TableInput(str(shows), TableMapping("releases", columns={"work": "film"})),
            ]
        ).story
        assert [release.work for release in story.releases] == ["the-thing"]
        assert story.releases[0].id == "the-thing-theatrical"
        assert check(story).ok

    def test_row_given_twice_with_other_values(self, tmp_path: Path) -> None:
        """Two rows of one id that disagree, without sources, are a located problem."""
        path = _write(tmp_path, "w.csv", "title,number\nAlien,1\nAlien,2\n")
        (problem,) = _problems(path, "works")
        assert problem.startswith(f"{path}:3:2: 'alien' is given again with number 2, ")
        assert "line 2 gave 1" in problem


class TestBadRows:
    """Every bad cell of every row is reported at file:line:column, and nothing is made."""

    def test_every_problem_located(self, tmp_path: Path) -> None:
        """Line, column number and header of each bad cell; kinds get a did-you-mean."""
        path = _write(
            tmp_path,
            "r.csv",
            "work,kind,date,date_precision\n"
            "e1,premier,2020-02-30,day\n"
            'e2,broadcast,"2020-07\n-01",dya\n'
            "e3,broadcst,2020-07-01,\n",
        )
        problems = _problems(path, "releases")
        assert problems == [
            f"{path}:2:2: unknown kind 'premier' (did you mean 'premiere'?) @ column 'kind'",
            (
                f"{path}:2:3: '2020-02-30' is not a date: February 2020 has 29 days "
                "@ column 'date' (use a day from 01 to 29)"
            ),
            (
                f"{path}:3:3: '2020-07\\n-01' is not a date: it is not an EDTF date "
                "@ column 'date' "
                "(write a date such as '2021', '2021-03', '2021-03-04' or '2021-03-04T17:00')"
            ),
            f"{path}:3:4: unknown precision 'dya' (did you mean 'day'?) @ column 'date_precision'",
            f"{path}:5:2: unknown kind 'broadcst' (did you mean 'broadcast'?) @ column 'kind'",
        ]

    def test_numbers_and_booleans(self, tmp_path: Path) -> None:
        """A whole number and true/false are read from text, or refused in the table's words."""
        path = _write(tmp_path, "w.csv", "id,number,complete\na,four,perhaps\n")
        assert _problems(path, "works") == [
            f"{path}:2:2: expected a whole number, got 'four' @ column 'number'",
            f"{path}:2:3: expected true or false (or yes or no), got 'perhaps' @ column 'complete'",
        ]

    def test_required_field_without_column(self, tmp_path: Path) -> None:
        """A required field no column holds is one problem for the table, not one per row."""
        path = _write(tmp_path, "r.csv", "film,date\na,2020\nb,2021\n")
        (problem,) = _problems(path, "releases", columns={"work": "film"})
        assert problem.startswith(
            f"{path}:1:1: every release needs a 'kind', and no column holds it"
        )

    def test_unknown_header_in_column_flag(self, tmp_path: Path) -> None:
        """--column naming no header suggests the closest one."""
        path = _write(tmp_path, "w.csv", "film\nAlien\n")
        (problem,) = _problems(path, "works", columns={"title": "flim"})
        assert "the table has no column 'flim'" in problem
        assert "did you mean 'film'?" in problem

    def test_ragged_and_broken_tables(self, tmp_path: Path) -> None:
        """Too many cells, an unclosed quote and a missing header are each located."""
        ragged = _write(tmp_path, "a.csv", "id,title\na,A,extra\n")
        unclosed = _write(tmp_path, "b.csv", 'id,title\na,"A\n')
        headless = _write(tmp_path, "c.csv", "id,\na,A\n")
        assert _problems(ragged, "works")[0].startswith(f"{ragged}:2:3: this row has 3 cells")
        assert "not a well-formed table" in _problems(unclosed, "works")[0]
        assert _problems(headless, "works")[0].startswith(f"{headless}:1:2: column 2 has no header")


class TestCommandLine:
    """``plotline import`` with tables: flags, summary, exit status, nothing written on error."""

    def test_summary_names_the_kept_columns(self, tmp_path: Path) -> None:
        """The summary counts the records and names the columns kept in meta."""
        path = _write(tmp_path, "w.csv", "id,title,rating\na,A,5\n")
        out = tmp_path / "out.toml"
        status, stdout, stderr = cli("import", f"{path}:works", "-o", str(out))
        assert (status, stderr) == (0, "")
        assert (
            stdout == f"imported {path} to {out}: 1 work; column kept in meta from {path}: rating\n"
        )
        assert load(out).works[0].meta == {"rating": "5"}

    def test_bad_row_writes_nothing(self, tmp_path: Path) -> None:
        """Any bad row: every problem on stderr, exit 2, and no output file."""
        path = _write(tmp_path, "w.csv", "id,number\na,x\nb,y\n")
        out = tmp_path / "out.toml"
        status, stdout, stderr = cli("import", str(path), "--as", "works", "-o", str(out))
        assert (status, stdout) == (2, "")
        assert stderr.splitlines() == [
            f"{path}:2:2: expected a whole number, got 'x' @ column 'number'",
            f"{path}:3:2: expected a whole number, got 'y' @ column 'number'",
            "plotline import: 2 problems; nothing was written",
        ]
        assert not out.exists()

    def test_flag_mistakes(self, tmp_path: Path) -> None:
        """An unknown record table or field is refused with a suggestion."""
        path = _write(tmp_path, "w.csv", "id\na\n")
        status, _, stderr = cli("import", str(path), "--as", "wroks")
        assert status == 2
        assert "there is no record table 'wroks'" in stderr
        assert "did you mean 'works'?" in stderr
        status, _, stderr = cli("import", str(path), "--as", "works", "--column", "titel=id")
        assert status == 2
        assert "works have no field 'titel'" in stderr
        assert "did you mean 'title'?" in stderr

    def test_from_and_as_do_not_mix(self, tmp_path: Path) -> None:
        """--from is for other tools' formats; with a table it is a usage error."""
        path = _write(tmp_path, "w.csv", "id\na\n")
        status, stdout, stderr = cli("import", f"{path}:works", "--from", "csv")
        assert (status, stdout) == (2, "")
        assert "a table takes --as" in stderr

    def test_stdout_gets_the_story(self, tmp_path: Path) -> None:
        """Without -o the story goes to stdout and the summary to stderr."""
        path = _write(tmp_path, "w.csv", "id\na\n")
        status, stdout, stderr = cli("import", f"{path}:works")
        assert status == 0
        assert loads(stdout).works[0].id == "a"
        assert stderr == "plotline import: 1 work\n"


class TestStarWars:
    """The issue's acceptance: a release table into works, releases, sources and claims."""

    def _findings(self, story_path: Path) -> list[tuple[str, str]]:
        report = check(load(story_path))
        return [(finding.code, finding.subjects[0]) for finding in report.findings]

    def test_command_line(self, tmp_path: Path) -> None:
        """One command line imports the table; check reports release order and disagreements."""
        out = tmp_path / "star-wars.toml"
        status, stdout, stderr = cli(
            "import",
            f"{STAR_WARS}:works",
            f"{STAR_WARS}:releases",
            *STAR_WARS_FLAGS,
            "-o",
            str(out),
        )
        assert (status, stderr) == (0, "")
        assert stdout.endswith(": 6 works, 16 releases, 12 sources, 21 claims\n")
        story = load(out)
        assert [(work.id, work.number) for work in story.works][:2] == [
            ("star-wars", 4),
            ("the-empire-strikes-back", 5),
        ]
        assert sorted(self._findings(out)) == [
            ("PL501", "star-wars"),
            ("PL501", "star-wars"),
            ("PL501", "the-empire-strikes-back"),
            ("PL601", "star-wars-episode-iii-revenge-of-the-sith-premiere-fr"),
            ("PL601", "the-empire-strikes-back-theatrical-gb"),
        ]

    def test_disagreement_is_claims(self, tmp_path: Path) -> None:
        """Two rows of one release, each with a source: the record keeps the first; both claim."""
        story = import_tables(read_mapping_file(str(TABLES / "star-wars.map.toml"))).story
        claims = [
            (claim.value, claim.source)
            for claim in story.claims
            if claim.subject == "the-empire-strikes-back-theatrical-gb"
        ]
        assert claims == [
            (
                "1980-05-20",
                "tripwiremagazine-co-uk-george-lucas-talks-star-wars-the-empire-strikes-back-to-leonard-maltin",
            ),
            ("1980-05-21", "perfectforroquefortcheese-org-it-is-dark-time-for-rebellion"),
        ]
        release = next(r for r in story.releases if r.id == "the-empire-strikes-back-theatrical-gb")
        assert str(release.date) == "1980-05-20"
        assert len(release.sources) == 2

    def test_mapping_file_gives_the_same_story(self, tmp_path: Path) -> None:
        """The mapping file and the command line make the same story."""
        by_flags, by_file = tmp_path / "a.toml", tmp_path / "b.toml"
        cli(
            "import",
            f"{STAR_WARS}:works",
            f"{STAR_WARS}:releases",
            *STAR_WARS_FLAGS,
            "-o",
            str(by_flags),
        )
        status, _, stderr = cli(
            "import", "--mapping", str(TABLES / "star-wars.map.toml"), "-o", str(by_file)
        )
        assert (status, stderr) == (0, "")
        assert by_flags.read_text() == by_file.read_text()


class TestSourceColumns:
    """A column per source: each cell is that source's claim, and disagreement is PL601."""

    TABLE = (
        "title,released,wiki,swapi\n"
        "A New Hope,1977-05-25,1977-05-25,1977-05-25\n"
        "The Empire Strikes Back,1980-05-21,1980-05-21,1980-05-17\n"
    )

    def test_claim_flag(self, tmp_path: Path) -> None:
        """--claim FIELD=HEADER=SOURCE: a URL becomes a source, an id is taken as it is."""
        path = _write(tmp_path, "films.csv", self.TABLE)
        out = tmp_path / "out.toml"
        status, _, stderr = cli(
            "import",
            f"{path}:releases",
            "--column",
            "work=title",
            "--column",
            "date=released",
            "--set",
            "kind=theatrical",
            "--claim",
            "date=wiki=https://en.wikipedia.org/wiki/Star_Wars",
            "--claim",
            "date=swapi=swapi",
            "-o",
            str(out),
        )
        assert (status, stderr) == (0, "")
        story = load(out)
        assert [source.id for source in story.sources] == ["en-wikipedia-org-star-wars"]
        assert [(c.subject, c.value, c.source) for c in story.claims] == [
            ("a-new-hope-theatrical", "1977-05-25", "en-wikipedia-org-star-wars"),
            ("a-new-hope-theatrical", "1977-05-25", "swapi"),
            ("the-empire-strikes-back-theatrical", "1980-05-21", "en-wikipedia-org-star-wars"),
            ("the-empire-strikes-back-theatrical", "1980-05-17", "swapi"),
        ]
        report = check(story, select=["PL601"])
        assert [finding.subjects[0] for finding in report.findings] == [
            "the-empire-strikes-back-theatrical"
        ]

    def test_claims_in_a_mapping_file(self, tmp_path: Path) -> None:
        """A mapping file's claims table does the same; a list field cannot be claimed."""
        _write(tmp_path, "films.csv", self.TABLE)
        good = _write(
            tmp_path,
            "good.toml",
            '[[tables]]\nfile = "films.csv"\nas = "works"\nrest = "drop"\n'
            'claims = { swapi = { field = "title", source = "swapi" } }\n',
        )
        (entry,) = read_mapping_file(str(good))
        assert entry.mapping.claims == {"swapi": ("title", "swapi")}
        bad = _write(
            tmp_path,
            "bad.toml",
            '[[tables]]\nfile = "films.csv"\nas = "works"\nclaims = { swapi = "date" }\n',
        )
        with pytest.raises(LoadError, match="'claims' must be a table of column headers"):
            read_mapping_file(str(bad))
        path = tmp_path / "films.csv"
        problems = _problems(path, "works", claims={"swapi": ("sources", "swapi")})
        message = (
            "--claim sources=swapi: a claim holds one value, and 'sources' holds a list of ids"
        )
        assert problems == [f"{path}:1:4: {message}"]


class TestMappingFile:
    """Mapping files: validated with located errors; flags win over them."""

    def test_mistakes_are_located(self, tmp_path: Path) -> None:
        """Each entry's mistakes are reported at its [[tables]] line."""
        path = _write(
            tmp_path,
            "map.toml",
            '[[tables]]\nfile = "a.csv"\nas = "works"\n\n'
            '[[tables]]\nfile = "b.csv"\nas = "relases"\ncolums = {}\n\n'
            '[[tables]]\nas = "works"\ncolumns = { titel = "film" }\n',
        )
        with pytest.raises(LoadError) as info:
            read_mapping_file(str(path))
        assert [str(problem) for problem in info.value.problems] == [
            f"{path}:5:1: unknown key 'colums' @ $.tables[1] (did you mean 'columns'?)",
            f"{path}:10:1: this entry has no 'file', which every entry needs @ $.tables[2]",
        ]

    def test_flags_win(self, tmp_path: Path) -> None:
        """A flag overrides the mapping file's option for the same field."""
        _write(tmp_path, "w.csv", "name,label\nA,B\n")
        path = _write(
            tmp_path,
            "map.toml",
            '[[tables]]\nfile = "w.csv"\nas = "works"\ncolumns = { title = "name" }\n',
        )
        status, stdout, _ = cli("import", "--mapping", str(path), "--column", "title=label")
        assert status == 0
        assert loads(stdout).works[0].title == "B"


class TestInto:
    """Merging tables into an existing story keeps what is there and reports clashes."""

    def test_into_a_folder(self, tmp_path: Path) -> None:
        """A folder story gets a new file; references name the story's titles."""
        story = tmp_path / "bible"
        story.mkdir()
        (story / "works.toml").write_text('[[works]]\nid = "anh"\ntitle = "Star Wars"\n')
        table = _write(
            tmp_path, "releases.csv", "film,kind,date\nStar Wars,theatrical,1977-05-25\n"
        )
        status, stdout, _ = cli(
            "import", f"{table}:releases", "--column", "work=film", "--into", str(story)
        )
        assert status == 0
        assert stdout == f"imported {table} to {story / 'releases.toml'}: 1 release\n"
        merged = load(story)
        assert [release.work for release in merged.releases] == ["anh"]
        assert check(merged).ok

    def test_into_a_toml_file_appends(self, tmp_path: Path) -> None:
        """A TOML story keeps its text (comments too) and gains the records at its end."""
        story = _write(tmp_path, "bible.toml", '# my bible\n[story]\ntitle = "B"\n')
        table = _write(tmp_path, "w.csv", "id\na\n")
        status, _, _ = cli("import", f"{table}:works", "--into", str(story))
        assert status == 0
        assert story.read_text().startswith('# my bible\n[story]\ntitle = "B"\n\n')
        assert [work.id for work in load(story).works] == ["a"]

    def test_clash_writes_nothing(self, tmp_path: Path) -> None:
        """An id the story has already is a problem, and the story is left as it was."""
        story = _write(tmp_path, "bible.toml", '[[works]]\nid = "a"\n')
        table = _write(tmp_path, "w.csv", "id\na\n")
        status, _, stderr = cli("import", f"{table}:works", "--into", str(story))
        assert status == 2
        assert f"works 'a' is already in the story, at {story}:1:1" in stderr
        assert story.read_text() == '[[works]]\nid = "a"\n'


class TestLaws:
    """A table written from records imports back to those records."""

    @given(
        st.lists(
            st.tuples(
                st.text(
                    st.characters(codec="utf-8", exclude_characters='\r\n",;'),
                    min_size=1,
                    max_size=12,
                )
                .map(str.strip)
                .filter(bool),
                st.integers(min_value=0, max_value=10_000),
            ),
            min_size=1,
            max_size=8,
            unique_by=lambda row: row[0],
        )
    )
    def test_titles_round_trip(self, rows: list[tuple[str, int]]) -> None:
        """Each row is one work with its title and number, ids unique and made by the slug rule."""
        folder = _Path(tempfile.mkdtemp())
        try:
            text = "title,number\n" + "".join(f'"{title}",{number}\n' for title, number in rows)
            path = _write(folder, "w.csv", text)
            works = _story(path, "works").works
            assert [(work.title, work.number) for work in works] == rows
            ids = [work.id for work in works]
            assert len(set(ids)) == len(ids)
            assert all(work.id.startswith(table_slug(work.title)) for work in works)
        finally:
            shutil.rmtree(folder)


class TestWorkbook:
    """An .xlsx sheet reads as a CSV would, with the plotline[xlsx] extra."""

    def _workbook(self, folder: Path, rows: list[list[object]], sheet: str = "Films") -> Path:
        openpyxl = pytest.importorskip("openpyxl")
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        worksheet.title = sheet
        for row in rows:
            worksheet.append(row)
        path = folder / "films.xlsx"
        workbook.save(path)
        return path

    def test_cells_read_as_text(self, tmp_path: Path) -> None:
        """Numbers, dates and booleans become the text a CSV would hold; empty rows are skipped."""
        import datetime

        path = self._workbook(
            tmp_path,
            [
                ["film", "kind", "date", "region"],
                ["Alien", "theatrical", datetime.datetime(1979, 5, 25), "US"],
                [None, None, None, None],
                ["Aliens", "theatrical", datetime.date(1986, 7, 18), 1.0],
            ],
        )
        story = _story(path, "releases", columns={"work": "film"})
        assert [(r.work, str(r.date), r.region) for r in story.releases] == [
            ("Alien", "1979-05-25", "US"),
            ("Aliens", "1986-07-18", "1"),
        ]

    def test_bad_cell_at_its_row(self, tmp_path: Path) -> None:
        """A bad cell is reported at its row number and column."""
        path = self._workbook(tmp_path, [["id", "number"], ["a", 1], ["b", "two"]])
        assert _problems(path, "works") == [
            f"{path}:3:2: expected a whole number, got 'two' @ column 'number'"
        ]

    def test_sheet_by_name(self, tmp_path: Path) -> None:
        """--sheet names the sheet; a wrong name gets a suggestion."""
        path = self._workbook(tmp_path, [["id"], ["a"]])
        assert _story(path, "works", sheet="Films").works[0].id == "a"
        (problem,) = _problems(path, "works", sheet="Flims")
        assert "the workbook has no sheet 'Flims'" in problem
        assert "did you mean 'Films'?" in problem

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        """A file named .xlsx that is not one says so."""
        path = _write(tmp_path, "x.xlsx", "id\na\n")
        pytest.importorskip("openpyxl")
        assert "this is not an Excel workbook" in _problems(path, "works")[0]


class TestIntoRefusals:
    """--into refuses what it cannot do cleanly, and writes nothing."""

    def test_inline_array_story(self, tmp_path: Path) -> None:
        """A TOML story that writes its works inline cannot take [[works]] at its end."""
        story = _write(tmp_path, "bible.toml", 'works = [{ id = "x" }]\n')
        table = _write(tmp_path, "w.csv", "id\ny\n")
        status, _, stderr = cli("import", f"{table}:works", "--into", str(story))
        assert status == 2
        assert "cannot take the records at its end" in stderr
        assert story.read_text() == 'works = [{ id = "x" }]\n'

    def test_yaml_story(self, tmp_path: Path) -> None:
        """Records are appended to TOML files only; a YAML story is pointed to its folder."""
        story = _write(tmp_path, "bible.yaml", "works:\n  - id: x\n")
        table = _write(tmp_path, "w.csv", "id\ny\n")
        status, _, stderr = cli("import", f"{table}:works", "--into", str(story))
        assert status == 2
        assert "appended to a TOML story file only" in stderr


class TestSourcesTable:
    """A table of sources: ids from titles, or from URLs; URL columns elsewhere reuse them."""

    def test_sources_by_url(self, tmp_path: Path) -> None:
        """A source with only a URL gets its id from the URL; a later URL column finds it."""
        sources = _write(
            tmp_path,
            "sources.csv",
            "title,url\nWookieepedia,https://starwars.fandom.com/wiki/Main_Page\n"
            ",https://en.wikipedia.org/wiki/Return_of_the_Jedi\n",
        )
        releases = _write(
            tmp_path,
            "releases.csv",
            "work,kind,date,url\n"
            "rotj,theatrical,1983-05-25,https://en.wikipedia.org/wiki/Return_of_the_Jedi\n",
        )
        story = import_tables(
            [
                TableInput(str(sources), TableMapping("sources")),
                TableInput(str(releases), TableMapping("releases", sources="url")),
            ]
        ).story
        assert [source.id for source in story.sources] == [
            "wookieepedia",
            "en-wikipedia-org-return-of-the-jedi",
        ]
        assert story.releases[0].sources == ("en-wikipedia-org-return-of-the-jedi",)


def _cell(value: object) -> str:
    """A story file's plain value as a spreadsheet cell holds it: nested ones as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and not any(isinstance(item, dict | list) for item in value):
        return ";".join(str(item) for item in value)
    if isinstance(value, dict) and not any(
        isinstance(item, dict | list) for item in value.values()
    ):
        return ";".join(f"{key}:{role}" for key, role in value.items())
    if isinstance(value, dict | list):
        return json.dumps(value).replace('"', '""')  # quoted again in the CSV cell
    return str(value)


def _as_tables(story: Story, folder: Path) -> list[TableInput]:
    """Write each record table of ``story`` as a CSV file with one column per field."""
    inputs = []
    for table, records in unstructure(story).items():
        if table not in RECORD_TABLES or not records:
            continue
        headers = list(dict.fromkeys(key for record in records for key in record))
        lines = [",".join(headers)]
        for record in records:
            cells = [_cell(record.get(header, "")) for header in headers]
            lines.append(",".join(f'"{cell}"' for cell in cells))
        path = _write(folder, f"{table}.csv", "\n".join(lines) + "\n")
        inputs.append(TableInput(str(path), TableMapping(table)))
    return inputs


class TestTablesLaw:
    """A story written as tables, one per record table, imports back to the same records."""

    @given(stories(max_events=8, max_works=4))
    def test_story_round_trips_through_tables(self, story: Story) -> None:
        """Every field converts from its cell as the story file's value does."""
        folder = _Path(tempfile.mkdtemp())
        try:
            imported = import_tables(_as_tables(story, folder)).story
        finally:
            shutil.rmtree(folder)
        for table in RECORD_TABLES:
            assert getattr(imported, table) == getattr(story, table), table

    @given(bibles())
    def test_bible_round_trips_through_tables(self, bible: Story) -> None:
        """People, places, threads, releases and sources too (releases with ids, ids unique)."""
        events = {event.id: event for event in reversed(bible.events)}
        story = bible.evolve(
            events=[event for event in bible.events if events.get(event.id) is event],
            releases=[
                attrs.evolve(release, id=f"r{n}") for n, release in enumerate(bible.releases)
            ],
            claims=(),
        )
        folder = _Path(tempfile.mkdtemp())
        try:
            imported = import_tables(_as_tables(story, folder)).story
        finally:
            shutil.rmtree(folder)
        for table in RECORD_TABLES:
            assert getattr(imported, table) == getattr(story, table), table
