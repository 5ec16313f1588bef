"""Laws of the open model: kinds of one's own, ``meta``, Python-built stories, round trips."""

from __future__ import annotations

import re
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plotline import Config, check, dumps, loads
from plotline._check._finding import Report
from plotline._model import (
    Constraint,
    Entity,
    EntityKind,
    Event,
    Release,
    Source,
    SourceKind,
    Story,
    Work,
    WorkKind,
)
from plotline._time import Duration, Instant, Interval, using_calendars
from plotline.exceptions import TimeParseError, did_you_mean
from strategies import bibles
from strategies_io import metas

_SLOW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def findings(report: Report) -> list[tuple[str, str, str, tuple[str, ...], bool]]:
    """What a report says, without where: code, severity, message, subjects, suppressed."""
    return sorted(
        (f.code, str(f.severity), f.message, f.subjects, f.suppressed) for f in report.findings
    )


def report(story: Story) -> list[tuple[str, str, str, tuple[str, ...], bool]]:
    """The findings of ``story`` under the default rules and no project settings."""
    return findings(check(story, config=Config()))


def _far_from(known: type[Any]) -> st.SearchStrategy[str]:
    """Kinds of a story's own that are no near miss of a known kind (PL103 stays quiet)."""
    words = st.from_regex(r"[a-z]{3,8}(-[a-z]{2,5})?", fullmatch=True)
    return words.filter(lambda word: word not in set(known) and did_you_mean(word, known) is None)


class TestOpenKinds:
    """Kinds of one's own change nothing a story says."""

    @_SLOW
    @given(bibles(known_kinds=True), st.data())
    def test_unreferenced_records_of_own_kinds_add_nothing(
        self, story: Story, data: st.DataObject
    ) -> None:
        """Entities and sources of far unknown kinds that nothing names add or change no finding."""
        count = data.draw(st.integers(1, 3))
        entities = [
            Entity(f"q9q9q9q9-entity-{i}", kind=data.draw(_far_from(EntityKind)))
            for i in range(count)
        ]
        sources = [
            Source(f"q9q9q9q9-source-{i}", kind=data.draw(_far_from(SourceKind)))
            for i in range(count)
        ]
        bigger = attrs.evolve(
            story,
            entities=(*story.entities, *entities),
            sources=(*story.sources, *sources),
        )
        assert report(bigger) == report(story)

    @_SLOW
    @given(bibles(known_kinds=True), _far_from(WorkKind))
    def test_a_kind_of_ones_own_is_read_as_no_kind(self, story: Story, own_kind: str) -> None:
        """Works of one unknown (far) kind weigh exactly like the same works of kind ``other``.

        Sibling works are numbered by kind (PL203), so the law renames every
        ``other`` work at once: the unknown word then plays the part ``other`` did.
        """

        def kind_of_works(kind: str) -> Story:
            works = [attrs.evolve(w, kind=kind) if w.kind == "other" else w for w in story.works]
            return attrs.evolve(story, works=works)

        # Messages may name the kind ("webisode w1 has number 1"); nothing else may differ.
        def weight(story: Story) -> list[tuple[str, str, tuple[str, ...], bool]]:
            return [(code, sev, subjects, off) for code, sev, _, subjects, off in report(story)]

        assert weight(kind_of_works(own_kind)) == weight(story)

    @_SLOW
    @given(bibles(known_kinds=True), st.data())
    def test_unreferenced_works_of_own_kinds_add_nothing(
        self, story: Story, data: st.DataObject
    ) -> None:
        """A work of a kind of one's own counts as a work of kind ``other`` would, no more.

        Any new work may change what counts as an installment (an empty leaf is
        one more, known kind or not), so the law compares the two kinds.
        """
        if not story.works:
            return
        parent = data.draw(st.sampled_from([w.id for w in story.works]))
        extra = [
            Work(f"q9q9q9q9-work-{i}", kind=data.draw(_far_from(WorkKind)), parent=parent)
            for i in range(data.draw(st.integers(1, 2)))
        ]
        own = attrs.evolve(story, works=(*story.works, *extra))
        known = attrs.evolve(
            story, works=(*story.works, *(attrs.evolve(w, kind=WorkKind.OTHER) for w in extra))
        )
        assert report(own) == report(known)


