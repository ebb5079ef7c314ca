"""Sub-commands other than ``check``: one module per verb, imported only when its verb runs.

Each module offers ``register(parser, commands, add_common)``, which adds the verb's options
to its sub-parser and its handler to ``commands``. The table below names every verb with its
one-line help, so ``build.py --help`` lists them all without importing any.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

# verb -> (module, help); a module that is not there yet is simply skipped.
COMMANDS = {
    "build": ("build", "check the content and build the site"),
    "print": ("printing", "write the printable notice board (公示栏打印版)"),
    "new": ("new", "write a new record file from its template"),
    "diff": ("diff", "summarise what changes between two git revisions of the board"),
    "serve": ("serve", "preview the board in a browser; rebuild and reload on save"),
}


def register_all(sub, commands: dict, add_common: Callable, wanted: str | None = None) -> None:
    """Add every verb's sub-parser; give the full options and handler of ``wanted`` (None: all)."""
    for verb, (name, help_text) in COMMANDS.items():
        if wanted is not None and verb != wanted:
            sub.add_parser(verb, help=help_text)  # listed in --help; not parsed in this run
            continue
        try:
            module = importlib.import_module(f"noticeboard.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"noticeboard.commands.{name}":
                raise
            continue
        parser: argparse.ArgumentParser = sub.add_parser(verb, help=help_text)
        module.register(parser, commands, add_common)
