"""plotline's own rules, one module per family, as plain generator functions.

References (PL1), ordering (PL2), continuity (PL3), threads and arcs (PL4),
releases (PL5), sources (PL6), and knowledge, possession and relations (PL7).
Each function's code, name, default severity and options are in the catalog
(``plotline._check._catalog``), and a ``# CODE name`` comment above the
function says which row is its own.
Importing these modules registers nothing.
"""

from __future__ import annotations

from plotline._check.rules import (
    ages,
    continuity,
    knowledge,
    ordering,
    references,
    relations,
    releases,
    sources,
    threads,
)

__all__ = [
    "ages",
    "continuity",
    "knowledge",
    "ordering",
    "references",
    "relations",
    "releases",
    "sources",
    "threads",
]
