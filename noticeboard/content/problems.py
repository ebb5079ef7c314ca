"""Problems found in content: where they are, what code, and how to say them.

A validator produces a :class:`Finding` (a code, a key path inside one record and
message parameters); the layer that knows the file turns it into a located
:class:`Problem`. Messages are only rendered at output time, in the board's language.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from noticeboard.content.messages import render_message

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A problem inside one record, located by key path, not yet by line."""

    code: str
    path: KeyPath = ()
    params: dict[str, object] = field(default_factory=dict)
    at_key: bool = False  # point at the key itself rather than its value


@dataclass(frozen=True)
class Problem:
    """One located content error: ``PATH:LINE:COL: error: MESSAGE [code]``."""

    file: str
    line: int
    column: int
    code: str
    params: dict[str, object] = field(default_factory=dict, compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def message(self, language: str) -> str:
        return render_message(self.code, self.params, language)

    @property
    def excerpt(self) -> str | None:
        """The line of the file the problem points into, when the parser quoted it.

        Kept among the parameters, which is what the build cache keeps of a problem.
        """
        text = self.params.get("excerpt")
        return text if isinstance(text, str) else None

    @property
    def key_path(self) -> str | None:
        """The key path of the field the problem is about (``decisions[2].done``), if any."""
        path = self.params.get("field")
        return path if isinstance(path, str) else None


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sort by file and line, dropping exact repeats."""
    unique: dict[tuple[str, int, int, str, str], Problem] = {}
    for problem in problems:
        key = (*problem.sort_key(), problem.message("en"))
        unique.setdefault(key, problem)
    return sorted(unique.values(), key=Problem.sort_key)


def format_text(problems: list[Problem], language: str) -> str:
    """Format problems as compiler-style lines, each followed by its quoted line and a caret
    under the column when the problem has an excerpt."""
    lines: list[str] = []
    for p in problems:
        lines.append(f"{p.file}:{p.line}:{p.column}: error: {p.message(language)} [{p.code}]")
        lines += excerpt_lines(p)
    return "\n".join(lines)


EXCERPT_INDENT = "    "
_TAB = "    "


def excerpt_lines(problem: Problem) -> list[str]:
    """The problem's line, indented, and a caret line under its column (wide characters
    count two columns, as a terminal shows them); no lines without an excerpt."""
    text = problem.excerpt
    if text is None:
        return []
    shown = "".join(_TAB if c == "\t" else "\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)
    before = text[: max(problem.column - 1, 0)]
    width = sum(
        len(_TAB) if c == "\t" else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before
    )
    return [EXCERPT_INDENT + shown.rstrip(" "), EXCERPT_INDENT + " " * width + "^"]


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem], language: str) -> str:
    """Format problems as GitHub workflow commands, which become PR annotations."""
    lines = []
    for p in problems:
        props = ",".join(
            [
                f"file={_escape_github(p.file, property_value=True)}",
                f"line={p.line}",
                f"col={p.column}",
                f"title={_escape_github(p.code, property_value=True)}",
            ]
        )
        lines.append(f"::error {props}::{_escape_github(p.message(language))} [{p.code}]")
    return "\n".join(lines)


def format_json(problems: list[Problem], language: str) -> str:
    """Format problems as a JSON list of objects with stable keys: ``field`` is the key path of
    the field concerned and ``excerpt`` the line quoted (each null when there is none)."""
    return json.dumps(
        [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "code": p.code,
                "message": p.message(language),
                "field": p.key_path,
                "excerpt": p.excerpt,
            }
            for p in problems
        ],
        ensure_ascii=False,
        indent=2,
    )


FORMATTERS: dict[str, Callable[[list[Problem], str], str]] = {
    "text": format_text,
    "github": format_github,
    "json": format_json,
}


def field_label(path: KeyPath) -> str:
    """Write a key path for programs and the JSON report: ``decisions[2].done`` (counting
    from 1); messages say it in words (:func:`noticeboard.content.labels.field_words`)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
