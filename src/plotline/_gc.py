"""The command line's heap policy: no collector passes while a story loads, then a frozen heap.

CPython's cyclic collector runs whenever allocations outnumber deallocations
by a threshold, and an old-generation pass walks every container object in
the process. Loading a large story allocates hundreds of thousands of
records, tuples and dictionaries and creates no reference cycles, so the
collector only repeats walks over a heap that keeps growing: a third of the
load time of a 100,000-event story. Pausing it and resuming afterwards only
moves the cost: the first pass after the pause walks the whole story once.

So where the process is ours (``plotline`` on the command line, and the
workers of ``plotline check -j``), loading runs with the collector off, and
then :func:`gc.freeze` moves everything loaded into the permanent
generation, which no later pass walks; the check that follows runs with the
collector off too (its tables make no cycles, and reference counting frees
them when it ends). Library calls (:func:`plotline.load`,
:func:`plotline.check`, :func:`plotline.solve`) leave the host's collector
alone: a host that loads a large story can do the same itself::

    import gc, plotline

    gc.disable()
    story = plotline.load("bible/")
    gc.freeze()
    gc.enable()
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["collector_off", "frozen_when_done"]


@contextmanager
def frozen_when_done() -> Iterator[None]:
    """Run the block with the collector off, then freeze what it made and restore the collector.

    >>> import gc
    >>> with frozen_when_done():
    ...     gc.isenabled()
    False
    >>> gc.isenabled(), gc.get_freeze_count() > 0
    (True, True)
    >>> gc.unfreeze()
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


@contextmanager
def collector_off() -> Iterator[None]:
    """Run the block with the cyclic collector off, then restore it (nests).

    >>> import gc
    >>> with collector_off():
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
