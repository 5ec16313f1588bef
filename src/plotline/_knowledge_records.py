"""The records of facts that change over story time: :class:`Fact` and :class:`Relationship`.

A :class:`Fact` is something a character may learn, know or believe (a secret,
an identity, a rumour): events name facts in their ``learns``, ``knows`` and
``reveals`` fields. A :class:`Relationship` ties two entities with a ``kind``
(``married``, ``sibling``, ``member-of``, any lowercase word) from its
``since`` event to its ``until`` event. Possession needs no record of its own:
an event's ``holds`` table moves an object to a holder.

>>> Fact("godfather", title="Sirius is Harry's godfather").true
True
>>> Relationship("james", "lily", "married", since="wedding").kind
<RelationshipKind.MARRIED: 'married'>
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, Final

import attrs

from plotline._records import (
    Origin,
    _id_valid,
    _ids,
    _ids_valid,
    _members,
    _meta_field,
    _open_kind,
    _opt_id_valid,
    _origin_field,
)

__all__ = [
    "NOBODY",
    "Fact",
    "Relationship",
    "RelationshipKind",
]

NOBODY: Final = "-"
"""The holder of an object nobody holds (lost, dropped, hidden): ``holds = { ring = "-" }``."""


class RelationshipKind(enum.StrEnum):
    """The relation kinds plotline knows; any other lowercase word is a kind too.

    Symmetric kinds (``married``, ``engaged``, ``sibling``, ``allied``,
    ``enemy``, ``friend``) read the same both ways; the others go from ``a`` to
    ``b`` (``a`` is ``parent-of``, ``member-of``, ``godparent-of`` ``b``).
    ``married`` and ``engaged`` are exclusive: one partner at a time.
    """

    MARRIED = "married"
    ENGAGED = "engaged"
    SIBLING = "sibling"
    ALLIED = "allied"
    ENEMY = "enemy"
    FRIEND = "friend"
    PARENT_OF = "parent-of"
    GODPARENT_OF = "godparent-of"
    MEMBER_OF = "member-of"
    MENTOR_OF = "mentor-of"
    SERVES = "serves"


_RELATIONSHIP_KINDS: Final = _members(RelationshipKind)


def _relation_kind(value: RelationshipKind | str) -> RelationshipKind | str:
    return _open_kind(_RELATIONSHIP_KINDS, value, "relation")


@attrs.frozen(slots=True)
class Fact:
    """Something a character may learn, know or believe: a secret, an identity, a rumour.

    ``true = false`` makes it a false belief or a rumour: learning it records a
    belief, and acting on it is no mistake. ``refutes`` names the facts this one
    disproves: whoever learns it stops believing them.
    """

    id: str = attrs.field(validator=_id_valid)
    title: str | None = None
    true: bool = True
    summary: str | None = None
    refutes: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """The title to show: ``title`` if given, else the id."""
        return self.title or self.id


@attrs.frozen(slots=True)
class Relationship:
    """Entities ``a`` and ``b`` related by ``kind`` from event ``since`` to event ``until``.

    Without ``since`` the relation holds from the start of the story; without
    ``until``, to its end.
    """

    a: str = attrs.field(validator=_id_valid)
    b: str = attrs.field(validator=_id_valid)
    kind: RelationshipKind | str = attrs.field(converter=_relation_kind)
    since: str | None = attrs.field(default=None, validator=_opt_id_valid)
    until: str | None = attrs.field(default=None, validator=_opt_id_valid)
    id: str | None = attrs.field(default=None, validator=_opt_id_valid)
    note: str | None = None
    sources: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_ids_valid)
    allow: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    meta: Mapping[str, Any] = _meta_field()
    origin: Origin | None = _origin_field()

    @property
    def label(self) -> str:
        """A short description: its id, or ``a kind b``."""
        return self.id or f"{self.a} {self.kind} {self.b}"
