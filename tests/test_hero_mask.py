"""The flagship example: it holds together, and its findings are what readers noticed."""

from __future__ import annotations

import shutil

import pytest

import plotline
from conftest import EXAMPLES
from plotline.testing import assert_continuity

pytest_plugins = ["pytester"]

HERO_MASK = EXAMPLES / "hero-mask"
# pytest-lsp and pytest-asyncio (test dependencies of the language server) stay out of
# the inner runs: pytest-lsp 1.0's runtest hook breaks items that are not Python tests.
PLUGIN = (
    "-p",
    "no:plotline",
    "-p",
    "plotline.pytest_plugin",
    "-p",
    "no:pytest-lsp",
    "-p",
    "no:asyncio",
)


@pytest.fixture(scope="module")
def report() -> plotline.Report:
    return plotline.check(plotline.load(HERO_MASK), config=plotline.Config())


def subjects(report: plotline.Report, code: str) -> set[str]:
    return {finding.subjects[0] for finding in report.by_code(code)}


class TestStory:
    """The bible loads as one story with every part the texts give."""

    def test_counts(self) -> None:
        """Both seasons with 15 + 9 episodes, the manga, and a full cast."""
        story = plotline.load(HERO_MASK)
        episodes = [w for w in story.works if w.kind is plotline.WorkKind.EPISODE]
        assert len(episodes) == 24
        assert [w.episode_count for w in story.works if w.id in ("s1", "s2")] == [15, 9]
        assert len(story.entities) >= 25
        assert {source.id for source in story.sources} == {
            "tropes",
            "wiki",
            "review-s1",
            "review-s2",
            "news-s3",
        }

    def test_every_record_cites_a_source(self) -> None:
        """PL603 (unsourced) finds nothing: every fact is traceable."""
        story = plotline.load(HERO_MASK)
        unsourced = plotline.check(story, select=["PL603"], config=plotline.Config())
        assert list(unsourced) == []

    def test_flashbacks_come_first_in_story_order(self) -> None:
        """The flashbacks of s1e15 and season 2 are placed before the first episode's events."""
        story = plotline.load(HERO_MASK)
        chronology = story.chronology()
        first_present = next(e for e in chronology if e.mode is plotline.Mode.PRESENT)
        flashbacks = [e for e in story.events if e.mode is plotline.Mode.FLASHBACK]
        assert flashbacks
        position = {event.id: index for index, event in enumerate(chronology)}
        assert all(position[f.id] < position[first_present.id] for f in flashbacks)


class TestFindings:
    """What plotline reports is what the reviews and readers complained about."""

    def test_no_errors(self, report: plotline.Report) -> None:
        """No finding of ours is a modelling mistake: the report has no errors."""
        assert report.ok, [str(f) for f in report.active if f.severity == "error"]

    def test_sarah_vanishes_in_season_two(self, report: plotline.Report) -> None:
        """Sarah Sinclair is dropped without an exit (PL305)."""
        assert "sarah" in subjects(report, "PL305")

    def test_threads_left_hanging(self, report: plotline.Report) -> None:
        """Sarah's investigation and the mole in the SSC are never resolved (PL401)."""
        assert {"sarah-investigation", "ssc-mole"} <= subjects(report, "PL401")

    def test_sources_disagree(self, report: plotline.Report) -> None:
        """Names, SSC's meaning, runtime and Eve's status are disputed (PL601)."""
        assert {"theo", "tina", "connor", "ssc", "s1", "eve"} <= subjects(report, "PL601")

    def test_near_duplicate_spellings(self, report: plotline.Report) -> None:
        """Tina Hurst and Geffery Connor are near-identical spellings nobody declared (PL602)."""
        assert {"tina", "connor"} <= subjects(report, "PL602")

    def test_month_and_day_agree(self, report: plotline.Report) -> None:
        """The manga start, '2020-07' against '2020-07-07', is no conflict."""
        assert "lost-memory" not in subjects(report, "PL601")

    def test_assert_continuity_with_the_known_findings(self) -> None:
        """The known findings, tolerated by name, leave nothing unexpected at warning level."""
        assert_continuity(
            plotline.load(HERO_MASK),
            allow=["PL305", "PL401", "PL403", "PL601", "PL602"],
            fail_on="warning",
        )

    def test_assert_continuity_fails_on_the_warnings(self) -> None:
        """At warning level with nothing tolerated, the assertion lists the findings."""
        with pytest.raises(AssertionError, match="PL305"):
            assert_continuity(plotline.load(HERO_MASK), fail_on="warning")


class TestThroughThePytestPlugin:
    """A project that keeps the example under pytest sees its findings at file:line."""

    def test_passes_on_errors_and_fails_on_warnings(self, pytester: pytest.Pytester) -> None:
        """fail_on=error passes; fail_on=warning shows Sarah's finding at its line."""
        shutil.copytree(HERO_MASK, pytester.path / "hero-mask")
        pytester.makefile(
            ".toml",
            pyproject='[tool.pytest.ini_options]\nplotline_stories = ["hero-mask/"]\n',
        )
        result = pytester.runpytest(*PLUGIN)
        result.assert_outcomes(passed=1)
        result = pytester.runpytest(*PLUGIN, "--plotline-fail-on=warning")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*hero-mask/03-cast.toml:*:*: PL305 warning: Sarah Sinclair*"])
        assert "Traceback" not in result.stdout.str()
