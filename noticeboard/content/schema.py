"""Check record shapes against the JSON Schemas in ``schemas/`` (the single source of truth).

jsonschema finds the errors; this module only translates each into a volunteer's
words (a problem code plus parameters) at the key path where it happened.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from noticeboard.content import hints
from noticeboard.content.labels import Spec, choice_labels, enum_labels_in, field_words, key_for_label
from noticeboard.content.problems import Finding, KeyPath, field_label
from noticeboard.content.value_slips import Fits, joined_items, list_to_write, scalar_to_write, typing_slip
from noticeboard.paths import SCHEMA_DIR

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# A JSON Schema document as json.loads reads it: JSON, looked into keyword by keyword.
JSONSchema = dict[str, Any]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_JSON_TYPES = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
    (type(None), "null"),
)


@cache
def load_schema(name: str) -> JSONSchema:
    """Read ``schemas/<name>.schema.json``."""
    schema: JSONSchema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


@cache
def enum_labels(name: str) -> dict[tuple[str, str], str]:
    """The Chinese label of every enum value of a record type: (field, value) -> "已认领"."""
    return enum_labels_in(load_schema(name))


def field_params(name: str, path: KeyPath, role: str = "field") -> dict[str, str]:
    """Message parameters naming the field at ``path`` of a record type: ``{role}`` the key path
    for programs (``decisions[2].done``), ``{role}_zh`` and ``{role}_en`` in words."""
    words = field_words(load_schema(name), path)
    return {role: words.path, f"{role}_zh": words.zh, f"{role}_en": words.en}


def enum_values(name: str, field: str) -> tuple[str, ...]:
    """The values a record type's field may take, in the order its schema lists them."""
    return tuple(load_schema(name)["properties"][field]["enum"])


