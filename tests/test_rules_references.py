"""Tests for the reference rules PL101-PL102."""

from __future__ import annotations

from typing import Any

from hypothesis import given

import plotline
from plotline._check import Config, check
from plotline._model import Claim, Constraint, Entity, Event, Release, Source, Story, Work
from strategies_io import stories

NFC = "caf\u00e9"  # café, é precomposed
NFD = "cafe\u0301"  # café, e and a combining acute accent


def findings(story: Story, code: str, **kw: Any) -> list[Any]:
    """The active findings of one rule."""
    return list(check(story, select=[code], config=Config(), **kw))


class TestDuplicateId:
    """PL101 duplicate-id."""

    def test_two_events_with_one_id_fire(self) -> None:
        """Two events sharing an id are a finding."""
        story = Story(events=[Event("x"), Event("x", title="again")])
        (finding,) = findings(story, "PL101")
        assert finding.subjects == ("x",)
        assert "event id 'x'" in finding.message

    def test_ids_are_namespaced_by_kind(self) -> None:
        """An event and an entity may share an id."""
        story = Story(events=[Event("x")], entities=[Entity("x")])
        assert findings(story, "PL101") == []

    def test_nfc_twins_fire(self) -> None:
        """Two ids that are one after NFC normalisation, not as written, are a finding."""
        story = Story(entities=[Entity(NFC), Entity(NFD)])
        (finding,) = findings(story, "PL101")
        assert finding.subjects == (NFD,)
        assert "'cafe\\u0301'" in finding.message
        assert "'caf\\xe9'" in finding.message
        assert "other Unicode code points" in finding.message
        assert len(finding.related) == 1

    def test_singleton_twin_of_an_ascii_id(self) -> None:
        """The Kelvin sign is K after NFC: its id is the ASCII one's twin."""
        story = Story(works=[Work("Kent"), Work("\u212aent")])
        (finding,) = findings(story, "PL101")
        assert finding.subjects == ("\u212aent",)

    def test_twins_are_namespaced_by_kind(self) -> None:
        """An event and an entity may be NFC twins, as they may share an id."""
        story = Story(entities=[Entity(NFC)], events=[Event(NFD)])
        assert findings(story, "PL101") == []

    def test_exact_duplicate_of_a_twin_is_one_finding_each(self) -> None:
        """A third record spelt like the second is its duplicate, not a second twin."""
        story = Story(events=[Event(NFC), Event(NFD), Event(NFD, title="again")])
        messages = [finding.message for finding in findings(story, "PL101")]
        assert len(messages) == 2
        assert sum("already used" in message for message in messages) == 1
        assert sum("code points" in message for message in messages) == 1

    def test_same_spelling_twice_is_not_a_twin(self) -> None:
        """Non-ASCII ids written alike are not twins (only duplicates if repeated)."""
        story = Story(entities=[Entity(NFC), Entity("cafés")])
        assert findings(story, "PL101") == []


