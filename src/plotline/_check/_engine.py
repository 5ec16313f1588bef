"""The rule registry and the engine that runs rules over a story.

A rule is a generator function of a :class:`~plotline._check.Context` that
yields :meth:`~plotline._check.Context.finding` values; the engine fills in the
code, the default severity, the rule's name and the location, applies the
configuration and ``allow`` lists, and returns a sorted
:class:`~plotline._check.Report`.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from plotline._check._config import Config, ConfigError, Layer, find_project_config, matches
from plotline._check._config import resolve_settings as _resolve
from plotline._check._context import Context, Hit
from plotline._check._finding import Finding, Report, Severity
from plotline._gc import collector_paused
from plotline.exceptions import suggestion

if TYPE_CHECKING:
    from plotline._model import Record, Story

__all__ = [
    "ENTRY_POINT_GROUP",
    "Rule",
    "RuleFunction",
    "check",
    "get_rule",
    "rule",
    "rules",
    "unregister",
]

#: The entry-point group under which packages publish extra rules.
ENTRY_POINT_GROUP = "plotline.rules"

RuleFunction = Callable[[Context], Iterable[Hit | Finding]]

_CODE = re.compile(r"[A-Z]{1,8}[0-9]{1,6}")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@attrs.frozen(slots=True)
class Rule:
    """One rule of the catalog: its stable code, name, default severity and text.

    ``doc`` is the rule function's docstring: rationale, a bad and a good
    example. ``options`` maps each option the rule reads to its default.
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


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def _register(
    code: str,
    name: str,
    severity: Severity | str,
    *,
    enabled: bool,
    options: Mapping[str, Any] | None,
    builtin: bool,
) -> Callable[[RuleFunction], Rule]:
    if not _CODE.fullmatch(code):
        msg = f"rule code {code!r} must be capital letters then digits, like 'XY101'"
        raise ConfigError(msg)
    if not _NAME.fullmatch(name):
        msg = f"rule name {name!r} must be lowercase words joined by hyphens, like 'dropped-entity'"
        raise ConfigError(msg)
    if not builtin and code.startswith("PL"):
        msg = (
            f"rule code {code!r}: codes starting with 'PL' belong to plotline; pick another prefix"
        )
        raise ConfigError(msg)
    if severity not in {s.value for s in Severity}:
        msg = f"rule {code}: severity must be 'error', 'warning' or 'info', not {severity!r}"
        raise ConfigError(msg)

    def decorate(function: RuleFunction) -> Rule:
        if not function.__doc__:
            msg = f"rule {code} ({name}) needs a docstring: its rationale and examples"
            raise ConfigError(msg)
        new = Rule(
            code=code,
            name=name,
            severity=Severity(severity),
            function=function,
            enabled=enabled,
            options=dict(options or {}),
            builtin=builtin,
        )
        old = _REGISTRY.get(code)
        same = old is not None and old.function.__qualname__ == function.__qualname__
        if old is not None and old.builtin and builtin and same:
            return old  # the same module imported under a second name (doctest collection)
        if old is not None and _qualname(old.function) != _qualname(function):
            msg = (
                f"rule code {code!r} is already taken by {_qualname(old.function)}; "
                "give the new rule another code"
            )
            raise ConfigError(msg)
        _REGISTRY[code] = new
        return new

    return decorate


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
    raises :class:`~plotline._check.ConfigError`.
    """
    return _register(code, name, severity, enabled=enabled, options=options, builtin=False)


def builtin_rule(
    code: str,
    name: str,
    severity: Severity | str,
    *,
    enabled: bool = True,
    options: Mapping[str, Any] | None = None,
) -> Callable[[RuleFunction], Rule]:
    """Register one of plotline's own rules (codes ``PL…``)."""
    return _register(code, name, severity, enabled=enabled, options=options, builtin=True)


def unregister(code: str) -> None:
    """Remove a user rule from the registry (plotline's own rules stay)."""
    found = _REGISTRY.get(code)
    if found is not None and not found.builtin:
        del _REGISTRY[code]


def _load() -> None:
    """Import plotline's rules and the ``plotline.rules`` entry points, once."""
    global _LOADED  # noqa: PLW0603 -- the registry is process-wide by design
    if _LOADED:
        return
    _LOADED = True
    import plotline._check.rules  # noqa: F401 -- registers the built-in rules

    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
        except Exception as error:
            msg = f"the rule plugin {entry.name!r} ({entry.value}) could not be loaded: {error}"
            raise ConfigError(msg) from error
        if isinstance(loaded, Rule):
            _REGISTRY.setdefault(loaded.code, loaded)
        elif callable(loaded) and not inspect.ismodule(loaded):
            msg = (
                f"the rule plugin {entry.name!r} ({entry.value}) names a plain function; "
                "decorate it with @plotline._check.rule(...) or point the entry point at its module"
            )
            raise ConfigError(msg)


