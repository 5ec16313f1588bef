"""The version of plotline, read by the build backend and ``plotline --version``."""

from __future__ import annotations

__version__ = "0.1.0"
