"""The Wikidata importer: SPARQL JSON results of the shipped query, on a saved result file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, cli
from plotline._time import Instant
from plotline.exceptions import LoadError
from plotline.importers import import_story
from plotline.importers._wikidata import QUERY, sniff_wikidata, wikidata_time

FIXTURE = ROOT / "tests" / "data" / "wikidata" / "doctor-who-series-1.json"
ENTITY = "http://www.wikidata.org/entity/"


def _results(tmp_path: Path, rows: list[dict[str, Any]], name: str = "r.json") -> Path:
    def cell(var: str, value: str) -> dict[str, str]:
        if value.startswith("Q"):
            return {"type": "uri", "value": ENTITY + value}
        return {"type": "literal", "value": value}

    bindings = [{var: cell(var, value) for var, value in row.items()} for row in rows]
    variables = sorted({var for row in rows for var in row})
    path = tmp_path / name
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


class TestFixture:
    """The saved results for four Doctor Who episodes."""

    def test_works_tree(self) -> None:
        """Series > season > episodes, numbered, in season and episode order."""
        story = import_story(FIXTURE, "wikidata").story
        tree = [(w.id, w.kind, w.parent, w.number) for w in story.works]
        assert tree == [
            ("doctor-who", "series", None, None),
            ("doctor-who-series-1", "season", "doctor-who", 1),
            ("rose", "episode", "doctor-who-series-1", 1),
            ("the-end-of-the-world", "episode", "doctor-who-series-1", 2),
            ("the-unquiet-dead", "episode", "doctor-who-series-1", 3),
            ("aliens-of-london", "episode", "doctor-who-series-1", 4),
        ]
        assert story.title == "Doctor Who"

    def test_releases_per_region_at_their_precision(self) -> None:
        """Each place of publication is a release; month precision stays a month."""
        story = import_story(FIXTURE, "wikidata").story
        releases = {(r.work, r.region): str(r.date) for r in story.releases}
        assert releases[("doctor-who-series-1", "GB")] == "2005-03"
        assert releases[("rose", "GB")] == "2005-03-26"
        assert releases[("rose", "CA")] == "2005-04-05"
        assert releases[("doctor-who", "GB")] == "1963-11-23"
        assert len(story.releases) == 7

    def test_every_fact_cites_its_item(self) -> None:
        """One source per item, with its URL; works, releases and entities cite theirs."""
        story = import_story(FIXTURE, "wikidata").story
        rose = story.work_index["rose"]
        assert rose.sources == ("wikidata-q9000011",)
        source = story.source_index["wikidata-q9000011"]
        assert (source.url, source.kind) == ("https://www.wikidata.org/wiki/Q9000011", "dataset")
        for release in story.releases:
            item = story.work_index[release.work].meta["wikidata"]["item"]
            assert release.sources == (f"wikidata-{item.lower()}",)
        assert story.entity_index["rose-tyler"].sources == ("wikidata-q9000052",)

    def test_characters_and_neighbours(self) -> None:
        """Characters become entities listed by the work; follows/followed by stay in meta."""
        story = import_story(FIXTURE, "wikidata").story
        meta = story.work_index["the-unquiet-dead"].meta["wikidata"]
        assert meta["characters"] == ["the-doctor", "rose-tyler", "charles-dickens"]
        assert (meta["follows"], meta["followedBy"]) == (["Q9000012"], ["Q9000014"])
        assert story.entity_index["charles-dickens"].name == "Charles Dickens"

    def test_story_chronology_is_constraints(self) -> None:
        """storyFollows makes a constraint between the works, citing the later item."""
        story = import_story(FIXTURE, "wikidata").story
        assert [(c.before, c.after, c.sources) for c in story.constraints] == [
            ("rose", "the-end-of-the-world", ("wikidata-q9000012",)),
            ("the-end-of-the-world", "the-unquiet-dead", ("wikidata-q9000013",)),
            ("the-unquiet-dead", "aliens-of-london", ("wikidata-q9000014",)),
        ]

    def test_imports_and_checks_clean(self, tmp_path: Path) -> None:
        """The command line writes a story that checks without findings."""
        out = tmp_path / "dw.toml"
        status, stdout, stderr = cli("import", str(FIXTURE), "--from", "wikidata", "-o", str(out))
        assert (status, stderr) == (0, "")
        assert stdout.endswith(
            ": 6 works, 0 events, 5 entities; 13 records keep extra fields in meta\n"
        )
        assert cli("check", str(out))[0] == 0


class TestPrecision:
    """Wikidata's time precision becomes plotline's."""

    @pytest.mark.parametrize(
        ("value", "precision", "expected"),
        [
            ("2005-03-26T00:00:00Z", 11, Instant(2005, 3, 26)),
            ("2005-03-01T00:00:00Z", 10, Instant(2005, 3)),
            ("2005-01-01T00:00:00Z", 9, Instant(2005)),
            ("1960-01-01T00:00:00Z", 8, Instant(1960)),
            ("+2005-03-26T00:00:00Z", None, Instant(2005, 3, 26)),
        ],
    )
    def test_conversion(self, value: str, precision: int | None, expected: Instant) -> None:
        """Day, month and year precision; coarser ones give the year; none gives the day."""
        assert wikidata_time(value, precision) == expected

    def test_coarse_precision_is_noted(self, tmp_path: Path) -> None:
        """A decade-precision date is kept as its year, with a located problem."""
        path = _results(
            tmp_path,
            [{"item": "Q1", "series": "Q1", "date": "1960-01-01T00:00:00Z", "datePrecision": "8"}],
        )
        result = import_story(path, "wikidata")
        assert [str(r.date) for r in result.story.releases] == ["1960"]
        assert "precision 8 (coarser than a year); written as its year" in str(result.problems[0])


class TestBadInput:
    """Bad results are located; nothing usable is a LoadError."""

    def test_not_sparql_results(self, tmp_path: Path) -> None:
        """A JSON file of another shape says what was expected."""
        path = tmp_path / "x.json"
        path.write_text('{"story": {}}', encoding="utf-8")
        with pytest.raises(LoadError, match="expected SPARQL JSON results"):
            import_story(path, "wikidata")

    def test_row_without_item_is_skipped(self, tmp_path: Path) -> None:
        """A row with no item is a problem at its line; the rest imports."""
        path = _results(tmp_path, [{"item": "Q1", "series": "Q1"}, {"itemLabel": "stray"}])
        result = import_story(path, "wikidata")
        assert [w.id for w in result.story.works] == ["q1"]
        assert 'has no Wikidata "item"; skipped' in str(result.problems[0])

    def test_two_labels_become_claims(self, tmp_path: Path) -> None:
        """An item with two titles keeps the first and states both as claims."""
        path = _results(
            tmp_path,
            [
                {"item": "Q2", "itemLabel": "Rose", "series": "Q1"},
                {"item": "Q2", "itemLabel": "Rose (episode)", "series": "Q1"},
            ],
        )
        story = import_story(path, "wikidata").story
        assert story.work_index["rose"].title == "Rose"
        assert [(c.field, c.value) for c in story.claims] == [
            ("title", "Rose"),
            ("title", "Rose (episode)"),
        ]


class TestQuery:
    """The shipped query returns the variables the importer reads."""

    def test_variables(self) -> None:
        """Every SELECTed variable is in the fixture's head, which was written to its shape."""
        text = QUERY.read_text(encoding="utf-8")
        select = text[text.index("SELECT") : text.index("WHERE")]
        selected = re.findall(r"\?(\w+)", select)
        head = json.loads(FIXTURE.read_text(encoding="utf-8"))["head"]["vars"]
        assert set(selected) <= set(head)
        assert set(head) - set(selected) == {"storyFollows"}

    def test_documented(self) -> None:
        """docs/interop.md shows the query as shipped."""
        docs = (ROOT / "docs" / "interop.md").read_text(encoding="utf-8")
        block = docs.split('```sparql title="series.rq"\n', 1)[1].split("```", 1)[0]
        assert block == QUERY.read_text(encoding="utf-8")

    def test_sniff(self) -> None:
        """Results are recognised by their first bytes; a story file is not."""
        assert sniff_wikidata(FIXTURE.read_bytes()[:2048])
        assert not sniff_wikidata((ROOT / "tests/data/hero-mask.json").read_bytes()[:2048])
