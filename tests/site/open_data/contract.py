"""What a reader of an open-data version may rely on: every field's place, type and choices.

A version's contract is recorded once, when the version is released
(``tests/site/open_data/v<N>.json``), and every later schemas/export/ of the same version must
keep it: a field may be added, but not removed, renamed, given another type or other choices;
a file may be added, but not removed. ``python -m tests.site.open_data.contract`` writes the
contract of the current schemas (for a new version only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
EXPORT = ROOT / "schemas" / "export"
HERE = Path(__file__).parent
# What a field promises: its JSON types, its choices, its string format.
PROMISES = ("type", "enum", "const", "format")


def fields(schema: dict[str, Any], path: str = "$") -> dict[str, dict[str, Any]]:
    """Every field below ``schema`` by JSON path (``$[].decisions[].status``): what it promises."""
    found: dict[str, dict[str, Any]] = {}
    promise = {key: _normal(schema[key]) for key in PROMISES if key in schema}
    if promise:
        found[path] = promise
    for name, sub in schema.get("properties", {}).items():
        found.update(fields(sub, f"{path}.{name}"))
    if isinstance(schema.get("items"), dict):
        found.update(fields(schema["items"], f"{path}[]"))
    for key in ("anyOf", "oneOf"):
        for index, sub in enumerate(schema.get(key, [])):
            found.update(fields(sub, f"{path}<{key}{index}>"))
    return found


def _normal(value: Any) -> Any:
    """Promises compared as sets where order says nothing (``["string", "null"]``)."""
    return sorted(value, key=json.dumps) if isinstance(value, list) else value


def current() -> dict[str, dict[str, dict[str, Any]]]:
    """The contract the current schemas/export/ would record: file -> field path -> promise."""
    return {
        path.name: fields(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(EXPORT.glob("*.schema.json"))
    }


def recorded(version: int) -> dict[str, dict[str, dict[str, Any]]]:
    text = (HERE / f"v{version}.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, Any]]] = json.loads(text)
    return data


def broken_promises(version: int) -> list[str]:
    """What the current schemas no longer keep of a version's recorded contract, in words."""
    now = current()
    broken = []
    for file, promised in recorded(version).items():
        if file not in now:
            broken.append(f"{file}: the file is gone")
            continue
        for path, promise in promised.items():
            kept = now[file].get(path)
            if kept is None:
                broken.append(f"{file}: {path} is gone (removed or renamed)")
            elif kept != promise:
                broken.append(f"{file}: {path} promised {promise}, now {kept}")
    return broken


if __name__ == "__main__":
    version = int(sys.argv[1])
    target = HERE / f"v{version}.json"
    if target.exists():
        sys.exit(f"{target} exists: a released version's contract never changes")
    text = json.dumps(current(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    target.write_text(text, encoding="utf-8")
    print(target)
