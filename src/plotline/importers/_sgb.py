r"""Knuth's Stanford GraphBase character files (``jean.dat``, ``anna.dat``, ``homer.dat``...).

The format is defined in the SGB sources, ``gb_books.w`` (vertices and edges)
and ``gb_io.w`` (header and checksum):

* four header lines: ``* File "jean.dat" ...``, a title line (``* Les
  Mis\'erables, by Victor Hugo``), a notice, and ``* (Checksum parameters
  l,m)``: ``l`` data lines follow, and their checksum must come to ``m``;
* the cast, one line each, ``XX name,description``, ended by a blank line;
* one line per chapter, ``1.2.3:AA,BB;BB,CC`` (chapter 3 of book 2 of part 1,
  with two cliques of encounters), ``1.2.4`` for a chapter with nobody in it,
  and ``&:...`` for a continuation of the previous chapter;
* the closing line ``* End of file "jean.dat"``.

The checksum (``gb_io.w``, "Checksums") runs over every data line that does
not begin with ``*``, trailing blanks removed and a newline added:
``a = (2a + icode(c)) mod (2**30 - 83)`` for each character ``c``, where
``icode`` is the character's position in Knuth's 96-character table ``imap``
(any other character counts 100).

Chapters become works (the book, its parts, their chapters), each clique one
event told in its chapter, each character an entity whose summary is its
description. A description that says a character was "killed by XX" or "slain
by XX" (the *Iliad*) makes that character die in its last encounter, when that
encounter is with the killer; otherwise the file does not tell when, and a
problem says so.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import attrs

from plotline._model import (
    Entity,
    EntityKind,
    Event,
    Origin,
    Role,
    Source,
    SourceKind,
    Story,
    Work,
    WorkKind,
)
from plotline._time import parse_time
from plotline.importers._common import ImportResult, Problems, slugify

__all__ = ["CHECKSUM_PRIME", "SGB_URL", "checksum", "detex", "read_sgb"]

CHECKSUM_PRIME = (1 << 30) - 83
"""The prime modulus of SGB checksums (``gb_io.w``)."""

SGB_URL = "https://www-cs-faculty.stanford.edu/~knuth/sgb.html"
"""Knuth's page about the Stanford GraphBase."""

_IMAP = (
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "_^~&@,;.:?!%#$+-*/|\\<=>()[]{}`'\" \n"
)
_UNEXPECTED = 100
_ICODE = [_UNEXPECTED] * 256
for _code, _char in enumerate(_IMAP):
    _ICODE[ord(_char)] = _code
_NEWLINE = _ICODE[ord("\n")]

_CHECKSUM_LINE = re.compile(rb"\* \(Checksum parameters (\d+),(\d+)\)")
_CAST_LINE = re.compile(r"([0-9A-Z]+) ([^,]*),(.*)")
_CHAPTER = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_CODE = re.compile(r"[0-9A-Z]{2}")
_KILLED = re.compile(r"\b(?:killed|slain)\b[^,]*?\bby (?:young )?([0-9A-Z]{2})\b")
_ALIASES = re.compile(r"^(?P<name>.*?) \((?P<aliases>[^()]*)\)$")
_FROZEN = "SGB files must stay exactly as Knuth made them"

# How SGB names the levels of a chapter number, by its number of parts.
_LEVELS: dict[int, tuple[tuple[str, WorkKind], ...]] = {
    1: (("Chapter", WorkKind.CHAPTER),),
    2: (("Part", WorkKind.PART), ("Chapter", WorkKind.CHAPTER)),
    3: (("Part", WorkKind.PART), ("Book", WorkKind.BOOK), ("Chapter", WorkKind.CHAPTER)),
}


def checksum(line: bytes, magic: int = 0) -> int:
    r"""Fold one data line (without its newline) into the running SGB checksum ``magic``.

    >>> checksum(b"") == _IMAP.index("\n")
    True
    """
    for byte in line.rstrip(b" "):
        magic = (magic + magic + _ICODE[byte]) % CHECKSUM_PRIME
    return (magic + magic + _NEWLINE) % CHECKSUM_PRIME


# ---------------------------------------------------------------------------
# TeX in names: accents, quotes, dashes and a little math.

