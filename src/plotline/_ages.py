"""Ages: how old an entity is at an event, from its ``born``, the event's time and its clock.

An age is a range of whole years, because both times are spans: born in
1980, an entity is 10 or 11 on 1991-09-01; born on 1980-07-31, it is exactly
11 that day. The low end counts from the last moment the birth could be to
the first moment of the event, the high end from the first to the last. A
year is an anniversary on the day axis (a birthday on 29 February comes on
1 March in common years).

An entity's ``clock`` changes what it lives through: each
:class:`~plotline._time.ClockSpan` runs at its ``rate`` from the start of its
``since`` event to the start of its ``until`` event (a stretch whose events are
not dated is left out), so a hero turned to stone for ten years comes back as
old as she was, and her age is her experienced time.

>>> from plotline._model import Entity, Event, Story
>>> story = Story(
...     entities=[Entity("harry", born="1980-07-31")],
...     events=[Event("letter", when="1991-07-24"), Event("train", when="1991-09-01")],
... )
>>> str(age_at(story, "harry", "letter")), str(age_at(story, "harry", "train"))
('10', '11')
>>> str(age_at(story.evolve(entities=[Entity("harry", born="1980")]), "harry", "train"))
'10 or 11'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from plotline._time import OPEN_LOWER, OPEN_UPPER
from plotline._time._calendar import DAY
from plotline._time._calendars import civil_from_days

if TYPE_CHECKING:
    from plotline._model import Entity, Event, Story

__all__ = ["Age", "age_at", "age_of", "ages_at", "ages_text"]


@attrs.frozen(slots=True)
class Age:
    """An age in whole years, from ``low`` to ``high`` (equal when the times are precise enough).

    A negative end means the event may come before the birth.
    """

    low: int
    high: int

    @property
    def exact(self) -> bool:
        """Whether the age is one number."""
        return self.low == self.high

    def __contains__(self, years: object) -> bool:
        return isinstance(years, int) and self.low <= years <= self.high

    def __str__(self) -> str:
        if self.exact:
            return str(self.low)
        low = max(self.low, 0)
        return f"{low} or {self.high}" if self.high == low + 1 else f"{low} to {self.high}"


def _years(birth: int, moment: int) -> int:
    """Whole years from the second ``birth`` to the second ``moment`` (anniversaries passed)."""
    y1, m1, d1 = civil_from_days(birth // DAY)
    y2, m2, d2 = civil_from_days(moment // DAY)
    return y2 - y1 - ((m2, d2) < (m1, d1))


def _stretches(story: Story, entity: Entity) -> list[tuple[int, int, float]]:
    """The entity's clock as ``(start, end, rate)`` in seconds, the undated stretches left out."""
    events = story.event_index
    found = []
    for span in entity.clock:
        since = events.get(span.since)
        if since is None or since.when is None:
            continue
        start = since.when.lower
        end = OPEN_UPPER
        if span.until is not None:
            until = events.get(span.until)
            if until is None or until.when is None:
                continue
            end = until.when.lower
        if end > start:
            found.append((start, end, span.rate))
    return found


def _lived(start: int, end: int, stretches: list[tuple[int, int, float]]) -> int:
    """Seconds the entity lives through from ``start`` to ``end``, by its own clock."""
    lived = float(end - start)
    for first, last, rate in stretches:
        overlap = min(end, last) - max(start, first)
        if overlap > 0:
            lived += (rate - 1) * overlap
    return start + int(lived)


def age_at(story: Story, entity: str, event: str) -> Age | None:
    """How old ``entity`` is at ``event``, or None when it has no ``born`` or the event no date."""
    record = story.entity_index.get(entity)
    happening = story.event_index.get(event)
    if record is None or happening is None:
        return None
    return age_of(story, record, happening)


def age_of(story: Story, entity: Entity, event: Event) -> Age | None:
    """How old the ``entity`` record is at the ``event`` record (see :func:`age_at`)."""
    if entity.born is None or event.when is None:
        return None
    born_lower, born_upper = entity.born.bounds
    when_lower, when_upper = event.when.bounds
    if OPEN_LOWER in (born_lower, when_lower) or OPEN_UPPER in (born_upper, when_upper):
        return None
    stretches = _stretches(story, entity)
    latest_birth, last_moment = born_upper - 1, when_upper - 1
    low = _years(latest_birth, _lived(latest_birth, when_lower, stretches))
    high = _years(born_lower, _lived(born_lower, last_moment, stretches))
    return Age(low, high)


def ages_at(story: Story, event: Event) -> dict[str, Age]:
    """The ages at ``event`` of the entities in it (or whose age it asserts) that have ``born``."""
    result = {}
    for entity_id in dict.fromkeys((*event.participants, *event.ages)):
        entity = story.entity_index.get(entity_id)
        if entity is None:
            continue
        age = age_of(story, entity, event)
        if age is not None and age.high >= 0:
            result[entity_id] = age
    return result


def ages_text(story: Story, event: Event) -> str:
    """The ages at ``event`` as one line for a table or a tooltip: ``harry 11, ron 10 or 11``."""
    return ", ".join(f"{entity} {age}" for entity, age in ages_at(story, event).items())
