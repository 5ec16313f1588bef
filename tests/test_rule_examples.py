"""The Bad and Good examples of every rule run through the checker.

A rule's docstring is its documentation (``plotline rules CODE``, docs/rules.md),
and its ``Bad::`` and ``Good::`` blocks are TOML fragments: a few records, not a
whole story. Each is completed into a story by one rule, the same for all:

* The *stage* below is a small story that holds every record the examples
  name but do not define: a series of two seasons (``s1`` of fifteen
  episodes, ``s2`` of five), the cast, the places, two sources. On its own it
  raises no finding of any rule, so a Good example that is quiet says
  something.
* ``stage ⊕ fragment`` adds the fragment's records to the stage's tables; a
  record with the key of stage records replaces them, at the place of the
  first. The key is the ``id``; without one, a release's is its
  ``(work, kind, region)``, a claim's its ``(subject, source)`` (one source's
  word on one record), a constraint's the pair ``{before, after}``.
* Bad runs as ``stage ⊕ Bad``. A Good example fixes the Bad one, so it runs as
  ``stage ⊕ (Bad ⊕ Good)``: its records stand in for the Bad records of the
  same key, and the Bad records it does not mention stay, giving the fix its
  context (``Good (a ghost)::`` and other named variants each do so on their own).
* A Good example whose note begins ``on its own`` (``Good (on its own: ...)::``)
  is no patch: it stands instead of the Bad one, as ``stage ⊕ Good`` (a merge
  that removes a Bad record, a different situation altogether).

Bad must fire the rule and every Good must not (the rule alone is selected,
with its default options). A fragment that cannot stand on this stage says
so in its own words: the docstring is completed, not the test.
"""

from __future__ import annotations

import inspect
import json
import re
import textwrap
import tomllib
from typing import Any

import pytest

import plotline
from plotline._check import Config, check
from plotline._check._catalog import CATALOG, builtin_rules

STAGE_TOML = """
[story]
title = "Hero Mask"

[[sources]]
id = "wiki"
kind = "wiki"

[[sources]]
id = "tropes"
kind = "trope-page"

[[works]]
id = "hero-mask"
kind = "series"
sources = ["wiki"]

[[entities]]
id = "sarah"
name = "Sarah Sinclair"
kind = "character"
sources = ["wiki"]

[[entities]]
id = "faraday"
name = "Faraday"
kind = "character"
sources = ["wiki"]

[[entities]]
id = "burner"
name = "Richard Burner"
kind = "character"
sources = ["wiki"]

[[entities]]
id = "ssc"
name = "Sinclair Security Company"
kind = "organisation"
sources = ["wiki"]

[[entities]]
id = "lab"
kind = "place"
sources = ["wiki"]

[[entities]]
id = "docks"
kind = "place"
sources = ["wiki"]

[[events]]
id = "heist"
told_in = "s1e01"
sources = ["wiki"]

[[events]]
id = "getaway"
told_in = "s1e02"
sources = ["wiki"]
"""


def _stage() -> dict[str, Any]:
    stage = tomllib.loads(STAGE_TOML)
    works = stage["works"]
    for number, (season, episodes) in enumerate((("s1", 15), ("s2", 5)), start=1):
        works.append(
            {"id": season, "kind": "season", "parent": "hero-mask", "number": number}
            | {"sources": ["wiki"]}
        )
        for episode in range(1, episodes + 1):
            works.append(
                {"id": f"{season}e{episode:02}", "kind": "episode", "parent": season}
                | {"number": episode, "sources": ["wiki"]}
            )
    # Sarah is on scene in the second half of season 1 (after any introduction a
    # fragment gives her) and nowhere in season 2.
    stage["events"].extend(
        {
            "id": f"sarah-in-s1e{episode:02}",
            "told_in": f"s1e{episode:02}",
            "participants": {"sarah": "present"},
            "sources": ["wiki"],
        }
        for episode in range(8, 16)
    )
    works.append({"id": "ps-us", "kind": "novel", "title": "The Stone", "sources": ["wiki"]})
    return stage


STAGE = _stage()

HEADING = re.compile(r"^(?P<kind>Bad|Good)(?: \((?P<note>[^)]*)\))?::$", re.MULTILINE)


def examples(doc: str) -> list[tuple[str, str, str]]:
    """The ``(kind, note, TOML)`` of each ``Bad::`` or ``Good (note)::`` block of ``doc``."""
    found = []
    headings = list(HEADING.finditer(doc))
    for i, heading in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(doc)
        body = textwrap.dedent(doc[heading.end() : end]).strip("\n")
        found.append((heading["kind"], heading["note"] or "", body + "\n"))
    return found


