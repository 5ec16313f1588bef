"""A Mermaid ``timeline`` diagram (it renders in GitHub Markdown): releases, then the story.

The diagram has up to two sections: *Releases*, one period per release date in
date order, and *Story*, the events in story order, each under its date or,
when undated, under the installment that tells it (consecutive events under
the same heading share one period).

Mermaid's timeline grammar ends a label at ``:`` and, in older versions, at
``#`` and ``;``; ``%%`` starts a comment, and a line that begins with
``timeline``, ``title`` or ``section`` is a keyword. Labels are therefore written with
Mermaid's entity codes (``#58;`` for ``:``), which Mermaid decodes before
drawing, and a label that would read as a keyword has its first letter coded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from plotline.exporters._dates import dated_releases, release_label, work_label

if TYPE_CHECKING:
    from plotline._model import Story
    from plotline.exporters._dates import Dated

__all__ = ["escape_label", "export_mermaid"]

_SPECIAL = {
    "#": "#35;",
    ":": "#58;",
    ";": "#59;",
    "%": "#37;",
    "<": "#60;",
    ">": "#62;",
    "&": "#38;",
    '"': "#34;",
    "`": "#96;",
    "{": "#123;",
    "}": "#125;",
}
_SPECIAL_RE = re.compile("[" + re.escape("".join(_SPECIAL)) + "]")
# What mermaid's lexer takes for a keyword at the start of a line (case-insensitive).
_KEYWORD = re.compile(r"(?i)timeline|title\s|section\s")
_INDENT = "    "


def escape_label(text: str) -> str:
    """Text that Mermaid shows as written, on one line.

    >>> escape_label("S01E01: Pilot; #1 (50%)")
    'S01E01#58; Pilot#59; #35;1 (50#37;)'
    >>> escape_label("Section 31"), escape_label("Timelines"), escape_label("Titled")
    ('#83;ection 31', '#84;imelines', 'Titled')
    """
    text = " ".join(text.split())
    text = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], text)
    if _KEYWORD.match(text):
        text = f"#{ord(text[0])};{text[1:]}"
    return text or "#160;"


def export_mermaid(story: Story) -> str:
    """Return the story as a Mermaid timeline diagram."""
    lines = ["timeline", f"{_INDENT}title {escape_label(story.title or 'Story')}"]
    releases = sorted(dated_releases(story), key=lambda item: _lower(item[1]))
    if releases:
        lines.append(f"{_INDENT}section Releases")
        for release, dated in releases:
            where = ", ".join(
                x for x in (release.kind.value, release.platform, release.region) if x
            )
            label = f"{release_label(story, release)} ({where})"
            lines.append(f"{_INDENT * 2}{escape_label(dated.text)} : {escape_label(label)}")
    periods: list[tuple[str, list[str]]] = []
    for event in story.chronology():
        heading = str(event.when) if event.when is not None else work_label(story, event.told_in)
        if not periods or periods[-1][0] != heading:
            periods.append((heading, []))
        periods[-1][1].append(event.label)
    if periods:
        lines.append(f"{_INDENT}section Story")
        for heading, labels in periods:
            lines.append(f"{_INDENT * 2}{escape_label(heading)}")
            lines.extend(f"{_INDENT * 3}: {escape_label(label)}" for label in labels)
    return "\n".join(lines) + "\n"


def _lower(dated: Dated) -> int:
    bound = dated.start or dated.end
    return bound.lower if bound is not None else 0
