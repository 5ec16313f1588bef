"""A story kept open in an editor: re-read file by file, checked, and navigated.

The protocol-free half of ``plotline lsp`` (and of ``plotline check
--watch``): :class:`StorySession` holds a story's buffers and re-reads only
the files that changed; :mod:`._diagnostics` turns findings and load problems
into marks on lines; :mod:`._navigate` answers hover, definition, references
and outline questions about ids; :mod:`._complete` says what may be typed;
:mod:`._fixes` turns the fix-its that messages name into text edits.
"""

from __future__ import annotations

from plotline._live._session import CheckResult, StorySession

__all__ = ["CheckResult", "StorySession"]
