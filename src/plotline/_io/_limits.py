"""Limits on story files, checked cheaply before a parser sees the text.

A parser given a file nested a hundred thousand levels deep runs out of stack
(:class:`RecursionError`, or a crash inside libyaml), and a file of gigabytes
runs out of memory. So :func:`~plotline.load` refuses, with a
:class:`~plotline.exceptions.LoadError` at a line and column:

* a file larger than ``PLOTLINE_MAX_FILE_SIZE`` bytes (default 256 MiB), before reading it;
  a file that grows while it is read is read no further than the limit (:func:`read_limited`);
* a path that is not a regular file: a FIFO would hang the reader, and a
  device such as ``/dev/zero`` (or a link to one) never ends;
* arrays, tables or objects nested deeper than ``PLOTLINE_MAX_DEPTH`` levels
  (default 100; a story file needs about five).

Both environment variables are read at each load. A number too long for
Python to convert (see :func:`sys.get_int_max_str_digits`) is reported too.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from typing import Final

from plotline._io._locate import offsets_to_positions
from plotline._model import Location
from plotline.exceptions import Problem

__all__ = [
    "check_depth",
    "check_size",
    "decode_utf8",
    "depth_problem",
    "first_too_deep",
    "max_depth",
    "number_problem",
    "read_limited",
    "toml_key_too_deep",
    "yaml_flow_too_deep",
]

DEFAULT_MAX_FILE_SIZE: Final = 256 * 1024 * 1024
DEFAULT_MAX_DEPTH: Final = 100

_JSON_TOKEN: Final = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
_TOML_TOKEN: Final = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]++|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+|[\[\]{}]'
)
# The same tokens without the brackets: what to blank out before looking at brackets alone.
_JSON_OPAQUE: Final = re.compile(r'"(?:[^"\\]++|\\.)*+"')
_TOML_OPAQUE: Final = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]++|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+'
)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]++")
_EMPTY_PAIR: Final = re.compile(r"\[\]|\{\}")


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw) if raw else default
    except ValueError:
        value = default
    return value if value > 0 else default


def max_file_size() -> int:
    """The largest story file read, in bytes (``PLOTLINE_MAX_FILE_SIZE``)."""
    return _setting("PLOTLINE_MAX_FILE_SIZE", DEFAULT_MAX_FILE_SIZE)


def max_depth() -> int:
    """The deepest nesting of arrays and tables read (``PLOTLINE_MAX_DEPTH``)."""
    return _setting("PLOTLINE_MAX_DEPTH", DEFAULT_MAX_DEPTH)


def check_size(size: int, file: str) -> Problem | None:
    """A problem if a file of ``size`` bytes is too large to read."""
    limit = max_file_size()
    if size <= limit:
        return None
    return _too_large(f"{size:,} bytes, more than the limit of {limit:,}", file)


def _too_large(detail: str, file: str) -> Problem:
    return Problem(
        f"the file is too large: {detail}",
        Location(file, 1, 1),
        "split the story into several files in a folder, or raise PLOTLINE_MAX_FILE_SIZE",
    )


_NOT_REGULAR: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (a named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)
_CHUNK: Final = 1 << 20
# Opening a FIFO for reading waits for a writer; O_NONBLOCK opens it at once, so
# that fstat can refuse it. It changes nothing for a regular file.
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def _not_regular(mode: int, file: str) -> Problem | None:
    """A problem if ``mode`` is not a regular file's (links already followed)."""
    for test, kind in _NOT_REGULAR:
        if test(mode):
            return Problem(
                f"not a regular file: it is {kind}",
                Location(file, 1, 1),
                "copy the data into a regular file and name that",
            )
    if not stat.S_ISREG(mode):  # pragma: no cover - door, port, whiteout: other systems
        return Problem("not a regular file", Location(file, 1, 1), "name a story file")
    return None


