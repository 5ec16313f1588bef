"""Certainly before, on the solved story order: the one question every PL7 answer asks.

Two present-mode events follow the solver's story order (the telling decides
unless dates or constraints say otherwise). An event told another way only
counts as before or after where hard facts (dates, durations, constraints)
force it, with one addition: a flashback shows the past of the present moment
it is told in, so it is certainly before the present-mode event told just
before it and every present-mode event after that one in story order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from plotline._model import Mode

if TYPE_CHECKING:
    from collections.abc import Mapping

    from plotline._model import Event
    from plotline._order import Solution

__all__ = ["KNOWING_MODES", "TEACHING_MODES", "StoryClock"]

TEACHING_MODES: Final = frozenset(Mode) - {Mode.RECAP}
"""Modes whose events teach what they show: all but recaps, which retell.

A dream or a vision teaches what it shows (a true fact learned in a vision is
knowledge); a false account teaches what it tells (give the lie its own fact
with ``true = false``, and the listener believes it).
"""

KNOWING_MODES: Final = frozenset({Mode.PRESENT, Mode.FLASHBACK, Mode.TIME_TRAVEL})
"""Modes whose ``knows`` are checked: what really happens (not dreams, visions, recaps, lies)."""


_LIVED_IN_THE_PRESENT: Final = frozenset({Mode.DREAM, Mode.VISION, Mode.FALSE_ACCOUNT})


class StoryClock:
    """Answers "is event ``a`` certainly before event ``b``?" on one solved order.

    >>> from plotline import Event, Story, Work, solve
    >>> story = Story(
    ...     works=[Work("e1")],
    ...     events=[
    ...         Event("now", told_in="e1", order=1),
    ...         Event("then", told_in="e1", order=2, mode="flashback"),
    ...         Event("later", told_in="e1", order=3),
    ...     ],
    ... )
    >>> clock = StoryClock(solve(story))
    >>> now, then, later = story.events
    >>> clock.before(then, now), clock.before(then, later), clock.before(now, then)
    (True, True, False)
    """

    def __init__(self, solution: Solution) -> None:
        self.solution = solution
        self.story_pos: Mapping[str, int] = solution.story_pos
        anchors: dict[str, str] = {}
        present: str | None = None
        for event in solution.telling:
            if event.mode is Mode.PRESENT and event.told_in is not None:
                present = event.id
            elif event.mode is Mode.FLASHBACK and present is not None:
                anchors.setdefault(event.id, present)
        self._anchors = anchors

    def before(self, a: Event, b: Event) -> bool:
        """Whether ``a`` certainly happens before ``b`` in story time."""
        if a.id == b.id:
            return False
        if a.mode is Mode.PRESENT and b.mode is Mode.PRESENT:
            return self.story_pos[a.id] < self.story_pos[b.id]
        if self.solution.precedes(a.id, b.id):
            return True
        if a.mode is Mode.FLASHBACK and b.mode is Mode.PRESENT:
            anchor = self._anchors.get(a.id)
            return anchor is not None and (
                anchor == b.id or self.story_pos[anchor] < self.story_pos[b.id]
            )
        return False

    def learned_by(self, learning: Event, at: Event) -> bool:
        """Whether what is learned in ``learning`` is known at ``at``.

        It is when ``learning`` is ``at`` or certainly before it. Two more
        cases go by the telling: a time traveller carries what they learned (a
        ``time-travel`` event knows what was learned in events told before
        it), and a dream, a vision or a false account is lived in the present
        it is told in (a present-mode event told after it knows what it taught).
        """
        if learning.id == at.id or self.before(learning, at):
            return True
        if at.mode is Mode.TIME_TRAVEL or (
            learning.mode in _LIVED_IN_THE_PRESENT and at.mode is Mode.PRESENT
        ):
            telling = self.solution.telling_pos
            first, second = telling.get(learning.id), telling.get(at.id)
            return first is not None and second is not None and first < second
        return False

    def by_then(self, a: Event, b: Event) -> bool:
        """Whether ``a`` is ``b`` or certainly before it."""
        return a.id == b.id or self.before(a, b)

    def unordered(self, a: Event, b: Event) -> bool:
        """Whether neither event is certainly before the other (and they are two)."""
        return a.id != b.id and not self.before(a, b) and not self.before(b, a)
