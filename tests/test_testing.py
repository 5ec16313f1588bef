"""``plotline.testing.assert_continuity``: checks as assertions."""

from __future__ import annotations

import pytest

from plotline._check._finding import Report
from plotline._model import Entity, Event, Story, Thread, Work
from plotline.testing import assert_continuity


def dead_man_walking(*, role: str = "present", threads: bool = False) -> Story:
    """Monica dies in episode 1 and walks in episode 2 (unless ``role`` says otherwise)."""
    return Story(
        title="Dead Man Walking",
        works=[Work("e1", kind="episode", number=1), Work("e2", kind="episode", number=2)],
        entities=[Entity("monica", name="Monica")],
        threads=[Thread("who-did-it")] if threads else [],
        events=[
            Event("killed", told_in="e1", participants={"monica": "dies"}),
            Event("walks", told_in="e2", participants={"monica": role}),
        ],
    )


class TestAssertContinuity:
    """The assertion fails on unexpected findings and lists them."""

    def test_clean_story_passes(self) -> None:
        """A story without findings passes and the report is returned."""
        report = assert_continuity(dead_man_walking(role="mentioned"))
        assert isinstance(report, Report)
        assert report.ok

    def test_error_fails_with_findings_listed(self) -> None:
        """An error finding raises AssertionError naming the code and message."""
        with pytest.raises(AssertionError) as info:
            assert_continuity(dead_man_walking())
        message = str(info.value)
        assert message.startswith("1 unexpected finding (fail_on='error'):\n")
        assert "PL301 error: " in message
        assert "allow=['PL301:monica']" in message

    def test_allow_code(self) -> None:
        """An allowed code is tolerated, and still in the report."""
        report = assert_continuity(dead_man_walking(), allow=["PL301"])
        assert [finding.code for finding in report] == ["PL301"]

    def test_allow_prefix(self) -> None:
        """A prefix allows a whole family."""
        assert_continuity(dead_man_walking(), allow=["PL3"])

    def test_allow_code_and_subject(self) -> None:
        """``CODE:subject`` tolerates findings about that record only."""
        assert_continuity(dead_man_walking(), allow=["PL301:monica"])
        with pytest.raises(AssertionError, match="PL301"):
            assert_continuity(dead_man_walking(), allow=["PL301:sarah"])

    def test_allow_one_string(self) -> None:
        """A single string is one entry, not a list of characters."""
        assert_continuity(dead_man_walking(), allow="pl301:monica")

    def test_bad_allow_entry(self) -> None:
        """An entry without a code is refused."""
        with pytest.raises(ValueError, match="'CODE' or 'CODE:subject'"):
            assert_continuity(dead_man_walking(), allow=[":monica"])

    def test_ignore(self) -> None:
        """Ignored rules do not fail the assertion."""
        assert_continuity(dead_man_walking(), ignore=["PL301"])

    def test_select(self) -> None:
        """Only selected rules run."""
        assert_continuity(dead_man_walking(), select=["PL4"])

    def test_warnings_pass_by_default(self) -> None:
        """Warnings do not fail unless ``fail_on`` says so."""
        story = dead_man_walking(role="mentioned", threads=True)
        report = assert_continuity(story)
        assert report.active
        with pytest.raises(AssertionError, match=r"fail_on='warning'"):
            assert_continuity(story, fail_on="warning")

    def test_bad_fail_on(self) -> None:
        """``fail_on`` must be a severity."""
        with pytest.raises(ValueError, match="fatal"):
            assert_continuity(dead_man_walking(), fail_on="fatal")  # type: ignore[arg-type]
