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
