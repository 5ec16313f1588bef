"""Tests for the source rules PL601-PL603."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import attrs

from conftest import EXAMPLES
from plotline import load
from plotline._check import Config, check
from plotline._check._catalog import builtin_rules
from plotline._model import Claim, Entity, Release, Source, Story, Work
from plotline.cli import run


def codes(story: Story, **kw: Any) -> list[str]:
    """The codes of the active findings of a check with no project config."""
    return [f.code for f in check(story, config=Config(), **kw)]


def findings(story: Story, code: str, **kw: Any) -> list[Any]:
    """The active findings of one rule."""
    return list(check(story, select=[code], config=Config(), **kw))


SOURCES = [Source("wiki"), Source("tropes"), Source("fandom")]


def claims_story(*values: tuple[Any, str], field: str = "premiere") -> Story:
    """Claims about the premiere of ``s1``: one per (value, source)."""
    return Story(
        works=[Work("s1", kind="season")],
        sources=SOURCES,
        claims=[Claim("s1", field, value, source) for value, source in values],
    )


class TestSourceConflict:
    """PL601 source-conflict."""

    def test_disagreeing_dates_fire_once(self) -> None:
        """Two dates that cannot both be right: one finding listing every claim."""
        story = claims_story(
            ("2018-12-03", "wiki"), ("2018-11-30", "tropes"), ("2018-12-03", "fandom")
        )
        (finding,) = findings(story, "PL601")
        assert "'2018-12-03' (wiki, fandom); '2018-11-30' (tropes)" in finding.message
        assert len(finding.related) == 3
        assert codes(story) == ["PL601"]

    def test_precision_aware_dates_agree(self) -> None:
        """``2020-07`` and ``2020-07-07`` agree."""
        assert codes(claims_story(("2020-07", "wiki"), ("2020-07-07", "tropes"))) == []

    def test_month_and_next_month_disagree(self) -> None:
        """``2020-07`` and ``2020-08-01`` do not agree."""
        story = claims_story(("2020-07", "wiki"), ("2020-08-01", "tropes"))
        assert codes(story) == ["PL601"]

    def test_numbers_compare_numerically(self) -> None:
        """15, 15.0 and "15" agree; 14 does not."""
        same = claims_story((15, "wiki"), (15.0, "tropes"), ("15", "fandom"), field="episodes")
        assert codes(same) == []
        differ = claims_story((15, "wiki"), (14, "tropes"), field="episodes")
        assert codes(differ) == ["PL601"]

    def test_text_ignores_case_and_spaces(self) -> None:
        """Names differing in case and spacing agree."""
        story = claims_story(("Theo  Lowe", "wiki"), ("theo lowe", "tropes"), field="name")
        assert codes(story) == []

    def test_year_number_against_date(self) -> None:
        """A year given as a number agrees with a date in that year."""
        assert codes(claims_story((2020, "wiki"), ("2020-07-02", "tropes"))) == []

    def test_one_source_contradicting_itself_is_not_a_conflict(self) -> None:
        """A conflict needs two sources."""
        assert codes(claims_story(("2018", "wiki"), ("2019", "wiki"))) == []

    def test_allow_on_claim(self) -> None:
        """``allow`` on a claim suppresses the finding."""
        story = claims_story(("2018-12-03", "wiki"))
        story = story.evolve(
            claims=(*story.claims, Claim("s1", "premiere", "2018-11-30", "tropes", allow=["PL601"]))
        )
        assert codes(story) == []

    def test_durations_compare_by_length(self) -> None:
        """``PT1H`` and ``PT60M`` agree; ``PT24M`` and ``PT25M`` do not."""
        same = claims_story(("PT1H", "wiki"), ("PT60M", "tropes"), field="runtime")
        assert codes(same) == []
        differ = claims_story(("PT24M", "wiki"), ("PT25M", "tropes"), field="runtime")
        assert codes(differ) == ["PL601"]


def release_story(*claims: Claim, **release: Any) -> Story:
    """A UK print release ``ps-gb`` of 1997-06-26 with 223 pages in ``meta``, and claims on it."""
    fields: dict[str, Any] = {
        "id": "ps-gb",
        "date": "1997-06-26",
        "title": "Harry Potter and the Philosopher's Stone",
        "meta": {"pages": 223},
        **release,
    }
    return Story(
        works=[Work("ps", kind="novel")],
        releases=[Release("ps", "print", **fields)],
        sources=SOURCES,
        claims=list(claims),
    )


class TestClaimAgainstRecord:
    """PL601 compares each claim with the record's own value of the field too."""

    def test_one_source_against_the_record_fires(self) -> None:
        """A release dated 1998-09-01 and a claim of 1999-10 disagree, with no second source."""
        story = release_story(Claim("ps-gb", "date", "1999-10", "wiki"), date="1998-09-01")
        (finding,) = findings(story, "PL601")
        assert "'1998-09-01' (the record itself); '1999-10' (wiki)" in finding.message
        assert finding.message.startswith("the record itself and wiki disagree on the `date`")
        assert finding.related[0].message == "the record itself says '1998-09-01'"
        assert finding.related[0].subject == "ps-gb"

    def test_precision_aware_against_the_record(self) -> None:
        """A claim of the month agrees with the record's day; the same title agrees."""
        story = release_story(
            Claim("ps-gb", "date", "1997-06", "wiki"),
            Claim("ps-gb", "title", "Harry Potter and the  philosopher's stone", "tropes"),
        )
        assert codes(story) == []

    def test_record_named_among_the_sources(self) -> None:
        """The record's value is listed first, with the sources that agree with it."""
        story = release_story(
            Claim("ps-gb", "date", "1997-06-26", "wiki"),
            Claim("ps-gb", "date", "1997-07-01", "tropes"),
        )
        (finding,) = findings(story, "PL601")
        assert finding.message.startswith("sources disagree on the `date` of 'ps-gb': ")
        assert "'1997-06-26' (the record itself, wiki); '1997-07-01' (tropes)" in finding.message

    def test_meta_key_is_the_record_value(self) -> None:
        """A claim of 309 pages disagrees with ``meta.pages = 223``; 223 agrees."""
        assert codes(release_story(Claim("ps-gb", "pages", 223, "wiki"))) == []
        story = release_story(Claim("ps-gb", "pages", 309, "wiki"))
        (finding,) = findings(story, "PL601")
        assert "223 (the record itself); 309 (wiki)" in finding.message

    def test_python_date_in_meta_is_a_date(self) -> None:
        """``meta`` built in code with a ``datetime.date`` compares as the file's text would."""
        story = release_story(
            Claim("ps-gb", "printed", "1997-06", "wiki"),
            meta={"printed": datetime.date(1997, 6, 26)},
        )
        assert codes(story) == []
        assert codes(story.evolve(claims=[Claim("ps-gb", "printed", "1997-07", "wiki")])) == [
            "PL601"
        ]

    def test_work_runtime_and_entity_importance(self) -> None:
        """Durations and kinds of the record compare like claims: PT24M agrees with PT24M."""
        story = Story(
            works=[Work("s1e01", kind="episode", runtime="PT24M")],
            entities=[Entity("lennox", importance="major")],
            sources=SOURCES,
            claims=[
                Claim("s1e01", "runtime", "PT24M", "wiki"),
                Claim("lennox", "importance", "MAJOR", "wiki"),
            ],
        )
        assert codes(story) == []
        wrong = story.evolve(claims=[Claim("lennox", "importance", "minor", "wiki")])
        assert codes(wrong) == ["PL601"]

    def test_unset_field_and_lists_are_nothing_to_compare(self) -> None:
        """A record without the value (no date) or a list field never disagrees."""
        story = release_story(
            Claim("ps-gb", "region", "GB", "wiki"),
            Claim("ps-gb", "sources", "wiki", "tropes"),
        )
        assert codes(story) == []

    def test_in_the_harry_potter_example(self) -> None:
        """The claims that agree with the record stay quiet in a loaded story."""
        story = load(EXAMPLES / "harry-potter")
        report = check(story, select=["PL601"], config=Config())
        assert {f.subjects[0] for f in report} == {"ps-gb", "ps-us", "poa-us"}


