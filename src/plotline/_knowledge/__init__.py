"""Facts that change over story time: knowledge, possession and relations.

:class:`StoryClock` answers "certainly before?" on the solved order;
:class:`Knowledge` answers what an entity knows, believes and holds, who knows
a fact, an object's history and an entity's relations. The PL7 rules
(:mod:`plotline._check.rules.knowledge`) and the ``knowledge`` view read them.
"""

from plotline._knowledge._clock import KNOWING_MODES, TEACHING_MODES, StoryClock
from plotline._knowledge._query import (
    EXCLUSIVE_KINDS,
    MOVING_MODES,
    SYMMETRIC_KINDS,
    EntityKnowledge,
    Handover,
    Knowledge,
    relationship_kinds,
)

__all__ = [
    "EXCLUSIVE_KINDS",
    "KNOWING_MODES",
    "MOVING_MODES",
    "SYMMETRIC_KINDS",
    "TEACHING_MODES",
    "EntityKnowledge",
    "Handover",
    "Knowledge",
    "StoryClock",
    "relationship_kinds",
]
