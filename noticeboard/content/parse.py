"""Parse YAML text into plain data that remembers where every key and value stood.

We let libyaml compose the node graph (fast, and it keeps marks), then build plain
Python values ourselves. That is where the YAML 1.1 surprises are caught: ``no``/``on``
read as booleans, ``012`` as octal, ``10:30`` as a base-60 number, timestamps as dates.
Each becomes a positioned :class:`ParseError` with a hint instead of a wrong value.
Aliases are refused as we meet them, so an alias bomb costs nothing to reject.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import yaml

from noticeboard.content.problems import KeyPath, field_label
from noticeboard.content.recovery import MAX_RECOVERY_CHARS, Corrected, Stuck, correct
from noticeboard.content.slips import SLIPPED_KEY_STARTS, Slip, syntax_reason
from noticeboard.content.yaml_loader import Loader

Position = tuple[int, int]  # 1-based line and column
# Records are a few levels deep; a limit keeps a hostile file from exhausting the stack.
MAX_DEPTH = 20

_TAG = "tag:yaml.org,2002:"
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_TRUE_FALSE = {"true": True, "false": False}


class ParseError(Exception):
    """A YAML problem at a line and column, with a message code and parameters."""

    def __init__(self, code: str, position: Position, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.position = position
        self.params = params


@dataclass
class Positioned:
    """Plain data (dict/list/str/int/float/bool/None) plus where each piece came from."""

    data: object
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    # Problems that did not stop parsing (an ambiguous value, a repeated key), by key path.
    issues: dict[KeyPath, ParseError] = field(default_factory=dict)
    # Whether any value read as a float (the schema check wants to know); None: not known.
    floats: bool | None = field(default=None, compare=False)

    def position(self, path: KeyPath, *, at_key: bool = False) -> Position:
        """Return the best position for ``path``: the value, else its key, else a parent's."""
        if at_key and path in self.keys:
            return self.keys[path]
        while True:
            if path in self.values:
                return self.values[path]
            if path in self.keys:
                return self.keys[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class _EditorLines:
    """Line and column of a character index, counting only the breaks an editor shows.

    YAML also breaks lines at NEL, LS and PS (U+0085, U+2028, U+2029); editors do not, so in a
    text holding any of them libyaml's line numbers run ahead of what the volunteer sees.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    @classmethod
    def needed(cls, text: str) -> _EditorLines | None:
        """Return a line map when ``text`` holds a YAML-only line break, else None (the common case)."""
        return cls(text) if ("\x85" in text or "\u2028" in text or "\u2029" in text) else None

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.starts, index)
        return (line, index - self.starts[line - 1] + 1)


def _mark(node: yaml.Node | yaml.Event, line_offset: int, lines: _EditorLines | None = None) -> Position:
    mark = node.start_mark
    assert mark is not None  # libyaml marks every node and event it makes
    if lines is not None:
        line, column = lines.position(mark.index)
        return (line + line_offset, column)
    return (mark.line + 1 + line_offset, mark.column + 1)


def parse_yaml(text: str, *, line_offset: int = 0) -> Positioned:
    """Parse one YAML document; ``line_offset`` counts lines that precede ``text`` in its file.

    When the text cannot be read because of a typing slip (:mod:`noticeboard.content.slips`),
    the slip is reported where it was typed and, if a corrected copy of the text reads, the
    rest of the document is read from that copy, so that its other problems are found too.
    """
    lines = _EditorLines.needed(text)
    try:
        doc = _parse(text, line_offset, lines)
    except Stuck as failure:
        if lines is not None or len(text) > MAX_RECOVERY_CHARS:
            raise _with_excerpt(_syntax_error(failure, text, line_offset), text, line_offset) from None
        return recover(text, line_offset, failure)
    except ParseError as error:
        raise _with_excerpt(error, text, line_offset) from None
    if isinstance(doc.data, str) and lines is None and len(text) <= MAX_RECOVERY_CHARS:
        # One text and no fields: was "title：给" meant? (a record is never a lone text)
        last = text.rstrip("\n").count("\n") + 1
        return recover(text, line_offset, Stuck((last, 1), (1, 1), "a text, no fields"), doc)
    return _excerpted(doc, text, line_offset)


def _parse(text: str, line_offset: int, lines: _EditorLines | None) -> Positioned:
    try:
        _refuse_deep_nesting(text, line_offset, lines)
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is None:
            line, column = 1, 1
        elif lines is not None:
            line, column = lines.position(mark.index)
        else:
            line, column = _inside_text(text, mark.line + 1, mark.column + 1)
        if "nesting depth" in (exc.problem or ""):
            # PyYAML >= 6.0.4 bundles a libyaml that stops deep flow nesting itself.
            raise ParseError("yaml-too-deep", (line + line_offset, column), limit=MAX_DEPTH) from None
        context = None
        if exc.context_mark is not None and exc.problem_mark is not None and lines is None:
            context = _inside_text(text, exc.context_mark.line + 1, exc.context_mark.column + 1)
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise Stuck((line, column), context, problem) from None
    except yaml.YAMLError as exc:
        raise ParseError("yaml-syntax", (1 + line_offset, 1), line=1 + line_offset, detail=str(exc)) from None
    except RecursionError:
        raise ParseError("yaml-too-deep", (1 + line_offset, 1), limit=MAX_DEPTH) from None
    result = Positioned(data=None, floats=False)
    if root is None:
        return result
    builder = _Builder(result, line_offset, lines)
    result.data = builder.build(root, ())
    return result


def _inside_text(text: str, line: int, column: int) -> Position:
    """Keep an end-of-file mark on the last line, which may have no newline after it."""
    lines = text.split("\n")
    if line > len(lines):
        return (len(lines), len(lines[-1]) + 1)
    return (line, column)


# Below this many brackets and dashes a document cannot nest deep enough to matter.
_NESTING_CHARACTERS = 1000


def _refuse_deep_nesting(text: str, line_offset: int, lines: _EditorLines | None = None) -> None:
    """Refuse very deep nesting before composing: libyaml's composer recurses in C and
    crashes the process on a few hundred thousand levels (``- - - - ...``, ``[[[[...``)."""
    if sum(text.count(c) for c in "[{-?") <= _NESTING_CHARACTERS:
        return
    depth = 0
    for event in yaml.parse(text, Loader=Loader):  # libyaml's parser keeps its own stack
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:
                raise ParseError("yaml-too-deep", _mark(event, line_offset, lines), limit=MAX_DEPTH)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


class _Builder:
    """Turn a composed node graph into plain data, recording positions."""

    def __init__(self, result: Positioned, line_offset: int, lines: _EditorLines | None = None) -> None:
        self.result = result
        self.line_offset = line_offset
        self.lines = lines
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: KeyPath) -> object:
        if self.lines is None:  # _mark, inlined: this runs for every value of every file
            position = (node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)
        else:
            position = _mark(node, self.line_offset, self.lines)
        if len(path) > MAX_DEPTH:
            raise ParseError("yaml-too-deep", position, limit=MAX_DEPTH)
        if id(node) in self.seen:
            # The composer hands back the anchored node again for every alias, with the
            # anchor's position; the nearest key above the alias is where it was written.
            raise ParseError("yaml-alias", self._nearest_key(path, position))
        self.seen.add(id(node))
        self.result.values[path] = position
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "seq", position)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        try:
            return self._scalar(node, position)
        except ParseError as error:
            if error.code != "ambiguous-value":
                raise
            error.params["field"] = field_label(path)
            self.result.issues[path] = error
            return node.value  # kept as text so that other checks can still run

    def _nearest_key(self, path: KeyPath, default: Position) -> Position:
        for end in range(len(path), 0, -1):
            if path[:end] in self.result.keys:
                return self.result.keys[path[:end]]
        return default

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, object]:
        self._check_tag(node, "map", _mark(node, self.line_offset, self.lines))
        mapping: dict[str, object] = {}
        for key_node, value_node in node.value:
            if self.lines is None:  # _mark, inlined: this runs for every key of every file
                key_position = (
                    key_node.start_mark.line + 1 + self.line_offset,
                    key_node.start_mark.column + 1,
                )
            else:
                key_position = _mark(key_node, self.line_offset, self.lines)
            if not isinstance(key_node, yaml.ScalarNode):
                raise ParseError("yaml-complex-key", key_position)
            if key_node.tag == _TAG + "merge":
                raise ParseError("yaml-alias", key_position)
            key: str = key_node.value  # keys are always text to us
            if not key.isascii() and key[:1] in SLIPPED_KEY_STARTS and self.lines is None:
                line, column = key_position
                raise Stuck((line - self.line_offset, column), problem="slipped key")
            key_path = (*path, key)
            if key in mapping:
                # Keep the first value; report the repeat and read on, so that every
                # other problem of the file is reported in the same run.
                first = self.result.keys[key_path]
                repeat_path = (*key_path, "#repeat")  # named: mypy takes [(*a, b)] for 3.11-only syntax
                self.result.issues[repeat_path] = ParseError(
                    "duplicate-key", key_position, key=key, first_line=first[0]
                )
                self._skip(value_node)
                continue
            self.result.keys[key_path] = key_position
            mapping[key] = self.build(value_node, key_path)
        return mapping

    def _skip(self, node: yaml.Node) -> None:
        """Walk a value we do not keep, still refusing aliases and tags inside it."""
        saved = (self.result.values.copy(), self.result.keys.copy())
        self.build(node, ("#skipped",))
        self.result.values, self.result.keys = saved

    @staticmethod
    def _check_tag(node: yaml.Node, expected: str, position: Position) -> None:
        if node.tag != _TAG + expected:
            raise ParseError("yaml-tag", position, tag=node.tag)

    def _scalar(self, node: yaml.Node, position: Position) -> object:
        """Read a scalar (what is left after mappings and sequences) as plain data."""
        tag = node.tag.removeprefix(_TAG) if node.tag.startswith(_TAG) else node.tag
        value = node.value
        if tag == "str":
            return value
        if tag == "null":
            return None
        if tag == "bool":
            if value.lower() in _TRUE_FALSE:
                return _TRUE_FALSE[value.lower()]
            raise ParseError("ambiguous-value", position, value=value, kind="bool")
        if tag == "int":
            if _DECIMAL.match(value):
                try:
                    return int(value)
                except ValueError:  # Python refuses to convert thousands of digits
                    raise ParseError("number-too-large", position, value=value[:20] + "...") from None
            raise ParseError("ambiguous-value", position, value=value, kind="number")
        if tag == "float":
            try:
                number = float(value)
            except ValueError:
                raise ParseError("ambiguous-value", position, value=value, kind="number") from None
            self.result.floats = True
            return number
        if tag == "timestamp":
            # Dates stay text; the schema's date format decides whether they are valid.
            return value
        raise ParseError("yaml-tag", position, tag=node.tag)


def recover(text: str, line_offset: int, stuck: Stuck, read: Positioned | None = None) -> Positioned:
    """Report the typing slips that keep ``text`` from being read; read the rest of it from a
    corrected copy when one reads, else raise one clear error (the first slip, or the
    parser's own failure said in words). ``read``: what the text itself read as, if it did
    (a lone text), kept when no corrected copy reads as fields."""
    correction = correct(text, stuck, lambda copy: _parse(copy, 0, None))
    fields = isinstance(correction.result, Positioned) and isinstance(correction.result.data, dict)
    if read is not None and not fields:
        return _excerpted(read, text, line_offset)
    if not isinstance(correction.result, Positioned):
        first = correction.slips[0] if correction.slips else correction.named
        error = _slip_error(first, line_offset) if first else _syntax_error(stuck, text, line_offset)
        raise _with_excerpt(error, text, line_offset)
    doc = _moved(correction.result, correction.copy, line_offset)
    for number, slip in enumerate(correction.slips):
        doc.issues[("#slip", number)] = _with_excerpt(_slip_error(slip, line_offset), text, line_offset)
    return _excerpted(doc, text, line_offset)


def _slip_error(slip: Slip, line_offset: int) -> ParseError:
    params = {**slip.params, "line": slip.line + line_offset}
    return ParseError(slip.code, (slip.line + line_offset, slip.column), **params)


def _moved(doc: Positioned, copy: Corrected, line_offset: int) -> Positioned:
    """``doc``, read from a corrected copy with no line offset, positioned in the original."""

    def place(position: Position) -> Position:
        line, column = copy.original(position)
        return (line + line_offset, column)

    doc.values = {path: place(position) for path, position in doc.values.items()}
    doc.keys = {path: place(position) for path, position in doc.keys.items()}
    for issue in doc.issues.values():
        issue.position = place(issue.position)
        if "first_line" in issue.params:
            issue.params["first_line"] = int(issue.params["first_line"]) + line_offset  # type: ignore[call-overload]
    return doc


def _syntax_error(stuck: Stuck, text: str, line_offset: int) -> ParseError:
    """The parser's failure in a volunteer's words, on the line it concerns: for a key that
    has no colon or a bracket never closed, where the key or bracket is rather than where
    libyaml noticed."""
    reason = syntax_reason(stuck.problem)
    at_start = reason in ("no-colon", "unclosed-bracket") and stuck.context
    line, column = stuck.context if at_start and stuck.context is not None else stuck.position
    params: dict[str, object] = {"line": line + line_offset, "reason": reason, "detail": stuck.problem}
    if reason == "bad-character":
        params["char"] = _excerpt(text, line)[column - 1 : column]
    return ParseError("yaml-syntax", (line + line_offset, column), **params)


def _excerpt(text: str, line: int) -> str:
    """Line ``line`` (1-based) of ``text`` as an editor shows it."""
    lines = text.split("\n")
    return lines[line - 1].rstrip("\r") if 1 <= line <= len(lines) else ""


def _with_excerpt(error: ParseError, text: str, line_offset: int) -> ParseError:
    """``error`` quoting the line it points at (``excerpt``), for the text report's caret line."""
    excerpt = _excerpt(text, error.position[0] - line_offset)
    if excerpt.strip():
        error.params.setdefault("excerpt", excerpt)
    return error


def _excerpted(doc: Positioned, text: str, line_offset: int) -> Positioned:
    """``doc`` with every parse issue quoting its line (issues are rare: no cost when none)."""
    for issue in doc.issues.values():
        _with_excerpt(issue, text, line_offset)
    return doc
