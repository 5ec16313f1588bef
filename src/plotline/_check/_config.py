"""Which rules run, which findings are silenced, and the rules' options.

Settings come in layers, lowest precedence first:

1. **defaults**: every rule that is enabled by default runs (PL603 is not);
   options take the values their rules declare;
2. **project**: ``[tool.plotline]`` in the nearest ``pyproject.toml`` above the
   story file (:func:`find_project_config`);
3. **file**: the story file's own ``[check]`` table;
4. **arguments**: ``select``, ``ignore`` and ``options`` given to
   :func:`plotline.check` (the command line passes its flags here).

Codes are matched by prefix: ``PL3`` names every continuity rule, ``PL301``
one rule, ``PL`` all of plotline's own.

* ``select`` decides which rules *run*. The highest-precedence layer that has a
  ``select`` list wins outright; without one, the rules enabled by default run.
  Selecting a rule that is off by default (``PL603``) turns it on.
* ``ignore`` decides which findings are *suppressed*: ignored rules still run,
  and their findings stay in the report marked ``suppressed`` (so JSON output
  can show them) but never fail a check. Ignores from every layer add up, except
  that a ``select`` in a higher layer with a prefix at least as specific undoes
  them (``--select PL403`` brings back a rule the project ignores with
  ``ignore = ["PL4"]``); within one layer the longer prefix wins, and ``ignore``
  wins a tie.
* ``options`` merge key by key; a higher layer's value replaces a lower one's.

>>> settings = resolve_settings(
...     ["PL301", "PL305", "PL403", "PL603"],
...     default_enabled={"PL301", "PL305", "PL403"},
...     layers=[Layer(ignore=("PL4",)), Layer(select=("PL3", "PL403"))],
... )
>>> sorted(settings.run), sorted(settings.ignored)
(['PL301', 'PL305', 'PL403'], [])
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from plotline._io._limits import decode_utf8, read_limited
from plotline.exceptions import ConfigError, Problem

__all__ = [
    "Config",
    "ConfigError",
    "Layer",
    "Settings",
    "find_project_config",
    "matches",
    "resolve_settings",
]


def _codes(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """Codes as a tuple, upper-cased: ``pl3`` selects what ``PL3`` does."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.upper(),)
    return tuple(code.upper() for code in value)


@attrs.frozen(slots=True)
class Layer:
    """One layer of settings: the codes it selects and ignores, and its options.

    An empty ``select`` means the layer does not say which rules run.
    """

    select: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)


@attrs.frozen(slots=True)
class Config:
    """The project's settings: ``[tool.plotline]`` of a ``pyproject.toml``.

    ``path`` is the file they came from (``None`` when there is none).

    >>> Config.from_table({"select": ["PL3"], "dormant_installments": 8})
    Config(select=('PL3',), ignore=(), options={'dormant_installments': 8}, path=None)
    """

    select: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    options: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    path: Path | None = None

    @classmethod
    def from_table(cls, table: Mapping[str, Any], path: Path | None = None) -> Config:
        """Read a ``[tool.plotline]`` table: ``select``, ``ignore``, and rule options.

        Options may sit at the top of the table or in an ``options`` sub-table.
        """
        where = f" in {path}" if path is not None else ""
        select = _code_list(table.get("select"), "select", where)
        ignore = _code_list(table.get("ignore"), "ignore", where)
        options: dict[str, Any] = {}
        nested = table.get("options", {})
        if not isinstance(nested, Mapping):
            msg = f"[tool.plotline] options{where} must be a table, not {nested!r}"
            raise ConfigError(msg)
        options.update(nested)
        for key, value in table.items():
            if key not in ("select", "ignore", "options"):
                options[key.replace("-", "_")] = value
        return cls(select=select, ignore=ignore, options=options, path=path)

    @property
    def layer(self) -> Layer:
        """These settings as one :class:`Layer`."""
        return Layer(self.select, self.ignore, self.options)