class TestResolvedByNotes:
    """A PL601 the bible settled (its value kept, every claim noted) is reported as resolved."""

    def settled(self, *notes: str | None) -> Story:
        return release_story(
            Claim("ps-gb", "date", "1997-06-26", "wiki", note=notes[0]),
            Claim("ps-gb", "date", "1997-07-01", "tropes", note=notes[1]),
        )

    def test_settled_is_suppressed(self) -> None:
        """Every claim noted and the record keeping one of their values: suppressed, kept."""
        report = check(self.settled("The release.", "A reprint."), config=Config())
        assert list(report) == []
        (finding,) = report.suppressed
        assert (finding.code, finding.rule, finding.severity) == (
            "PL601",
            "source-conflict",
            builtin_rules()["PL601"].severity,
        )
        assert len(finding.related) == 3

    def test_a_note_on_some_claims_settles_nothing(self) -> None:
        """A note on one claim is a quotation, not a resolution: still reported."""
        assert codes(self.settled(None, "The Lexicon's 'first printing'.")) == ["PL601"]

    def test_notes_without_a_value_of_the_record_settle_nothing(self) -> None:
        """Where the record keeps no value, there is nothing settled: still reported."""
        story = claims_story(("2018-12-03", "wiki"), ("2018-11-30", "tropes"))
        noted = story.evolve(claims=[attrs.evolve(c, note="said") for c in story.claims])
        assert codes(noted) == ["PL601"]

    def test_record_agreeing_with_no_claim_settles_nothing(self) -> None:
        """The record against every source is still a disagreement, whatever the notes."""
        story = release_story(
            Claim("ps-gb", "date", "1997-07-01", "wiki", note="a"),
            Claim("ps-gb", "date", "1997-08", "tropes", note="b"),
        )
        assert codes(story) == ["PL601"]

    def test_text_and_json_output(self, tmp_path: Path) -> None:
        """The text format counts it as suppressed; JSON keeps it, marked suppressed."""
        path = tmp_path / "story.toml"
        path.write_text(SETTLED_TOML)
        stdout, stderr = io.StringIO(), io.StringIO()
        status = run(["check", str(path)], stdout, stderr)
        assert status == 0, stderr.getvalue()
        assert "PL601" not in stdout.getvalue()
        assert "no findings (1 suppressed) in 1 file" in stdout.getvalue()
        stdout = io.StringIO()
        run(["check", "--format", "json", str(path)], stdout, stderr)
        data = json.loads(stdout.getvalue())
        (finding,) = data["findings"]
        assert (finding["code"], finding["suppressed"]) == ("PL601", True)
        assert finding["location"]["line"] == 21  # the first claim's value


