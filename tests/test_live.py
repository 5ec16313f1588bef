"""The editor-side half of ``plotline lsp``: sessions, marks, navigation, completion, fixes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import plotline
from plotline._live import StorySession
from plotline._live._complete import complete
from plotline._live._diagnostics import finding_marks, problem_marks
from plotline._live._fixes import fixes
from plotline._live._navigate import definitions, describe, id_at, references, symbols

EXAMPLES = Path(__file__).parent.parent / "examples"
SEASON = (EXAMPLES / "hero-mask" / "10-season-1.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hero_mask(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("live") / "hero-mask"
    shutil.copytree(EXAMPLES / "hero-mask", folder)
    return folder


def _lines(session: StorySession, files: tuple[str, ...]) -> dict[str, list[str]]:
    return {file: (session.text(file) or "").splitlines() for file in files}


class TestSession:
    def test_the_same_findings_as_a_cold_check(self, hero_mask: Path) -> None:
        result = StorySession(hero_mask).result()
        cold = plotline.check(plotline.load(hero_mask))
        assert result.problems == ()
        assert result.report is not None
        assert result.report.findings == cold.findings

    @pytest.mark.parametrize("example", ["harry-potter", "star-wars", "doctor-who"])
    def test_every_gallery_story_as_a_cold_check(self, example: str) -> None:
        result = StorySession(EXAMPLES / example).result()
        assert result.problems == ()
        assert result.report is not None
        assert result.report.findings == plotline.check(plotline.load(EXAMPLES / example)).findings

    def test_an_unsaved_buffer_wins_over_the_disk(self, hero_mask: Path) -> None:
        session = StorySession(hero_mask)
        season = str(hero_mask / "10-season-1.toml")
        session.set_text(season, SEASON.replace('monica = "dies"', 'monica = "present"'))
        result = session.result()
        assert result.story is not None
        killed = next(e for e in result.story.events if e.id == "monica-killed")
        assert killed.participants["monica"].value == "present"
        session.set_text(season, None)
        result = session.result()
        assert result.story is not None
        killed = next(e for e in result.story.events if e.id == "monica-killed")
        assert killed.participants["monica"].value == "dies"

    def test_only_the_changed_file_is_read_again(self, hero_mask: Path) -> None:
        session = StorySession(hero_mask)
        session.result()
        before = dict(session._reads)
        season = str(hero_mask / "10-season-1.toml")
        session.set_text(season, SEASON + "\n# a comment\n")
        session.result()
        changed = {path for path, read in session._reads.items() if read is not before[path]}
        assert changed == {season}

    def test_a_broken_file_keeps_its_last_good_records(self, hero_mask: Path) -> None:
        session = StorySession(hero_mask)
        good = session.result()
        season = str(hero_mask / "10-season-1.toml")
        session.set_text(season, SEASON + '\n[[events]]\nid = "x"\nmode = "flash')
        broken = session.result()
        assert broken.problems
        assert all(p.location.file == season for p in broken.problems)
        assert broken.story is not None
        assert good.story is not None
        assert len(broken.story.events) == len(good.story.events)

    def test_an_empty_folder(self, tmp_path: Path) -> None:
        result = StorySession(tmp_path).result()
        assert result.report is None
        assert [p.message for p in result.problems] == ["no story files here"]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        cut=st.integers(min_value=0, max_value=len(SEASON)),
        insert=st.text(alphabet="[]{}=\"'\n #=,.abcdefghiklmnopst0123456789-_:", max_size=12),
        line=st.integers(min_value=0, max_value=400),
        column=st.integers(min_value=0, max_value=80),
    )
    def test_a_half_typed_buffer_never_raises(
        self, hero_mask: Path, cut: int, insert: str, line: int, column: int
    ) -> None:
        session = StorySession(hero_mask)
        season = str(hero_mask / "10-season-1.toml")
        text = SEASON[:cut] + insert + SEASON[cut : cut + 200]
        session.set_text(season, text)
        result = session.result()
        lines = _lines(session, result.files)
        marks = problem_marks(result.problems, lines)
        if result.report is not None:
            marks += finding_marks(result.report.findings, lines, season)
        for mark in marks:
            assert mark.start <= mark.end
        own = text.splitlines()
        if result.story is not None and own:
            row = own[min(line, len(own) - 1)]
            complete(result.story, own, min(line, len(own) - 1), min(column, len(row)))
            word = id_at(row, min(column, len(row)))
            if word is not None:
                describe(result.story, word[0])
                definitions(result.story, word[0], lines)
                references(result.story, word[0], lines)
            symbols(result.story, season)


class TestNavigate:
    def test_definitions_and_references_of_a_work(self, hero_mask: Path) -> None:
        session = StorySession(hero_mask)
        result = session.result()
        assert result.story is not None
        lines = _lines(session, result.files)
        (definition,) = definitions(result.story, "s1e01", lines)
        assert definition.file.endswith("01-works.toml")
        assert lines[definition.file][definition.line][definition.start : definition.end] == "s1e01"
        places = references(result.story, "s1e01", lines)
        told = [e for e in result.story.events if e.told_in == "s1e01"]
        assert len(places) >= len(told)
        for place in places:
            assert lines[place.file][place.line][place.start : place.end] == "s1e01"

    def test_an_unknown_id_has_no_card(self, hero_mask: Path) -> None:
        result = StorySession(hero_mask).result()
        assert result.story is not None
        assert describe(result.story, "nobody-at-all") is None


@pytest.fixture(scope="module")
def story(hero_mask: Path) -> plotline.Story:
    return plotline.load(hero_mask)


class TestComplete:
    @pytest.mark.parametrize(
        ("line", "wanted", "kind"),
        [
            ('told_in = "', "s1e01", "work"),
            ("threads = [", "live-conspiracy", "thread"),
            ('location = "', "london", "place"),
            ('mode = "', "flashback", "mode"),
            ('sources = ["', "wiki", "source"),
            ('  told_in: "', "s1e01", "work"),
            ('"told_in": "', "s1e01", "work"),
        ],
    )
    def test_by_key(self, story: plotline.Story, line: str, wanted: str, kind: str) -> None:
        found = complete(story, ["[[events]]", line], 1, len(line))
        assert wanted in {c.label for c in found}
        assert {c.kind for c in found} == {kind}

    def test_kinds_by_table(self, story: plotline.Story) -> None:
        works = {c.label for c in complete(story, ["[[works]]", 'kind = "'], 1, 8)}
        entities = {c.label for c in complete(story, ["[[entities]]", 'kind = "'], 1, 8)}
        assert "episode" in works
        assert "place" in entities
        assert "episode" not in entities

    def test_nothing_on_an_unknown_key(self, story: plotline.Story) -> None:
        assert complete(story, ["[[events]]", 'title = "'], 1, 9) == []


class TestFixes:
    STORY = (
        '[[works]]\nid = "e1"\nnumber = 1\n\n[[works]]\nid = "e2"\nnumber = 2\n\n'
        '[[entities]]\nid = "sam"\nallow = ["PL305"]\n\n'
        '[[events]]\nid = "shot"\ntold_in = "e1"\nparticipants = { sam = "dies" }\n\n'
        '[[events]]\nid = "vault"\ntold_in = "e2"\nparticipants = { sam = "present" }\n'
    )

    def test_each_fix_settles_the_finding(self, tmp_path: Path) -> None:
        path = tmp_path / "story.toml"
        path.write_text(self.STORY, encoding="utf-8")
        story = plotline.load(path)
        (finding,) = [
            f for f in plotline.check(story, config=plotline.Config()).findings if not f.suppressed
        ]
        lines = {str(path): self.STORY.splitlines(keepends=True)}
        found = fixes(finding, story, lines)
        assert [f.title for f in found] == [
            "Mark 'vault' as a flashback",
            "Make 'sam' only mentioned in 'vault'",
            "Allow PL301 on the entity 'sam'",
        ]
        for fix in found:
            edit = fix.edit
            text = lines[str(path)]
            fixed = "".join(text[: edit.line]) + edit.text + "".join(text[edit.end_line :])
            after = plotline.check(plotline.loads(fixed, file=str(path)), config=plotline.Config())
            assert not [f for f in after.findings if f.code == "PL301" and not f.suppressed]
        allow = found[2].edit
        assert allow.text == 'allow = ["PL305", "PL301"]\n'  # added to the list there


class TestOptionalExtras:
    def test_lsp_without_pygls(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import sys

        from tests.conftest import cli

        monkeypatch.setitem(sys.modules, "pygls", None)
        status, _, err = cli("lsp")
        assert status == 2
        assert "pip install 'plotline[lsp]'" in err

    def test_watch_without_watchfiles(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        import sys

        from tests.conftest import cli

        monkeypatch.setitem(sys.modules, "watchfiles", None)
        status, _, err = cli("check", "--watch", str(tmp_path))
        assert status == 2
        assert "pip install 'plotline[watch]'" in err