@cache
def schemas_digest() -> str:
    """A digest of every record schema: a verdict cached under other schemas is not reused."""
    digest = hashlib.sha256()
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def _validator(name: str) -> Validator:
    # Imported here: jsonschema takes ~50 ms to import and is only asked about records the
    # compiled check already found wrong.
    import jsonschema
    from jsonschema import Draft202012Validator

    # JSON Schema counts 10.0 as an integer; YAML reads `points: 10.0` as a float, and a page
    # would show "10.0 points". Whole numbers must be written as whole numbers.
    # (types-jsonschema leaves validators.extend unannotated; it makes a Validator class)
    strict: type[Validator] = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
        ),
    )
    return strict(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _has_float(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_has_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_float(item) for item in value)
    return False


@cache
def _fast_check(name: str) -> Callable[[object], object]:
    """Compile the same schema with fastjsonschema for a quick yes/no on valid records.

    jsonschema explains errors well but costs ~0.1 ms per record; most records are valid,
    so a compiled check that says "valid" lets a 10k-record board validate in well under a
    second. Whenever it says "invalid", jsonschema is asked for the detailed findings, so
    every message still comes from the one schema through jsonschema.
    (tests/content/test_schema_fastpath.py proves the two agree.)
    """
    schema = {key: value for key, value in load_schema(name).items() if key != "$schema"}
    # use_default=False: fastjsonschema would otherwise write defaults into the data;
    # detailed_exceptions=False: only the verdict is used (each "if" that does not hold
    # raises inside, and a detailed message costs more than the check).
    return fastjsonschema.compile(
        schema, formats={"date": _is_iso_date}, use_default=False, detailed_exceptions=False
    )


def _is_iso_date(value: str) -> bool:
    return bool(_ISO_DATE.fullmatch(value)) and _calendar_date(value)


def _calendar_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_shape_valid(name: str, data: object) -> bool:
    """Quick verdict from the compiled schema."""
    try:
        _fast_check(name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_findings(name: str, data: object, *, floats: bool | None = None) -> list[Finding]:
    """Return every shape problem of one record, located by key path.

    ``floats``: whether ``data`` holds a float, when the parse knows (None: look).
    """
    if is_shape_valid(name, data) and not (_has_float(data) if floats is None else floats):
        return []  # (the compiled check allows 10.0 where a whole number belongs)
    findings: list[Finding] = []
    for error in _validator(name).iter_errors(data):  # type: ignore[arg-type]  # parsed YAML: JSON-like
        findings.extend(_translate(error, data, name))
    return _one_per_chinese_key(findings)


def _one_per_chinese_key(findings: list[Finding]) -> list[Finding]:
    """``findings`` without what follows from a key written in Chinese: ``类别: …`` is one
    slip, reported as the unknown key that says to write ``category``, not also as a missing
    ``category`` (nor, for ``结果: adopted``, as a ``status`` that needs an adopted outcome)."""
    written = {(f.path[:-1], f.params["write_key"]) for f in findings if "write_key" in f.params}

    def follows(finding: Finding) -> bool:
        if finding.code == "missing-key":
            return (finding.path, finding.params.get("key")) in written
        if finding.code == "field-not-allowed":
            return (finding.path[:-1], finding.params.get("status_key")) in written
        return False

    return [finding for finding in findings if not follows(finding)] if written else findings


def _json_type(value: object) -> str:
    for python_type, name in _JSON_TYPES:
        if isinstance(value, python_type):
            return name
    return type(value).__name__


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}..."'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)) or value is None:
        return ""
    return str(value)


def _translate(error: ValidationError, root: object, name: str) -> Iterator[Finding]:
    path: KeyPath = tuple(error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    base: dict[str, object] = {**field_params(name, path), "value": _shown(error.instance)}
    # The value judged and the keyword's own value in the schema: iter_errors sets both, each
    # of the kind its keyword works on (the isinstance tests below only say so to mypy).
    instance, value = error.instance, error.validator_value
    slip = _slip(error, schema, base, root, name) if isinstance(instance, str) else None
    if slip is not None:
        yield Finding(slip[0], path, slip[1])
    elif keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        keys = instance if isinstance(instance, dict) else {}
        extras = [key for key in keys if key not in schema.get("properties", {})]
        for key in extras:
            english = key_for_label(key, schema) if isinstance(key, str) else None
            close = [english] if english else difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            params = {**field_params(name, (*path, key)), "suggestion": close[0] if close else ""}
            if english:  # 类别 for category: the same slip as the missing key it stands for
                params.update({"where": "chinese", "write_key": english, "label": key})
            yield Finding("unknown-key", (*path, key), params, at_key=True)
    elif keyword == "required":
        present = set(instance) if isinstance(instance, dict) else set()
        when = _condition_text(error, root)
        for key in value if isinstance(value, list) else []:
            if key not in present:
                params = {**field_params(name, (*path, key)), "when": when, "key": key}
                yield Finding("missing-key", path, params)
    elif keyword == "not" and "x-allowed-when" in schema:
        ((status_key, allowed),) = schema["x-allowed-when"].items()
        parent = _parent_value(root, path)
        current = parent.get(status_key) if isinstance(parent, dict) else None
        yield Finding(
            "field-not-allowed",
            path,
            {
                **base,
                "status_key": status_key,
                "allowed": " / ".join(allowed),
                "current": current if current is not None else "-",
            },
            at_key=True,
        )
    elif keyword == "type":
        expected = "|".join(value) if isinstance(value, list) else value
        params = {**base, "expected": expected, "actual": _json_type(instance)}
        if expected == "array" and isinstance(instance, str):  # a list typed as text: show the list
            given = schema.get("items")
            item_schema: Spec = given if isinstance(given, dict) else {}
            params["write"] = list_to_write(instance, item_schema, _fits(name))
            params["items"] = item_schema.get("type", "")
        elif isinstance(instance, str):  # 15人 for 15, 是 for true
            params["write"] = scalar_to_write(instance, str(expected))
        yield Finding("wrong-type", path, params)
    elif keyword == "enum":
        yield Finding("invalid-choice", path, {**base, **_choice_params(instance, schema)})
    elif keyword in ("format", "pattern") and schema.get("format") == "date":
        typed = error.instance if isinstance(error.instance, str) else ""
        yield Finding("invalid-date", path, {**base, "write": hints.iso_date(typed) or ""})
    elif keyword == "pattern":
        params = {**base, **_pattern_expectation(schema)}
        if schema.get("pattern") == _ID_PATTERN and isinstance(instance, str):
            params["typed_id"] = instance  # a name, maybe: noticeboard.content.partner_names looks it up
        yield Finding("invalid-value", path, params)
    elif keyword == "minimum":
        yield Finding("out-of-range", path, {**base, "minimum": value})
    elif keyword == "maximum":
        yield Finding("out-of-range", path, {**base, "maximum": value, "where": "maximum"})
    elif keyword == "minItems":
        yield Finding("too-few-items", path, {**base, "minimum": value})
    elif keyword == "minLength":
        yield Finding("empty-value", path, base)
    elif keyword == "uniqueItems":
        items = instance if isinstance(instance, list) else []
        repeat = next(i for i, item in enumerate(items) if item in items[:i])
        yield Finding("duplicate-item", (*path, repeat), {**base, "value": _shown(items[repeat])})
    elif keyword in ("allOf", "anyOf", "oneOf", "if", "then", "else"):
        for sub in error.context or ():
            yield from _translate(sub, root, name)
    else:  # a keyword we have no words for yet: still a positioned problem
        yield Finding(
            "invalid-value", path, {**base, "expected_zh": error.message, "expected_en": error.message}
        )


def _choice_params(typed: object, schema: Spec) -> dict[str, str]:
    """Say what to write instead of a value that is not one of an enum's: the value it surely
    means (``已实现`` → ``fulfilled``), else the choices with their labels and a guess."""
    allowed = [str(v) for v in schema.get("enum", ())]
    labels = choice_labels(schema)
    params = {
        "allowed": ", ".join(allowed),
        "choices_zh": "、".join(f"{v}（{labels[v]}）" if v in labels else v for v in allowed),
        "write": "",
        "write_label": "",
        "suggestion": "",
    }
    if not isinstance(typed, str):
        return params
    meant = hints.choice(typed, allowed, labels)
    if meant is not None:
        return {**params, "write": meant, "write_label": labels.get(meant, "")}
    close = difflib.get_close_matches(typed, allowed, n=1, cutoff=0.5) if typed.isascii() else []
    params["suggestion"] = close[0] if close else (hints.close_label(typed, labels) or "")
    return params


_ID_PATTERN = "^[a-z0-9-]{1,64}$"


def _slip(
    error: ValidationError, schema: Spec, base: dict[str, object], root: object, name: str
) -> tuple[str, dict[str, object]] | None:
    """A refused text value named as the keyboard slip it is (:mod:`value_slips`), if it is one."""
    joined = joined_items(error, _parent_value(root, tuple(error.absolute_path)), _fits(name))
    if joined is not None:
        return joined[0], {**base, **joined[1]}
    return typing_slip(error, schema, base)


def _fits(name: str) -> Fits:
    """Tell whether a value passes a part of the record type's schema."""
    # (parsed YAML values are JSON-like; types-jsonschema names them its own way)
    return lambda value, part: bool(_validator(name).evolve(schema=part).is_valid(value))  # type: ignore[arg-type]


def _pattern_expectation(schema: Mapping[str, Any]) -> dict[str, str]:
    """Say in words what a pattern asks for (the regex itself means nothing to a volunteer)."""
    if schema.get("pattern") == _ID_PATTERN:
        return {
            "expected_zh": "这里要写合伙人编号，即 content/partners/ 下的文件名（如 wanhua-barbershop），"
            "不是名称；只能用小写字母、数字和 -",
            "expected_en": "write a partner id, the file name in content/partners/ "
            "(e.g. wanhua-barbershop), not the name; a-z, 0-9 and - only",
        }
    zh, _, en = schema.get("description", "").partition(" / ")
    return {"expected_zh": zh, "expected_en": en or zh}


def _parent_value(root: object, path: KeyPath) -> object:
    value = root
    for part in path[:-1]:
        try:
            value = value[part]  # type: ignore[index]  # any container: the wrong kind is caught below
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _condition_text(error: ValidationError, root: object) -> str:
    """Say which status made a key required, when an if/then branch required it."""
    if "then" not in error.schema_path or not isinstance(error.instance, dict):
        return ""
    for key in ("status", "outcome"):
        if key in error.instance:
            return f"{key}: {error.instance[key]}"
    return ""


def forget_schemas() -> None:
    """Read the schemas again when next asked (``serve`` calls it after a schema was edited)."""
    for cached in (load_schema, schemas_digest, _validator, _fast_check, enum_labels):
        cached.cache_clear()


def schema_names() -> list[str]:
    """List the schema names shipped in ``schemas/``."""
    return sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))


__all__ = ["field_label", "load_schema", "schema_findings", "schema_names", "schemas_digest"]
