"""Every command and every option of `bianmin` is documented in the README or in docs/."""
from __future__ import annotations

import pytest
from support import ROOT

from generator.commands import COMMANDS, make_parser

DOCS = "\n".join(p.read_text("utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def options(name: str) -> list[str]:
    parser = make_parser(name)
    command = parser._subparsers._group_actions[0].choices[name]  # type: ignore[union-attr]
    return [option for action in command._actions for option in action.option_strings if option.startswith("--") and option != "--help"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_documented_beside_its_command(name):
    assert f"bianmin {name}" in DOCS, f"`bianmin {name}` is in no document"
    lines = [line for line in DOCS.splitlines() if f"bianmin {name}" in line]
    missing = [option for option in options(name) if not any(option in line for line in lines)]
    assert not missing, f"bianmin {name}: options documented nowhere on a line naming the command: {missing}"


def test_the_option_finder_sees_the_options():
    assert "--dev-addr" in options("serve") and "--site-url" in options("export")
