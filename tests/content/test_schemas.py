"""The JSON Schemas: valid draft 2020-12, described in both languages, matching the demo
board, and wired to every content folder in the VS Code settings volunteers open."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from noticeboard.content.load import load_content
from noticeboard.content.types import OPTIONAL_FILES, RECORD_TYPES, SINGLE_FILES
from tests.conftest import REPO

ROOT = REPO
SCHEMA_DIR = ROOT / "schemas"
CONTENT = ROOT / "content"
SETTINGS = ROOT / ".vscode" / "settings.json"
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))
# Every record type, with where its files live: (schema name, glob relative to the repo).
EXPECTED_GLOBS = [(name, f"content/{rel}") for name, rel in (*SINGLE_FILES, *OPTIONAL_FILES)] + [
    (t.name, f"content/{t.folder}/**/*{suffix}") for t in RECORD_TYPES for suffix in (".yaml", ".yml")
]
# Schemas of settings files that are not a board's content: STREET.yaml, read by `build.py street`
# (docs/street.md), in a street repository's root and in the demo.
OTHER_GLOBS = [("street", "street.yaml"), ("street", "examples/street/street.yaml")]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def _schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _properties(schema: dict, where: str = "") -> Iterator[tuple[str, dict]]:
    """Yield (dotted name, sub-schema) for every property, however deeply nested."""
    for name, sub in schema.get("properties", {}).items():
        dotted = f"{where}.{name}" if where else name
        yield dotted, sub
        yield from _properties(sub, dotted)
        if isinstance(sub.get("items"), dict):
            yield f"{dotted}[]", sub["items"]
            yield from _properties(sub["items"], f"{dotted}[]")


def _settings_globs() -> dict[str, list[str]]:
    mapping = json.loads(SETTINGS.read_text(encoding="utf-8"))["yaml.schemas"]
    return {schema: [globs] if isinstance(globs, str) else globs for schema, globs in mapping.items()}


def _glob_regex(glob: str) -> re.Pattern[str]:
    """Translate a VS Code glob (``**`` spans folders, ``*`` does not) into a regex."""
    out = ""
    for part in re.split(r"(\*\*/|\*)", glob):
        if part == "**/":
            out += "(?:[^/]+/)*"
        elif part == "*":
            out += "[^/]*"
        else:
            out += re.escape(part)
    return re.compile(out + r"\Z")


def test_every_record_type_has_a_schema_file():
    names = {path.name.removesuffix(".schema.json") for path in SCHEMA_FILES}
    assert names == {name for name, _ in EXPECTED_GLOBS + OTHER_GLOBS}


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path):
    schema = _schema(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_is_described_in_chinese_and_english(path):
    undescribed = []
    for name, sub in _properties(_schema(path)):
        description = sub.get("description", "")
        zh, _, en = description.partition(" / ")
        if not (_CJK.search(zh) and _LATIN.search(en)):
            undescribed.append(f"{name}: {description!r}")
    assert undescribed == []


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_every_property_has_a_chinese_title(path):
    untitled = [name for name, sub in _properties(_schema(path)) if not _CJK.search(sub.get("title", ""))]
    assert untitled == []


def test_every_demo_record_validates_against_its_schema():
    loaded = load_content(CONTENT, display_root="content")
    assert loaded.problems == []
    seen_types = set()
    failures = []
    for type_name, sources in loaded.sources.items():
        validator = Draft202012Validator(
            _schema(SCHEMA_DIR / f"{type_name}.schema.json"),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        for source in sources:
            seen_types.add(type_name)
            failures += [f"{source.display}: {e.message}" for e in validator.iter_errors(source.data)]
    assert failures == []
    assert seen_types == {name for name, _ in EXPECTED_GLOBS}


def test_vscode_settings_point_at_existing_schemas():
    for schema in _settings_globs():
        assert (ROOT / schema).is_file(), schema


def test_vscode_settings_map_every_content_folder_to_its_schema():
    mapped = {
        (Path(schema).name.removesuffix(".schema.json"), glob)
        for schema, globs in _settings_globs().items()
        for glob in globs
    }
    assert sorted(mapped) == sorted(EXPECTED_GLOBS + OTHER_GLOBS)


def test_vscode_settings_cover_every_demo_yaml_file_with_the_right_schema():
    loaded = load_content(CONTENT, display_root="content")
    patterns = [
        (Path(schema).name.removesuffix(".schema.json"), _glob_regex(glob))
        for schema, globs in _settings_globs().items()
        for glob in globs
    ]
    wrong = []
    for type_name, sources in loaded.sources.items():
        for source in sources:
            if source.path.suffix == ".md":
                continue  # front matter is checked by `build.py check`, not by the editor
            matches = [name for name, pattern in patterns if pattern.match(source.display)]
            if matches != [type_name]:
                wrong.append((source.display, matches))
    assert wrong == []


def test_vscode_recommends_the_yaml_extension():
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# What the VS Code YAML extension understands: it validates with JSON Schema draft 7 rules,
# so a keyword only newer drafts know would silently do nothing in volunteers' editors.
_DRAFT7_KEYWORDS = {
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "examples",
    "type", "enum", "const", "format", "pattern", "minLength", "maxLength", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "items", "additionalItems", "minItems",
    "maxItems", "uniqueItems", "contains", "properties", "patternProperties", "additionalProperties",
    "required", "propertyNames", "minProperties", "maxProperties", "dependencies",
    "if", "then", "else", "allOf", "anyOf", "oneOf", "not", "definitions",
}  # fmt: skip


def _keywords(schema: dict) -> set[str]:
    found = set(schema)
    for key, value in schema.items():
        subschemas = []
        if key in ("properties", "definitions", "patternProperties"):
            subschemas = list(value.values())
        elif key in ("allOf", "anyOf", "oneOf"):
            subschemas = value
        elif isinstance(value, dict) and key not in ("x-allowed-when", "default", "const"):
            subschemas = [value]
        found |= set().union(*(_keywords(sub) for sub in subschemas)) if subschemas else set()
    return found


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_uses_only_keywords_the_editor_understands(path):
    ours = {"x-allowed-when", "errorMessage"}  # read by `check` for its messages; editors skip them
    assert _keywords(_schema(path)) - _DRAFT7_KEYWORDS - ours == set()


@pytest.mark.parametrize(
    ("written", "refused"),
    [("updates: []", False), ("updates:\n    - {date: 2020-12-01, text: 开工}", True)],
)
def test_an_empty_list_the_form_editor_writes_is_not_a_field_out_of_place(tmp_path, written, refused) -> None:
    """The form editor saves an optional list left empty as ``[]``; on a rejected decision
    that says nothing, so only a list with something in it is refused."""
    import datetime as dt
    import shutil

    from noticeboard.content.check import check_content
    from tests.conftest import REPO

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    council = content / "councils/2020/2020-11-04-yard-12.yaml"
    text = council.read_text(encoding="utf-8")
    council.write_text(text.replace("  outcome: rejected\n", f"  outcome: rejected\n  {written}\n"), "utf-8")
    codes = [p.code for p in check_content(content, dt.date(2022, 8, 27)).problems]
    assert codes == (["field-not-allowed"] if refused else [])
