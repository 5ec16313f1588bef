"""``plotline import`` without ``--from``: each format told from its file's name and first bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SHARED, cli
from plotline.exceptions import LoadError
from plotline.importers import FORMATS, SNIFFERS, recognise_format

OWN = Path(__file__).resolve().parent / "data" / "interop"
DATA = SHARED / "data"

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="the shared third-party data is absent")

ISTORYLINE = (
    '{"Story": {"Locations": {"All": [0]}, '
    '"Characters": {"Wolf": [{"Start": 0, "End": 2, "Session": 0}]}}}'
)
STORYEXPLORER = '{"script_info": {"title": "T", "characters": [], "scenes": []}}'


def _copy(source: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(source, target)
    return target


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(LoadError) as info:
        recognise_format(path)
    (problem,) = info.value.problems
    return str(problem)


class TestRecognise:
    """Each format plotline reads is recognised, by suffix and by content."""

    def test_every_format_has_a_sniffer(self) -> None:
        """The registry covers every import format."""
        assert {sniffer.format for sniffer in SNIFFERS} == set(FORMATS)

    def test_by_suffix_and_content(self, tmp_path: Path) -> None:
        """CSV, Plottr, iStoryline and Story Explorer files, under their names and others."""
        assert recognise_format(OWN / "lighthouse.csv") == "csv"
        assert recognise_format(OWN / "lighthouse.pltr") == "plottr"
        assert recognise_format(_copy(OWN / "lighthouse.pltr", tmp_path, "backup.json")) == "plottr"
        assert recognise_format(_write(tmp_path, "wolf.json", ISTORYLINE)) == "istoryline"
        assert recognise_format(_write(tmp_path, "t_simple.json", STORYEXPLORER)) == "storyexplorer"
        assert recognise_format(_write(tmp_path, "script.txt", ISTORYLINE)) == "istoryline"

    @needs_data
    def test_shared_datasets(self, tmp_path: Path) -> None:
        """The third-party files: SGB (also renamed), iStoryline, Story Explorer."""
        jean = DATA / "sgb_books" / "jean.dat"
        assert recognise_format(jean) == "sgb"
        assert recognise_format(_copy(jean, tmp_path, "jean.txt")) == "sgb"
        assert recognise_format(DATA / "storyexplorer" / "memento_simple.json") == "storyexplorer"
        first = sorted((DATA / "istoryline" / "json").glob("*.json"))[0]
        assert recognise_format(first) == "istoryline"

    def test_story_files_are_not_imported(self, tmp_path: Path) -> None:
        """A plotline story file is named as one, with what to do instead."""
        for name, text in (("s.toml", "[story]\n"), ("s.json", '{"story": {"title": "T"}}')):
            assert "is a plotline story file already" in _refusal(_write(tmp_path, name, text))

    def test_other_tables_point_to_as(self, tmp_path: Path) -> None:
        """A table that is not the event layout says how to import it with --as."""
        message = _refusal(_write(tmp_path, "films.tsv", "film\tdate\nAlien\t1979\n"))
        assert "not plotline's event layout" in message
        assert "import it with --as RECORDS (works, releases" in message

    def test_unknown_lists_the_candidates(self, tmp_path: Path) -> None:
        """Neither name nor content tells: the error lists --from's choices."""
        message = _refusal(_write(tmp_path, "x.json", "[1, 2]"))
        assert "cannot tell the format" in message
        assert f"--from: one of {', '.join(sorted(FORMATS))}" in message


class TestCommandLine:
    """The command line uses the recognised format."""

    def test_import_without_from(self, tmp_path: Path) -> None:
        """A Plottr project named .json imports without --from."""
        path = _copy(OWN / "lighthouse.pltr", tmp_path, "lighthouse.json")
        status, stdout, _ = cli("import", str(path))
        assert status == 0
        assert "[[works]]" in stdout

    def test_cannot_tell(self, tmp_path: Path) -> None:
        """Exit 2 with the candidates when the format cannot be told."""
        path = _write(tmp_path, "x.json", "[]")
        status, stdout, stderr = cli("import", str(path))
        assert (status, stdout) == (2, "")
        assert "cannot tell the format" in stderr
