"""The rule record, and the registry of the rules users add.

A :class:`Rule` is one entry of the catalog: a stable code, a name, a default
severity and the generator function that finds the problems. plotline's own
rules are listed in :mod:`plotline._check._catalog`; the rules of users are
registered here, by the :func:`rule` decorator (public as
:func:`plotline.rules.rule`), either directly or by importing the modules named
in the ``plotline.rules`` entry-point group (:func:`user_rules` does that once,
on first use).

Registering is idempotent: importing a module of rules a second time (a reload,
a test runner that imports it again) replaces its rules rather than adding
them twice; only *another* function under a taken code is refused.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from types import MappingProxyType
from typing import Any, Final

import attrs

from plotline._check._context import Context, Hit
from plotline._check._finding import Finding, Severity
from plotline.exceptions import ConfigError

__all__ = [
    "ENTRY_POINT_GROUP",
    "Rule",
    "RuleFunction",
    "rule",
    "unregister",
    "user_rules",
]

#: The entry-point group under which packages publish extra rules.
ENTRY_POINT_GROUP: Final = "plotline.rules"

#: What a rule is: a function of the shared context that yields what it found.
RuleFunction = Callable[[Context], Iterable[Hit | Finding]]

_CODE: Final = re.compile(r"[A-Z]{1,8}[0-9]{1,6}")
_NAME: Final = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@attrs.frozen(slots=True)
class Rule:
    """One rule of the catalog: its stable code, name, default severity and text.

    ``doc`` is the rule function's docstring: rationale, a bad and a good
    example. ``options`` maps each option the rule reads to its default.
    ``builtin`` tells plotline's own rules (codes ``PL…``) from users'.
    """

    code: str
    name: str
    severity: Severity = attrs.field(converter=Severity)
    function: RuleFunction = attrs.field(repr=False, eq=False)
    enabled: bool = True
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    builtin: bool = False

    @property
    def doc(self) -> str:
        """The full docstring of the rule function, dedented."""
        return inspect.cleandoc(self.function.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first line of the docstring."""
        return self.doc.partition("\n")[0].strip()

    def __call__(self, ctx: Context) -> Iterable[Hit | Finding]:
        """Run the rule over a context."""
        return self.function(ctx)


_USER_RULES: dict[str, Rule] = {}
_PLUGINS_LOADED = False


def _check_declaration(code: str, name: str, severity: Severity | str) -> None:
    """Refuse a bad code, name or severity, saying what a good one looks like."""
    if not _CODE.fullmatch(code):
        msg = f"rule code {code!r} must be capital letters then digits, like 'XY101'"
        raise ConfigError(msg)
    if not _NAME.fullmatch(name):
        msg = f"rule name {name!r} must be lowercase words joined by hyphens, like 'dropped-entity'"
        raise ConfigError(msg)
    if code.startswith("PL"):
        msg = (
            f"rule code {code!r}: codes starting with 'PL' belong to plotline; pick another prefix"
        )
        raise ConfigError(msg)
    if severity not in {s.value for s in Severity}:
        msg = f"rule {code}: severity must be 'error', 'warning' or 'info', not {severity!r}"
        raise ConfigError(msg)


def _qualname(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def rule(
    code: str,
    name: str,
    severity: Severity | str = Severity.WARNING,
    *,
    enabled: bool = True,
    options: Mapping[str, Any] | None = None,
) -> Callable[[RuleFunction], Rule]:
    """Register a rule of your own; use as a decorator on a generator function.

    ``code`` must be capital letters then digits and must not start with
    ``PL`` (plotline's own codes); ``name`` is lowercase words joined by
    hyphens. ``enabled=False`` makes the rule run only when selected.
    ``options`` declares the rule's options and their defaults; users set them
    in ``[tool.plotline]``, a file's ``[check]`` table or ``options=``. The
    function's docstring is its documentation (``plotline rules CODE``): the
    first line is the summary. Registering another function under a taken code
    raises :class:`plotline.ConfigError`; registering the same one again (its
    module imported once more) replaces it.
    """
    _check_declaration(code, name, severity)

    def decorate(function: RuleFunction) -> Rule:
        if not function.__doc__:
            msg = f"rule {code} ({name}) needs a docstring: its rationale and examples"
            raise ConfigError(msg)
        old = _USER_RULES.get(code)
        if old is not None and _qualname(old.function) != _qualname(function):
            msg = (
                f"rule code {code!r} is already taken by {_qualname(old.function)}; "
                "give the new rule another code"
            )
            raise ConfigError(msg)
        new = Rule(
            code=code,
            name=name,
            severity=Severity(severity),
            function=function,
            enabled=enabled,
            options=dict(options or {}),
        )
        _USER_RULES[code] = new
        return new

    return decorate


def unregister(code: str) -> None:
    """Remove a user rule from the registry; plotline's own rules cannot be removed."""
    _USER_RULES.pop(code.upper(), None)


def _load_plugins() -> None:
    """Import the modules of the ``plotline.rules`` entry points, once per process."""
    global _PLUGINS_LOADED  # noqa: PLW0603 -- the registry is process-wide by design
    if _PLUGINS_LOADED:
        return
    _PLUGINS_LOADED = True
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
        except Exception as error:
            msg = f"the rule plugin {entry.name!r} ({entry.value}) could not be loaded: {error}"
            raise ConfigError(msg) from error
        if isinstance(loaded, Rule):
            _USER_RULES.setdefault(loaded.code, loaded)
        elif callable(loaded) and not inspect.ismodule(loaded):
            msg = (
                f"the rule plugin {entry.name!r} ({entry.value}) names a plain function; "
                "decorate it with @plotline.rules.rule(...) or point the entry point at its module"
            )
            raise ConfigError(msg)


def user_rules() -> Mapping[str, Rule]:
    """The rules users registered, plugins' included, by code (a read-only view)."""
    _load_plugins()
    return MappingProxyType(_USER_RULES)