SETTLED_TOML = """\
[[sources]]
id = "wiki"

[[sources]]
id = "lexicon"

[[works]]
id = "ps"
kind = "novel"

[[releases]]
id = "ps-gb"
work = "ps"
kind = "print"
date = "1997-06-26"
sources = ["wiki"]

[[claims]]
subject = "ps-gb"
field = "date"
value = "1997-07-01"
source = "lexicon"
note = "The Lexicon's 'first British printing', a reprint."

[[claims]]
subject = "ps-gb"
field = "date"
value = "1997-06-26"
source = "wiki"
note = "The publication day."
"""


class TestUnknownClaimField:
    """PL104 unknown-claim-field."""

    def test_slip_of_a_field_fires_with_the_field(self) -> None:
        """``tittle`` on a release: did you mean 'title'?"""
        story = release_story(Claim("ps-gb", "tittle", "Harry Potter", "wiki"))
        (finding,) = findings(story, "PL104")
        assert finding.severity == "warning"
        assert "'tittle'" in finding.message
        assert "did you mean the field 'title'?" in finding.message
        assert 'allow = ["PL104"]' in finding.message
        assert codes(story) == ["PL104"]

    def test_case_is_a_slip_even_for_short_names(self) -> None:
        """``Title`` and ``ID`` are typos of ``title`` and ``id``; ``ip`` is not one of ``id``."""
        story = release_story(
            Claim("ps-gb", "Title", "x", "wiki"),
            Claim("ps-gb", "ID", "x", "wiki"),
            Claim("ps-gb", "ip", "x", "wiki"),
        )
        assert [f.message.split("'")[1] for f in findings(story, "PL104")] == ["Title", "ID"]

    def test_slip_of_a_meta_key_fires(self) -> None:
        """``pgaes`` against ``meta.pages``: did you mean the meta key 'pages'?"""
        (finding,) = findings(release_story(Claim("ps-gb", "pgaes", 223, "wiki")), "PL104")
        assert "did you mean the `meta` key 'pages'?" in finding.message

    def test_fields_of_your_own_are_quiet(self) -> None:
        """``colour`` is near no field: a field of the claims' own, no finding."""
        story = Story(
            entities=[Entity("tardis", kind="time-machine")],
            sources=SOURCES,
            claims=[
                Claim("tardis", "colour", "blue", "wiki"),
                Claim("tardis", "planned_episode_count", 12, "wiki"),
            ],
        )
        assert findings(story, "PL104") == []

    def test_known_fields_meta_keys_and_alias_are_quiet(self) -> None:
        """A field of the type, a meta key, and ``alias`` on an entity never fire."""
        story = release_story(
            Claim("ps-gb", "title", "Harry Potter and the Philosopher's Stone", "wiki"),
            Claim("ps-gb", "pages", 223, "wiki"),
        ).evolve(
            entities=[Entity("tina", name="Tina Herst")],
        )
        story = story.evolve(claims=(*story.claims, Claim("tina", "alias", "Tina", "wiki")))
        assert findings(story, "PL104") == []

    def test_unknown_subject_is_left_to_pl102(self) -> None:
        """A claim on no record is PL102's, not PL104's."""
        story = release_story(Claim("ps-uk", "tittle", "x", "wiki"))
        assert findings(story, "PL104") == []

    def test_allow_on_the_claim(self) -> None:
        """``allow = ["PL104"]`` on the claim keeps a field of your own that looks like a slip."""
        story = release_story(Claim("ps-gb", "tittle", "x", "wiki", allow=["PL104"]))
        assert findings(story, "PL104") == []

    def test_the_real_bibles_are_quiet(self) -> None:
        """Their claims name fields, meta keys or attributes of their own: no PL104."""
        for name in ("harry-potter", "star-wars", "doctor-who", "hero-mask"):
            report = check(load(EXAMPLES / name), select=["PL104"], config=Config())
            assert list(report) == [], name