def _key(table: str, record: dict[str, Any]) -> Any:
    if "id" in record:
        return ("id", record["id"])
    if table == "releases":
        return (record.get("work"), record.get("kind"), record.get("region"))
    if table == "claims":
        return (record.get("subject"), record.get("source"))
    if table == "constraints":
        return frozenset((record.get("before"), record.get("after")))
    return id(record)  # nothing to match: always added


def overlay(base: dict[str, Any], fragment: dict[str, Any]) -> dict[str, Any]:
    """``base ⊕ fragment``: the fragment's records added, replacing base records of their key."""
    result = {
        table: list(value) if isinstance(value, list) else value for table, value in base.items()
    }
    for table, value in fragment.items():
        if not isinstance(value, list):
            result[table] = value
            continue
        records = result.setdefault(table, [])
        by_key: dict[Any, list[dict[str, Any]]] = {}
        for record in value:
            by_key.setdefault(_key(table, record), []).append(record)
        kept: list[dict[str, Any]] = []
        for record in records:
            key = _key(table, record)
            if key in by_key:
                kept.extend(by_key.pop(key))  # at the place of the first it replaces
            elif not any(key == _key(table, new) for new in value):
                kept.append(record)
        result[table] = kept + [record for group in by_key.values() for record in group]
    return result


def codes(data: dict[str, Any], code: str) -> list[str]:
    """The codes of the active findings of rule ``code`` on the story ``data``."""
    story = plotline.loads(json.dumps(data), format="json")
    return [finding.code for finding in check(story, select=[code], config=Config())]


RULES = [entry.code for entry in CATALOG]


def _cases() -> list[Any]:
    cases = []
    for code, rule in builtin_rules().items():
        doc = inspect.getdoc(rule.function) or ""
        found = examples(doc)
        bad = [body for kind, _, body in found if kind == "Bad"]
        for kind, note, body in found:
            label = f"{code}-{kind.lower()}" + (f"-{note}" if note else "")
            alone = note.startswith("on its own")
            cases.append(pytest.param(code, kind, [] if alone else bad, body, id=label))
    return cases


class TestExamples:
    """Each rule's Bad example fires it and its Good examples do not."""

    def test_stage_is_quiet(self) -> None:
        """The stage alone raises no finding of any rule, PL603 included."""
        story = plotline.loads(json.dumps(STAGE), format="json")
        report = check(story, select=["PL"], config=Config())
        assert [finding.message for finding in report] == []

    @pytest.mark.parametrize("code", RULES)
    def test_every_rule_has_examples(self, code: str) -> None:
        """Every built-in rule documents exactly one Bad example and at least one Good one."""
        found = examples(inspect.getdoc(builtin_rules()[code].function) or "")
        kinds = [kind for kind, _, _ in found]
        assert kinds.count("Bad") == 1, f"{code}: {kinds}"
        assert "Good" in kinds, f"{code}: {kinds}"

    @pytest.mark.parametrize(("code", "kind", "bad", "body"), _cases())
    def test_example(self, code: str, kind: str, bad: list[str], body: str) -> None:
        """Bad fires the rule on the stage; Good, patching Bad (or on its own), does not."""
        fragment = tomllib.loads(body)
        if kind == "Bad":
            assert code in codes(overlay(STAGE, fragment), code), body
        else:
            fixed = overlay(tomllib.loads(bad[0]), fragment) if bad else fragment
            assert codes(overlay(STAGE, fixed), code) == [], body


class TestOverlay:
    """The completion rule the examples rely on."""

    def test_same_id_replaces_at_its_place(self) -> None:
        """A record with a base record's id stands in its place; others are appended."""
        base = {"events": [{"id": "a", "told_in": "x"}, {"id": "b"}]}
        fragment = {"events": [{"id": "c"}, {"id": "a", "told_in": "y"}]}
        assert overlay(base, fragment) == {
            "events": [{"id": "a", "told_in": "y"}, {"id": "b"}, {"id": "c"}]
        }

    def test_keys_without_id(self) -> None:
        """Releases, claims and constraints without an id match by what they are about."""
        base = {
            "releases": [{"work": "e1", "kind": "broadcast", "date": "2020"}],
            "constraints": [{"before": "a", "after": "b"}, {"before": "b", "after": "a"}],
        }
        fragment = {
            "releases": [{"work": "e1", "kind": "broadcast", "date": "2021"}],
            "constraints": [{"before": "a", "after": "b"}],
        }
        assert overlay(base, fragment) == fragment

    def test_duplicates_in_the_fragment_are_kept(self) -> None:
        """Two fragment records of one key both replace the base's (PL101's Bad needs two)."""
        base = {"events": [{"id": "a"}]}
        fragment = {"events": [{"id": "a", "title": "1"}, {"id": "a", "title": "2"}]}
        assert overlay(base, fragment) == fragment
