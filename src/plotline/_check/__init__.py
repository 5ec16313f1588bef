"""The checker: the rule catalog, the engine that runs it, and the reports.

:func:`check` (public as :func:`plotline.check`) runs every selected rule over
one shared :class:`Context` and returns a :class:`Report` of :class:`Finding`
values, sorted by location; :func:`catalog` lists the rules. The pieces:

* ``_catalog``: the static table of plotline's own rules, implemented as plain
  functions in the ``rules`` package, one module per family;
* ``_registry``: the :class:`Rule` record, the :func:`rule` decorator and the
  ``plotline.rules`` entry points, for the rules users add;
* ``_config``: which rules run and with which options, from the defaults,
  ``[tool.plotline]``, the file's ``[check]`` table and the arguments;
* ``_engine``: running the rules and building the report;
* ``reports``: the report formats (text, json, sarif, junit, github).

Rule authors import from :mod:`plotline.rules`, never from here.
"""

from __future__ import annotations

from plotline._check._config import Config, Layer, find_project_config, resolve_settings
from plotline._check._context import Appearance, Context, Hit
from plotline._check._engine import check, get_rule
from plotline._check._engine import rules as catalog
from plotline._check._finding import Finding, Related, Report, Severity
from plotline._check._registry import ENTRY_POINT_GROUP, Rule, rule, unregister
from plotline.exceptions import ConfigError

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