class TestUnknownReference:
    """PL102 unknown-reference."""

    @given(stories)
    def test_dangling_is_the_references_that_name_nothing(self, story: Story) -> None:
        """Story.dangling() (PL102's fast path) agrees with Story.references(), in order."""
        expected = [
            (record, field, target)
            for record, field, target, index in story.references()
            if target not in index
        ]
        assert [(id(r), f, t) for r, f, t in story.dangling()] == [
            (id(r), f, t) for r, f, t in expected
        ]

    def test_misspelt_work_suggests_closest(self) -> None:
        """A told_in naming no work is a finding with a suggestion."""
        story = Story(works=[Work("s1e15")], events=[Event("x", told_in="s1e16")])
        (finding,) = findings(story, "PL102")
        assert "unknown work 's1e16' in `told_in` (did you mean 's1e15'?)" in finding.message

    def test_unknown_participant(self) -> None:
        """A participant naming no entity is a finding."""
        story = Story(
            entities=[Entity("sarah")], events=[Event("x", participants={"sara": "present"})]
        )
        (finding,) = findings(story, "PL102")
        assert "did you mean 'sarah'?" in finding.message

    def test_claim_subject_of_any_kind(self) -> None:
        """A claim's subject may name any record, but must name one."""
        story = Story(
            works=[Work("s1")],
            sources=[Source("wiki")],
            releases=[Release("s1", "premiere", id="s1-premiere")],
            claims=[
                Claim("s1", "title", "One", "wiki"),
                Claim("s1-premiere", "region", "JP", "wiki"),
                Claim("s9", "title", "Nine", "wiki"),
            ],
        )
        (finding,) = findings(story, "PL102")
        assert "unknown record 's9' in `subject`" in finding.message

    def test_nfc_twin_is_suggested(self) -> None:
        """A reference spelt in the other Unicode form suggests its twin, naming both forms."""
        story = Story(
            entities=[Entity(NFC), Entity("cafe-owner")],
            events=[Event("x", participants={NFD: "present"})],
        )
        (finding,) = findings(story, "PL102")
        assert f"did you mean '{NFC}'? it is written 'caf\\xe9'" in finding.message
        assert "the reference 'cafe\\u0301'" in finding.message

    def test_nfc_twin_beats_a_closer_looking_id(self) -> None:
        """The twin is suggested even when difflib would prefer another id."""
        twin = "\u212a"  # the Kelvin sign, K after NFC
        story = Story(works=[Work(twin), Work("k")], events=[Event("x", told_in="K")])
        (finding,) = findings(story, "PL102")
        assert f"did you mean '{twin}'?" in finding.message

    def test_claim_subject_twin_is_suggested(self) -> None:
        """A claim's subject in the other spelling suggests the record."""
        story = Story(
            sources=[Source("wiki")],
            entities=[Entity(NFC)],
            claims=[Claim(NFD, "name", "Café", "wiki")],
        )
        (finding,) = findings(story, "PL102")
        assert f"did you mean '{NFC}'?" in finding.message

    def test_all_known_is_fine(self) -> None:
        """Known references are fine."""
        story = Story(works=[Work("s1")], events=[Event("x", told_in="s1")])
        assert findings(story, "PL102") == []

    def test_constraint_may_name_a_work(self) -> None:
        """A constraint's before/after may name a work as well as an event."""
        story = Story(
            works=[Work("s1"), Work("s2")],
            events=[Event("x", told_in="s1")],
            constraints=[Constraint(before="x", after="s2"), Constraint(before="s1", after="s2")],
        )
        assert findings(story, "PL102") == []

    def test_constraint_naming_neither_says_so(self) -> None:
        """A constraint side naming no event and no work is a finding, suggesting either."""
        story = Story(
            works=[Work("season-2")],
            events=[Event("monica-killed")],
            constraints=[Constraint(before="monica-kiled", after="season-3", id="c")],
        )
        first, second = findings(story, "PL102")
        assert first.message == (
            "constraint 'c' names no event or work 'monica-kiled' in `before` (did you mean "
            "'monica-killed'?); fix the id or add the missing event or work"
        )
        assert "names no event or work 'season-3' in `after` (did you mean 'season-2'?)" in (
            second.message
        )


class TestEveryReferenceHasAKind:
    """PL102 names the kind of record each dangling reference needed, for every field."""

    def test_the_fields_this_round_added(self) -> None:
        story = plotline.loads(
            """
[[entities]]
id = "sam"
born = "2000"
clock = [{ since = "no-such-event", rate = 0 }]

[[events]]
id = "e"
learns = { sam = ["no-fact"], nobody = ["no-fact-2"] }
knows = { ghost-writer = ["no-fact-3"] }
reveals = ["no-fact-4"]
holds = { lost-ring = "no-holder" }
ages = { stranger = 3 }

[[facts]]
id = "f"
refutes = ["no-fact-5"]

[[relations]]
a = "no-a"
b = "sam"
kind = "married"
since = "no-start"
until = "no-end"

[[routes]]
from = "no-town"
to = "no-city"
time = "P1D"
""",
            file="story.toml",
        )
        report = plotline.check(story, select="PL102", config=plotline.Config())
        messages = sorted(f.message.split(";")[0] for f in report.findings)
        kinds = {
            "'no-fact'": "fact",
            "'nobody'": "entity",
            "'no-fact-2'": "fact",
            "'ghost-writer'": "entity",
            "'no-fact-3'": "fact",
            "'no-fact-4'": "fact",
            "'lost-ring'": "entity",
            "'no-holder'": "entity",
            "'stranger'": "entity",
            "'no-fact-5'": "fact",
            "'no-a'": "entity",
            "'no-start'": "event",
            "'no-end'": "event",
            "'no-town'": "entity",
            "'no-city'": "entity",
            "'no-such-event'": "event",
        }
        for name, kind in kinds.items():
            assert any(f"unknown {kind} {name}" in m for m in messages), (name, messages)
        assert len(messages) == len(kinds)
