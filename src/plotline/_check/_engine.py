"""Running rules over a story, and the report they make.

:func:`check` resolves the settings (defaults, project, file, arguments; see
:mod:`plotline._check._config`), builds one shared
:class:`~plotline.rules.Context`, runs every selected rule (plotline's own from
:mod:`plotline._check._catalog`, users' from :mod:`plotline._check._registry`)
and turns what each yields into a :class:`~plotline.Finding`: the engine fills
in the code, the default severity, the rule's name and the location, applies
the ignores and ``allow`` lists, and returns a sorted :class:`~plotline.Report`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from plotline._check._catalog import builtin_rules
from plotline._check._config import Config, Layer, find_project_config, matches, resolve_settings
from plotline._check._context import Context, Hit
from plotline._check._finding import Finding, Report
from plotline._check._registry import Rule, user_rules
from plotline.exceptions import ConfigError, UnknownRuleError, suggestion

if TYPE_CHECKING:
    from plotline._model import Record, Story
    from plotline._order import Solution

__all__ = ["check", "get_rule", "rules"]


def _registered() -> dict[str, Rule]:
    """Every rule by code: users' and plotline's own (which a user's never replaces)."""
    return {**user_rules(), **builtin_rules()}


def rules() -> tuple[Rule, ...]:
    """Return every registered rule (plotline's own and plugins'), sorted by code."""
    registered = _registered()
    return tuple(registered[code] for code in sorted(registered))


def get_rule(code: str) -> Rule:
    """Return the rule with this code (any case).

    An unknown code raises :class:`plotline.UnknownRuleError` (a
    :class:`KeyError`) that suggests the closest code.
    """
    registered = _registered()
    try:
        return registered[code.upper()]
    except KeyError:
        msg = f"no rule {code!r}{suggestion(code.upper(), registered)}; `plotline rules` lists them"
        raise UnknownRuleError(msg) from None


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


def _check_codes(layer: Layer, known: Iterable[str], where: Callable[[str], str]) -> None:
    """Refuse a selected or ignored code that matches no rule, or an empty one (it matches all).

    A typo such as ``PL3O1`` (letter O) would otherwise select nothing and let
    every story pass; an empty prefix in ``ignore`` would silence every rule.
    """
    codes = sorted(known)
    for key, values in (("select", layer.select), ("ignore", layer.ignore)):
        for code in values:
            if not code.strip():
                msg = f"{where(key)}an empty rule code in `{key}` would match every rule; remove it"
                raise ConfigError(msg)
            if not any(known_code.startswith(code) for known_code in codes):
                msg = (
                    f"{where(key)}unknown rule code {code!r} in `{key}`{suggestion(code, codes)}; "
                    "`plotline rules` lists them"
                )
                raise ConfigError(msg)


def check(
    story: Story,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    *,
    options: Mapping[str, Any] | None = None,
    config: Config | None = None,
    solution: Solution | None = None,
) -> Report:
    """Check a story against every selected rule and return the report.

    ``select`` and ``ignore`` name rule codes or prefixes (``"PL3"``,
    ``["PL301", "PL5"]``); ``options`` sets rule options
    (``{"final_installments": 5}``). ``config`` is the project's settings;
    when ``None`` they are read from the ``pyproject.toml`` nearest the file the
    story was loaded from (pass ``Config()`` to use none). Arguments win over
    the story file's ``[check]`` table, which wins over the project, which wins
    over the defaults (the rules page of the documentation has the details).

    Findings of ignored rules and findings about a record whose ``allow`` list
    names the code stay in the report with ``suppressed=True``. ``solution`` is
    the story's solved order when it is already at hand (:func:`plotline.solve`).
    """
    registered = _registered()
    if config is None:
        file = _story_file(story)
        config = find_project_config(Path(file)) if file is not None else Config()
    file_settings = story.check
    layers = [
        config.layer,
        Layer(file_settings.select, file_settings.ignore, file_settings.options),
        Layer(select, ignore, dict(options or {})),
    ]
    defaults: dict[str, Any] = {}
    for known in registered.values():
        defaults.update(known.options)
    places = [
        lambda _key: f"{config.path}: [tool.plotline]: " if config.path else "",
        lambda key: f"{file_settings.origin.of(key)}: " if file_settings.origin else "",
        lambda _key: "",
    ]
    for layer, where in zip(layers, places, strict=True):
        _check_codes(layer, registered, where)
        _check_options(layer.options, defaults, where)
    settings = resolve_settings(
        sorted(registered),
        default_enabled={code for code, known in registered.items() if known.enabled},
        layers=layers,
        default_options=defaults,
    )
    ctx = Context(story, settings.options, solution=solution)
    findings: list[Finding] = []
    for code in sorted(settings.run):
        current = registered[code]
        ignored = code in settings.ignored
        try:
            findings.extend(_finish(current, hit, ignored) for hit in current.function(ctx))
        except Exception as error:
            error.add_note(f"while running rule {code} ({current.name})")
            raise
    return Report(findings)


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
