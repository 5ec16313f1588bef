"""``plotline lsp`` end to end: a real client (pytest-lsp) drives the server over stdio.

Each test starts the server as a child process, opens documents of a story
in a scratch folder, and reads what a client would: published diagnostics,
hovers, definitions, references, completions, code actions and symbols.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

EXAMPLES = Path(__file__).parent.parent / "examples"

STORY = """\
[[works]]
id = "e1"
kind = "episode"
number = 1

[[works]]
id = "e2"
kind = "episode"
number = 2

[[entities]]
id = "sam"
name = "Sam"

[[events]]
id = "shot"
title = "Sam is shot"
told_in = "e1"
participants = { sam = "dies" }

[[events]]
id = "vault"
told_in = "e2"
participants = { sam = "present" }
"""


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "plotline.cli", "lsp"]),
)
async def client(lsp_client: LanguageClient, tmp_path: Path):  # type: ignore[no-untyped-def]
    bible = tmp_path / "bible"
    bible.mkdir()
    (bible / "story.toml").write_text(STORY, encoding="utf-8")
    shutil.copytree(EXAMPLES / "hero-mask", tmp_path / "hero-mask")
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=tmp_path.as_uri(),
        )
    )
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="toml",
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    await _published(client, uri)
    return uri


async def _published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Wait (at most 30 s) until diagnostics of ``uri`` arrive; the caller cleared the old ones.

    The client keeps the latest diagnostics of each file; waiting on the
    notification itself would miss one that came in the same burst as another.
    """

    async def arrived() -> list[types.Diagnostic]:
        while uri not in client.diagnostics:
            await asyncio.sleep(0.02)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(arrived(), timeout=30)


def _root(client: LanguageClient) -> Path:
    return client.root  # type: ignore[attr-defined,no-any-return]


def _change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


class TestDiagnostics:
    async def test_a_finding_on_open(self, client: LanguageClient) -> None:
        uri = await _open(client, _root(client) / "bible" / "story.toml")
        (diagnostic,) = client.diagnostics[uri]
        assert diagnostic.code == "PL301"
        assert diagnostic.severity == types.DiagnosticSeverity.Error
        assert diagnostic.source == "plotline"
        assert diagnostic.range.start.line == 23  # the participants of 'vault'
        assert diagnostic.related_information
        assert diagnostic.related_information[0].location.range.start.line == 14  # the death

    async def test_a_fix_in_the_buffer_clears_it_unsaved(self, client: LanguageClient) -> None:
        path = _root(client) / "bible" / "story.toml"
        uri = await _open(client, path)
        _change(client, uri, STORY.replace('sam = "present"', 'sam = "ghost"'), 2)
        assert await _published(client, uri) == []
        assert "present" in path.read_text(encoding="utf-8")  # nothing was saved

    async def test_a_half_typed_line_is_a_load_problem(self, client: LanguageClient) -> None:
        uri = await _open(client, _root(client) / "bible" / "story.toml")
        _change(client, uri, STORY + '\n[[events]]\nid = "x"\nmode = "flash', 2)
        diagnostics = await _published(client, uri)
        load = [d for d in diagnostics if d.code == "load"]
        assert load
        assert load[0].range.start.line >= 25
        # The last good reading of the file still stands: the old finding stays.
        assert any(d.code == "PL301" for d in diagnostics)

    async def test_every_file_of_a_folder_story(self, client: LanguageClient) -> None:
        folder = _root(client) / "hero-mask"
        uri = await _open(client, folder / "10-season-1.toml")
        assert all(d.source == "plotline" for d in client.diagnostics[uri])
        published = set(client.diagnostics)
        assert (folder / "03-cast.toml").as_uri() in published


class TestNavigation:
    async def test_hover_on_an_entity(self, client: LanguageClient) -> None:
        uri = await _open(client, _root(client) / "bible" / "story.toml")
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=18, character=18),  # sam in participants
            )
        )
        assert hover is not None
        assert isinstance(hover.contents, types.MarkupContent)
        assert "**entity `sam`**: Sam" in hover.contents.value
        assert "dies in 'Sam is shot'" in hover.contents.value

    async def test_definition_and_references(self, client: LanguageClient) -> None:
        uri = await _open(client, _root(client) / "bible" / "story.toml")
        where = types.TextDocumentPositionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=17, character=12),  # e1 in told_in
        )
        found = await client.text_document_definition_async(
            types.DefinitionParams(text_document=where.text_document, position=where.position)
        )
        assert isinstance(found, list)
        assert [(d.range.start.line, d.range.start.character) for d in found] == [(1, 6)]
        refs = await client.text_document_references_async(
            types.ReferenceParams(
                text_document=where.text_document,
                position=where.position,
                context=types.ReferenceContext(include_declaration=False),
            )
        )
        assert refs is not None
        assert [(r.range.start.line, r.range.start.character) for r in refs] == [(17, 11)]

    async def test_symbols(self, client: LanguageClient) -> None:
        uri = await _open(client, _root(client) / "bible" / "story.toml")
        symbols = await client.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert symbols is not None
        assert [s.name for s in symbols] == ["e1", "e2", "sam", "shot", "vault"]
        kinds = {s.name: s.kind for s in symbols}  # type: ignore[union-attr]
        assert kinds["shot"] == types.SymbolKind.Event


class TestEditing:
    async def test_completion_of_works_roles_and_modes(self, client: LanguageClient) -> None:
        path = _root(client) / "bible" / "story.toml"
        uri = await _open(client, path)
        text = STORY + '\n[[events]]\nid = "new"\ntold_in = "\nparticipants = { sam = "\nmode = "\n'
        _change(client, uri, text, 2)
        await _published(client, uri)
        lines = text.splitlines()

        async def labels(line: int) -> set[str]:
            column = len(lines[line])
            result = await client.text_document_completion_async(
                types.CompletionParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=column),
                )
            )
            assert isinstance(result, types.CompletionList)
            return {item.label for item in result.items}

        assert await labels(len(lines) - 3) == {"e1", "e2"}
        assert {"dies", "mentioned", "ghost"} <= await labels(len(lines) - 2)
        assert {"flashback", "time-travel"} <= await labels(len(lines) - 1)

    async def test_quick_fixes_named_by_the_finding(self, client: LanguageClient) -> None:
        uri = await _open(client, _root(client) / "bible" / "story.toml")
        diagnostics = client.diagnostics[uri]
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diagnostics[0].range,
                context=types.CodeActionContext(diagnostics=list(diagnostics)),
            )
        )
        assert actions is not None
        titles = [a.title for a in actions if isinstance(a, types.CodeAction)]
        assert titles == [
            "Mark 'vault' as a flashback",
            "Make 'sam' only mentioned in 'vault'",
            "Allow PL301 on the entity 'sam'",
        ]
        fix = next(a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred)
        assert fix.edit is not None
        assert fix.edit.changes is not None
        (edit,) = fix.edit.changes[uri]
        assert edit.new_text == 'mode = "flashback"\n'
        assert edit.range.start.line == 22  # after id = "vault"

        # Applying the preferred fix settles the finding.
        lines = STORY.splitlines(keepends=True)
        fixed = "".join(lines[:22]) + edit.new_text + "".join(lines[22:])
        _change(client, uri, fixed, 2)
        assert await _published(client, uri) == []
