"""Tests for the source rules PL601-PL603."""

from __future__ import annotations

from typing import Any

from plotline._check import Config, check
from plotline._model import Claim, Entity, Source, Story, Work


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
