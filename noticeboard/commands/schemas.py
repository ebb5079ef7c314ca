"""``noticeboard schemas [--check]``: write the engine's record schemas into the board for the editor.

A board's repository does not hold the engine, but VS Code's YAML extension needs the schemas
as files to give field hints, completion and squiggles as volunteers type. This verb copies
the engine's record schemas into ``schemas/`` beside the content folder and maps each content
folder to its schema in ``.vscode/settings.json`` (``yaml.schemas``; other settings are kept).
Run it again after upgrading the engine; ``--check`` (in the board's CI) says whether they are
current. In the engine's own repository the schemas are the engine's: nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from noticeboard.commands.options import Command
from noticeboard.content.types import OPTIONAL_FILES, RECORD_TYPES, SINGLE_FILES
from noticeboard.errors import EXIT_CONTENT, EXIT_OK, UsageError
from noticeboard.paths import SCHEMA_DIR

SCHEMAS = "schemas"
SETTINGS = Path(".vscode") / "settings.json"
# What the board's editor settings say besides the schema map (the engine repository's own
# .vscode/settings.json says the same).
EDITOR_SETTINGS: dict[str, Any] = {
    "yaml.validate": True,
    "yaml.completion": True,
    "yaml.hover": True,
    "yaml.schemaStore.enable": False,
    "yaml.schemas": {},
    "files.encoding": "utf8",
    "files.eol": "\n",
    "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
}


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``schemas``; return its handler."""
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument(
        "--check", action="store_true", help="only say whether they are the engine's (exit 1 if not)"
    )
    return cmd_schemas


def editor_map(content: str = "content", schemas: str = SCHEMAS) -> dict[str, list[str]]:
    """VS Code's ``yaml.schemas``: each schema file → the content files it describes."""
    files = (*SINGLE_FILES, *OPTIONAL_FILES)
    mapping = {f"./{schemas}/{name}.schema.json": [f"{content}/{path}"] for name, path in files}
    for record_type in RECORD_TYPES:
        globs = [f"{content}/{record_type.folder}/**/*.{suffix}" for suffix in ("yaml", "yml")]
        mapping[f"./{schemas}/{record_type.name}.schema.json"] = globs
    return mapping


def engine_schemas() -> dict[str, bytes]:
    """The engine's record schemas a board's editor needs: file name → bytes."""
    return {path.name: path.read_bytes() for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


def planned(root: Path, content: str = "content") -> dict[Path, bytes | None]:
    """What ``schemas`` would change in the board at ``root``: path → new bytes (None: remove)."""
    changes: dict[Path, bytes | None] = {}
    folder = root / SCHEMAS
    if not _is_engine(folder):
        wanted = engine_schemas()
        for name, data in wanted.items():
            if _read(folder / name) != data:
                changes[folder / name] = data
        for stale in sorted(folder.glob("*.schema.json")):  # a schema the engine no longer has
            if stale.name not in wanted:
                changes[stale] = None
    settings = _settings(root / SETTINGS)
    current = settings.get("yaml.schemas")
    # The record schemas' entries are the engine's; any other entry is the board's own and stays.
    mapping = {**(current if isinstance(current, dict) else {}), **editor_map(content)}
    if current != mapping:
        text = json.dumps({**settings, "yaml.schemas": mapping}, ensure_ascii=False, indent=2) + "\n"
        changes[root / SETTINGS] = text.encode("utf-8")
    return changes


def apply(changes: dict[Path, bytes | None]) -> None:
    """Write (or remove) the files :func:`planned` named."""
    for path, data in changes.items():
        if data is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def cmd_schemas(args: argparse.Namespace) -> int:
    """Copy the schemas and map them in the editor settings, or (--check) say what is out of date."""
    content = Path(args.content)
    if not content.is_dir():
        raise UsageError(f"content folder not found: {content}")
    root = content.parent if content.name not in ("", ".", "..") else content.absolute().parent
    changes = planned(root, content.name or "content")
    shown = [_shown(path) for path in changes]
    if args.check:
        for name in shown:
            print(f"{name}: 与引擎的不一致 / not the engine's: run noticeboard schemas")
        return EXIT_CONTENT if changes else EXIT_OK
    apply(changes)
    for name in shown:
        print(f"wrote {name}")
    if not changes:
        print("schemas are current / 结构说明已是最新")
    return EXIT_OK


def _is_engine(folder: Path) -> bool:
    """The engine repository's own schemas folder (its demo board): never copied onto itself."""
    try:
        return os.path.samefile(folder, SCHEMA_DIR)
    except OSError:
        return False


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _settings(path: Path) -> dict[str, Any]:
    """The board's editor settings (the defaults when it has none)."""
    raw = _read(path)
    if raw is None:
        return dict(EDITOR_SETTINGS)
    try:
        settings = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        settings = None
    if not isinstance(settings, dict):
        raise UsageError(
            f"{path.as_posix()}: 不是纯 JSON（有注释？），请手动修改 yaml.schemas / "
            "not plain JSON (comments?): set yaml.schemas by hand"
        )
    return settings


def _shown(path: Path) -> str:
    try:
        return path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
