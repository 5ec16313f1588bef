"""Check a story against the rule catalog, and add rules of your own.

:func:`check` runs every selected rule over one shared :class:`Context`
and returns a :class:`Report` of :class:`Finding` values, sorted by location.
:func:`catalog` lists the registered rules (plotline's own live in the
:mod:`plotline._check.rules` package, one module per family).
Which rules run, which findings are suppressed and the rules' options come
from, in rising precedence: the defaults, ``[tool.plotline]`` in the nearest
``pyproject.toml``, the story file's ``[check]`` table, and the arguments of
:func:`check` (see :mod:`plotline._check._config`). A finding about a record
whose ``allow`` list names its code (or a prefix of it) is kept, suppressed.

Writing a rule
--------------
A rule is a generator function of a :class:`Context` that yields
:meth:`Context.finding` values; its docstring (summary, rationale, a bad and
a good example) is what ``plotline rules CODE`` prints. Codes starting with
``PL`` belong to plotline. Here is a rule that wants every episode to have a
title:

>>> from plotline._model import Story, Work
>>> from plotline._check import Config, check, rule, unregister
>>> @rule(code="HM101", name="untitled-episode", severity="warning")
... def untitled_episode(ctx):
...     '''An episode has no title.
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
>>> story = Story(works=[Work("s1e01", kind="episode")])
>>> report = check(story, select=["HM"], config=Config())
>>> [(f.code, f.rule, f.message) for f in report]
[('HM101', 'untitled-episode', 'episode s1e01 has no title')]
>>> unregister("HM101")

To ship rules in a package, decorate them in a module and name that module in
the ``plotline.rules`` entry-point group; plotline imports it on the first
check::

    [project.entry-points."plotline.rules"]
    hero-mask = "hero_mask_rules.rules"
"""

from __future__ import annotations

from plotline._check._config import (
    Config,
    ConfigError,
    Layer,
    find_project_config,
    resolve_settings,
)
from plotline._check._context import Appearance, Context, Hit
from plotline._check._engine import (
    ENTRY_POINT_GROUP,
    Rule,
    check,
    get_rule,
    rule,
    unregister,
)
from plotline._check._engine import rules as catalog
from plotline._check._finding import Finding, Related, Report, Severity

__all__ = [
    "ENTRY_POINT_GROUP",
    "Appearance",
    "Config",
    "ConfigError",
    "Context",
    "Finding",
    "Hit",
    "Layer",
    "Related",
    "Report",
    "Rule",
    "Severity",
    "catalog",
    "check",
    "find_project_config",
    "get_rule",
    "resolve_settings",
    "rule",
    "unregister",
]
