"""The privacy rules as form validation: regular expressions the editor runs in the browser.

A Decap field's ``pattern`` is a JavaScript regular expression the whole value must match, so
"no mobile number anywhere" is a negative look-ahead over the patterns of
:data:`noticeboard.content.privacy.FORM_PATTERNS`, whose syntax (classes, look-behinds, counted
repeats) means the same in Python and JavaScript. ``check`` reads text in its NFKC form, where
full-width digits are ASCII; a browser pattern cannot, so each digit range also takes the
full-width digits. tests/site/test_editor.py runs the JavaScript patterns in Node against the
same samples as ``find_leaks``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from noticeboard.content.privacy import FORM_PATTERNS

_RANGE = re.compile(r"([0-9])-9")  # 0-9, 1-9, 3-9: the digit ranges of character classes
_PYTHON_ONLY = re.compile(r"\(\?P|\\[AZz]|\(\?[aiLmsux]")  # named groups, \A \Z, inline flags
_FULL_WIDTH = {digit: chr(ord("０") + int(digit)) for digit in "0123456789"}


def javascript(pattern: re.Pattern[str]) -> str:
    """One privacy pattern in JavaScript syntax, full-width digits included."""
    source = pattern.pattern
    if _PYTHON_ONLY.search(source):
        raise ValueError(f"not portable to JavaScript: {source}")
    return _literal_digits(_RANGE.sub(lambda m: f"{m.group(1)}-9{_FULL_WIDTH[m.group(1)]}-９", source))


def _literal_digits(source: str) -> str:
    """Let a digit written outside a class and a count (the ``1`` of ``1[3-9]``) be full-width too."""
    out: list[str] = []
    in_class = in_count = escaped = False
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif in_count:
            in_count = char != "}"
        elif char in "[{":
            in_class, in_count = char == "[", char == "{"
        elif char in _FULL_WIDTH:
            char = f"[{char}{_FULL_WIDTH[char]}]"
        out.append(char)
    return "".join(out)


def refusing(kinds: Iterable[str]) -> str:
    """A pattern every text matches unless it holds private data of one of ``kinds``."""
    alternatives = "|".join(javascript(FORM_PATTERNS[kind]) for kind in kinds)
    return rf"^(?![\s\S]*(?:{alternatives}))[\s\S]*$"


def form_kinds(exempt: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The kinds a field refuses: all the form can see, less those the field may hold."""
    return tuple(kind for kind in FORM_PATTERNS if kind not in exempt)
