"""YAML story files: composed safely, built by hand, every node's position kept.

The text is *composed* (parsed into nodes with their marks) by PyYAML, with
libyaml's ``CParser`` when it is available; nothing is ever *constructed* by
PyYAML's constructors. This module builds plain data from the nodes itself,
so it knows where every value was written, and refuses any tag that is not
plain data (``!!python/object`` and friends) with a problem at that tag.

YAML 1.1 surprises are avoided at the source: the resolver is the YAML 1.2
*core* one in spirit. Plain scalars become strings except ``true``/``false``,
null (``~``, ``null``, empty) and numbers (PyYAML's own int and float
patterns). So ``region: NO`` stays Norway, ``answer: yes`` stays ``"yes"``,
and ``when: 2021-03-04`` reaches the time parser as the text it is, never as
a ``datetime.date``. And where a string is expected, a plain scalar that did
resolve to a number or boolean (``title: 1984``) is read as the text written
(:meth:`YamlDocument.scalar_text`), so nobody has to quote a title.
YAML 1.1's base-60 numbers are not numbers here: ``when: 1:30`` is the text
``"1:30"`` (which the time parser then refuses as a date), never the year 90.

Only the resolvers that PyYAML's own (YAML 1.1) resolver also has are used,
so ``yaml.safe_dump`` quotes every string that this loader would read as
something else, and dumps read back exactly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver, Resolver
from yaml.scanner import Scanner

from plotline._io._fields import RECORD_TABLES
from plotline._io._locate import Document, Path, Position, format_path, offsets_to_positions
from plotline._model import Location
from plotline.exceptions import Problem

if TYPE_CHECKING:
    from collections.abc import Mapping


__all__ = ["YamlDocument", "parse_yaml"]

_TAG: Final = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (
    f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")
)
_MAP, _SEQ, _MERGE, _TIMESTAMP = (f"{_TAG}{name}" for name in ("map", "seq", "merge", "timestamp"))

_NOUNS: Final[Mapping[type, str]] = {
    dict: "a mapping",
    list: "a sequence",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}


class _Resolver(BaseResolver):
    """YAML 1.2 core-like implicit typing, limited to what PyYAML's resolver also does."""


for _first, _resolvers in Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag in (_INT, _FLOAT, _NULL, _MERGE):
            _Resolver.add_implicit_resolver(_tag, _regexp, [_first] if _first else [""])
_Resolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

try:
    from yaml._yaml import CParser

    class _Loader(CParser, _Resolver):
        """libyaml's parser and composer with our resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML without libyaml

    class _Loader(Reader, Scanner, Parser, Composer, _Resolver):  # type: ignore[no-redef]
        """PyYAML's pure-Python parser and composer with our resolver."""

        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _Resolver.__init__(self)


_SCALARS: Final = SafeConstructor()


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