def decode_utf8(data: bytes, file: str) -> str | Problem:
    r"""``data`` as text, or the problem at the line and column of its first byte that is not UTF-8.

    >>> print(decode_utf8(b'title = "caf\xe9"\n', "s.toml"))  # doctest: +ELLIPSIS
    s.toml:1:13: the file is not UTF-8 text: byte 0xe9 here is not part of a UTF-8 character ...
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return Problem(
            f"the file is not UTF-8 text: byte 0x{data[error.start]:02x} here is not part of "
            "a UTF-8 character",
            Location(file, line, column),
            "re-save it as UTF-8",
        )


def read_limited(file: str) -> bytes | Problem:
    """The bytes of the regular file ``file``, or the problem that keeps it from being read.

    Links are followed; a FIFO, a device, a socket or a folder is refused
    before it is opened (and again after, in case it was swapped in meanwhile),
    so nothing waits on a pipe or reads a device that never ends. At most
    ``PLOTLINE_MAX_FILE_SIZE`` + 1 bytes are read: a file that grows past the
    limit while it is read is refused too. A loop of links is a problem; a
    missing file or one without permission raises :class:`OSError`.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> os.mkfifo(os.path.join(folder, "pipe.toml"))
    >>> print(read_limited(os.path.join(folder, "pipe.toml")))  # doctest: +ELLIPSIS
    /...pipe.toml:1:1: not a regular file: it is a FIFO (a named pipe) (copy the data ...)
    """
    location = Location(file, 1, 1)
    try:
        info = os.stat(file)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
        return Problem(
            "the path is a loop of symbolic links: it names no file",
            location,
            "point the link at a story file, or remove it",
        )
    problem = _not_regular(info.st_mode, file) or check_size(info.st_size, file)
    if problem is not None:
        return problem
    limit = max_file_size()
    handle = os.open(file, _OPEN_FLAGS)
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        problem = _not_regular(info.st_mode, file) or check_size(info.st_size, file)
        if problem is not None:
            return problem
        wanted = info.st_size + 1  # one byte more than its size: did it grow meanwhile?
        data = stream.read(wanted)
        if len(data) < wanted:
            return data
        parts, total = [data], len(data)
        while total <= limit:
            chunk = stream.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    if total > limit:
        return _too_large(f"it grew past the limit of {limit:,} bytes while it was read", file)
    return b"".join(parts)


def check_depth(text: str, format: str, file: str | None) -> Problem | None:
    """A problem if ``text`` nests values deeper than the limit, at the first too-deep value."""
    limit = max_depth()
    offset = _too_deep(text, format, limit)
    if offset is None:
        return None
    return depth_problem(text, offset, file, limit)


def depth_problem(text: str, offset: int, file: str | None, limit: int) -> Problem:
    """The problem of a value at ``offset`` that nests past ``limit``."""
    line, column = offsets_to_positions(text, [offset])[0]
    return Problem(
        f"values are nested more than {limit} levels deep",
        Location(file, line, column),
        "flatten the value, or raise PLOTLINE_MAX_DEPTH",
    )


def _too_deep(text: str, format: str, limit: int) -> int | None:
    """The offset where nesting first passes ``limit``, if it does."""
    flows = text.count("[") + text.count("{")
    if format == "yaml":
        # Flow nesting is counted here, before libyaml sees the text: libyaml's scanner
        # reads a whole run of '[' ahead and (from 0.2.6) stops at a depth of its own.
        if flows > limit:
            offset = yaml_flow_too_deep(text, limit)
            if offset is not None:
                return offset
        # Block nesting needs indentation or a '- ' / '? ' marker per level (two levels
        # per column at most); only a file that might pass the limit is parsed for it.
        prefix = re.search(rf"^[ \t?:-]{{{max(limit // 4, 1)}}}", text, re.MULTILINE)
        if flows <= limit // 2 and prefix is None:
            return None
        return _yaml_too_deep(text, limit)
    if format == "toml" and _many_dots(text, limit):
        # Dotted keys nest tables too (`a.b.c = 1`, `[a.b.c]`): tomllib reads a key of
        # n parts in time n squared, and plotline's own walks recurse on the tables.
        offset = toml_key_too_deep(text, limit)
        if offset is not None:
            return offset
    # TOML's root table is a level of its own, as JSON's outer braces are and as the
    # dotted-key count above has it: its brackets count from one level down.
    root = 1 if format == "toml" else 0
    if flows <= limit - root or _nests_within(text, format, limit - root):
        return None
    return first_too_deep(text, format, limit, depth=root)


def _many_dots(text: str, limit: int) -> bool:
    """Whether a line has half the limit's dots: only such lines' keys can nest too deep."""
    least = max(limit // 2, 1)
    return text.count(".") >= least and any(line.count(".") >= least for line in text.split("\n"))


_TOML_KEY_TOKEN: Final = re.compile(
    r'''"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]++|\\.)*+"|\'[^\'\n]*+\'|#[^\n]*+'''
    r"|[A-Za-z0-9_+:-]++|[\[\]{}=,.\n]"
)


def toml_key_too_deep(text: str, limit: int) -> int | None:
    r"""Where TOML tables first nest past ``limit``, counting dotted keys and headers.

    The root table is level 1; each part of a dotted key or a header, each
    array and each inline table is one more.

    >>> toml_key_too_deep("[a.b]\nc.d = 1\n", 3)
    8
    >>> toml_key_too_deep("[a.b]\nc.d = 1\n", 4) is None
    True
    >>> toml_key_too_deep('x = "a.b.c.d.e"  # f.g.h.i\n', 2) is None
    True
    """
    header = 0  # the level below the table header in force
    stack: list[tuple[str, int]] = []  # open '[' and '{' of a value, with their levels
    base = parts = value = 0  # where the key being read starts, its parts, its value's level
    in_key, in_header, line_start = True, False, True
    for match in _TOML_KEY_TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "#" or token.startswith(('"""', "'''")):
            continue
        if token == "\n":
            line_start = not stack
            if not stack:
                in_key, base, parts = True, header, 0
            continue
        if line_start and first == "[":
            in_header, parts, line_start = True, 0, False
            header = 0
            continue
        line_start = False
        if in_header:
            if first == "[":
                header = 1  # an array of tables: one level more
            elif first == "]":
                in_header, in_key = False, False
                header += parts
            elif first != ".":
                parts += 1
                if header + parts > limit:
                    return match.start()
            continue
        if in_key:
            if first == "=":
                in_key, value = False, base + parts
            elif first not in ".,}":
                parts += 1
                if base + parts > limit:
                    return match.start()
            continue
        if first in "[{":
            level = value + 1
            if level > limit:
                return match.start()
            stack.append((first, level))
            if first == "{":
                in_key, base, parts = True, level - 1, 0
            else:
                value = level
        elif first in "]}":
            if stack:
                stack.pop()
            if stack:
                value = stack[-1][1]
        elif first == "," and stack:
            kind, level = stack[-1]
            if kind == "{":
                in_key, base, parts = True, level - 1, 0
            else:
                value = level
    return None


