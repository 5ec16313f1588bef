"""Tests for the JSON Schema of the story file."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

from conftest import EXAMPLES
from plotline import dumps, load, story_schema
from plotline._io._yaml import parse_yaml
from plotline._model import Event, Mode, ReleaseKind, Role

DATA = Path(__file__).parent / "data"


def read_plain(path: Path) -> Any:
    """A story file as plain data, the way each format's parser hands it over."""
    if path.suffix == ".toml":
        return tomllib.loads(path.read_text(encoding="utf-8"))
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    return parse_yaml(path.read_text(encoding="utf-8")).data


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    """A draft 2020-12 validator for the story schema."""
    return jsonschema.Draft202012Validator(story_schema())


class TestSchema:
    """story_schema() describes the story file and is generated from the model."""

    def test_is_a_valid_schema(self) -> None:
        """The schema itself is valid draft 2020-12."""
        schema = story_schema()
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)

    @pytest.mark.parametrize(
        "path",
        [
            *sorted(DATA.glob("hero-mask.*")),
            *sorted(
                path
                for path in (DATA / "hero-mask-split").rglob("*")
                if path.is_file() and not path.name.startswith(".")
            ),
            *sorted(EXAMPLES.glob("*/*.toml")),  # Hero Mask and the real-story gallery
        ],
        ids=lambda path: str(path.relative_to(path.parents[1])),
    )
    def test_accepts_the_test_stories(
        self, validator: jsonschema.protocols.Validator, path: Path
    ) -> None:
        """Every story file of the tests validates."""
        errors = [error.message for error in validator.iter_errors(read_plain(path))]
        assert errors == []

    def test_rejects_the_four_mistakes(self, validator: jsonschema.protocols.Validator) -> None:
        """The four-mistakes file fails at three; only the time parser knows 2018-02-30."""
        data = read_plain(DATA / "errors" / "four-mistakes.toml")
        errors = sorted(
            (list(error.absolute_path), error.validator) for error in validator.iter_errors(data)
        )
        assert errors == [
            (["events", 0], "additionalProperties"),
            (["events", 1, "mode"], "enum"),
            (["events", 1, "threads"], "anyOf"),
        ]

    def test_rejects_wrong_shapes(self, validator: jsonschema.protocols.Validator) -> None:
        """Missing required keys, negative counts, bad ids and unknown tables are refused."""
        bad = {
            "releases": [{"work": "s1"}],
            "works": [{"id": "has space", "number": -1}],
            "events": [{"id": "e", "participants": {"monica": "dyes"}}],
            "event": [],
        }
        messages = sorted(error.message for error in validator.iter_errors(bad))
        assert len(messages) == 5
        assert "'kind' is a required property" in messages

    def test_generated_from_the_model(self) -> None:
        """Every field of every record, and every enum value, is in the schema."""
        schema = story_schema()
        event = schema["$defs"]["Event"]
        fields = [field.name for field in attrs.fields(Event) if field.name != "origin"]
        assert list(event["properties"]) == fields
        assert event["required"] == ["id"]
        assert event["additionalProperties"] is False
        assert schema["$defs"]["Mode"]["enum"] == [mode.value for mode in Mode]
        assert schema["$defs"]["Role"]["enum"] == [role.value for role in Role]
        assert schema["$defs"]["ReleaseKind"]["enum"] == [kind.value for kind in ReleaseKind]
        assert event["properties"]["mode"]["default"] == "present"
        assert schema["$defs"]["Arc"]["properties"]["level"]["default"] == 1

    def test_descriptions(self) -> None:
        """Records, fields and enums carry descriptions for editors."""
        schema = story_schema()
        for name, definition in schema["$defs"].items():
            assert definition.get("description"), name
            for field, prop in definition.get("properties", {}).items():
                assert prop.get("description"), f"{name}.{field}"
        assert schema["properties"]["check"].get("additionalProperties", True) is not False

    def test_dumps_validate(self, validator: jsonschema.protocols.Validator) -> None:
        """What dumps writes validates, in every format."""
        story = load(DATA / "hero-mask.toml")
        assert not list(validator.iter_errors(json.loads(dumps(story, format="json"))))
        assert not list(validator.iter_errors(tomllib.loads(dumps(story))))
        assert not list(validator.iter_errors(parse_yaml(dumps(story, format="yaml")).data))

    def test_fresh_each_call(self) -> None:
        """Each call returns a new dict, so callers may change it."""
        first = story_schema()
        first["title"] = "changed"
        assert story_schema()["title"] == "plotline story file"