class TestNearDuplicateName:
    """PL602 near-duplicate-name."""

    def test_near_identical_names_fire(self) -> None:
        """Herst and Hurst, Geffrey and Geoffrey are findings."""
        story = Story(
            entities=[
                Entity("herst", name="Detective Herst"),
                Entity("hurst", name="Detective Hurst"),
                Entity("geffrey", name="Geffrey"),
                Entity("geoffrey", name="Geoffrey"),
            ]
        )
        found = sorted(f.subjects for f in findings(story, "PL602"))
        assert found == [("geffrey", "geoffrey"), ("herst", "hurst")]

    def test_aliases_count(self) -> None:
        """An alias near another entity's name is a finding."""
        story = Story(
            entities=[
                Entity("a", name="Sarah Sinclair"),
                Entity("b", name="Sal", aliases=["Sara Sinclair"]),
            ]
        )
        assert [f.code for f in findings(story, "PL602")] == ["PL602"]

    def test_distinct_names_numbers_kinds_and_own_aliases_are_fine(self) -> None:
        """Short names, numbered names, other kinds and one's own aliases are fine."""
        story = Story(
            entities=[
                Entity("tom", name="Tom"),
                Entity("tim", name="Tim"),
                Entity("g1", name="Guard 1"),
                Entity("g2", name="Guard 2"),
                Entity("paris", name="Paris", kind="place"),
                Entity("pariss", name="Pariss"),
                Entity("hurst", name="Hurst", aliases=["Herst"]),
            ]
        )
        assert codes(story) == []

    def test_accents_and_case_are_ignored(self) -> None:
        """Zoë and ZOE are the same name."""
        story = Story(entities=[Entity("a", name="Zoë Hart"), Entity("b", name="ZOE HART")])
        assert [f.code for f in findings(story, "PL602")] == ["PL602"]

    def test_many_distinct_names_are_quiet(self) -> None:
        """Five thousand distinct numbered names give no finding (speed is benchmarked)."""
        entities = [Entity(f"e{i}", name=f"Person {i:05d} Q{i % 97}x{i % 89}") for i in range(5000)]
        assert findings(Story(entities=entities), "PL602") == []

    def test_transposed_letters_are_one_edit(self) -> None:
        """Geffrey and Geffery differ by a swap of two letters: nearly identical."""
        story = Story(
            entities=[Entity("a", name="Geffrey Connor"), Entity("b", name="Geffery Connor")]
        )
        assert [f.code for f in findings(story, "PL602")] == ["PL602"]


def named_story(*claimed: tuple[str, str], aliases: tuple[str, ...] = ()) -> Story:
    """Tina Herst, with ``(name, source)`` claims about her name."""
    return Story(
        entities=[Entity("tina", name="Tina Herst", aliases=aliases)],
        sources=SOURCES,
        claims=[Claim("tina", "name", value, source) for value, source in claimed],
    )


