"""`poi-bot --help` lists every command without loading any of them; each command still loads whole."""

from __future__ import annotations

import argparse
import subprocess
import sys

from bot.cli import COMMANDS, build_parser


def _listed(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {action.dest: action.help for action in commands._choices_actions}


def test_the_listing_says_what_each_command_module_says() -> None:
    whole = _listed(build_parser())  # every module loaded, as each registers itself
    listed = _listed(build_parser(["--help"]))
    assert listed == whole
    assert list(listed) == [name for names in COMMANDS.values() for name, _ in names]


def test_help_loads_no_command_and_a_command_loads_only_its_own() -> None:
    code = (
        "import sys\nfrom bot.cli import build_parser\nbuild_parser(sys.argv[1:])\n"
        "print(sorted(m for m in ('telegram', 'matplotlib', 'sqlalchemy', 'bot.app', 'rapidfuzz') "
        "if m in sys.modules))"
    )

    def loaded(*argv: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
        return done.stdout.strip()

    assert loaded("--help") == "[]"
    assert loaded("ask", "¿cómo vamos?") == "['rapidfuzz', 'sqlalchemy']"
    assert loaded("import", "x.csv") == "['sqlalchemy']"
    assert "telegram" in loaded("run")
