"""The ``plotline`` subcommands, one module each; :mod:`plotline.cli` dispatches to them.

Each module ``NAME`` has ``add_NAME_arguments(parser)``, which declares the
command's arguments on the subparser the CLI hands it, and
``NAME_command(args, stdout, stderr) -> int``, which runs it, writing only to
the streams it is given and returning the exit status. ``import_`` is
``plotline import`` (``import`` is a keyword). What they share (exit statuses,
code and id options, problem lines) is in :mod:`._common`.
"""

from __future__ import annotations
