"""The JSON Schema of the story file, generated from the model.

Every record's properties, required keys, defaults and enumerations come
from :mod:`._fields` (itself read from the attrs fields of the model) and
from the enumerations' members, so the schema follows the model without
anyone editing it. Descriptions come from a field's ``metadata["doc"]`` when
the model gives one, else from a short text per field name shared by all
records, else from what the field holds.
"""

from __future__ import annotations

import enum
import inspect
from typing import Any, Final

from plotline._io._fields import _PARTS, RECORD_TABLES, FieldSpec, Kind, specs
from plotline._model import CheckSettings, Role, Story
from plotline._records import KIND_WORD

__all__ = ["story_schema"]

_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

_KIND_DOCS: Final = {
    Kind.TEXT: "Text.",
    Kind.ID: "An id: text without spaces.",
    Kind.INT: "A whole number.",
    Kind.COUNT: "A whole number, 0 or more.",
    Kind.TIME: (
        "A time, as precise as known: 2021, 2021-03, 2021-03-04, 2021-03-04T17:00+09:00, "
        "or an interval such as 2020-07-02/2020-12-10 (EDTF level 1: 201X, 2021-03?, ../2006)."
    ),
    Kind.INSTANT: "A single time, as precise as known: 2021, 2021-03, 2021-03-04.",
    Kind.DURATION: "An ISO 8601 duration: P3Y, P2W, PT24M, P1Y2M10DT2H30M.",
    Kind.IDS: "A list of ids.",
    Kind.STRINGS: "A list of texts.",
    Kind.ROLES: (
        "Who takes part, as a table of entity id to role "
        '({ monica = "dies", sarah = "present" }), or a list of ids who are all present.'
    ),
    Kind.SCALAR: "A text, number or boolean.",
    Kind.BOOL: "true or false.",
    Kind.WORD: (
        "A kind: one lowercase word (letters, digits and hyphens). The known kinds carry "
        "meaning; any other word is accepted as a kind of your own."
    ),
    Kind.META: "Free keys for facts plotline has no field for, kept as written.",
    Kind.COUNTS: "A table of entity ids and whole numbers (0 or more).",
    Kind.NUMBER: "A number.",
    Kind.TABLE: "A table.",
    Kind.TABLES: "A list of tables.",
    Kind.ID_LISTS: "A table of entity id -> fact ids (one fact alone may be a bare id).",
    Kind.ID_MAP: 'A table of object id -> holder id ("-": nobody holds it).',
}