_ACCENTS = {
    "'": "\N{COMBINING ACUTE ACCENT}",
    "`": "\N{COMBINING GRAVE ACCENT}",
    "^": "\N{COMBINING CIRCUMFLEX ACCENT}",
    '"': "\N{COMBINING DIAERESIS}",
    "~": "\N{COMBINING TILDE}",
    "=": "\N{COMBINING MACRON}",
    ".": "\N{COMBINING DOT ABOVE}",
    "c": "\N{COMBINING CEDILLA}",
    "u": "\N{COMBINING BREVE}",
    "v": "\N{COMBINING CARON}",
    "H": "\N{COMBINING DOUBLE ACUTE ACCENT}",
}
_ACCENT = re.compile(r"\\([`'^\"~=.]|[cuvH](?=[{ ]))\s*(?:\{(\w)\}|(\w))")
_GREEK = {
    # Unicode spells lambda "LAMDA".
    name: unicodedata.lookup(f"GREEK CAPITAL LETTER {name.upper().replace('LAMBDA', 'LAMDA')}")
    for name in (
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Upsilon",
        "Phi",
        "Psi",
        "Omega",
    )
}
# Latin capitals that stand for Greek ones inside a Greek word set in math mode.
_LOOKALIKES = {
    "A": "ALPHA",
    "B": "BETA",
    "E": "EPSILON",
    "Z": "ZETA",
    "H": "ETA",
    "I": "IOTA",
    "K": "KAPPA",
    "M": "MU",
    "N": "NU",
    "O": "OMICRON",
    "P": "RHO",
    "T": "TAU",
    "Y": "UPSILON",
    "X": "CHI",
}
_LATIN_AS_GREEK = str.maketrans(
    {
        latin: unicodedata.lookup(f"GREEK CAPITAL LETTER {name}")
        for latin, name in _LOOKALIKES.items()
    }
)
_MATH = re.compile(r"\$([^$]*)\$")
_TYPOGRAPHY = (
    ("---", "\N{EM DASH}"),
    ("--", "\N{EN DASH}"),
    ("``", "\N{LEFT DOUBLE QUOTATION MARK}"),
    ("''", "\N{RIGHT DOUBLE QUOTATION MARK}"),
    ("`", "\N{LEFT SINGLE QUOTATION MARK}"),
    ("'", "\N{RIGHT SINGLE QUOTATION MARK}"),
    ("{", ""),
    ("}", ""),
)


def detex(text: str) -> str:
    r"""Turn the TeX in SGB names and titles into plain Unicode text.

    >>> detex(r"Les Mis\'erables"), detex(r"Fran\c{c}ois")
    ('Les Misérables', 'François')
    >>> detex("`Friends of the ABC' cutup") == "\N{LEFT SINGLE QUOTATION MARK}Friends of the ABC\N{RIGHT SINGLE QUOTATION MARK} cutup"
    True
    >>> detex(r"$\rm I\Lambda IA\Delta O\Sigma$") == "\N{GREEK CAPITAL LETTER IOTA}\N{GREEK CAPITAL LETTER LAMDA}\N{GREEK CAPITAL LETTER IOTA}\N{GREEK CAPITAL LETTER ALPHA}\N{GREEK CAPITAL LETTER DELTA}\N{GREEK CAPITAL LETTER OMICRON}\N{GREEK CAPITAL LETTER SIGMA}"
    True
    """  # noqa: E501 -- doctest lines spell the characters out

    def math(match: re.Match[str]) -> str:
        body = match.group(1).replace(r"\rm", "")
        greek = any(f"\\{name}" in body for name in _GREEK)
        out: list[str] = []
        for piece in re.split(r"(\\[A-Za-z]+)", body):
            if piece.startswith("\\"):
                out.append(_GREEK.get(piece[1:], ""))
            else:
                letters = piece.replace(" ", "")
                out.append(letters.translate(_LATIN_AS_GREEK) if greek else letters)
        return "".join(out)

    def accent(match: re.Match[str]) -> str:
        letter = match.group(2) or match.group(3)
        return unicodedata.normalize("NFC", letter + _ACCENTS[match.group(1)])

    text = _ACCENT.sub(accent, _MATH.sub(math, text))
    for tex, plain in _TYPOGRAPHY:
        text = text.replace(tex, plain)
    return text


# ---------------------------------------------------------------------------
# Reading.


def read_sgb(path: str | Path) -> ImportResult:
    """Import one SGB character file; see the module docstring for the mapping."""
    reader = _Reader(Path(path))
    reader.read()
    return reader.result()


