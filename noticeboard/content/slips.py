"""Typing slips of a Chinese keyboard that break YAML, found line by line in the text.

A volunteer typing in Chinese mode writes ``title：`` with a full-width colon, indents with
a Tab or a full-width space ``　``, starts a list item with ``－`` or ``——``, forgets the
space in ``status:open``, leaves a space where a ``#`` was deleted, or closes ``"`` with
``”``. libyaml then reports something unrelated, often a line later. Each :class:`Slip`
names one such slip where it was typed and carries the edit that corrects it;
:mod:`noticeboard.content.recovery` tries the edits. Nothing here runs unless parsing has
already failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from noticeboard.content.hints import FULL_WIDTH_SPACE

# What an input method gives for the "-" key in Chinese mode: full-width hyphen-minus, the
# em dash pair of Shift+"-", and their look-alikes.
DASHES = "－—–―﹣−‐‑"
# Characters a key never starts with, but a key read from a slipped line does.
SLIPPED_KEY_STARTS = FULL_WIDTH_SPACE + DASHES

_INDENT = re.compile(r"[ \t\u3000]*")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_DASH = re.compile(rf"(——|[{DASHES}])[ \u3000]*(?=\S)")
_ITEM = re.compile(r"- +")
# The colon after a key, or what a Chinese keyboard types for it: "：" with Shift, "；" without.
_KEY_COLON = re.compile(rf"({_KEY}) *([:：；])(.?)")
_OPENER = re.compile(rf"(?:- +)?{_KEY} *:")
_COMMENT = re.compile(r"(?:^|[ \t])#.*")
_STRUCTURE = re.compile(rf"- |{_KEY} *[:：]")
_BLOCK_SCALAR = re.compile(r"(?:^|[:-][ \t])[ \t]*[|>][0-9+-]*[ \t]*(?:#.*)?$")
_QUOTED_VALUE = re.compile(rf"(?:- +)?(?:{_KEY} *: +)?(?=[\"'])")
_CHINESE_CLOSE = {'"': "”", "'": "’"}


@dataclass(frozen=True)
class Edit:
    """Replace characters ``start:end`` (0-based) of one line with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Slip:
    """One slip: its problem code and parameters, where it was typed, and how to correct it."""

    code: str
    line: int  # 1-based, in the text scanned
    column: int  # 1-based, in characters
    params: Mapping[str, object] = field(default_factory=dict)
    edit: Edit | None = None  # None: no correction to try
    guess: bool = False  # the correction guesses an indentation


def indent_width(line: str) -> int:
    """How many characters of indentation (spaces, Tabs, full-width spaces) ``line`` has."""
    match = _INDENT.match(line)
    return match.end() if match else 0


