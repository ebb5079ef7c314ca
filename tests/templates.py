"""Helpers for the record templates: open every optional line, fill every placeholder.

Used by tests/commands/test_new.py, tests/site/test_editlinks.py and the tests of a board
made by ``init`` (tests/commands/test_init.py, tests/browser/test_new_board_browser.py,
tests/test_packaging.py).
"""

from __future__ import annotations

import json
import re

from noticeboard.content.parse import parse_yaml
from noticeboard.content.placeholders import placeholders_in
from noticeboard.content.schema import load_schema
from noticeboard.content.types import TYPES_BY_NAME

# An optional line: "#" right before a field name or a list item, at the line's indentation.
OPTIONAL_LINE = re.compile(r"^(?P<indent>\s*)#(?=[A-Za-z_]|- )")


def uncomment_optional_lines(text: str) -> str:
    """Delete the one "#" of every optional line, as CONTRIBUTING tells a volunteer to."""
    return "\n".join(OPTIONAL_LINE.sub(r"\g<indent>", line) for line in text.split("\n"))


def _spec(record_type: str, path: tuple) -> dict:
    spec: dict = load_schema(record_type)
    for part in path:
        spec = spec.get("items", {}) if isinstance(part, int) else spec.get("properties", {}).get(part, {})
    return spec


def fill_placeholders(record_type: str, text: str, partner: str = "alpha") -> str:
    """The record with every placeholder replaced by a value its field takes on the test board
    (partner ids: ``partner``, by default the test board's ``alpha``), written as JSON (which
    YAML reads)."""
    data = parse_yaml(text).data
    assert isinstance(data, dict)
    for path, _, _ in list(placeholders_in(data)):
        spec = _spec(record_type, path)
        if spec.get("type") == "integer":
            value: object = 3
        elif spec.get("pattern", "").startswith("^[a-z0-9-]"):
            value = partner
        else:
            value = "测试内容" if path != (TYPES_BY_NAME[record_type].prose,) else "测试内容。\n"
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
