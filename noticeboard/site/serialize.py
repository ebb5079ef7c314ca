"""Open data as bytes: pretty JSON and spreadsheet-safe CSV, deterministic to the byte."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any

BOM = "\ufeff"


# A CSV cell starting with one of these is run as a formula by Excel; content is untrusted.
_FORMULA_FIRST = frozenset("=+-@\t\r")


LIST_SEPARATOR = ";"


def json_bytes(value: Any) -> bytes:
    """Serialise as pretty UTF-8 JSON, keys in insertion order, with a final newline."""
    return (_pretty(value, "") + "\n").encode("utf-8")


def _pretty(value: Any, pad: str) -> str:
    """Write exactly what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes.

    The standard library drops to its pure-Python encoder whenever ``indent`` is set;
    this keeps the C string escaper and is about twice as fast on a big board.
    """
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None or kind is bool:
        return _JSON_CONSTANTS[value]
    inner = pad + "  "
    if kind is dict:
        if not value:
            return "{}"
        items = [f"{inner}{encode_basestring(key)}: {_pretty(item, inner)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _pretty(item, inner) for item in value) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)  # floats and anything else: the standard way


_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def _cell(value: Any) -> str:
    kind = type(value)
    if isinstance(value, str):
        # Show a text as typed instead of letting a spreadsheet run it as a formula.
        return "'" + value if value[:1] in _FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if kind is list or kind is tuple:
        return LIST_SEPARATOR.join(map(_cell, value))
    return str(value)


def csv_bytes(columns: list[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """Serialise rows as CSV in UTF-8 with a BOM, one header line, CRLF line ends."""
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), lineterminator="\r\n")
    writer.writerow(columns)
    commas = len(columns) - 1
    for row in rows:
        cells = [_cell(row[column]) for column in columns]
        line = ",".join(cells)
        # A row with no comma, quote or line break in a cell needs no quoting: the csv module
        # would write just this. Any other row it writes itself.
        if line.count(",") == commas and '"' not in line and "\n" not in line and "\r" not in line and line:
            lines.append(line + "\r\n")
        else:
            writer.writerow(cells)
    return (BOM + "".join(lines)).encode("utf-8")


class _Lines:
    """A file for csv.writer that keeps what it writes in a list, in order."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append