class Lines:
    """The lines of a text, and which of them hold YAML structure (not comments, blank lines
    or the content of a ``|`` or ``>`` block)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        self.structure = [False] * len(self.lines)
        block_indent: int | None = None
        for index, line in enumerate(self.lines):
            stripped = line.strip(" \t\u3000\r\n")
            width = indent_width(line)
            if block_indent is not None and (not stripped or width > block_indent):
                continue
            block_indent = None
            if not stripped or stripped.startswith("#"):
                continue
            self.structure[index] = True
            if _BLOCK_SCALAR.search(line.rstrip("\r\n")):
                block_indent = width

    def previous(self, index: int) -> int | None:
        """The index of the structure line before line ``index`` (0-based), if any."""
        return next((i for i in range(index - 1, -1, -1) if self.structure[i]), None)

    def following(self, index: int) -> int | None:
        return next((i for i in range(index + 1, len(self.lines)) if self.structure[i]), None)


def _key_column(line: str) -> int:
    """Where the key of a structure line starts (after its indentation and any "- ")."""
    width = indent_width(line)
    item = _ITEM.match(line, width)
    return item.end() if item else width


def _opens_block(line: str) -> bool:
    """Whether a line ends in a key with no value (``decisions:``) or is a bare ``-``."""
    rest = _COMMENT.sub("", line[indent_width(line) :].rstrip("\r\n")).rstrip()
    return rest == "-" or bool(_OPENER.fullmatch(rest))


def guess_indent(lines: Lines, index: int) -> int:
    """The indentation line ``index`` was meant to have: one level below a line that opens a
    block (as deep as the next line that lines up there), else level with the line above."""
    before = lines.previous(index)
    if before is None:
        return 0
    above = lines.lines[before]
    if not _opens_block(above):
        return _key_column(above)
    base = indent_width(above)
    is_item = lines.lines[index][indent_width(lines.lines[index]) :].startswith(("-", *DASHES))
    after = lines.following(index)
    if after is not None:
        below = lines.lines[after]
        clean = below[: indent_width(below)].strip(" ") == ""
        below_item = below[indent_width(below) :].startswith("-")
        if clean and below_item == is_item and indent_width(below) > base - (1 if is_item else 0):
            return indent_width(below)
    return base if is_item else _key_column(above) + 2


def typed_slips(lines: Lines, index: int) -> list[Slip]:
    """The character slips on line ``index`` (0-based): Tab or full-width space in the
    indentation, a full-width dash for "-", a full-width colon, a full-width space after
    the colon, no space after the colon."""
    line = lines.lines[index].rstrip("\r\n")
    number = index + 1
    found: list[Slip] = []
    width = indent_width(line)
    indentation = line[:width]
    if "\t" in indentation or FULL_WIDTH_SPACE in indentation:
        first = min(i for i, c in enumerate(indentation) if c in "\t\u3000")
        code = "tab" if indentation[first] == "\t" else "fullwidth-space"
        edit = Edit(0, width, " " * guess_indent(lines, index))
        found.append(Slip(code, number, first + 1, {"line": number, "where": "indent"}, edit, guess=True))
    position = width
    dash = _DASH.match(line, position)
    if dash:
        found.append(
            Slip(
                "fullwidth-dash",
                number,
                position + 1,
                {"line": number, "dash": dash[1]},
                Edit(position, dash.end(), "- "),
            )
        )
        position = dash.end()
    else:
        item = _ITEM.match(line, position)
        position = item.end() if item else position
    found += _colon_slips(line, number, position)
    return found


def _colon_slips(line: str, number: int, position: int) -> Iterator[Slip]:
    match = _KEY_COLON.match(line, position)
    if not match:
        return
    colon, after = match.start(2), match[3]
    spaced = after in ("", " ", "\t", FULL_WIDTH_SPACE, "#")  # libyaml takes a Tab after ":"
    if match[2] in "：；":
        yield Slip(
            "fullwidth-colon",
            number,
            colon + 1,
            {"line": number, "where": "semicolon" if match[2] == "；" else ""},
            Edit(colon, colon + 1, ":" if spaced else ": "),
        )
    elif not spaced:
        fixed = line[match.start(1) : colon + 1] + " " + line[colon + 1 :].strip()
        fixed = fixed if len(fixed) <= 30 else fixed[:29] + "…"
        yield Slip(
            "missing-space",
            number,
            colon + 1,
            {"line": number, "fixed": fixed},
            Edit(colon + 1, colon + 1, " "),
        )
    if after == FULL_WIDTH_SPACE:
        yield Slip(
            "fullwidth-space",
            number,
            colon + 2,
            {"line": number, "where": "after-colon"},
            Edit(colon + 1, colon + 2, " "),
        )


def reads_as_field(line: str) -> bool:
    """Whether a line, past its indentation, starts as a field (``status:``) or a list item
    does: a Tab before it more likely pushed a field into the text above than indented text."""
    return bool(_STRUCTURE.match(line, indent_width(line)))


def block_indent(lines: Lines, index: int) -> Slip | None:
    """A Tab or full-width space indenting a line of a ``|`` or ``>`` block (a story, a
    description): YAML takes only spaces there too, and says so in English. The correction
    indents it as the block's lines above it are, else two spaces deeper than its key."""
    line = lines.lines[index].rstrip("\r\n")
    width = indent_width(line)
    if lines.structure[index] or not line[:width].strip(" "):
        return None
    opener = lines.previous(index)
    if opener is None or not _BLOCK_SCALAR.search(lines.lines[opener].rstrip("\r\n")):
        return None
    target = _key_column(lines.lines[opener]) + 2
    for above in range(index - 1, opener, -1):
        text = lines.lines[above].rstrip("\r\n")
        if text.strip(" \t\u3000") and not text[: indent_width(text)].strip(" "):
            target = indent_width(text)  # the nearest line of the block indented with spaces
            break
    first = len(line) - len(line.lstrip(" "))
    if first >= target:  # past the block's indentation a Tab or a full-width space is text
        return None
    code = "tab" if line[first] == "\t" else "fullwidth-space"
    params = {"line": index + 1, "where": "indent"}
    return Slip(code, index + 1, first + 1, params, Edit(0, width, " " * target), guess=True)


