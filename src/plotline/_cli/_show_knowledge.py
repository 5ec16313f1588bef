"""``plotline show`` on facts that change over story time: knowledge, objects and relations.

``--knowledge ENTITY`` lists what an entity knows, believes, may know (learned
at a time that cannot be placed against the point asked about) and holds;
``--who-knows FACT`` who has learned a fact; ``--object OBJECT`` the hands an
object passes through; ``--relations ENTITY`` an entity's relations. Each is
at the end of the story, or at ``--at EVENT`` (after what happens in it), and
``--as-of WORK`` first cuts the story after an installment. An unknown id is
an error with the closest id, exit 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._cli._common import EXIT_OK, EXIT_USAGE
from plotline._cli._table import table as _table
from plotline._cli._table import terminal_width as _terminal_width
from plotline._knowledge import Knowledge
from plotline.exceptions import UnknownIdError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping
    from typing import TextIO

    from plotline._model import Event, Story

__all__ = ["add_knowledge_arguments", "show_knowledge", "wants_knowledge"]


def add_knowledge_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the knowledge options of ``plotline show`` on ``parser``."""
    group = parser.add_argument_group("knowledge, possession and relations")
    group.add_argument(
        "--knowledge", metavar="ENTITY", help="what ENTITY knows, believes and holds"
    )
    group.add_argument("--who-knows", metavar="FACT", help="who has learned FACT")
    group.add_argument("--object", metavar="OBJECT", help="the hands OBJECT passes through")
    group.add_argument("--relations", metavar="ENTITY", help="the relations of ENTITY")
    group.add_argument(
        "--at", metavar="EVENT", help="at this event (after what happens in it); default: the end"
    )


def wants_knowledge(args: argparse.Namespace) -> bool:
    """Whether the command line asks a knowledge question."""
    return any((args.knowledge, args.who_knows, args.object, args.relations))


def show_knowledge(story: Story, args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Answer the knowledge question on ``story``; return the exit status."""
    try:
        if args.knowledge:
            _known(story.entity_index, "entity", args.knowledge)
        if args.relations:
            _known(story.entity_index, "entity", args.relations)
        if args.object:
            _known(story.entity_index, "object", args.object)
        if args.who_knows:
            _known(story.fact_index, "fact", args.who_knows)
        knowledge = Knowledge(story)
        at = None if args.at is None else knowledge.event(args.at)
    except UnknownIdError as error:
        stderr.write(f"plotline show: {error}\n")
        return EXIT_USAGE
    width = _terminal_width(stdout)
    point = "at the end" if at is None else f"at {_where(at)}"
    if args.knowledge:
        stdout.write(f"{_entity(story, args.knowledge)} {point}:\n\n")
        stdout.write(_table(_knowledge_rows(story, knowledge, args.knowledge, at), width=width))
    if args.who_knows:
        fact = story.fact_index[args.who_knows]
        stdout.write(f"who knows {fact.label!r} {point}:\n\n")
        rows: list[tuple[str, ...]] = [("entity", "learned in")]
        rows += [
            (_entity(story, entity), _where(event))
            for entity, event in knowledge.who_knows(fact.id, at)
        ]
        stdout.write(_table(rows, width=width))
    if args.object:
        stdout.write(f"the hands {_entity(story, args.object)} passes through:\n\n")
        rows = [("#", "holder", "event", "when")]
        for number, step in enumerate(knowledge.history(args.object), 1):
            holder = "nobody" if step.holder is None else _entity(story, step.holder)
            when = "" if step.event.when is None else str(step.event.when)
            rows.append((str(number), holder, _where(step.event), when))
        stdout.write(_table(rows, width=width))
    if args.relations:
        stdout.write(f"the relations of {_entity(story, args.relations)} {point}:\n\n")
        rows = [("kind", "with", "since", "until")]
        for relation in knowledge.relations(args.relations, at):
            other = relation.b if relation.a == args.relations else relation.a
            rows.append(
                (
                    str(relation.kind),
                    _entity(story, other),
                    relation.since or "",
                    relation.until or "",
                )
            )
        stdout.write(_table(rows, width=width))
    return EXIT_OK


def _known(index: Mapping[str, object], kind: str, name: str) -> None:
    if name not in index:
        raise UnknownIdError(kind, name, index)


def _entity(story: Story, entity: str) -> str:
    record = story.entity_index.get(entity)
    return record.label if record is not None else entity


def _where(event: Event) -> str:
    told = f" ({event.told_in})" if event.told_in else ""
    return f"'{event.label}'{told}"


def _knowledge_rows(
    story: Story, knowledge: Knowledge, entity: str, at: Event | None
) -> list[tuple[str, ...]]:
    found = knowledge.of(entity, at)
    learned: dict[str, Event] = {}
    for who, event, fact in knowledge.facts_learned():
        if who == entity:
            learned.setdefault(fact, event)
    rows: list[tuple[str, ...]] = [("", "fact", "title", "learned in")]
    for what, facts in (
        ("knows", found.knows),
        ("believes", found.believes),
        ("may know", found.unsure),
    ):
        for fact in facts:
            record = story.fact_index.get(fact)
            title = record.title or "" if record is not None else ""
            rows.append((what, fact, title, _where(learned[fact])))
    for thing in found.holds:
        step = knowledge.holder_at(thing, at)
        rows.append(
            ("holds", thing, _entity(story, thing), "" if step is None else _where(step.event))
        )
    return rows