# Shared wording for field names that several records use; the model may override
# any of them with attrs metadata {"doc": "..."}.
_NAME_DOCS: Final = {
    "id": "The record's id, unique among records of its kind; other records refer to it.",
    "title": "The title to show.",
    "name": "The name to show.",
    "summary": "A short summary.",
    "note": "A note for the editors.",
    "meta": 'Free keys for facts plotline has no field for, e.g. { author = "…", pages = 223 }.',
    "sources": "Ids of the sources that back this record.",
    "allow": 'Rule codes not to report on this record, e.g. ["PL305"].',
    "parent": "The id of the record this one belongs to.",
    "told_in": "The id of the work (episode, chapter...) in which the event is told.",
    "order": "The event's position inside the work it is told in.",
    "when": "When the event happens in story time.",
    "duration": "How long the event lasts in story time.",
    "threads": "Ids of the plot threads involved.",
    "opens": "Ids of the plot threads this event opens.",
    "resolves": "Ids of the plot threads this event resolves.",
    "location": "The id of the place (an entity) where the event happens.",
    "work": "The id of the work released.",
    "date": "The date of the release or source; for a run, use start and end.",
    "start": "Where it starts.",
    "end": "Where it ends.",
    "region": "Where the release happened: a region code such as WW, JP or US.",
    "platform": "The channel, service or publisher: Netflix, Tokyo MX...",
    "number": "The work's number among its siblings.",
    "runtime": "How long the work runs.",
    "episode_count": "How many children (episodes, chapters) the work is declared to have.",
    "aliases": "Other names the entity is known by.",
    "level": "The level of the arc: 1 for the main arcs, 2 for arcs inside them, and so on.",
    "min_length": "The fewest installments the arc should span.",
    "max_length": "The most installments the arc should span.",
    "before": "The id of the event that ends first.",
    "after": "The id of the event that starts after it.",
    "min_gap": "The least time between the two events.",
    "max_gap": "The most time between the two events.",
    "subject": "The id of the record the claim is about.",
    "field": "The field of the subject the claim gives a value for.",
    "value": "The value the source gives.",
    "source": "The id of the source that makes the claim.",
    "url": "Where the source can be found.",
    "select": 'Rule codes or prefixes to check, e.g. ["PL3"] (all by default).',
    "ignore": 'Rule codes or prefixes not to check, e.g. ["PL403"].',
    "calendar": "The id of the calendar every time is shown in (as written when not given).",
    "born": "When the entity was born (or made), in story time: ages count from it.",
    "died": "When the entity died (or was destroyed), in story time.",
    "clock": "Stretches where the entity's own clock stops or runs at another rate.",
    "ages": "Ages the event asserts, in whole years, e.g. { harry = 11 }.",
    "epoch": "Where the calendar's count begins: an era's year 0, a month calendar's year 1.",
    "direction": "1 when an era's years count up from the epoch, -1 when they count down.",
    "suffix": "The word written after an era's values, e.g. BBY in '32 BBY'.",
    "months": "The months of a year, in order, each with a name and a number of days.",
    "leap": "Which years are leap years and which month grows in them.",
    "intercalary": "A day (or days) outside the numbered months, written by name.",
    "every": "Years that are a multiple of this are leap years...",
    "except_every": "...except multiples of this...",
    "unless_every": "...which are leap years after all when a multiple of this.",
    "days": "How many days.",
    "month": "The month that grows in a leap year (by name; the last numbered one if not given).",
    "since": "The id of the event where it starts (a relation; a stretch of an entity's clock).",
    "until": "The id of the event where it ends (never, if not given).",
    "rate": "Seconds the entity lives through per second of story time: 0 for stasis.",
    "learns": 'Who learns which facts in this event, e.g. { harry = ["godfather"] }.',
    "knows": "Who must already know which facts for this event (or learn them in it).",
    "reveals": "Ids of the facts the audience learns in this event.",
    "holds": 'Who holds which object from this event on, e.g. { cloak = "harry" }; "-" is nobody.',
    "true": "false for a rumour or a false belief: learning it records a belief.",
    "refutes": "Ids of the facts this one disproves: whoever learns it stops believing them.",
    "a": "The id of the first entity of the relation.",
    "b": "The id of the second entity (for one-sided kinds, the one a is related to).",
}


def _doc(value: Any) -> str:
    return (inspect.getdoc(value) or "").split("\n\n")[0].replace("\n", " ")


def _enum_def(enum_type: type[enum.StrEnum]) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": [member.value for member in enum_type],
        "description": _doc(enum_type),
    }


def _property(spec: FieldSpec) -> dict[str, Any]:
    kind = spec.kind
    schema: dict[str, Any]
    if kind is Kind.TEXT:
        schema = {"type": "string"}
    elif kind is Kind.ID:
        schema = {"$ref": "#/$defs/id"}
    elif kind is Kind.INT:
        schema = {"type": "integer"}
    elif kind is Kind.COUNT:
        schema = {"type": "integer", "minimum": 0}
    elif kind is Kind.ENUM:
        assert spec.enum is not None
        schema = {"$ref": f"#/$defs/{spec.enum.__name__}"}
    elif kind in (Kind.TIME, Kind.INSTANT):
        schema = {"$ref": "#/$defs/time" if kind is Kind.TIME else "#/$defs/instant"}
    elif kind is Kind.DURATION:
        schema = {"$ref": "#/$defs/duration"}
    elif kind is Kind.IDS:
        schema = {"$ref": "#/$defs/ids"}
    elif kind is Kind.STRINGS:
        schema = {"$ref": "#/$defs/strings"}
    elif kind is Kind.ROLES:
        assert spec.enum is not None
        schema = {
            "anyOf": [
                {
                    "type": "object",
                    "additionalProperties": {"$ref": f"#/$defs/{spec.enum.__name__}"},
                },
                {"$ref": "#/$defs/ids"},
            ]
        }
    elif kind is Kind.BOOL:
        schema = {"type": "boolean"}
    elif kind is Kind.WORD:
        assert spec.enum is not None
        schema = {
            "type": "string",
            "pattern": "^" + KIND_WORD.pattern + "$",
            "examples": [member.value for member in spec.enum],
        }
    elif kind is Kind.META:
        schema = {"type": "object"}
    elif kind is Kind.COUNTS:
        schema = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
    elif kind is Kind.NUMBER:
        schema = {"type": "number"}
    elif kind is Kind.TABLE:
        assert spec.item is not None
        schema = {"$ref": f"#/$defs/{spec.item.__name__}"}
    elif kind is Kind.TABLES:
        assert spec.item is not None
        schema = {"type": "array", "items": {"$ref": f"#/$defs/{spec.item.__name__}"}}
    elif kind is Kind.ID_LISTS:
        schema = {"type": "object", "additionalProperties": {"$ref": "#/$defs/ids"}}
    elif kind is Kind.ID_MAP:
        schema = {"type": "object", "additionalProperties": {"$ref": "#/$defs/id"}}
    else:
        schema = {"type": ["string", "number", "boolean"]}
    described = _doc(spec.enum) if kind is Kind.ENUM and spec.enum is not None else None
    schema["description"] = spec.doc or _NAME_DOCS.get(spec.name) or described or _KIND_DOCS[kind]
    if not spec.required and spec.default is not None and spec.default not in ((), {}):
        default = spec.default
        schema["default"] = default.value if isinstance(default, enum.Enum) else default
    return schema


