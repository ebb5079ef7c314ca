"""Types: the whole package passes ``mypy --strict``, and the record shapes say what the schemas say."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from typing import Any, get_args, get_origin, get_type_hints

import pytest

from noticeboard.content import shapes
from noticeboard.content.schema import load_schema, schema_names
from noticeboard.street import config as street_config
from tests.conftest import REPO

SHAPES = {
    "site": shapes.SiteData,
    "rules": shapes.RulesData,
    "partner": shapes.PartnerData,
    "project": shapes.ProjectData,
    "wish": shapes.WishData,
    "council": shapes.CouncilData,
    "award": shapes.AwardData,
    "redemption": shapes.RedemptionData,
    "catalogue": shapes.CatalogueData,
    "street": street_config.StreetData,  # STREET.yaml, read by the street board
}
_SCALARS = {"string": str, "integer": int, "number": float, "boolean": bool}


def test_the_package_passes_mypy_strict() -> None:
    if importlib.util.find_spec("mypy") is None:
        if os.environ.get("CI"):
            pytest.fail("mypy is not installed: CI must install the test extras (pip install -e '.[test]')")
        pytest.skip("mypy is not installed (pip install -e '.[test]')")
    result = subprocess.run(  # the settings and the files to check: [tool.mypy] in pyproject.toml
        [sys.executable, "-m", "mypy"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_schema_has_a_shape() -> None:
    assert sorted(SHAPES) == schema_names()


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_a_shape_names_the_fields_and_types_of_its_schema(name: str) -> None:
    _same_object(SHAPES[name], load_schema(name), name)


def _same_object(shape: Any, schema: dict[str, Any], where: str) -> None:
    hints = get_type_hints(shape)
    properties = schema.get("properties", {})
    assert set(hints) == set(properties), where
    assert shape.__required_keys__ == frozenset(schema.get("required", [])), where
    for key, spec in properties.items():
        _same_value(hints[key], spec, f"{where}.{key}")


def _same_value(hint: Any, spec: dict[str, Any], where: str) -> None:
    if isinstance(spec.get("type"), list):  # "boolean or object": a union, one member per type
        members = dict(zip(spec["type"], get_args(hint), strict=True))
        for kind, member in members.items():
            _same_value(member, {**spec, "type": kind}, f"{where}<{kind}>")
    elif "enum" in spec:  # every enum of ours lists texts
        assert hint is str and all(isinstance(value, str) for value in spec["enum"]), where
    elif spec["type"] == "object" and isinstance(spec.get("additionalProperties"), dict):  # a map
        assert get_origin(hint) is dict and get_args(hint)[0] is str, where
        _same_value(get_args(hint)[1], spec["additionalProperties"], f"{where}{{}}")
    elif spec["type"] == "object":
        _same_object(hint, spec, where)
    elif spec["type"] == "array":
        assert get_origin(hint) is list, where
        _same_value(get_args(hint)[0], spec["items"], f"{where}[]")
    else:
        assert hint is _SCALARS[spec["type"]], where
