"""Nesting limits counted before a parser sees the text: dotted TOML keys and headers."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from plotline import loads
from plotline._io._limits import toml_key_too_deep
from plotline.exceptions import LoadError

_STORY = "[story]\ntitle = 't'\n"


def _key(parts: int) -> str:
    return ".".join(["a"] * parts)


class TestTomlDottedKeys:
    """Dotted keys and table headers nest tables, and count towards the depth limit."""

    @pytest.mark.parametrize(
        "text",
        [
            "x-deep." + _key(100_000) + " = 1\n" + _STORY,
            _STORY + "[x-deep." + _key(100_000) + "]\nb = 1\n",
            _STORY + "[[x-deep." + _key(100_000) + "]]\nb = 1\n",
            "x-deep = { " + _key(100_000) + " = 1 }\n" + _STORY,
            "x-deep." + _key(1_200) + " = 1\n" + _STORY,
        ],
        ids=["key", "header", "array-header", "inline-table", "recursion-depth"],
    )
    def test_refused_quickly_and_located(self, text: str) -> None:
        tracemalloc.start()
        started = time.process_time()
        with pytest.raises(
            LoadError, match=r"deep\.toml:[13]:\d+: values are nested more than 100"
        ):
            loads(text, format="toml", file="deep.toml")
        seconds = time.process_time() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 50_000_000, peak
        assert seconds < 30, seconds  # a guard against a hang, not a speed target

    def test_shallow_dotted_keys_load(self) -> None:
        story = loads("x-meta.a.b.c.d.e = 1\n" + _STORY, format="toml")
        assert story.title == "t"

    def test_deep_enough_still_loads(self) -> None:
        assert loads("x-deep." + _key(90) + " = 1\n" + _STORY, format="toml").title == "t"

    @pytest.mark.parametrize(
        ("text", "limit", "offset"),
        [
            ("[a.b]\nc.d = 1\n", 3, 8),
            ("[a.b]\nc.d = 1\n", 4, None),
            ("a = { b.c = { d.e = 1 } }\n", 4, 16),
            ("a = { b.c = { d.e = 1 } }\n", 5, None),
            ('"x.y.z" = 1\n', 1, None),
            ("a = '''\n[b.c.d.e]\n'''\n", 2, None),
            ('x = "a.b.c.d.e"  # f.g.h.i\n', 2, None),
            ("[[a.b]]\nc.d = 1\n", 4, 10),
            ("a = [1.5, 2.5,\n  3.5]\nb.c = 2\n", 2, None),
        ],
    )
    def test_depth_counting(self, text: str, limit: int, offset: int | None) -> None:
        assert toml_key_too_deep(text, limit) == offset


def _alias_bomb(ids: int, events: int) -> str:
    listed = ", ".join(f"t{i}" for i in range(ids))
    body = "".join(f"  - id: e{i}\n    threads: *ids\n" for i in range(events))
    return f"story:\n  title: t\nx-ids: &ids [{listed}]\nevents:\n{body}"


class TestYamlRepeats:
    """Aliases and merges may share values, not multiply them."""

    def test_alias_bomb_is_refused_at_an_event(self) -> None:
        tracemalloc.start()
        with pytest.raises(LoadError, match=r"bomb\.yaml:\d+:\d+: aliases and merges repeat more"):
            loads(_alias_bomb(5_000, 5_000), format="yaml", file="bomb.yaml")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 200_000_000, peak

    def test_quadratic_merge_chain_is_refused(self) -> None:
        chain = ["story:\n  title: t\n", "x-m0: &m0 {k0: 0}\n"]
        chain += [f"x-m{i}: &m{i}\n  <<: *m{i - 1}\n  k{i}: {i}\n" for i in range(1, 3_000)]
        with pytest.raises(LoadError, match="aliases and merges repeat more"):
            loads("".join(chain), format="yaml", file="merge.yaml")

    def test_modest_sharing_loads(self) -> None:
        text = (
            "story:\n  title: t\nthreads:\n  - {id: a}\n  - {id: b}\n  - {id: c}\n"
            "x-common: &common [a, b, c]\nevents:\n"
            + "".join(f"  - id: e{i}\n    threads: *common\n" for i in range(2_000))
        )
        story = loads(text, format="yaml")
        assert all(event.threads == ("a", "b", "c") for event in story.events)


_LIMIT = 10


def _nested(format: str, levels: int) -> str:
    """A story whose deepest value sits ``levels`` levels down, the top mapping counted."""
    inner = levels - 1  # the top mapping (TOML's root table) is the first level
    if format == "json":
        return '{"story": {"title": "t"}, "x-deep": ' + "[" * inner + "]" * inner + "}"
    if format == "yaml-flow":
        return "story: {title: t}\nx-deep: " + "[" * inner + "]" * inner + "\n"
    if format == "yaml-block":
        lines = [f"{'  ' * i}- " for i in range(inner - 1)]
        return (
            "story: {title: t}\nx-deep:\n"
            + "".join(f"{line}\n" for line in lines).rstrip("\n")
            + f"\n{'  ' * (inner - 1)}- 1\n"
        )
    if format == "toml-key":
        return "x-deep." + _key(inner) + " = 1\n" + _STORY
    if format == "toml-header":
        return _STORY + "[x-deep." + _key(inner - 1) + "]\nb = 1\n"
    if format == "toml-inline":
        return "x-deep = " + "{ a = " * inner + "1" + " }" * inner + "\n" + _STORY
    assert format == "toml-array"
    return "x-deep = " + "[" * inner + "]" * inner + "\n" + _STORY


_SHAPES = ["json", "yaml-flow", "yaml-block", "toml-key", "toml-header"]
_TOML_BRACKETS = ["toml-array", "toml-inline"]


class TestDepthAtTheLimit:
    """In every format a story nested exactly to the limit loads, one level more is refused."""

    @pytest.fixture(autouse=True)
    def _limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PLOTLINE_MAX_DEPTH", str(_LIMIT))

    @pytest.mark.parametrize("shape", [*_SHAPES, *_TOML_BRACKETS])
    def test_at_the_limit_loads(self, shape: str) -> None:
        text = _nested(shape, _LIMIT)
        story = loads(text, format=shape.split("-", maxsplit=1)[0], file="d")
        assert story.title == "t"

    @pytest.mark.parametrize("shape", _SHAPES)
    def test_one_more_is_refused(self, shape: str) -> None:
        text = _nested(shape, _LIMIT + 1)
        with pytest.raises(LoadError, match=rf"^d:\d+:\d+: values are nested more than {_LIMIT}"):
            loads(text, format=shape.split("-", maxsplit=1)[0], file="d")

    @pytest.mark.parametrize("shape", _TOML_BRACKETS)
    def test_toml_brackets_one_more_are_refused_with_dots(self, shape: str) -> None:
        """A file with a dotted line elsewhere counts its brackets from the root table."""
        text = "x-note = 'a.b.c.d.e.f'\n" + _nested(shape, _LIMIT + 1)
        with pytest.raises(LoadError, match=f"values are nested more than {_LIMIT}"):
            loads(text, format="toml", file="d")

    @pytest.mark.parametrize("shape", _TOML_BRACKETS)
    def test_toml_brackets_one_more_are_refused(self, shape: str) -> None:
        """Without dots, the same brackets one level too deep must be refused too."""
        with pytest.raises(LoadError, match=f"values are nested more than {_LIMIT}"):
            loads(_nested(shape, _LIMIT + 1), format="toml", file="d")

    def test_default_limit_is_a_hundred(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("PLOTLINE_MAX_DEPTH")
        assert loads(_nested("json", 100), format="json").title == "t"
        with pytest.raises(LoadError, match="nested more than 100 levels"):
            loads(_nested("json", 101), format="json")