def first_too_deep(
    text: str, format: str, limit: int, *, start: int = 0, end: int | None = None, depth: int = 0
) -> int | None:
    """Scan ``text[start:end]`` token by token, from ``depth``: where nesting passes ``limit``.

    Strings (and TOML comments) are skipped whole, so a bracket inside one
    does not count.

    >>> first_too_deep('{"a": "[[[[", "b": [[]]}', "json", 2)
    20
    >>> first_too_deep('{"a": "[[[[", "b": [[]]}', "json", 3) is None
    True
    """
    token = _JSON_TOKEN if format == "json" else _TOML_TOKEN
    for match in token.finditer(text, start, len(text) if end is None else end):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def _nests_within(text: str, format: str, limit: int) -> bool:
    r"""Whether the brackets of ``text`` are balanced and nest at most ``limit`` deep.

    The fast answer for a well-formed file, in C-speed regex passes: blank out
    strings and comments, keep only the brackets, then strip the innermost
    ``[]`` and ``{}`` pairs once per level. A file that is not empty after
    ``limit`` passes, or whose brackets do not pair up, gets the exact
    token-by-token scan, which also finds where the limit is passed.

    >>> _nests_within('{"a": [[1], {"b": "[[[["}]}', "json", 3)
    True
    >>> _nests_within('{"a": [[1], {"b": "[[[["}]}', "json", 2)
    False
    >>> _nests_within("[[events]]\nwhen = '[['  # [[[", "toml", 2)
    True
    """
    opaque = _JSON_OPAQUE if format == "json" else _TOML_OPAQUE
    skeleton = _NOT_BRACKET.sub("", opaque.sub("", text))
    for _ in range(limit):
        if not skeleton:
            return True
        stripped = _EMPTY_PAIR.sub("", skeleton)
        if len(stripped) == len(skeleton):
            return False  # brackets that do not pair up: a syntax error, found exactly later
        skeleton = stripped
    return not skeleton


