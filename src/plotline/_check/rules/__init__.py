"""plotline's own rules, one module per family.

Importing this package registers every rule of the catalog: references
(PL1), ordering (PL2), continuity (PL3), threads and arcs (PL4), releases
(PL5) and sources (PL6).
"""

from __future__ import annotations

from plotline._check.rules import (
    continuity,
    ordering,
    references,
    releases,
    sources,
    threads,
)

__all__ = ["continuity", "ordering", "references", "releases", "sources", "threads"]
