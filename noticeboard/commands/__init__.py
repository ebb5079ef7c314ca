"""The verbs of the command line: one module per verb, imported only when its verb runs.

Each module offers ``register(parser) -> handler``: it adds the verb's options to its
sub-parser and returns the function that runs it. The table below names every verb with
its one-line help, so ``noticeboard --help`` lists them all without importing any.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # --help lists the verbs without importing any of their modules
    from noticeboard.commands.options import Command

_P = TypeVar("_P", bound=argparse.ArgumentParser)  # the command line's own parser class

# verb -> (module, help)
COMMANDS = {
    "check": ("check", "validate the content"),
    "build": ("build", "check the content and build the site"),
    "print": ("printing", "write the printable notice board (公示栏打印版)"),
    "new": ("new", "write a new record file from its template"),
    "diff": ("diff", "summarise what changes between two git revisions of the board"),
    "serve": ("serve", "preview the board in a browser; rebuild and reload on save"),
    "init": ("init", "start a new community's board repository (新建公示栏仓库)"),
    "schemas": ("schemas", "copy the engine's record schemas into the board for the editor"),
    "street": ("street", "build the street board from many communities' published boards (街道汇总)"),
}


def register_all(sub: argparse._SubParsersAction[_P], wanted: str | None = None) -> dict[str, Command]:
    """Add every verb's sub-parser; give the full options and handler of ``wanted`` (None: all)."""
    handlers: dict[str, Command] = {}
    for verb, (name, help_text) in COMMANDS.items():
        parser: argparse.ArgumentParser = sub.add_parser(verb, help=help_text)
        if wanted is None or verb == wanted:
            module = importlib.import_module(f"noticeboard.commands.{name}")
            register: Callable[[argparse.ArgumentParser], Command] = module.register
            handlers[verb] = register(parser)
    return handlers
