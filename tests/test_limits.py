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