def _code_list(value: object, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    msg = f"[tool.plotline] {name}{where} must be a list of rule codes, not {value!r}"
    raise ConfigError(msg)


def find_project_config(start: Path | str) -> Config:
    """Read ``[tool.plotline]`` from the nearest ``pyproject.toml`` at or above ``start``.

    ``start`` is a story file or a directory. The walk stops at the first
    ``pyproject.toml`` found, whether or not it has a ``[tool.plotline]`` table
    (a project without one uses the defaults). Without any, the result is an
    empty :class:`Config`. A ``pyproject.toml`` that cannot be read (not UTF-8,
    over the size limit), is not valid TOML, or whose ``tool`` or
    ``tool.plotline`` is not a table raises :class:`ConfigError` naming it.
    """
    path = Path(start).absolute()
    if not path.is_dir():
        path = path.parent
    for folder in (path, *path.parents):
        candidate = folder / "pyproject.toml"
        if not candidate.is_file():
            continue
        return Config.from_table(_project_table(candidate), path=candidate)
    return Config()


def _project_table(candidate: Path) -> Mapping[str, Any]:
    """The ``[tool.plotline]`` table of the ``pyproject.toml`` at ``candidate`` (empty if none)."""
    data = read_limited(str(candidate))
    text = decode_utf8(data, str(candidate)) if isinstance(data, bytes) else data
    if isinstance(text, Problem):
        raise ConfigError(str(text))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        msg = f"{candidate}: not valid TOML ({error})"
        raise ConfigError(msg) from error
    tool = document.get("tool", {})
    if not isinstance(tool, Mapping):
        msg = f"{candidate}: 'tool' must be a table (of [tool.plotline]…), not {_shown(tool)}"
        raise ConfigError(msg)
    table = tool.get("plotline", {})
    if not isinstance(table, Mapping):
        msg = f"{candidate}: [tool.plotline] must be a table, not {_shown(table)}"
        raise ConfigError(msg)
    return table


def _shown(value: object) -> str:
    """A value from a file, as written, cut short if it is long.

    >>> _shown(1), _shown("x" * 100)
    ('1', "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…")
    """
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}…"


def matches(code: str, prefixes: Iterable[str]) -> bool:
    """Tell whether ``code`` starts with one of ``prefixes``.

    >>> matches("PL301", ["PL3"]), matches("PL401", ["PL3", "PL5"])
    (True, False)
    """
    return any(code.startswith(prefix) for prefix in prefixes)


def _longest(code: str, prefixes: Iterable[str]) -> int:
    """Return the length of the longest prefix of ``code`` among ``prefixes``, or -1."""
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@attrs.frozen(slots=True)
class Settings:
    """The resolved settings of one check: codes to run, codes ignored, merged options."""

    run: frozenset[str]
    ignored: frozenset[str]
    options: Mapping[str, Any] = attrs.field(hash=False)


def resolve_settings(
    codes: Sequence[str],
    *,
    default_enabled: Collection[str],
    layers: Sequence[Layer],
    default_options: Mapping[str, Any] | None = None,
) -> Settings:
    """Resolve layers (lowest precedence first) into the codes to run and to suppress.

    See the module docstring for the rules of precedence.
    """
    selecting = [layer for layer in layers if layer.select]
    if selecting:
        chosen = selecting[-1].select
        run = frozenset(code for code in codes if matches(code, chosen))
    else:
        run = frozenset(code for code in codes if code in default_enabled)
    ignored: set[str] = set()
    for code in run:
        for i, layer in enumerate(layers):
            length = _longest(code, layer.ignore)
            if length < 0:
                continue
            undone = _longest(code, layer.select) > length or any(
                _longest(code, higher.select) >= length for higher in layers[i + 1 :]
            )
            if not undone:
                ignored.add(code)
                break
    options: dict[str, Any] = dict(default_options or {})
    for layer in layers:
        options.update(layer.options)
    return Settings(run=run, ignored=frozenset(ignored), options=options)
