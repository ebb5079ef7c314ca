"""Where a piece of a text value stands in its file: the line and column of a match inside it.

The parser knows where each value starts. A match inside a value (a phone number on the fifth
line of a ``story: |`` block, a placeholder in a Markdown body) is found again in the file's
own lines, searching from the value's start: a block scalar's lines are the file's lines. When
the piece cannot be found as written (an escape in a quoted text, a match across a folded line
break) the value's own position is the answer.
"""

from __future__ import annotations

import re

from noticeboard.content.decode import read_text
from noticeboard.content.parse import ParseError, Position
from noticeboard.content.problems import KeyPath
from noticeboard.content.source import Source

_BREAK = re.compile(r"\r\n|\r|\n")


def position_in_value(source: Source, path: KeyPath, value: str, offset: int, length: int) -> Position:
    """Line and column of ``value[offset:offset + length]`` in the file of ``source``."""
    start = source.doc.position(path)
    needle = value[offset : offset + length]
    if not needle or "\n" in needle or "\r" in needle:
        return start
    before = _occurrences(value, needle, offset)
    try:
        lines = _BREAK.split(read_text(source.path))
    except (OSError, ParseError):
        return start
    line, column = start
    seen = 0
    for number in range(line - 1, len(lines)):
        text = lines[number]
        at = text.find(needle, column - 1 if number == line - 1 else 0)
        while at != -1:
            if seen == before:
                return (number + 1, at + 1)
            seen += 1
            at = text.find(needle, at + 1)
    return start


def _occurrences(text: str, needle: str, end: int) -> int:
    """How many times ``needle`` starts in ``text`` before ``end`` (overlaps counted)."""
    count, at = 0, text.find(needle)
    while at != -1 and at < end:
        count += 1
        at = text.find(needle, at + 1)
    return count
