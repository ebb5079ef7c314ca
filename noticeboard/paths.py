"""Where the engine's own folders are, and where a board keeps its own templates and assets.

The engine's default theme (``templates/``, its assets in ``templates/static/``) and its
schemas (``schemas/``) are package data of an installed engine: ``noticeboard/templates``
and ``noticeboard/schemas`` inside the package (pyproject.toml maps the repository's
top-level folders there). In a source checkout they are the repository's ``templates/`` and
``schemas/`` beside the package, so the checkout works without installing.

A board is a folder holding ``content/`` (with ``content/site.yaml`` in it) and, if it
wants, ``templates/`` and ``static/`` beside it: a template there overrides the engine's
template of the same name, a file there adds or replaces an asset (docs/boards.md).

A module of its own, so that a build with nothing to do can digest these folders without
importing Jinja or the schema checker.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_INSTALLED = (PACKAGE / "templates").is_dir()  # package data of an installed engine
ROOT = PACKAGE if _INSTALLED else PACKAGE.parent
TEMPLATES = ROOT / "templates"
SCHEMA_DIR = ROOT / "schemas"
EDITOR_VENDOR = ROOT / "vendor" / "decap-cms"  # the form editor, vendored (tools/update_editor.py)
STARTER = PACKAGE / "starter"  # the files `noticeboard init` writes into a new board

BOARD_TEMPLATES = "templates"  # a board's own templates, beside its content folder
BOARD_STATIC = "static"  # a board's own assets, published under static/
ENGINE_PREFIX = "engine/"  # "engine/wishes/page.html": the engine's template even when overridden


@dataclass(frozen=True)
class Theme:
    """Where one build's templates and assets come from: the board's folders first, then the engine's."""

    templates: tuple[Path, ...]  # searched in order; the engine's folder is last
    static: tuple[Path, ...]  # every file below these is published under static/; earlier wins

    @property
    def engine_templates(self) -> Path:
        return self.templates[-1]

    @property
    def overrides(self) -> tuple[Path, ...]:
        """The board's own template folders (none when it overrides nothing)."""
        return self.templates[:-1]

    def folders(self) -> list[tuple[str, Path]]:
        """Every folder a build reads its theme from, labelled, for the build's input digest."""
        return [*(("templates", f) for f in self.templates), *(("static", f) for f in self.static)]


ENGINE_THEME = Theme((TEMPLATES,), (TEMPLATES / "static",))


def board_theme(content_dir: Path) -> Theme:
    """The theme of the board whose content folder is ``content_dir``: its own ``templates/``
    and ``static/`` beside that folder (when they exist), then the engine's."""
    root = content_dir.parent if content_dir.name not in ("", ".", "..") else content_dir.absolute().parent
    templates = [folder for folder in (root / BOARD_TEMPLATES,) if _own(folder, TEMPLATES)]
    static = [folder for folder in (root / BOARD_STATIC,) if _own(folder, TEMPLATES / "static")]
    return Theme((*templates, TEMPLATES), (*static, TEMPLATES / "static"))


def _own(folder: Path, engine: Path) -> bool:
    """Tell whether a board folder exists and is not the engine's own (the demo board's are)."""
    if not folder.is_dir():
        return False
    try:
        return not os.path.samefile(folder, engine)
    except OSError:
        return True
