"""Sub-commands other than ``check``. Each module offers ``register(sub, commands, add_common)``."""

from __future__ import annotations

import importlib

# One module per verb; a module that is not there yet is simply skipped.
COMMAND_MODULES = ("build", "printing", "new", "diff", "serve")


def register_all(sub, commands: dict, add_common) -> None:
    """Let every command module add its sub-parser and handler."""
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"noticeboard.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"noticeboard.commands.{name}":
                raise
            continue
        module.register(sub, commands, add_common)
