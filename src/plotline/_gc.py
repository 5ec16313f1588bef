"""Pausing the cyclic garbage collector around work that builds many objects.

CPython's cyclic collector runs whenever allocations outnumber deallocations
by a threshold, and an old-generation pass walks every container object in
the process. Loading or checking a large story allocates hundreds of
thousands of records, tuples and dictionaries and creates no reference
cycles, so the collector only repeats walks over a heap that keeps growing:
a third of the load time of a 100,000-event story, and half of a check's.
Reference counting still frees everything as usual; a cycle made meanwhile is
collected at the next pass after the collector resumes.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (nests; restores its state).

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
