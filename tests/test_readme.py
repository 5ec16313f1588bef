"""The README's promises: the CI script runs exactly the README's test command."""

from __future__ import annotations

import re

from conftest import ROOT


def _fenced_commands(text: str) -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", text, flags=re.DOTALL)


class TestReadme:
    """README.md and .ci/run stay in step."""

    def test_two_setup_commands(self) -> None:
        """The set-up section gives one command for the example and one for the tests."""
        commands = _fenced_commands((ROOT / "README.md").read_text(encoding="utf-8"))
        assert len(commands) >= 2
        assert "plotline check examples/hero-mask" in commands[0]
        assert "pytest" in commands[1]

    def test_ci_runs_the_readme_test_command(self) -> None:
        """.ci/run ends by running the README's test command, word for word."""
        readme = _fenced_commands((ROOT / "README.md").read_text(encoding="utf-8"))[1]
        test_command = readme.split(" && ", 1)[1]
        ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
        assert ci_lines[-1] == test_command
