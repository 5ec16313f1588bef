"""The ``plotline lsp`` command: a language server over stdio for editors.

Diagnostics for every finding and load problem, hover, go to definition, find
references, completion, quick fixes and document symbols; see
``docs/editors.md``. It needs pygls (``pip install 'plotline[lsp]'``): without
it the command says so and exits 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plotline._cli._common import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    import argparse
    from typing import TextIO

__all__ = ["add_lsp_arguments", "lsp_command"]


def add_lsp_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``plotline lsp`` on ``parser``."""
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="talk over standard input and output (the default, and the only transport)",
    )


def lsp_command(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Run the language server until the client exits; return the exit status."""
    del args, stdout
    try:
        import pygls  # noqa: F401
    except ModuleNotFoundError:
        stderr.write(
            "plotline lsp: the language server needs pygls; install it with: "
            "pip install 'plotline[lsp]'\n"
        )
        return EXIT_USAGE
    from plotline._lsp import serve

    serve()
    return EXIT_OK
