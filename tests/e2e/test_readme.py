"""The README's command list names every command and flag that `--help` offers."""

from __future__ import annotations

import argparse
import re

from briefing.cli import make_parser
from tests.conftest import ROOT


def command_list() -> str:
    """The README's fenced block of commands, under '## Commands'."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Commands") :]
    return section[section.index("```sh") : section.index("```", section.index("```sh") + 5)]


def test_every_command_and_flag_of_help_is_in_the_readme_command_list() -> None:
    listed = command_list()
    parser = make_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = []
    for name, sub in commands.choices.items():
        if not re.search(rf"python build\.py {re.escape(name)}\b", listed):
            missing.append(name)
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag not in ("--help", "--config", "--debug") and flag not in listed:
                    missing.append(f"{name} {flag}")
    assert not missing, f"not in the README's command list: {missing}"