def _with_meta(record: Any, meta: dict[str, Any]) -> Any:
    return attrs.evolve(record, meta=meta)


class TestMeta:
    """Free keys are the author's: they never change a finding."""

    @_SLOW
    @given(bibles(), st.data())
    def test_meta_changes_no_finding(self, story: Story, data: st.DataObject) -> None:
        """Adding ``meta`` to any records (and to the story) changes no finding."""

        # A claim may name a meta key as its field (then PL104 no longer calls it unknown):
        # the law is about meta that no claim names.
        claimed = {claim.field for claim in story.claims}
        free = metas.map(lambda meta: {k: v for k, v in meta.items() if k not in claimed})

        def some(records: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(
                _with_meta(r, data.draw(free)) if data.draw(st.booleans()) else r for r in records
            )

        richer = attrs.evolve(
            story,
            works=some(story.works),
            releases=some(story.releases),
            entities=some(story.entities),
            threads=some(story.threads),
            events=some(story.events),
            constraints=some(story.constraints),
            sources=some(story.sources),
            claims=some(story.claims),
            meta=data.draw(free),
        )
        assert report(richer) == report(story)

    @_SLOW
    @given(bibles(), st.data())
    def test_meta_changes_no_finding_in_a_file(self, story: Story, data: st.DataObject) -> None:
        """The same holds for a story read from a file, whose findings have locations."""
        claimed = {claim.field for claim in story.claims}
        free = metas.map(lambda meta: {k: v for k, v in meta.items() if k not in claimed})
        richer = attrs.evolve(
            story, entities=tuple(_with_meta(e, data.draw(free)) for e in story.entities)
        )
        assert findings(check(loads(dumps(richer)), config=Config())) == report(story)


def _written(value: Instant | Interval | Duration | None) -> str | None:
    """A time or duration as a story file writes it."""
    return None if value is None else str(value)


def _as_a_file_writes_it(story: Story) -> Story:
    """The story rebuilt in Python from the strings a file holds for its times and durations."""
    with using_calendars(story.calendars):
        return _rebuilt(story)


def _rebuilt(story: Story) -> Story:
    return attrs.evolve(
        story,
        entities=tuple(
            attrs.evolve(e, born=_written(e.born), died=_written(e.died)) for e in story.entities
        ),
        works=tuple(attrs.evolve(w, runtime=_written(w.runtime)) for w in story.works),
        events=tuple(
            attrs.evolve(e, when=_written(e.when), duration=_written(e.duration))
            for e in story.events
        ),
        releases=tuple(
            attrs.evolve(r, date=_written(r.date), start=_written(r.start), end=_written(r.end))
            for r in story.releases
        ),
        constraints=tuple(
            attrs.evolve(c, min_gap=_written(c.min_gap), max_gap=_written(c.max_gap))
            for c in story.constraints
        ),
        sources=tuple(attrs.evolve(s, date=_written(s.date)) for s in story.sources),
    )


class TestPythonFirst:
    """A story built in code checks exactly like the same story read from a file."""

    @_SLOW
    @given(bibles())
    def test_strings_in_constructors(self, story: Story) -> None:
        """Constructors read the strings a file writes into the same records."""
        assert _as_a_file_writes_it(story) == story

    @_SLOW
    @given(bibles())
    def test_built_in_code_checks_like_the_file(self, story: Story) -> None:
        """Built from strings in Python, dumped to TOML and loaded: the same report."""
        built = _as_a_file_writes_it(story)
        loaded = loads(dumps(built))
        assert loaded == built
        assert findings(check(loaded, config=Config())) == report(built)

    def test_a_small_story_by_hand(self) -> None:
        """The brief's example: dates, runtimes and gaps written as text, checked as loaded."""
        story = Story(
            works=[Work("ep1", kind="episode", number=1, runtime="PT24M")],
            entities=[Entity("harry", importance="main")],
            events=[
                Event(
                    "arrives", told_in="ep1", when="1991-09-01", participants={"harry": "present"}
                ),
                Event("dies", told_in="ep1", when="1991-08", participants={"harry": "dies"}),
            ],
            releases=[Release("ep1", "premiere", date="2001-11-04")],
        )
        assert report(story)
        assert findings(check(loads(dumps(story)), config=Config())) == report(story)


class TestConstructors:
    """Every record constructor takes the strings a file writes, or refuses them at once."""

    def test_times_and_durations_from_text(self) -> None:
        """Dates, years of four digits, runtimes and gaps written as text are parsed."""
        assert Event("e", when="0074").when == Instant(74)
        assert Event("e", when="1991-09-01").when == Instant(1991, 9, 1)
        assert Release("w", "print", date="2008-09-14").date == Instant(2008, 9, 14)
        assert Work("w", runtime="PT24M").runtime == Duration(minutes=24)
        assert Constraint("a", "b", min_gap="P1D").min_gap == Duration(days=1)

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: Release("w", "print", date="not a date"), "date"),
            (lambda: Release("w", "print", start="2001/2002"), "start"),
            (lambda: Event("e", when="yesterday"), "when"),
            (lambda: Work("w", runtime="24 minutes"), "runtime"),
            (lambda: Constraint("a", "b", max_gap="1 day"), "max_gap"),
        ],
    )
    def test_bad_times_refused_naming_the_field(self, build: Any, field: str) -> None:
        """A text that is no time is a TimeParseError that names the field, with a hint."""
        with pytest.raises(TimeParseError, match=f"^{field}: ") as error:
            build()
        assert error.value.hint

    def test_kinds(self) -> None:
        """Known kinds become members, words of one's own stay text, anything else is refused."""
        assert Work("w", kind="novel").kind is WorkKind.NOVEL
        own = Work("w", kind="webisode").kind
        assert own == "webisode"
        assert type(own) is str
        with pytest.raises(ValueError, match=r"a work kind is one lowercase word.*'Novel'"):
            Work("w", kind="Novel")
        with pytest.raises(ValueError, match="a source kind is one lowercase word"):
            Source("s", kind="fan wiki")

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (
                lambda: Event("e", mode="flash-back"),
                "unknown mode 'flash-back' (did you mean 'flashback'?)",
            ),
            (
                lambda: Event("e", participants={"ann": "gohst"}),
                "unknown role 'gohst' for 'ann' (did you mean 'ghost'?)",
            ),
            (lambda: Release("w", "prnt"), "unknown release kind 'prnt' (did you mean 'print'?)"),
            (
                lambda: Release("w", "print", status="gone"),
                "unknown release status 'gone'; expected one of: released,",
            ),
            (
                lambda: Entity("x", importance="big"),
                "unknown importance 'big'; expected one of: main, major, minor",
            ),
        ],
    )
    def test_closed_words_refused_naming_the_field(self, build: Any, message: str) -> None:
        """Roles, modes, statuses stay closed: a slip is a ValueError with the closest choice."""
        with pytest.raises(ValueError, match=re.escape(message)):
            build()

    def test_meta(self) -> None:
        """Meta keeps what it is given, takes part in equality, and must have text keys."""
        entity = Entity("x", meta={"born": "1980", "wands": ["holly"]})
        assert entity.meta == {"born": "1980", "wands": ["holly"]}
        assert entity != Entity("x")
        assert hash(entity) == hash(Entity("x"))
        with pytest.raises(TypeError, match="meta is a table of text keys"):
            Entity("x", meta={1: "one"})
