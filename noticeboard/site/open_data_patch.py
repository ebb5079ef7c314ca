"""A prose edit's open-data files: the last build's, with the edited records' entries rewritten.

An edit of some records' prose alone (a project's description, a wish's story, nothing else:
``PageMemory.prose_edited``) changes, in its type's JSON and CSV, the entries of those records
and nothing else: the same records in the same order, every other field as it was. Writing all
2,500 projects of a 10,000-record board takes 0.04 s; this takes the last build's bytes and
replaces the edited records' entries.

- The JSON file (:func:`~noticeboard.site.serialize.json_bytes`) is ``[``, one object per record
  at indentation 2, ``]``. Strings hold no raw line break and nested values are indented deeper,
  so ``"\\n  },\\n  {\\n"`` occurs only between two records: there must be one fewer than records.
  The object found at a record's place must start with its id.
- A CSV row starts with the record's id (a slug: no comma, quote or line break) after the line
  end of the row before it, and ends where the next record's row starts. Each of those starts
  must occur exactly once in the file (a cell could hold one, after a line break of its own).

When anything is not as expected (no earlier file, a count or a start not found exactly once)
:func:`patched_json` or :func:`patched_csv` gives None and the caller makes the files whole.
``tests/site/test_open_data_patch.py`` compares the patched files with files made whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from json.encoder import encode_basestring
from typing import Any

from noticeboard.site.serialize import BOM, csv_bytes, json_bytes

_BETWEEN = "\n  },\n  {\n"  # between two records' objects, and nowhere else
_START, _END = "[\n", "\n]\n"


def patched_json(earlier: bytes, ids: list[str], new: Mapping[int, Any]) -> bytes | None:
    """``earlier`` (the JSON of the records with ``ids``, in order) with the records at the
    positions of ``new`` replaced by ``new[position]``; None when it cannot be patched."""
    text = earlier.decode("utf-8")
    if not ids or not text.startswith(_START) or not text.endswith(_END):
        return None
    ends = _all(text, _BETWEEN)
    if len(ends) != len(ids) - 1:
        return None
    starts = [len(_START), *(end + len(_BETWEEN) - len("  {\n") for end in ends)]
    stops = [*(end + len("\n  }") for end in ends), len(text) - len(_END)]
    pieces, last = [], 0
    for position in sorted(new):
        start, stop = starts[position], stops[position]
        if not text.startswith(f'  {{\n    "id": {encode_basestring(ids[position])},', start):
            return None
        whole = json_bytes([new[position]]).decode("utf-8")  # "[\n  {...}\n]\n": this record alone
        pieces += [text[last:start], whole[len(_START) : -len(_END)]]
        last = stop
    return "".join([*pieces, text[last:]]).encode("utf-8")


def patched_csv(
    earlier: bytes, columns: list[str], ids: list[str], new: Mapping[int, dict[str, Any]]
) -> bytes | None:
    """``earlier`` (the CSV of the records with ``ids``, in order, ``columns`` wide) with the
    rows at the positions of ``new`` replaced by ``new[position]``; None when it cannot be."""
    text = earlier.decode("utf-8")
    header = csv_bytes(columns, []).decode("utf-8")  # the BOM and the header line
    if not ids or not text.startswith(header) or not text.startswith(BOM):
        return None
    pieces, last = [], 0
    for position in sorted(new):
        start = _row_start(text, ids[position], header if position == 0 else None)
        stop = len(text) if position + 1 == len(ids) else _row_start(text, ids[position + 1], None)
        if start is None or stop is None or start < last or stop <= start:
            return None
        row = csv_bytes(columns, [new[position]]).decode("utf-8")[len(header) :]
        pieces += [text[last:start], row]
        last = stop
    return "".join([*pieces, text[last:]]).encode("utf-8")


def _row_start(text: str, record_id: str, header: str | None) -> int | None:
    """Where the row of ``record_id`` starts: right after ``header`` for the first row, else
    after the only line end followed by the id and a comma; None when that is not so."""
    if header is not None:
        return len(header) if text.startswith(f"{record_id},", len(header)) else None
    found = _all(text, f"\r\n{record_id},")
    return found[0] + len("\r\n") if len(found) == 1 else None


def _all(text: str, needle: str) -> list[int]:
    """Every place ``needle`` starts in ``text``."""
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found
