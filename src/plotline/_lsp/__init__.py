"""``plotline lsp``: the language server (needs pygls: ``pip install 'plotline[lsp]'``).

The protocol lives in :mod:`._server`; what it answers is worked out by
:mod:`plotline._live`, which knows nothing of the protocol.
"""

from __future__ import annotations

__all__ = ["serve"]


def serve() -> None:
    """Run the language server over standard input and output."""
    from plotline._lsp._server import serve as run

    run()
