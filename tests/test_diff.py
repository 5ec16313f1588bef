"""``plotline diff``: what changed in the canon, between paths and between git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import cli
from tests.strategies import bibles

import plotline
from plotline._diff import diff
from plotline._diff._compare import _kept_in_place
from plotline._model import Entity, Event, Release, Story, Thread, Work

EXAMPLES = Path(__file__).parent.parent / "examples"

STORY = """\
[[works]]
id = "e1"
kind = "episode"
number = 1

[[works]]
id = "e2"
kind = "episode"
number = 2

[[entities]]
id = "sam"

[[threads]]
id = "heist"

[[events]]
id = "plan"
told_in = "e1"
opens = ["heist"]
participants = { sam = "introduced" }

[[events]]
id = "vault"
told_in = "e2"
resolves = ["heist"]
participants = { sam = "present" }
"""


def _story(**events: Event) -> Story:
    works = [Work(f"e{n}", number=n) for n in (1, 2, 3)]
    return Story(works=works, entities=[Entity("sam")], events=list(events.values()))


class TestRecords:
    def test_an_added_removed_and_changed_record(self) -> None:
        old = _story(a=Event("a", told_in="e1"), b=Event("b", told_in="e2"))
        new = _story(a=Event("a", told_in="e1", title="Arrival"), c=Event("c", told_in="e3"))
        changes = {(c.change, c.key): c for c in diff(old, new).records}
        assert set(changes) == {("changed", "a"), ("added", "c"), ("removed", "b")}
        (field,) = changes["changed", "a"].fields
        assert (field.field, field.old, field.new) == ("title", None, "Arrival")

    def test_a_table_field_changes_key_by_key(self) -> None:
        old = _story(a=Event("a", told_in="e1", participants={"sam": "present", "ann": "voice"}))
        new = _story(a=Event("a", told_in="e1", participants={"sam": "dies", "ann": "voice"}))
        (change,) = diff(old, new).records
        assert [str(f) for f in change.fields] == ['participants.sam: "present" → "dies"']

    def test_releases_without_ids_match_by_work_kind_and_region(self) -> None:
        works = [Work("e1")]
        old = Story(works=works, releases=[Release("e1", "premiere", date="2020-01", region="JP")])
        new = Story(works=works, releases=[Release("e1", "premiere", date="2020-02", region="JP")])
        (change,) = diff(old, new).records
        assert change.key == "e1 premiere JP"
        assert [str(f) for f in change.fields] == ['date: "2020-01" → "2020-02"']
        assert [str(c) for c in diff(old, new).canon] == [
            "e1 now is released on 2020-02 (was: 2020-01)"
        ]

    def test_the_same_story_from_other_files_is_no_change(self, tmp_path: Path) -> None:
        story = plotline.load(EXAMPLES / "hero-mask")
        plotline.dump(story, tmp_path / "one.json")
        assert not diff(story, plotline.load(tmp_path / "one.json"))

    @settings(max_examples=40, deadline=None)
    @given(bibles())
    def test_a_story_against_itself_has_no_change(self, story: Story) -> None:
        assert not diff(story, story)


class TestMoves:
    def test_one_event_moved_later_is_the_only_move(self) -> None:
        events = [Event(name, told_in="e1", order=n) for n, name in enumerate("abcde")]
        moved = [attrs.evolve(e, order=10) if e.id == "b" else e for e in events]
        works = [Work("e1")]
        result = diff(Story(works=works, events=events), Story(works=works, events=moved))
        telling = [m for m in result.moves if m.clock == "telling"]
        assert [(m.event, m.old, m.new, m.after) for m in telling] == [("b", 2, 5, "e")]

    def test_inserting_an_event_moves_nothing(self) -> None:
        works = [Work("e1")]
        events = [Event(name, told_in="e1", order=n) for n, name in enumerate("abc")]
        more = [*events, Event("x", told_in="e1", order=0)]
        assert diff(Story(works=works, events=events), Story(works=works, events=more)).moves == ()

    @given(st.permutations(range(12)))
    def test_the_kept_events_are_a_longest_increasing_run(self, order: list[int]) -> None:
        kept = sorted(_kept_in_place(order))
        values = [order[i] for i in kept]
        assert values == sorted(values)
        # No increasing run is longer: the classic quadratic count agrees.
        best = [1] * len(order)
        for i in range(len(order)):
            for j in range(i):
                if order[j] < order[i]:
                    best[i] = max(best[i], best[j] + 1)
        assert len(kept) == max(best)


class TestCanon:
    def test_a_death_written_out_and_a_thread_resolved_elsewhere(self) -> None:
        threads = [Thread("heist")]
        old = attrs.evolve(
            _story(
                a=Event("a", told_in="e1", participants={"sam": "dies"}, resolves=["heist"]),
            ),
            threads=threads,
        )
        new = attrs.evolve(
            _story(
                a=Event("a", told_in="e1", participants={"sam": "present"}),
                b=Event("b", told_in="e2", resolves=["heist"]),
            ),
            threads=threads,
        )
        assert [str(c) for c in diff(old, new).canon] == [
            "sam no longer dies in a",
            "heist now is resolved in b (was: a)",
        ]


class TestFindings:
    def test_a_new_error_and_a_fixed_one(self) -> None:
        works = [Work("e1", number=1), Work("e2", number=2)]
        broken = Story(
            works=works,
            entities=[Entity("sam")],
            events=[
                Event("a", told_in="e1", participants={"sam": "dies"}),
                Event("b", told_in="e2", participants={"sam": "present"}),
            ],
        )
        fine = attrs.evolve(
            broken,
            events=[
                broken.events[0],
                attrs.evolve(broken.events[1], participants={"sam": "ghost"}),
            ],
        )
        config = plotline.Config()
        forward = diff(
            fine,
            broken,
            old_report=plotline.check(fine, config=config),
            new_report=plotline.check(broken, config=config),
        )
        assert [f.code for f in forward.new_errors] == ["PL301"]
        back = diff(
            broken,
            fine,
            old_report=plotline.check(broken, config=config),
            new_report=plotline.check(fine, config=config),
        )
        assert back.introduced == ()
        assert [f.code for f in back.fixed] == ["PL301"]


class TestCommand:
    @pytest.fixture
    def versions(self, tmp_path: Path) -> tuple[Path, Path]:
        old, new = tmp_path / "old.toml", tmp_path / "new.toml"
        old.write_text(STORY, encoding="utf-8")
        new.write_text(STORY.replace('sam = "present"', 'sam = "dies"', 1), encoding="utf-8")
        return old, new

    def test_same_files_exit_zero(self, versions: tuple[Path, Path]) -> None:
        old, _new = versions
        status, out, err = cli("diff", str(old), str(old))
        assert (status, err) == (0, "")
        assert out.endswith("no change to the canon\n")

    def test_text_names_the_field_and_the_death(self, versions: tuple[Path, Path]) -> None:
        old, new = versions
        status, out, _ = cli("diff", str(old), str(new))
        assert status == 0  # a death is no error by itself
        assert f'~ event vault: participants.sam: "present" → "dies"  ({new}:' in out
        assert "sam dies in vault (was: none)" in out

    def test_a_new_error_fails_unless_exit_zero(self, tmp_path: Path) -> None:
        old = tmp_path / "old.toml"
        old.write_text(STORY, encoding="utf-8")
        new = tmp_path / "new.toml"
        new.write_text(STORY.replace('sam = "introduced"', 'sam = "dies"'), encoding="utf-8")
        status, out, _ = cli("diff", str(old), str(new))
        assert status == 1
        assert "PL301 error" in out
        assert cli("diff", str(old), str(new), "--exit-zero")[0] == 0

    def test_json_and_markdown(self, versions: tuple[Path, Path]) -> None:
        old, new = versions
        status, out, _ = cli("diff", str(old), str(new), "--format", "json")
        assert status == 0
        data = json.loads(out)
        assert data["version"] == 1
        assert data["records"][0]["fields"] == {
            "participants.sam": {"old": "present", "new": "dies"}
        }
        assert data["canon"] == [
            {"what": "dies", "subject": "sam", "old": [], "new": ["vault"]},
        ]
        status, out, _ = cli("diff", str(old), str(new), "--format", "markdown")
        assert status == 0
        assert out.startswith("### plotline diff `")
        assert "#### Canon" in out

    def test_a_story_that_does_not_load(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.toml"
        bad.write_text("[[events]]\nid = 'x'\nmode = 'flash'\n", encoding="utf-8")
        good = tmp_path / "good.toml"
        good.write_text(STORY, encoding="utf-8")
        status, out, err = cli("diff", str(good), str(bad))
        assert (status, out) == (2, "")
        assert f"{bad}:3:" in err
        assert "nothing was compared" in err

    def test_one_path_alone_asks_for_the_other(self, tmp_path: Path) -> None:
        story = tmp_path / "story.toml"
        story.write_text(STORY, encoding="utf-8")
        status, _, err = cli("diff", str(story))
        assert status == 2
        assert "name the version to compare it with" in err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
class TestRevisions:
    @pytest.fixture
    def repo(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        def git(*args: str) -> None:
            subprocess.run(
                ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                cwd=tmp_path,
                check=True,
                capture_output=True,
            )

        (tmp_path / "bible").mkdir()
        (tmp_path / "bible" / "story.toml").write_text(STORY, encoding="utf-8")
        git("init", "-q", "-b", "main")
        git("add", ".")
        git("commit", "-q", "-m", "first")
        git("checkout", "-q", "-b", "feature")
        changed = STORY.replace('sam = "introduced"', 'sam = "dies"')
        (tmp_path / "bible" / "story.toml").write_text(changed, encoding="utf-8")
        git("commit", "-q", "-am", "kill sam early")
        monkeypatch.chdir(tmp_path)
        return tmp_path

    def test_a_range_of_branches(self, repo: Path) -> None:
        status, out, err = cli("diff", "main..feature", "--path", "bible")
        assert err == ""
        assert status == 1
        assert out.startswith("plotline diff main:bible → feature:bible:")
        # Findings and records of a revision are located in it, not in a scratch folder.
        assert "feature:bible/story.toml:" in out
        assert "plotline-diff-" not in out

    def test_a_revision_against_the_working_tree(self, repo: Path) -> None:
        (repo / "bible" / "story.toml").write_text(STORY, encoding="utf-8")
        status, out, _ = cli("diff", "HEAD", "--path", "bible")
        assert status == 0
        assert "PL301" in out  # fixed in the working tree
        assert "fixed findings:" in out

    def test_inside_the_story_folder(self, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(repo / "bible")
        status, out, _ = cli("diff", "main", "feature")
        assert status == 1
        assert out.startswith("plotline diff main → feature:")

    def test_unknown_revision(self, repo: Path) -> None:
        status, out, err = cli("diff", "no-such-branch", "--path", "bible")
        assert (status, out) == (2, "")
        assert "'no-such-branch' is neither a path nor a revision git knows" in err

    def test_nothing_at_the_path(self, repo: Path) -> None:
        status, _, err = cli("diff", "main..feature", "--path", "elsewhere")
        assert status == 2
        assert "main has nothing at elsewhere" in err

    def test_outside_a_repository(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        lone = tmp_path / "lone"
        lone.mkdir()
        monkeypatch.chdir(lone)
        monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
        status, _, err = cli("diff", "HEAD~1")
        assert status == 2
        assert "is not inside a git repository" in err

    def test_a_path_outside_the_repository(
        self, repo: Path, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        elsewhere = tmp_path_factory.mktemp("elsewhere")
        status, _, err = cli("diff", "main..feature", "--path", str(elsewhere))
        assert status == 2
        assert "is outside the repository" in err

    def test_no_git_installed(self, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PATH", "")
        status, _, err = cli("diff", "main..feature", "--path", "bible")
        assert status == 2
        assert "git is not installed" in err


class TestFormats:
    """Every part of a diff in each format: the sections appear, and JSON holds the same facts."""

    @pytest.fixture
    def result(self) -> plotline.CanonDiff:
        works = [Work("e1", number=1), Work("e2", number=2)]
        old = Story(
            works=works,
            entities=[Entity("sam")],
            events=[
                Event("a", told_in="e1", order=1, participants={"sam": "dies"}),
                Event("b", told_in="e1", order=2),
                Event("c", told_in="e2", participants={"sam": "present"}),
            ],
        )
        new = attrs.evolve(
            old,
            events=[
                Event("a", told_in="e1", order=3, participants={"sam": "present"}),
                Event("b", told_in="e1", order=2),
                Event("c", told_in="e2", participants={"sam": "present"}),
            ],
        )
        config = plotline.Config()
        return diff(
            old,
            new,
            old_report=plotline.check(old, config=config),
            new_report=plotline.check(new, config=config),
        )

    def test_text(self, result: plotline.CanonDiff) -> None:
        from plotline._diff import format_diff

        text = format_diff(result, "text", old="v1", new="v2")
        assert text.splitlines()[0] == (
            "plotline diff v1 → v2: records 1 changed; 2 moves; 1 canon change; "
            "findings 0 new, 1 fixed"
        )
        for heading in ("records:", "order:", "canon:", "fixed findings:"):
            assert f"\n{heading}\n" in text
        assert "  b moved in telling order: 2 → 1 (now first)" in text

    def test_markdown(self, result: plotline.CanonDiff) -> None:
        from plotline._diff import format_diff

        text = format_diff(result, "markdown", old="v1", new="v2")
        for heading in ("Records", "Order", "Canon", "Fixed findings"):
            assert f"\n#### {heading}\n" in text
        assert "new error" not in text
        assert format_diff(plotline.CanonDiff(), "markdown", old="a", new="b").endswith(
            "No change to the canon.\n"
        )

    def test_json(self, result: plotline.CanonDiff) -> None:
        from plotline._diff import format_diff

        data = json.loads(format_diff(result, "json", old="v1", new="v2"))
        assert {(m["event"], m["clock"]) for m in data["moves"]} == {
            (m.event, m.clock) for m in result.moves
        }
        assert [f["code"] for f in data["fixed"]] == ["PL301"]
        assert data["new_errors"] == 0