@attrs.define
class _Reader:
    path: Path
    problems: Problems = attrs.field(init=False)
    stem: str = attrs.field(init=False)
    title: str = attrs.field(init=False)
    author: str | None = None
    declared: tuple[int, int] | None = None
    works: list[Work] = attrs.field(factory=list)
    work_ids: set[str] = attrs.field(factory=set)
    entities: list[Entity] = attrs.field(factory=list)
    events: list[Event] = attrs.field(factory=list)
    entity_lines: dict[str, int] = attrs.field(factory=dict)
    chapter_work: str | None = None
    clique_count: int = 0

    def __attrs_post_init__(self) -> None:
        self.problems = Problems(self.path)
        self.stem = slugify(self.path.stem, default="book")
        self.title = self.path.name

    def read(self) -> None:
        """Read the file once, checking, summing and parsing each line."""
        name = self.path.name
        magic = data_lines = 0
        crlf = ended = False
        in_cast = True
        number = 0
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.rstrip(b"\n")
                crlf = crlf or line.endswith(b"\r")
                if number <= 4:
                    self.header(number, line)
                    continue
                if self.declared is not None and data_lines >= self.declared[0]:
                    ended = self.footer(number, line, ended=ended)
                    continue
                data_lines += 1
                if line.startswith(b"*"):
                    ended = ended or (self.declared is None and line.startswith(b"* End of file"))
                    continue
                magic = checksum(line, magic)
                text = line.decode("ascii", errors="replace").rstrip("\r ")
                if in_cast:
                    in_cast = bool(text)
                    if text:
                        self.cast_line(number, text)
                elif text:
                    self.chapter_line(number, text)
        if self.declared is not None:
            self.verify(data_lines, magic, crlf=crlf)
        if not ended:
            self.problems.add(f"the closing line '* End of file \"{name}\"' is missing", number + 1)
        if not self.entities and not self.events:
            raise self.problems.fail(
                "no characters and no chapters found: is this an SGB book file?"
            )

    def header(self, number: int, line: bytes) -> None:
        """Check one of the four header lines, as ``gb_open`` does, and keep what they say."""
        name = self.path.name
        if number == 1:
            if not line.startswith(f'* File "{name}"'.encode()):
                self.problems.add(
                    f"the first line should begin '* File \"{name}\"'",
                    1,
                    hint="an SGB file keeps the name Knuth gave it",
                )
        elif number == 2:
            text = detex(line.decode("ascii", errors="replace").lstrip("* ").rstrip("\r "))
            head, by, tail = text.rpartition(", by ")
            self.title, self.author = (head, tail) if by else (text, None)
        elif number == 4:
            match = _CHECKSUM_LINE.match(line)
            if match is None:
                self.problems.add(
                    "the fourth line should be '* (Checksum parameters l,m)'; "
                    "the checksum is not checked",
                    4,
                )
            else:
                self.declared = (int(match.group(1)), int(match.group(2)))
        if not line.startswith(b"*"):
            self.problems.add("the four header lines should begin with '*'", number)

    def footer(self, number: int, line: bytes, *, ended: bool) -> bool:
        """Check a line after the data: the closing line, then nothing."""
        name = self.path.name
        if ended:
            if line.strip():
                self.problems.add("text after the closing line is ignored", number)
        elif not line.startswith(f'* End of file "{name}"'.encode()):
            lines = self.declared[0] if self.declared else 0
            self.problems.add(
                f"the header promises {lines} data lines, so this line should close the file "
                f"with '* End of file \"{name}\"'; the rest is ignored",
                number,
                hint=_FROZEN,
            )
        return True

    def verify(self, data_lines: int, magic: int, *, crlf: bool) -> None:
        """Compare the line count and checksum with the header's, as ``gb_close`` does."""
        if self.declared is None:  # pragma: no cover - only called with a header
            return
        lines, expected = self.declared
        if data_lines < lines:
            self.problems.add(
                f"the header promises {lines} data lines, the file has {data_lines}",
                4,
                hint=_FROZEN,
            )
        elif magic != expected:
            hint = "the file has CRLF line ends; SGB files use LF" if crlf else None
            self.problems.add(
                f"checksum mismatch: the data sums to {magic}, the header says {expected}",
                4,
                hint=hint or f"the file was changed; {_FROZEN}",
            )

    def cast_line(self, number: int, text: str) -> None:
        """Read ``XX name,description`` into an entity."""
        match = _CAST_LINE.fullmatch(text)
        if match is None:
            self.problems.add(f"a cast line reads 'XX name,description', not {text!r}", number)
            return
        code = match.group(1)
        if len(code) != 2:
            self.problems.add(f"character code {code!r} should have two characters", number)
            return
        if code in self.entity_lines:
            first = self.entity_lines[code]
            self.problems.add(f"character {code} is listed twice (first at line {first})", number)
            return
        name = detex(match.group(2).strip())
        aliases: tuple[str, ...] = ()
        parts = _ALIASES.match(name)
        if parts:
            name = parts.group("name")
            aliases = tuple(a.strip() for a in parts.group("aliases").split("/") if a.strip())
        self.entity_lines[code] = number
        self.entities.append(
            Entity(
                id=code,
                name=name,
                kind=EntityKind.CHARACTER,
                aliases=aliases,
                summary=detex(match.group(3).strip()) or None,
                origin=Origin(self.problems.at(number)),
            )
        )

    def chapter_line(self, number: int, text: str) -> None:
        """Read ``1.2:AA,BB;CC`` (or ``&:...``) into the chapter's work and one event per clique."""
        head, colon, body = text.partition(":")
        if head == "&":
            if self.chapter_work is None:
                self.problems.add("a continuation line '&:' before any chapter", number)
                return
        elif _CHAPTER.fullmatch(head):
            self.chapter_work = self.work_for(head, number)
            self.clique_count = 0
        else:
            self.problems.add(
                f"expected a chapter line like '1.2:AA,BB;CC' or a blank line, not {text!r}",
                number,
            )
            self.chapter_work = None
            return
        if not colon:
            return
        column = len(head) + 2
        for clique in body.split(";"):
            start = column
            members: dict[str, Role] = {}
            for raw in clique.split(","):
                code = raw.strip()
                if not _CODE.fullmatch(code):
                    self.problems.add(f"{code!r} is not a two-character code", number, column)
                elif code not in self.entity_lines:
                    self.problems.add(
                        f"unknown character {code!r} (not in the cast)", number, column
                    )
                else:
                    members[code] = Role.PRESENT
                column += len(raw) + 1
            if members:
                self.clique_count += 1
                self.events.append(
                    Event(
                        id=f"{self.chapter_work}-{self.clique_count}",
                        told_in=self.chapter_work,
                        order=self.clique_count,
                        participants=members,
                        origin=Origin(self.problems.at(number, start)),
                    )
                )

    def work_for(self, chapter: str, line: int) -> str:
        """Return the id of the chapter's work, creating it and its parents on first sight."""
        parts = chapter.split(".")
        levels = _LEVELS.get(len(parts))
        if levels is None:
            self.problems.add(
                f"chapter number {chapter!r} has {len(parts)} levels; SGB books have 1 to 3", line
            )
            levels = (
                *(("Level", WorkKind.OTHER) for _ in parts[:-1]),
                ("Chapter", WorkKind.CHAPTER),
            )
        parent = self.stem
        for depth, (label, kind) in enumerate(levels):
            prefix = ".".join(parts[: depth + 1])
            work_id = f"{self.stem}-{prefix}"
            if work_id not in self.work_ids:
                self.work_ids.add(work_id)
                self.works.append(
                    Work(
                        id=work_id,
                        title=f"{label} {prefix}",
                        kind=kind,
                        parent=parent,
                        number=int(parts[depth]),
                        origin=Origin(self.problems.at(line)),
                    )
                )
            parent = work_id
        return parent

    def deaths(self) -> None:
        """Turn "killed by XX" notes into ``dies`` roles where the file tells when."""
        last: dict[str, int] = {}
        for index, event in enumerate(self.events):
            for entity_id in event.participants:
                last[entity_id] = index
        for entity in self.entities:
            match = _KILLED.search(entity.summary or "")
            if match is None:
                continue
            killer = match.group(1)
            who = f"{entity.id} ({entity.name})"
            line = self.entity_lines[entity.id]
            position = last.get(entity.id)
            if position is None:
                self.problems.add(f"{who} is killed by {killer} but never appears", line)
                continue
            event = self.events[position]
            if killer not in event.participants:
                self.problems.add(
                    f"{who} is killed by {killer}, but their last encounter ({event.id}) is not "
                    f"with {killer}; the file does not tell when they die, so no death is recorded",
                    line,
                )
                continue
            participants = dict(event.participants)
            participants[entity.id] = Role.DIES
            self.events[position] = attrs.evolve(event, participants=participants)

    def result(self) -> ImportResult:
        """Return the story, with the deaths the file tells of."""
        self.deaths()
        name = self.path.name
        source = Source(
            id="sgb",
            title=f'The Stanford GraphBase, "{name}"',
            kind=SourceKind.DATASET,
            url=SGB_URL,
            date=parse_time("1993"),
            note="Copyright 1993 Stanford University; may be copied but not changed.",
        )
        root = Work(id=self.stem, title=self.title, kind=WorkKind.BOOK, sources=(source.id,))
        by = f", by {self.author}" if self.author else ""
        story = Story(
            title=self.title,
            summary=(
                f"{self.title}{by}: who meets whom, chapter by chapter, from D. E. Knuth's "
                f"Stanford GraphBase file {name}."
            ),
            sources=(source,),
            works=(root, *self.works),
            entities=tuple(self.entities),
            events=tuple(self.events),
        )
        return self.problems.result(story)