class TestUndeclaredSpelling:
    """PL602 on a source's spelling of a name that the story does not declare."""

    def test_claimed_near_spelling_fires(self) -> None:
        """A source's 'Tina Hurst' against the declared 'Tina Herst' is reported at the claim."""
        (finding,) = findings(
            named_story(("Tina Herst", "wiki"), ("Tina Hurst", "fandom")), "PL602"
        )
        assert "'Tina Hurst'" in finding.message
        assert "aliases" in finding.message
        assert finding.subjects[0] == "tina"

    def test_declared_alias_is_quiet(self) -> None:
        """Once the variant is an alias, it is declared the same."""
        story = named_story(("Tina Hurst", "fandom"), aliases=("Tina Hurst",))
        assert findings(story, "PL602") == []

    def test_different_names_are_left_to_pl601(self) -> None:
        """Theo Lowe against Theo Herst is a disagreement, not a near-duplicate."""
        story = Story(
            entities=[Entity("theo", name="Theo Lowe")],
            sources=SOURCES,
            claims=[Claim("theo", "name", "Theo Herst", "wiki")],
        )
        assert findings(story, "PL602") == []

    def test_other_fields_are_not_names(self) -> None:
        """A near-identical value of a field that is no name is not PL602's business."""
        story = Story(
            entities=[Entity("tina", name="Tina Herst")],
            sources=SOURCES,
            claims=[Claim("tina", "hometown", "Tina Hurst", "wiki")],
        )
        assert findings(story, "PL602") == []


class TestUnsourced:
    """PL603 unsourced."""

    def test_off_by_default(self) -> None:
        """PL603 runs only when selected."""
        assert codes(Story(works=[Work("s1")])) == []

    def test_selected_reports_unsourced_records(self) -> None:
        """Selecting PL603 reports each unsourced record as info."""
        story = Story(works=[Work("s1"), Work("s2", sources=["wiki"])], sources=[Source("wiki")])
        (finding,) = findings(story, "PL603")
        assert finding.subjects == ("s1",)
        assert finding.severity == "info"


def near(a: str, b: str) -> bool:
    """Tell whether PL602 finds two entities named ``a`` and ``b`` nearly identical."""
    story = Story(entities=[Entity("a", name=a), Entity("b", name=b)])
    found = [f.subjects for f in findings(story, "PL602")]
    assert found in ([], [("a", "b")])
    return bool(found)


class TestNearDuplicateLongNames:
    """PL602 allows two edits from fifteen letters on, one below, none below five."""

    def test_two_deletions_in_a_long_name(self) -> None:
        """Two letters dropped from a twenty-letter name: nearly identical."""
        assert near("Alexandra Fitzgerald", "Alexandr Fitzgerad")

    def test_two_substitutions_in_a_long_name(self) -> None:
        """Two letters changed in a long name: nearly identical."""
        assert near("Alexandra Fitzgerald", "Alexendra Fitzgereld")

    def test_three_edits_are_too_many(self) -> None:
        """Two changes and an added letter: different names."""
        assert not near("Alexandra Fitzgerald", "Alexendra Fitzgereldo")

    def test_fifteen_letters_is_the_threshold(self) -> None:
        """Fifteen letters allow two edits; fourteen allow one."""
        assert near("Sarah Sinclairs", "Sara Sinclair")
        assert not near("Sarah Sinclair", "Sara Sinclar")
        assert near("Sarah Sinclair", "Sara Sinclair")

    def test_five_letters_is_the_first_threshold(self) -> None:
        """Five letters allow one edit; four allow none."""
        assert near("Herst", "Hurst")
        assert not near("Hers", "Hurs")
        assert not near("Geffrey", "Gefery")

    def test_a_swap_and_a_change_in_a_long_name(self) -> None:
        """A swap of neighbours and a changed letter are two edits."""
        assert near("Alexandra Fitzgerald", "Alexandra Fitzgeadl")
        assert near("Alexandra Fitzgerald", "Alexnadra Fitzgereld")

    def test_accents_decide_short_names(self) -> None:
        """Zoë and ZOE are one name even under five letters, where no edit is allowed."""
        assert near("Zoë", "ZOE")
        assert near("Renée Noël", "Renee Noel")  # two accents: two edits, were they kept