class YamlDocument(Document):
    """A parsed YAML story file."""

    format = "yaml"
    nouns = _NOUNS
    shares_values = True  # an alias makes one value appear twice

    def __init__(self, text: str, file: str | None) -> None:
        super().__init__(file)
        self._text = text
        self._top: dict[Path, Position] = {}
        self._records: dict[Path, dict[Path, Position]] = {}
        self._texts: dict[Path, str] = {}
        self._built: dict[int, Any] = {}
        self._active: set[int] = set()
        self._sizes: dict[int, int] = {}  # values in each built node, aliases expanded
        self._count = 0  # nodes built
        self._repeated = 0  # values that aliases and merges repeat

    def read(self) -> None:
        """Compose the text and build :attr:`data` from the nodes."""
        try:
            loader = _Loader(self._text)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.MarkedYAMLError as error:
            self.data = {}
            self.problems.append(self._syntax_problem(error))
            return
        except yaml.YAMLError as error:
            self.data = {}
            position = getattr(error, "position", None)
            line, column = (
                offsets_to_positions(self._text, [position])[0]
                if isinstance(position, int)
                else (1, 1)
            )
            reason = getattr(error, "reason", None) or str(error)
            self.problems.append(
                Problem(f"invalid YAML: {reason}", Location(self.file, line, column))
            )
            return
        if node is None:
            self.data = {}
            return
        try:
            self.data = self._build(node, ())
        except RecursionError:
            self.data = {}
            self.problems.append(self.problem("the YAML is nested too deeply", ()))
        except _TooManyRepeats as error:
            self.data = {}
            self.problems.append(error.problem)

    def _syntax_problem(self, error: yaml.MarkedYAMLError) -> Problem:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = error.problem or error.context or "unreadable"
        if error.problem and error.context:
            message = f"{error.context}, {error.problem}"
        return Problem(f"invalid YAML: {message}", Location(self.file, line, column))

    # -- building data from nodes ---------------------------------------------------------

    def _note(self, path: Path, node: Node) -> None:
        position = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) >= 2 and isinstance(path[1], int) and path[0] in RECORD_TABLES:
            self._records.setdefault(path[:2], {}).setdefault(path[2:], position)
        else:
            self._top.setdefault(path, position)

    def _refuse(self, node: Node, path: Path) -> None:
        self.refused.add(path)
        self.problems.append(
            Problem(
                f"the tag {_tag_text(node.tag)} is not allowed here: "
                "a story file holds plain data (YAML is loaded safely)",
                Location(
                    self.file,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    format_path(path),
                ),
                "remove the tag",
            )
        )

    def _repeat(self, values: int, path: Path) -> None:
        """Count ``values`` that an alias or a merge repeats; refuse a file that repeats too many.

        An alias costs nothing in the text and a full copy's worth of work
        afterwards (each record checks and locates its own values), so a few
        kilobytes of anchors can stand for millions of values. A file may
        repeat ten times its own values, plus 100,000.
        """
        self._repeated += values
        if self._repeated > 10 * self._count + 100_000:
            raise _TooManyRepeats(
                self.problem(
                    f"aliases and merges repeat more than {self._repeated - values:,} values "
                    f"of a file that has {self._count:,}",
                    path,
                    "write the repeated values out, or share them through an id",
                )
            )

    def _build(self, node: Node, path: Path) -> Any:
        key = id(node)
        if key in self._built:
            self._repeat(self._sizes.get(key, 1), path)
            if isinstance(node, ScalarNode) and path not in self._texts and not node.style:
                self._scalar(node, path)
            return self._built[key]
        if key in self._active:
            self.problems.append(self.problem("an alias refers to a value that contains it", path))
            return None
        self._active.add(key)
        before = self._count + self._repeated
        try:
            if isinstance(node, ScalarNode):
                value = self._scalar(node, path)
            elif isinstance(node, SequenceNode):
                value = self._sequence(node, path)
            else:
                assert isinstance(node, MappingNode)
                value = self._mapping(node, path)
        finally:
            self._active.discard(key)
        self._count += 1
        self._sizes[key] = self._count + self._repeated - before
        self._built[key] = value
        return value

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag in (_STR, _TIMESTAMP) or (tag in (_INT, _FLOAT) and ":" in node.value):
            return node.value  # '1:30' is YAML 1.1 base 60 (90): read it as the text written
        try:
            if tag == _NULL:
                value: Any = None
            elif tag == _BOOL:
                value = _SCALARS.construct_yaml_bool(node)
            elif tag == _INT:
                value = _SCALARS.construct_yaml_int(node)
            elif tag == _FLOAT:
                value = _SCALARS.construct_yaml_float(node)
            else:
                self._refuse(node, path)
                return None
        except (ValueError, KeyError, IndexError):
            shown = node.value if len(node.value) <= 40 else f"{node.value[:30]}…"
            self.problems.append(
                Problem(f"{shown!r} is not a valid {_tag_text(tag)}", self._mark(node, path))
            )
            return None
        if not node.style and value is not None:
            self._texts[path] = node.value
        return value

    def _sequence(self, node: SequenceNode, path: Path) -> list[Any] | None:
        if node.tag != _SEQ:
            self._refuse(node, path)
            return None
        result = []
        for index, item in enumerate(node.value):
            self._note((*path, index), item)
            result.append(self._build(item, (*path, index)))
        return result

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any] | None:
        if node.tag != _MAP:
            self._refuse(node, path)
            return None
        merged: dict[str, Any] = {}
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        merge_key: Node | None = None
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._merge(key_node, value_node, path, merged)
                merge_key = key_node
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    Problem(
                        "a key must be plain text, not a list or mapping",
                        self._mark(key_node, path),
                    )
                )
                continue
            name = key_node.value
            child = (*path, name)
            if name in seen:
                first = seen[name].start_mark.line + 1
                self.problems.append(
                    Problem(
                        f"the key {name!r} appears twice (first on line {first})",
                        self._mark(key_node, child),
                    )
                )
                continue
            seen[name] = key_node
            self._note(child, key_node)
            result[name] = self._build(value_node, child)
        if merge_key is None:
            return result
        for name in merged:
            if name not in result:
                self._note((*path, name), merge_key)
        return {**{k: v for k, v in merged.items() if k not in result}, **result}

    def _merge(self, key: Node, value: Node, path: Path, merged: dict[str, Any]) -> None:
        sources = value.value if isinstance(value, SequenceNode) else [value]
        for source in sources:
            if not isinstance(source, MappingNode):
                self.problems.append(
                    Problem(
                        "a merge (<<) needs a mapping or a list of mappings", self._mark(key, path)
                    )
                )
                continue
            built = self._build(source, path)
            self._repeat(len(built or ()), path)
            for name, item in (built or {}).items():
                merged.setdefault(name, item)

    def _mark(self, node: Node, path: Path) -> Location:
        return Location(
            self.file, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path)
        )

    # -- positions -----------------------------------------------------------------------

    def record_positions(self, table: str) -> list[Position]:
        """Where each record of ``table`` starts."""
        count = self.count(table)
        fallback = self._top.get((table,), (1, 1))
        return [self._records.get((table, index), {}).get((), fallback) for index in range(count)]

    def record_fields(self, table: str, index: int) -> dict[Path, Position]:
        """Return the positions of the record's parts, known since it was built."""
        fields = dict(self._records.get((table, index), {}))
        fields.pop((), None)
        return fields

    def top_positions(self) -> Mapping[Path, Position]:
        """Positions of everything outside the records."""
        return self._top

    def scalar_text(self, path: Path) -> str | None:
        """Return the text of a plain scalar that YAML read as a number or boolean."""
        return self._texts.get(path)


class _TooManyRepeats(Exception):
    """Raised inside the builder to stop at once; carries the located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse_yaml(text: str, file: str | None = None) -> YamlDocument:
    """Parse YAML ``text`` into a :class:`YamlDocument` (problems in its ``problems``)."""
    document = YamlDocument(text, file)
    document.read()
    return document