def extra_indent(lines: Lines, index: int) -> Slip | None:
    """A line indented deeper than the line above, which has a value and so opens no block:
    the spaces left when ``# points: 10`` became `` points: 10``."""
    line = lines.lines[index].rstrip("\r\n")
    width = indent_width(line)
    if not width or line[:width].strip(" ") or not _STRUCTURE.match(line, width):
        return None
    before = lines.previous(index)
    target = 0 if before is None else _key_column(lines.lines[before])
    if (before is not None and _opens_block(lines.lines[before])) or width <= target:
        return None
    count = width - target
    return Slip(
        "extra-indent",
        index + 1,
        1,
        {"line": index + 1, "count": count},
        Edit(0, width, " " * target),
        guess=True,
    )


def unclosed_quote(lines: Lines, index: int) -> Slip | None:
    """A value on line ``index`` that opens a quote and does not close it on that line; or
    closes an English quote with a Chinese one (``"给老人理发”``)."""
    line = lines.lines[index].rstrip("\r\n")
    match = _QUOTED_VALUE.match(line, indent_width(line))
    if not match:
        return None
    start = match.end()
    quote = line[start]
    rest = line[start + 1 :]
    closed = rest.replace("\\\\", "").replace('\\"', "") if quote == '"' else rest.replace("''", "")
    if quote in closed:
        return None
    params: dict[str, object] = {"line": index + 1, "quote": quote}
    body = line.rstrip()
    close = _CHINESE_CLOSE[quote]
    if body.endswith(close):
        params.update(close=close, where="mixed")
        return Slip("unclosed-quote", index + 1, start + 1, params, Edit(len(body) - 1, len(body), quote))
    return Slip("unclosed-quote", index + 1, start + 1, params, Edit(len(body), len(body), quote), guess=True)


# What libyaml says, and the reason a volunteer is given (messages.py words it), most specific first.
_SYNTAX_REASONS = (
    ("could not find expected ':'", "no-colon"),
    ("mapping values are not allowed", "colon-in-value"),
    ("but found another document", "second-document"),
    ("cannot start any token", "bad-character"),
    ("expected ',' or ']'", "unclosed-bracket"),
    ("flow node did not find expected node content", "unclosed-bracket"),
    ("expected ',' or '}'", "unclosed-bracket"),
    ("did not find expected key", "indent"),
    ("expected <block end>", "indent"),
    ("did not find expected <document start>", "indent"),
    ("expected '<document start>'", "indent"),
    ("did not find expected '-' indicator", "indent"),
)


def syntax_reason(problem: str) -> str:
    """Which of the reasons messages.py words a libyaml failure is ("" when none fits)."""
    return next((code for words, code in _SYNTAX_REASONS if words in problem), "")