def yaml_flow_too_deep(text: str, limit: int) -> int | None:
    r"""Where flow collections (``[...]``, ``{...}``) in YAML ``text`` first nest past ``limit``.

    A scan of the text alone, so it works whatever depth libyaml itself allows.
    Quoted scalars, comments and block scalars (``|``, ``>``) are skipped, and in
    block context a bracket opens a collection only where a node can start
    (after indentation, ``- ``, ``: ``, ``? `` or a tag or anchor), so brackets
    inside plain text such as ``title: Part [1`` do not count.

    >>> yaml_flow_too_deep("a: [[[1]]]", 2)
    5
    >>> yaml_flow_too_deep("a: [[[1]]]", 3) is None
    True
    >>> yaml_flow_too_deep("a: '[[[[' # [[[[\nb: x [[[[\nc: |\n  [[[[\n", 1) is None
    True
    """
    depth = 0
    position = 0
    size = len(text)
    token = _YAML_TOKEN
    while True:
        match = token.search(text, position)
        if match is None:
            return None
        char = match.group()
        start = match.start()
        position = match.end()
        if char in "[{":
            if depth == 0 and not _yaml_node_starts(text, start):
                continue
            depth += 1
            if depth > limit:
                return start
        elif char in "]}":
            if depth:
                depth -= 1
        elif char == "#":
            if start == 0 or text[start - 1] in " \t\n\r":
                end = text.find("\n", start)
                position = size if end < 0 else end
        elif char in "'\"":
            if depth == 0 and not _yaml_node_starts(text, start):
                continue
            if depth and _flow_previous(text, start) not in "[{,:?":
                continue  # inside a plain scalar (`[it's, fine]`): no quoted scalar starts
            quoted = (_YAML_DOUBLE if char == '"' else _YAML_SINGLE).match(text, start)
            position = quoted.end() if quoted else size
        elif depth == 0 and _yaml_node_starts(text, start):  # '|' or '>': a block scalar
            position = _yaml_block_scalar_end(text, start)


_YAML_TOKEN: Final = re.compile(r"[\[\]{}#'\"|>]")
_YAML_DOUBLE: Final = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.DOTALL)
_YAML_SINGLE: Final = re.compile(r"'(?:[^']++|'')*+'?")


def _flow_previous(text: str, offset: int) -> str:
    """The last character before ``offset`` that is not white space (``""`` at the start)."""
    index = offset - 1
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    return text[index] if index >= 0 else ""


_YAML_PROPERTY: Final = re.compile(r"[ \t][!&][^ \t\r\n]*+[ \t]*+$|^[!&][^ \t\r\n]*+[ \t]*+$")


def _yaml_node_starts(text: str, offset: int) -> bool:
    """Whether a node may start at ``offset`` in block context (what precedes it on its line).

    A node starts after indentation, or after an indicator followed by a space:
    ``- `` or ``? `` standing alone (not inside a plain scalar such as
    ``:- {``) or the ``: `` after a key, with tags and anchors between.
    """
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[max(line_start, offset - 200) : offset]
    if before and before[-1] not in " \t" and before.strip(" \t"):
        return False
    before = before.rstrip(" \t")
    while before and before[-1] != ":":
        prop = _YAML_PROPERTY.search(before)
        if prop is None:
            break
        before = before[: prop.start()].rstrip(" \t")
    if not before:
        return True
    last = before[-1]
    if last == ":":
        return True
    if last in "-?":
        rest = before[:-1]
        return not rest or rest[-1] in " \t"
    return False


def _yaml_block_scalar_end(text: str, offset: int) -> int:
    """The end of a block scalar whose indicator is at ``offset``: its last more-indented line."""
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:offset]
    indent = len(line) - len(line.lstrip(" "))
    end = text.find("\n", offset)
    while end >= 0:
        following = text.find("\n", end + 1)
        content = text[end + 1 : following if following >= 0 else len(text)]
        stripped = content.lstrip(" ")
        if stripped.strip() and len(content) - len(stripped) <= indent:
            return end
        end = following
    return len(text)


def _yaml_too_deep(text: str, limit: int) -> int | None:
    """Walk the YAML events (libyaml's parser does not recurse) counting open collections."""
    import yaml

    try:
        from yaml._yaml import CParser as Parser
    except ImportError:  # pragma: no cover - PyYAML without libyaml
        from yaml import SafeLoader as Parser  # type: ignore[assignment]

    parser = Parser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    mark = event.start_mark
                    return int(mark.index) if mark is not None else 0
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: the parser proper reports it
    finally:
        parser.dispose()


def number_problem(error: ValueError, text: str, file: str | None) -> Problem:
    """Report a number the parser could not convert (too many digits), at the number."""
    digits = sys.get_int_max_str_digits()
    match = re.search(rf"(?<![\w.])[0-9_]{{{digits + 1},}}", text) if digits else None
    line, column = offsets_to_positions(text, [match.start()])[0] if match else (1, 1)
    if "integer string conversion" not in str(error):
        return Problem(f"cannot read the file: {error}", Location(file, 1, 1))
    return Problem(
        f"a number is too long to read: {error}".split("; use sys.")[0],
        Location(file, line, column),
        f"write at most {digits} digits" if digits else None,
    )
