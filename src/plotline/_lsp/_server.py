"""``plotline lsp``: the language server, on pygls, over stdio.

One :class:`~plotline._live.StorySession` per story: the folder a document
is in (as ``plotline check FOLDER`` reads it), or a story the client names in
its initialization options (``{"stories": ["bible/", "standalone.toml"]}``,
relative to the workspace root). Each change to a buffer schedules a check of
its story after a short pause (:data:`DEBOUNCE` seconds), so typing is never
held up; diagnostics are then published for every file of the story, since
an edit in one file can settle or raise a finding in another.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Any, Final

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from plotline._live import CheckResult, StorySession
from plotline._live._complete import complete
from plotline._live._diagnostics import Mark, finding_marks, problem_marks
from plotline._live._fixes import fixes
from plotline._live._navigate import definitions, describe, id_at, references, symbols
from plotline._version import __version__

if TYPE_CHECKING:
    from plotline._live._navigate import Place

__all__ = ["DEBOUNCE", "PlotlineServer", "make_server"]

DEBOUNCE: Final = 0.3
"""Seconds of quiet after a change before its story is checked again."""

_SEVERITY: Final = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_SYMBOL_KIND: Final = {
    "work": types.SymbolKind.Module,
    "entity": types.SymbolKind.Class,
    "thread": types.SymbolKind.Interface,
    "arc": types.SymbolKind.Namespace,
    "event": types.SymbolKind.Event,
    "source": types.SymbolKind.File,
    "release": types.SymbolKind.Constant,
    "constraint": types.SymbolKind.Operator,
    "claim": types.SymbolKind.Property,
}
_COMPLETION_KIND: Final = {
    "role": types.CompletionItemKind.EnumMember,
    "mode": types.CompletionItemKind.EnumMember,
    "kind": types.CompletionItemKind.EnumMember,
    "status": types.CompletionItemKind.EnumMember,
    "importance": types.CompletionItemKind.EnumMember,
}


class PlotlineServer(LanguageServer):
    """The language server: sessions by story root, the last results, pending checks."""

    def __init__(self) -> None:
        super().__init__("plotline", __version__)
        self.stories: list[str] = []
        """Story roots the client named; other documents' stories are their folders."""
        self.sessions: dict[str, StorySession] = {}
        self.results: dict[str, CheckResult] = {}
        self.published: dict[str, set[str]] = {}
        """Story root → the files it last published diagnostics for (to clear them later)."""
        self.pending: dict[str, asyncio.TimerHandle] = {}

    # -- stories ---------------------------------------------------------------

    def root_of(self, path: str) -> str:
        """The story a file belongs to: a named story that holds it, or its folder."""
        path = os.path.abspath(path)
        for root in self.stories:
            if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
                return root
        return os.path.dirname(path)

    def session_for(self, path: str) -> StorySession:
        """The session of the story ``path`` belongs to (made on first use)."""
        root = self.root_of(path)
        session = self.sessions.get(root)
        if session is None:
            session = self.sessions[root] = StorySession(root)
        return session

    def lines(self, result: CheckResult) -> dict[str, list[str]]:
        """Each file's lines as the session read them (open buffers first)."""
        session = self.session_for(result.files[0]) if result.files else None
        found: dict[str, list[str]] = {}
        for file in result.files:
            text = session.text(file) if session is not None else None
            found[file] = [] if text is None else text.splitlines()
        return found

    def result_for(self, path: str) -> CheckResult:
        """The latest check of the story ``path`` belongs to (checked now if there is none)."""
        session = self.session_for(path)
        result = self.results.get(session.root)
        if result is None:
            result = self.results[session.root] = session.result()
        return result

    # -- diagnostics -------------------------------------------------------------

    def check_now(self, root: str) -> None:
        """Check one story and publish diagnostics for each of its files."""
        self.pending.pop(root, None)
        session = self.sessions[root]
        result = self.results[root] = session.result()
        lines = self.lines(result)
        marks = problem_marks(result.problems, lines)
        if result.report is not None:
            fallback = result.files[0] if result.files else root
            marks += finding_marks(result.report.findings, lines, fallback)
        by_file: dict[str, list[types.Diagnostic]] = {file: [] for file in result.files}
        for mark in marks:
            by_file.setdefault(mark.file, []).append(self._diagnostic(mark))
        for stale in self.published.get(root, set()) - set(by_file):
            by_file[stale] = []
        for file, diagnostics in by_file.items():
            uri = from_fs_path(file) or file
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics)
            )
        self.published[root] = {file for file, found in by_file.items() if found}

    def check_soon(self, root: str) -> None:
        """Check a story after :data:`DEBOUNCE` seconds of quiet."""
        waiting = self.pending.pop(root, None)
        if waiting is not None:
            waiting.cancel()
        loop = asyncio.get_running_loop()
        self.pending[root] = loop.call_later(DEBOUNCE, self.check_now, root)

    def _diagnostic(self, mark: Mark) -> types.Diagnostic:
        lines = self._document_lines(mark.file)
        start = self._position(lines, mark.line, mark.start, mark.file)
        end = self._position(lines, mark.line, mark.end, mark.file)
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=from_fs_path(file) or file,
                    range=types.Range(
                        start=self._position(self._document_lines(file), line, column, file),
                        end=self._position(self._document_lines(file), line, column, file),
                    ),
                ),
                message=message,
            )
            for file, line, column, message in mark.related
        ]
        return types.Diagnostic(
            range=types.Range(start=start, end=end),
            message=mark.message,
            severity=_SEVERITY.get(mark.severity, types.DiagnosticSeverity.Information),
            code=mark.code,
            source="plotline",
            related_information=related or None,
        )

    # -- positions ---------------------------------------------------------------

    def _document_lines(self, file: str) -> list[str]:
        uri = from_fs_path(file) or file
        document = self.workspace.text_documents.get(uri)
        if document is not None:
            return list(document.lines)
        session = self.session_for(file)
        text = session.text(file)
        return [] if text is None else text.splitlines(keepends=True)

    def _position(self, lines: list[str], line: int, column: int, file: str) -> types.Position:
        """A character column as the client counts it (UTF-16 by default)."""
        uri = from_fs_path(file) or file
        document = self.workspace.text_documents.get(uri)
        codec = document.position_codec if document is not None else None
        if codec is None or line >= len(lines):
            return types.Position(line=line, character=column)
        from pygls.workspace.position_codec import ServerTextPosition

        position: types.Position = codec.position_to_client_units(
            lines, ServerTextPosition(line, column)
        )
        return position

    def place_location(self, place: Place) -> types.Location:
        """A :class:`~plotline._live._navigate.Place` as an LSP location."""
        lines = self._document_lines(place.file)
        return types.Location(
            uri=from_fs_path(place.file) or place.file,
            range=types.Range(
                start=self._position(lines, place.line, place.start, place.file),
                end=self._position(lines, place.line, place.end, place.file),
            ),
        )

    def word_at(self, uri: str, position: types.Position) -> tuple[str, str, int, int] | None:
        """The file, id-like word, start and end (characters) under a client position."""
        path = to_fs_path(uri)
        if path is None:
            return None
        document = self.workspace.get_text_document(uri)
        lines = list(document.lines)
        if position.line >= len(lines):
            return None
        server = document.position_codec.position_from_client_units(lines, position)
        found = id_at(lines[position.line].rstrip("\r\n"), server.character)
        if found is None:
            return None
        return path, *found