def _object(cls: type[Any], fields: tuple[FieldSpec, ...], closed: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": _doc(cls),
        "properties": {spec.key: _property(spec) for spec in fields},
    }
    required = [spec.key for spec in fields if spec.required]
    if required:
        schema["required"] = required
    if closed:
        schema["additionalProperties"] = False
    return schema


def story_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a story file, for editors and validators.

    It is generated from the model: each record's keys, which are required,
    their defaults, and every enumeration's values. A fresh dict each call.
    """
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": r"^\S+$", "description": _KIND_DOCS[Kind.ID]},
        "ids": {
            "description": "A list of ids (a single id is a list of one).",
            "anyOf": [
                {"type": "array", "items": {"$ref": "#/$defs/id"}},
                {"$ref": "#/$defs/id"},
            ],
        },
        "strings": {
            "description": "A list of texts (a single text is a list of one).",
            "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
        },
        "time": {
            "type": ["string", "integer"],
            "description": _KIND_DOCS[Kind.TIME],
            "examples": ["2021", "2021-03", "2021-03-04", "2020-07-02/2020-12-10"],
        },
        "instant": {
            "type": ["string", "integer"],
            "description": _KIND_DOCS[Kind.INSTANT],
            "examples": ["2021", "2021-03", "2021-03-04", "2018-12-03T17:00:00+09:00"],
        },
        "duration": {
            "type": "string",
            "pattern": r"^P",
            "description": _KIND_DOCS[Kind.DURATION],
            "examples": ["PT24M", "P3Y"],
        },
    }
    enums: set[type[enum.StrEnum]] = {Role}
    properties: dict[str, Any] = {
        "story": {
            **_object(Story, specs(Story)),
            "description": "The story itself: its title and summary.",
        }
    }
    for table, cls in RECORD_TABLES.items():
        fields = specs(cls)
        defs[cls.__name__] = _object(cls, fields)
        enums.update(spec.enum for spec in fields if spec.enum is not None)
        properties[table] = {
            "type": "array",
            "description": _doc(cls),
            "items": {"$ref": f"#/$defs/{cls.__name__}"},
        }
    check = _object(CheckSettings, specs(CheckSettings), closed=False)
    check["description"] = (
        "Which rules to run: select and ignore take codes or prefixes; "
        "any other key is an option for the rules."
    )
    properties["check"] = check
    for part in _PARTS:
        defs[part.__name__] = _object(part, specs(part))
    for enum_type in sorted(enums, key=lambda item: item.__name__):
        defs[enum_type.__name__] = _enum_def(enum_type)
    return {
        "$schema": _DIALECT,
        "title": "plotline story file",
        "description": (
            "A serial story: its works, releases, entities, threads, arcs, events, "
            "constraints, sources, claims, facts and relations. "
            "Keys starting with 'x-' are ignored."
        ),
        "type": "object",
        "properties": properties,
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }
