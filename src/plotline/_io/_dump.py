"""Writing stories: plain data in canonical order, then TOML, YAML or JSON text.

The TOML is written by the small emitter below rather than by a dependency:
the story file uses a handful of TOML's forms (tables, arrays of tables,
strings, numbers, booleans, arrays, inline tables), and writing them by hand
lets the output be canonical and readable: fields in model order, defaults
left out, participants as one inline table, long text as multi-line strings.

Writing a file is atomic (:mod:`plotline._atomic`): the text goes to a
temporary file in the target's folder, which is flushed, synced and then
renamed over the target, so readers see the old file or the new one, never half.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import json
import math
import re
from collections.abc import Collection, Mapping
from typing import Any, Final

from plotline._io._fields import RECORD_TABLES, FieldSpec, Kind, specs
from plotline._model import CheckSettings, Story

__all__ = [
    "dumps_json",
    "dumps_toml",
    "dumps_yaml",
    "fields_beyond",
    "record_data",
    "unstructure",
]


# ---------------------------------------------------------------------------
# Story -> plain data


def _plain(spec: FieldSpec, value: Any) -> Any:
    kind = spec.kind
    if kind in (Kind.IDS, Kind.STRINGS):
        return list(value)
    if kind is Kind.ROLES:
        return {entity: str(role) for entity, role in value.items()}
    if kind in (Kind.ENUM, Kind.WORD, Kind.TIME, Kind.INSTANT, Kind.DURATION):
        return str(value)
    if kind in (Kind.META, Kind.COUNTS, Kind.ID_MAP):
        return dict(value)
    if kind is Kind.TABLE:
        return _record(value, specs(type(value)))
    if kind is Kind.TABLES:
        return [_record(item, specs(type(item))) for item in value]
    if kind is Kind.ID_LISTS:
        return {key: list(ids) for key, ids in value.items()}
    return value


def _record(record: Any, fields: tuple[FieldSpec, ...]) -> dict[str, Any]:
    result = {}
    for spec in fields:
        value = getattr(record, spec.name)
        if not spec.is_default(value):
            result[spec.key] = _plain(spec, value)
    return result


def record_data(record: Any) -> dict[str, Any]:
    """One record as a story file writes it: its fields off their defaults, as plain data."""
    return _record(record, specs(type(record)))


def fields_beyond(record: Any, handled: Collection[str]) -> dict[str, Any]:
    """The record's fields off their defaults that ``handled`` does not name, as a file writes them.

    An exporter whose format has no word for a field (an event's ``ages``,
    ``learns``, ``holds``…) carries these as plain data, so that its importer
    can hand them back to the record unchanged.
    """
    return {key: value for key, value in record_data(record).items() if key not in handled}


def unstructure(story: Story) -> dict[str, Any]:
    """Turn the story into plain data, in the order and shape of a story file.

    Tables without content are left out, and so are fields at their default.
    """
    result: dict[str, Any] = {}
    head = _record(story, specs(Story))
    if head:
        result["story"] = head
    for table, cls in RECORD_TABLES.items():
        fields = specs(cls)
        records = [_record(record, fields) for record in getattr(story, table)]
        if records:
            result[table] = records
    check = _record(story.check, specs(CheckSettings))
    check.update(story.check.options)
    if check:
        result["check"] = check
    return result


# ---------------------------------------------------------------------------
# TOML

_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES: Final = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NEEDS_ESCAPE: Final = re.compile(r'[\\"\x00-\x1f\x7f]')
_ML_NEEDS_ESCAPE: Final = re.compile(r'\\|"(?="|\Z)|[\x00-\x08\x0b-\x1f\x7f]')
_WIDTH: Final = 100
_YAML_BREAKS: Final = re.compile("[\r\x85\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _toml_string(text: str, multiline: bool = False) -> str:
    if multiline and "\n" in text:
        body = _ML_NEEDS_ESCAPE.sub(_escape, text)
        return f'"""\n{body}"""'
    if '"' in text and "'" not in text and not _CONTROL.search(text):
        return f"'{text}'"  # a literal string reads better than one full of \"
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: Any, indent: str = "", multiline: bool = False) -> str:
    if isinstance(value, str):
        return _toml_string(value, multiline)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _toml_value(value.value)
    if isinstance(value, list | tuple):
        items = [_toml_value(item, indent + "    ") for item in value]
        flat = "[" + ", ".join(items) + "]"
        if len(flat) + len(indent) <= _WIDTH or not items:
            return flat
        inner = "".join(f"{indent}    {item},\n" for item in items)
        return f"[\n{inner}{indent}]"
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        pairs = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + pairs + " }"
    if value is None:
        msg = "TOML has no null; leave the key out instead of setting it to None"
        raise ValueError(msg)
    msg = f"cannot write a {type(value).__name__} to TOML"
    raise TypeError(msg)


def _toml_table(header: str, table: Mapping[Any, Any]) -> str:
    lines = [header]
    for key, value in table.items():
        if not isinstance(key, str):
            msg = f"TOML keys are strings, not {type(key).__name__} ({key!r})"
            raise TypeError(msg)
        lines.append(f"{_toml_key(key)} = {_toml_value(value, multiline=True)}")
    return "\n".join(lines) + "\n"


def dumps_toml(data: Mapping[str, Any]) -> str:
    """Write plain story data (as :func:`unstructure` makes it) as TOML."""
    chunks: list[str] = []
    for name, value in data.items():
        if name in RECORD_TABLES:
            chunks.extend(_toml_table(f"[[{name}]]", record) for record in value)
        else:
            chunks.append(_toml_table(f"[{_toml_key(name)}]", value))
    # An empty story is still written as one: a file with nothing in it is refused on load.
    return "\n".join(chunks) or "[story]\n"


# ---------------------------------------------------------------------------
# YAML and JSON


def _strings_for_dates(value: Any) -> Any:
    """Dates (which only TOML options can hold) as ISO text, for YAML and JSON."""
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _strings_for_dates(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_strings_for_dates(item) for item in value]
    return value


class _FlowList(list[Any]):
    """A list of scalars, written on one line in YAML."""


class _FlowDict(dict[Any, Any]):
    """A mapping of scalars (such as participants), written on one line in YAML."""


def _flowed(value: Any) -> Any:
    """Mark the leaf lists and mappings inside a record to be written in flow style."""
    if isinstance(value, list):
        items = [_flowed(item) for item in value]
        leaf = not any(isinstance(item, list | dict) for item in items)
        return _FlowList(items) if leaf and items else items
    if isinstance(value, dict):
        mapping = {key: _flowed(item) for key, item in value.items()}
        leaf = not any(isinstance(item, list | dict) for item in mapping.values())
        return _FlowDict(mapping) if leaf and mapping else mapping
    return value


def _yaml_shape(data: Mapping[str, Any]) -> dict[str, Any]:
    """Records and tables as blocks, the leaf lists and mappings inside them on one line."""
    result: dict[str, Any] = {}
    for name, value in _strings_for_dates(data).items():
        if isinstance(value, list):
            result[name] = [{k: _flowed(v) for k, v in record.items()} for record in value]
        else:
            result[name] = {k: _flowed(v) for k, v in value.items()}
    return result


@functools.cache
def _yaml_dumper() -> type[Any]:
    import yaml

    class Dumper(yaml.SafeDumper):
        """``SafeDumper`` with plotline's choice of styles."""

    def text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
        # YAML reads \r, NEL and the Unicode separators as plain line breaks unless
        # escaped, and only double quotes escape them; other multi-line text is a block.
        style = None
        if _YAML_BREAKS.search(text):
            style = '"'
        elif "\n" in text:
            style = "|"
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)

    def flow_list(dumper: yaml.SafeDumper, value: _FlowList) -> yaml.SequenceNode:
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)

    def flow_dict(dumper: yaml.SafeDumper, value: _FlowDict) -> yaml.MappingNode:
        return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=True)

    Dumper.add_representer(str, text)
    Dumper.add_representer(_FlowList, flow_list)
    Dumper.add_representer(_FlowDict, flow_dict)
    return Dumper


def dumps_yaml(data: Mapping[str, Any]) -> str:
    """Write plain story data as YAML with ``yaml.dump`` and a ``SafeDumper``.

    Records are blocks; lists and mappings of plain values inside them (ids,
    participants) are written on one line; text with newlines is a literal block.
    """
    import yaml

    text: str = yaml.dump(
        _yaml_shape(data),
        Dumper=_yaml_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_WIDTH,
    )
    return text


def dumps_json(data: Mapping[str, Any]) -> str:
    """Write plain story data as JSON, two-space indented, non-ASCII kept."""
    return json.dumps(_strings_for_dates(data), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------
# Files