def make_server() -> PlotlineServer:
    """A server with every feature registered."""
    server = PlotlineServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: PlotlineServer, params: types.InitializeParams) -> None:
        options: Any = params.initialization_options
        stories = options.get("stories") if isinstance(options, dict) else None
        root = ls.workspace.root_path or os.getcwd()
        if isinstance(stories, list):
            ls.stories = [
                os.path.abspath(os.path.join(root, story))
                for story in stories
                if isinstance(story, str)
            ]

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PlotlineServer, params: types.DidOpenTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is None:
            return
        session = ls.session_for(path)
        session.set_text(path, params.text_document.text)
        ls.check_now(session.root)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PlotlineServer, params: types.DidChangeTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is None:
            return
        document = ls.workspace.get_text_document(params.text_document.uri)
        session = ls.session_for(path)
        session.set_text(path, document.source)
        ls.check_soon(session.root)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PlotlineServer, params: types.DidSaveTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is not None:
            ls.check_now(ls.session_for(path).root)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PlotlineServer, params: types.DidCloseTextDocumentParams) -> None:
        path = to_fs_path(params.text_document.uri)
        if path is None:
            return
        session = ls.session_for(path)
        session.set_text(path, None)  # the file on disk is the truth again
        ls.check_now(session.root)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: PlotlineServer, params: types.DidChangeWatchedFilesParams) -> None:
        roots = {ls.root_of(path) for change in params.changes if (path := to_fs_path(change.uri))}
        for root in roots & set(ls.sessions):
            ls.check_soon(root)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: PlotlineServer, params: types.HoverParams) -> types.Hover | None:
        word = ls.word_at(params.text_document.uri, params.position)
        if word is None:
            return None
        path, text, _start, _end = word
        result = ls.result_for(path)
        card = None if result.story is None else describe(result.story, text)
        if card is None:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=card))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: PlotlineServer, params: types.DefinitionParams) -> list[types.Location]:
        word = ls.word_at(params.text_document.uri, params.position)
        if word is None:
            return []
        path, text, _start, _end = word
        result = ls.result_for(path)
        if result.story is None:
            return []
        places = definitions(result.story, text, ls.lines(result))
        return [ls.place_location(place) for place in places]

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def find_references(ls: PlotlineServer, params: types.ReferenceParams) -> list[types.Location]:
        word = ls.word_at(params.text_document.uri, params.position)
        if word is None:
            return []
        path, text, _start, _end = word
        result = ls.result_for(path)
        if result.story is None:
            return []
        lines = ls.lines(result)
        places = references(result.story, text, lines)
        if params.context.include_declaration:
            places = definitions(result.story, text, lines) + places
        return [ls.place_location(place) for place in places]

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=['"', "'", " ", "[", ","]),
    )
    def completion(ls: PlotlineServer, params: types.CompletionParams) -> types.CompletionList:
        path = to_fs_path(params.text_document.uri)
        document = ls.workspace.get_text_document(params.text_document.uri)
        lines = [line.rstrip("\r\n") for line in document.lines]
        if path is None or params.position.line >= len(lines):
            return types.CompletionList(is_incomplete=False, items=[])
        server_position = document.position_codec.position_from_client_units(
            list(document.lines), params.position
        )
        result = ls.result_for(path)
        found = complete(result.story, lines, server_position.line, server_position.character)
        items = [
            types.CompletionItem(
                label=item.label,
                kind=_COMPLETION_KIND.get(item.kind, types.CompletionItemKind.Reference),
                detail=item.detail or item.kind,
            )
            for item in found
        ]
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: PlotlineServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        path = to_fs_path(params.text_document.uri)
        if path is None:
            return []
        result = ls.result_for(path)
        if result.story is None or result.report is None:
            return []
        lines = ls.lines(result)
        asked = {(d.code, d.range.start.line, d.message) for d in params.context.diagnostics}
        actions = []
        for mark in finding_marks(result.report.findings, lines, path):
            if mark.file != path or mark.finding is None:
                continue
            if (mark.code, mark.line, mark.message) not in asked:
                continue
            for fix in fixes(mark.finding, result.story, lines):
                edit = fix.edit
                uri = from_fs_path(edit.file) or edit.file
                actions.append(
                    types.CodeAction(
                        title=fix.title,
                        kind=types.CodeActionKind.QuickFix,
                        is_preferred=fix.preferred,
                        diagnostics=[d for d in params.context.diagnostics if d.code == mark.code],
                        edit=types.WorkspaceEdit(
                            changes={
                                uri: [
                                    types.TextEdit(
                                        range=types.Range(
                                            start=types.Position(line=edit.line, character=0),
                                            end=types.Position(line=edit.end_line, character=0),
                                        ),
                                        new_text=edit.text,
                                    )
                                ]
                            }
                        ),
                    )
                )
        return actions

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbols(
        ls: PlotlineServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol]:
        path = to_fs_path(params.text_document.uri)
        if path is None:
            return []
        result = ls.result_for(path)
        if result.story is None:
            return []
        lines = ls.lines(result).get(os.path.abspath(path), [])
        found = symbols(result.story, os.path.abspath(path))
        out = []
        for index, symbol in enumerate(found):
            last = found[index + 1].line - 1 if index + 1 < len(found) else max(len(lines) - 1, 0)
            last = max(last, symbol.line)
            width = len(lines[last]) if last < len(lines) else 0
            line_width = len(lines[symbol.line]) if symbol.line < len(lines) else 0
            out.append(
                types.DocumentSymbol(
                    name=symbol.name,
                    detail=symbol.detail or symbol.kind,
                    kind=_SYMBOL_KIND.get(symbol.kind, types.SymbolKind.Object),
                    range=types.Range(
                        start=types.Position(line=symbol.line, character=0),
                        end=types.Position(line=last, character=width),
                    ),
                    selection_range=types.Range(
                        start=types.Position(line=symbol.line, character=0),
                        end=types.Position(line=symbol.line, character=line_width),
                    ),
                )
            )
        return out

    return server


def serve() -> None:
    """Run the language server on standard input and output until the client exits."""
    make_server().start_io()
