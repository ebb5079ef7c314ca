"""Values the schema refused that are right but for how a Chinese keyboard typed them.

:mod:`noticeboard.content.schema` asks here before it words a refusal. A value in Chinese
quotation marks (``“open”``), with a full-width space around it, in full-width letters or
digits (``１２``), or list items joined by a Chinese comma (``[alpha，beta]``) is named as
that slip, with the value to write instead, when the corrected value fits where the typed
one did not. Text where a list belongs gets the list to write (``alpha`` → ``[alpha]``), and
text where a number or true/false belongs the one it means (``15人`` → ``15``, ``是`` → ``true``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import yaml

from noticeboard.content import hints
from noticeboard.content.labels import Spec, choice_labels
from noticeboard.content.value_messages import SEPARATORS

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

Fits = Callable[[object, Spec], bool]  # does this value pass this (sub)schema?
Slip = tuple[str, dict[str, object]]  # a problem code and its parameters

_DIGITS = re.compile(r"[0-9]{1,15}")
_BRACKETS = {"[": "]", "【": "】", "［": "］", "〔": "〕", "(": ")", "（": "）"}
_ITEM_SEPARATORS = re.compile(r"[,，、;；]")


def typing_slip(error: ValidationError, schema: Spec, base: dict[str, object]) -> Slip | None:
    """A refused text value that is right but for Chinese quotation marks or full-width spaces
    around it, or full-width characters in it: the code and parameters that say so and what
    to write instead."""
    typed = error.instance if isinstance(error.instance, str) else ""
    stripped = typed.strip(" " + hints.FULL_WIDTH_SPACE)
    inner = hints.unquoted(stripped)
    if inner is not None or (stripped != typed and hints.FULL_WIDTH_SPACE in typed):
        meant = (inner if inner is not None else stripped).strip()
        write = _what_fits(meant, error, schema)
        if write is None:
            return None
        code = "chinese-quotes" if inner is not None else "fullwidth-space"
        shown = typed if inner is not None else base["value"]  # the quotation marks say enough
        return code, {**base, "value": shown, "write": write, "where": "value"}
    half_width = unicodedata.normalize("NFKC", typed)
    if half_width != typed and _what_fits(half_width, error, schema) == half_width:
        return "fullwidth-characters", {**base, "write": half_width}
    return None


def _what_fits(meant: str, error: ValidationError, schema: Spec) -> str | None:
    """``meant`` as the field takes it, if it fits where the typed value did not."""
    keyword = error.validator
    if keyword == "enum":
        return hints.choice(meant, [str(v) for v in schema.get("enum", ())], choice_labels(schema))
    if schema.get("format") == "date":
        return hints.iso_date(meant)
    if keyword == "pattern" and re.search(str(schema.get("pattern", "")), meant):
        return meant
    digits = hints.plain(meant)
    if keyword == "type" and error.validator_value == "integer" and _DIGITS.fullmatch(digits):
        return str(int(digits))
    return None


def scalar_to_write(typed: str, expected: str) -> str:
    """The whole number or true/false a text value stands for where the field takes one
    (``15人`` → ``15``, ``十五`` → ``15``, ``是`` → ``true``); else ''."""
    if expected == "integer":
        number = hints.whole_number(typed)
        return "" if number is None else str(number)
    if expected == "boolean":
        meant = hints.yes_no(typed)
        return "" if meant is None else str(meant).lower()
    return ""


def joined_items(error: ValidationError, parent: object, fits: Fits) -> Slip | None:
    """A refused list item that is several items joined by a Chinese comma, enumeration comma
    or semicolon (``[alpha，beta]`` reads as one item): the slip and the list to write."""
    path = tuple(error.absolute_path)
    typed = error.instance
    if not (path and isinstance(path[-1], int) and isinstance(parent, list) and isinstance(typed, str)):
        return None
    separator = next((mark for mark in typed if mark in SEPARATORS), None)
    parts = _fitting_items(typed, error.schema, fits)  # type: ignore[arg-type]  # our schemas are objects
    if separator is None or len(parts) < 2:
        return None
    index = path[-1]
    items = [*parent[:index], *parts, *parent[index + 1 :]]
    return "fullwidth-comma", {"separator": separator, "write": flow_list(items)}


def list_to_write(typed: str, items_schema: Spec, fits: Fits) -> str:
    """The list a text value typed where a list belongs stands for (``alpha，beta`` or
    ``【alpha, beta】`` → ``[alpha, beta]``), when every item fits; else ''."""
    parts = _fitting_items(typed, items_schema, fits)
    return flow_list(parts) if parts else ""


def _fitting_items(typed: str, item_schema: Spec, fits: Fits) -> list[str]:
    """The items a text holds (brackets of either width taken off, split at commas,
    enumeration commas and semicolons of either width, written half-width) when each fits
    ``item_schema``; else none."""
    text = typed.strip(" " + hints.FULL_WIDTH_SPACE)
    if len(text) >= 2 and _BRACKETS.get(text[0]) == text[-1]:
        text = text[1:-1]
    parts = (unicodedata.normalize("NFKC", part).strip() for part in _ITEM_SEPARATORS.split(text))
    items = [hints.unquoted(part) or part for part in parts if part]
    return items if all(fits(item, item_schema) for item in items) else []


def flow_list(items: list[Any]) -> str:
    """``items`` written as a YAML list on one line, each item quoted only where it must be."""
    return "[" + ", ".join(_flow_item(item) for item in items) + "]"


_PLAIN_ITEM = re.compile(r"[^\s\[\]{},:#&*!|>'\"%@`?-][^\[\]{},:#]*(?<!\s)")  # nothing flow YAML reads


def _flow_item(item: object) -> str:
    """One item of a one-line list: as typed where YAML reads it back as that very text
    (``wanhua-barbershop``, ``理发：免费``), else in double quotes (``"12"``, ``"a: b"``)."""
    text = str(item)
    typed_as = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if _PLAIN_ITEM.fullmatch(text) and typed_as == _STR:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


_RESOLVER = yaml.resolver.Resolver()  # how YAML types a plain scalar, without constructing it
_STR = "tag:yaml.org,2002:str"
