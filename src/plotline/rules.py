"""Everything a rule author needs: write a rule of your own, and ship it.

A rule is a generator function of a :class:`Context` (the shared, precomputed
view of the story every rule reads) that yields :meth:`Context.finding`
values. The engine, not the rule, fills in the code, the severity, the rule's
name and the location, and applies ``ignore`` settings and ``allow`` lists.
Register it with :func:`rule`; its docstring (a summary line, the rationale,
a bad and a good example) is what ``plotline rules CODE`` prints. Codes starting
with ``PL`` are plotline's own: pick a prefix of your own (``HM`` here).

A complete rule, which wants every episode to have a title:

>>> from collections.abc import Iterator
>>> import plotline
>>> from plotline.rules import Context, Hit, rule, unregister
>>> @rule(code="HM101", name="untitled-episode", severity="warning")
... def untitled_episode(ctx: Context) -> Iterator[Hit]:
...     '''Flag an episode without a title.
...
...     Episode guides list every episode by its title.
...
...     Bad::
...
...         [[works]]
...         id = "s1e01"
...         kind = "episode"
...
...     Good::
...
...         [[works]]
...         id = "s1e01"
...         kind = "episode"
...         title = "The Mask"
...     '''
...     for work in ctx.works:
...         if work.kind == "episode" and not work.title:
...             yield ctx.finding(f"episode {work.id} has no title", at=work, field="title")
>>> story = plotline.Story(works=[plotline.Work("s1e01", kind="episode")])
>>> report = plotline.check(story, select=["HM"], config=plotline.Config())
>>> [(f.code, f.rule, f.severity, f.message) for f in report]
[('HM101', 'untitled-episode', <Severity.WARNING: 'warning'>, 'episode s1e01 has no title')]
>>> unregister("HM101")

A rule may declare options (``options={"min_title_length": 3}``) that users set
in ``[tool.plotline]`` or a file's ``[check]`` table and the rule reads with
:meth:`Context.option`; ``enabled=False`` makes it run only when selected.

To ship rules in a package, decorate them in a module and name that module in
the ``plotline.rules`` entry-point group (:data:`ENTRY_POINT_GROUP`); plotline
imports it on the first check, from Python and from ``plotline check``::

    [project.entry-points."plotline.rules"]
    hero-mask = "hero_mask_rules"

Importing a module of rules again (a reload, a test runner importing it under
its own name) registers nothing twice: the same function under the same code
replaces itself, and only another function under a taken code is refused with
:class:`plotline.ConfigError`.
"""

from __future__ import annotations

from plotline._check._context import REAL_MODES, Appearance, Appearances, Context, Hit
from plotline._check._engine import get_rule
from plotline._check._engine import rules as catalog
from plotline._check._finding import Finding, Related, Severity
from plotline._check._registry import ENTRY_POINT_GROUP, Rule, RuleFunction, rule, unregister

__all__ = [
    "ENTRY_POINT_GROUP",
    "REAL_MODES",
    "Appearance",
    "Appearances",
    "Context",
    "Finding",
    "Hit",
    "Related",
    "Rule",
    "RuleFunction",
    "Severity",
    "catalog",
    "get_rule",
    "rule",
    "unregister",
]
