"""The table of plotline's own rules (DESIGN §5): what each is and where it lives.

Each :class:`BuiltinRule` names a rule's code, name, default severity, whether
it runs by default, its options, and the function of
:mod:`plotline._check.rules` that implements it. The rule modules are plain
code: they know nothing of this table, and importing them registers nothing.
:func:`builtin_rules` imports them on first use (a check, ``plotline rules``),
so ``import plotline`` stays light.

>>> [entry.code for entry in CATALOG if not entry.enabled]
['PL603']
>>> builtin_rules()["PL301"].name
'acts-after-death'
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import attrs

from plotline._check._finding import Severity
from plotline._check._registry import Rule

__all__ = ["CATALOG", "RULES_PACKAGE", "BuiltinRule", "builtin_rules"]

#: The package whose modules implement the built-in rules, one per family.
RULES_PACKAGE: Final = "plotline._check.rules"


@attrs.frozen(slots=True)
class BuiltinRule:
    """One row of the catalog: a built-in rule, and the function that implements it.

    ``module`` is the family's module inside :data:`RULES_PACKAGE`
    (``"continuity"``) and ``function`` the name of the generator function in
    it; the function's docstring is the rule's documentation.
    """

    code: str
    name: str
    severity: Severity = attrs.field(converter=Severity)
    module: str
    function: str
    enabled: bool = True
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)

    def load(self) -> Rule:
        """Import the implementing function and make the :class:`Rule` the engine runs."""
        module = importlib.import_module(f"{RULES_PACKAGE}.{self.module}")
        return Rule(
            code=self.code,
            name=self.name,
            severity=self.severity,
            function=getattr(module, self.function),
            enabled=self.enabled,
            options=dict(self.options),
            builtin=True,
        )


#: Every built-in rule, by code.
CATALOG: Final[tuple[BuiltinRule, ...]] = (
    # PL1: references
    BuiltinRule("PL101", "duplicate-id", "error", "references", "duplicate_id"),
    BuiltinRule("PL102", "unknown-reference", "error", "references", "unknown_reference"),
    BuiltinRule("PL103", "unknown-kind", "warning", "references", "unknown_kind"),
    BuiltinRule("PL104", "unknown-claim-field", "warning", "sources", "unknown_claim_field"),
    # PL2: ordering
    BuiltinRule("PL201", "ordering-cycle", "error", "ordering", "ordering_cycle"),
    BuiltinRule("PL202", "date-contradicts-order", "error", "ordering", "date_contradicts_order"),
    BuiltinRule("PL203", "telling-order-conflict", "error", "ordering", "telling_order_conflict"),
    BuiltinRule("PL204", "unmarked-flashback", "warning", "ordering", "unmarked_flashback"),
    BuiltinRule("PL205", "flashback-not-past", "error", "ordering", "flashback_not_past"),
    # PL3: continuity
    BuiltinRule("PL301", "acts-after-death", "error", "continuity", "acts_after_death"),
    BuiltinRule(
        "PL302", "acts-before-introduction", "error", "continuity", "acts_before_introduction"
    ),
    BuiltinRule("PL303", "in-two-places", "error", "continuity", "in_two_places"),
    BuiltinRule("PL304", "dies-twice", "error", "continuity", "dies_twice"),
    BuiltinRule(
        "PL305",
        "dropped-entity",
        "warning",
        "continuity",
        "dropped_entity",
        options={"final_installments": 3},
    ),
    BuiltinRule("PL306", "cannot-get-there", "error", "journeys", "cannot_get_there"),
    BuiltinRule("PL307", "age-mismatch", "error", "ages", "age_mismatch"),
    # PL4: threads and arcs
    BuiltinRule("PL401", "unresolved-thread", "warning", "threads", "unresolved_thread"),
    BuiltinRule("PL402", "thread-order", "error", "threads", "thread_order"),
    BuiltinRule(
        "PL403",
        "dormant-thread",
        "warning",
        "threads",
        "dormant_thread",
        options={"dormant_installments": 5},
    ),
    BuiltinRule("PL404", "empty-thread", "warning", "threads", "empty_thread"),
    BuiltinRule("PL411", "arc-overlap", "error", "threads", "arc_overlap"),
    BuiltinRule("PL412", "arc-gap", "warning", "threads", "arc_gap"),
    BuiltinRule("PL413", "arc-length", "warning", "threads", "arc_length"),
    # PL5: releases
    BuiltinRule("PL501", "release-out-of-order", "error", "releases", "release_out_of_order"),
    BuiltinRule(
        "PL502",
        "release-before-announcement",
        "error",
        "releases",
        "release_before_announcement",
    ),
    BuiltinRule("PL503", "run-ends-before-start", "error", "releases", "run_ends_before_start"),
    BuiltinRule("PL504", "count-mismatch", "warning", "releases", "count_mismatch"),
    # PL6: sources
    BuiltinRule("PL601", "source-conflict", "warning", "sources", "source_conflict"),
    BuiltinRule("PL602", "near-duplicate-name", "warning", "sources", "near_duplicate_name"),
    BuiltinRule("PL603", "unsourced", "info", "sources", "unsourced", enabled=False),
    # PL7: knowledge, possession, relations
    BuiltinRule("PL701", "knows-before-learning", "error", "knowledge", "knows_before_learning"),
    BuiltinRule("PL702", "learns-after-death", "error", "knowledge", "learns_after_death"),
    BuiltinRule("PL703", "knows-unordered", "warning", "knowledge", "knows_unordered"),
    BuiltinRule("PL711", "object-in-two-hands", "error", "knowledge", "object_in_two_hands"),
    BuiltinRule("PL712", "uses-lost-object", "error", "knowledge", "uses_lost_object"),
    BuiltinRule("PL713", "dead-holder", "error", "knowledge", "dead_holder"),
    BuiltinRule(
        "PL721",
        "relation-contradiction",
        "error",
        "relations",
        "relation_contradiction",
        options={"symmetric_relations": [], "exclusive_relations": []},
    ),
)


@functools.cache
def builtin_rules() -> Mapping[str, Rule]:
    """The built-in rules by code; the first call imports their modules."""
    return MappingProxyType({entry.code: entry.load() for entry in CATALOG})
