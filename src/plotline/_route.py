"""The :class:`Route` record: a way between two places and how long it takes.

A story file writes ``[[routes]] from = "a"``, ``to = "b"``, ``time = "P3D"``.
``from`` is a Python keyword, so the attribute is :attr:`Route.from_`: a field
whose name ends in ``_`` is written without it (see :mod:`plotline._io._fields`).
A route goes both ways unless ``oneway = true``; a route to a place also
serves the places ``within`` it (see :mod:`plotline._order._travel`).

>>> Route(from_="hogsmeade", to="london", time="PT8H", by="train")
Route(from_='hogsmeade', to='london', time=Duration('PT8H'), oneway=False, by='train', meta={})
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from plotline._records import (
    Origin,
    _duration,
    _id_valid,
    _ids,
    _ids_valid,
    _meta_field,
    _opt_id_valid,
    _origin_field,
)
from plotline._time import Duration

__all__ = ["Route"]


def _route_time(value: Duration | str) -> Duration:
    time = _duration(value, "time")
    if time is None:
        msg = "time: a route needs a travel time, such as 'P3D' or 'PT8H'"
        raise ValueError(msg)
    return time


@attrs.frozen(slots=True)
class Route:
    """A way from place ``from_`` to place ``to`` that takes ``time`` (both ways unless ``oneway``).

    ``by`` says how (``ship``, ``horse``, ``floo``): a word, for the reader.
    The travel time is a least time: the checker reads it in its shortest
    sense (``P1M`` is 28 days).
    """

    from_: str = attrs.field(
        validator=_id_valid, metadata={"doc": "The id of the place (an entity) the way starts at."}
    )
    to: str = attrs.field(
        validator=_id_valid, metadata={"doc": "The id of the place (an entity) the way leads to."}
    )
    time: Duration = attrs.field(
        converter=_route_time,
        metadata={"doc": "The least time the way takes, as a duration (PT8H, P3D)."},
    )
    oneway: bool = attrs.field(
        default=False, metadata={"doc": "true: only from 'from' to 'to'; both ways by default."}
    )
    by: str | None = attrs.field(
        default=None, metadata={"doc": "How one goes: train, ship, horse, floo..."}
    )
    id: str | None = attrs.field(default=None, validator=_opt_id_valid, repr=False)
    note: str | None = attrs.field(default=None, repr=False)
    sources: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, validator=_ids_valid, repr=False
    )
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids, repr=False)
    meta: Mapping[str, Any] = _meta_field()
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """A short description: its id, or ``from → to``."""
        arrow = "→" if self.oneway else "↔"
        return self.id or f"{self.from_} {arrow} {self.to}"
