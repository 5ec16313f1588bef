"""The ``plotline schema`` command: the JSON Schema of story files, on stdout."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from plotline._cli._common import EXIT_OK

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

__all__ = ["add_schema_arguments", "schema_command"]


def add_schema_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline schema`` on ``parser``: there are none."""


def schema_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``plotline schema``: print the schema as indented JSON; return 0."""
    from plotline._io import story_schema

    json.dump(story_schema(), stdout, indent=2, ensure_ascii=False)
    stdout.write("\n")
    return EXIT_OK