def rules() -> tuple[Rule, ...]:
    """Return every registered rule (plotline's own and plugins'), sorted by code."""
    _load()
    return tuple(_REGISTRY[code] for code in sorted(_REGISTRY))


def get_rule(code: str) -> Rule:
    """Return the rule with this code; raise :class:`KeyError` with a suggestion if none."""
    _load()
    try:
        return _REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(f"no rule {code!r}{suggestion(code.upper(), _REGISTRY)}") from None


def _story_file(story: Story) -> str | None:
    if story.origin is not None and story.origin.record.file is not None:
        return story.origin.record.file
    for record in story.records():
        if record.origin is not None:
            return record.origin.record.file
    return None


def _check_options(
    options: Mapping[str, Any], defaults: Mapping[str, Any], where: Callable[[str], str]
) -> None:
    """Refuse unknown options and values of the wrong type; ``where(key)`` prefixes messages."""
    for key, value in options.items():
        if key not in defaults:
            suffix = suggestion(key, defaults)
            known = ", ".join(sorted(defaults)) or "none"
            msg = f"{where(key)}unknown check option {key!r}{suffix}; known options: {known}"
            raise ConfigError(msg)
        default = defaults[key]
        if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
            value, type(default)
        ):
            msg = (
                f"{where(key)}check option {key!r} must be a {type(default).__name__} "
                f"(like {default!r}), not {value!r}"
            )
            raise ConfigError(msg)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            msg = f"{where(key)}check option {key!r} must not be negative, not {value!r}"
            raise ConfigError(msg)


def check(
    story: Story,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    *,
    options: Mapping[str, Any] | None = None,
    config: Config | None = None,
) -> Report:
    """Check a story against every selected rule and return the report.

    ``select`` and ``ignore`` name rule codes or prefixes (``"PL3"``,
    ``["PL301", "PL5"]``); ``options`` sets rule options
    (``{"final_installments": 5}``). ``config`` is the project's settings;
    when ``None`` they are read from the ``pyproject.toml`` nearest the file the
    story was loaded from (pass ``Config()`` to use none). Arguments win over
    the story file's ``[check]`` table, which wins over the project, which wins
    over the defaults; see :mod:`plotline._check._config` for the details.

    Findings of ignored rules and findings about a record whose ``allow`` list
    names the code stay in the report with ``suppressed=True``.
    """
    _load()
    if config is None:
        file = _story_file(story)
        config = find_project_config(Path(file)) if file is not None else Config()
    file_settings = story.check
    layers = [
        config.layer,
        Layer(file_settings.select, file_settings.ignore, file_settings.options),
        Layer(_as_codes(select), _as_codes(ignore), dict(options or {})),
    ]
    defaults: dict[str, Any] = {}
    for registered in _REGISTRY.values():
        defaults.update(registered.options)
    places = [
        lambda _key: f"{config.path}: [tool.plotline]: " if config.path else "",
        lambda key: f"{file_settings.origin.of(key)}: " if file_settings.origin else "",
        lambda _key: "",
    ]
    for layer, where in zip(layers, places, strict=True):
        _check_options(layer.options, defaults, where)
    settings = _resolve(
        sorted(_REGISTRY),
        default_enabled={code for code, r in _REGISTRY.items() if r.enabled},
        layers=layers,
        default_options=defaults,
    )
    ctx = Context(story, settings.options)
    findings: list[Finding] = []
    with collector_paused():  # the rules' tables of a large story make no cycles
        for code in sorted(settings.run):
            current = _REGISTRY[code]
            ignored = code in settings.ignored
            try:
                findings.extend(_finish(current, hit, ignored) for hit in current.function(ctx))
            except Exception as error:
                error.add_note(f"while running rule {code} ({current.name})")
                raise
        return Report(findings)


def _as_codes(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.upper(),)
    return tuple(code.upper() for code in value)


def _finish(current: Rule, hit: Hit | Finding, ignored: bool) -> Finding:
    """Turn what a rule yielded into a finding with code, severity, location and suppression."""
    if isinstance(hit, Finding):
        return attrs.evolve(
            hit,
            code=hit.code or current.code,
            rule=hit.rule or current.name,
            suppressed=hit.suppressed or ignored,
        )
    at = hit.at
    location = at.origin.of(hit.field) if at is not None and at.origin is not None else None
    code = current.code
    allowed = any(
        allow and matches(code, allow) for allow in (_allow(record) for record in hit.records)
    )
    return Finding(
        code=current.code,
        severity=hit.severity or current.severity,
        message=hit.message,
        subjects=hit.subjects,
        location=location,
        related=hit.related,
        rule=current.name,
        suppressed=ignored or allowed,
    )


def _allow(record: Record) -> tuple[str, ...]:
    allow: tuple[str, ...] = getattr(record, "allow", ())
    return tuple(code.upper() for code in allow) if allow else ()
