"""The compiled fast path (fastjsonschema) and jsonschema must agree on every record.

If they ever disagreed, a record could slip through `check` with a shape error that
jsonschema would have reported, so this is tested on the demo records and on many
mutations of them.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from noticeboard.content.load import load_content
from noticeboard.content.schema import is_shape_valid, load_schema
from tests.conftest import REPO, key_paths

CONTENT = REPO / "content"
_LOADED = load_content(CONTENT)
SAMPLES = [(s.type, s.data) for sources in _LOADED.sources.values() for s in sources]
ODD_VALUES = [None, True, False, 0, -1, 1.5, "", "x", "2022-02-30", "2022-5-6", "open", [], {}, ["a"]]


def _jsonschema_valid(name: str, data: object) -> bool:
    validator = Draft202012Validator(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)
    return not list(validator.iter_errors(data))


@pytest.mark.parametrize(("name", "data"), SAMPLES[:80])
def test_demo_records_agree(name: str, data: dict) -> None:
    assert is_shape_valid(name, data) == _jsonschema_valid(name, data) == True  # noqa: E712


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    choice=st.integers(min_value=0, max_value=10_000),
    action=st.sampled_from(["set", "delete", "add"]),
    value=st.sampled_from(ODD_VALUES),
)
def test_mutations_agree(sample: tuple, choice: int, action: str, value: object) -> None:
    name, original = sample
    data = copy.deepcopy(original)
    paths = [p for p in key_paths(data) if p]
    path = paths[choice % len(paths)]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if action == "set":
        parent[path[-1]] = value
    elif action == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[f"extra{choice % 3}"] = value
    assert is_shape_valid(name, data) == _jsonschema_valid(name, data)
