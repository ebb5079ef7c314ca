"""Read a record file's bytes as text and split Markdown records into front matter and body.

What comes out is positioned data (:mod:`noticeboard.content.parse`); lines are counted from
the top of the file, front matter included.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from noticeboard.content.parse import ParseError, Positioned, parse_yaml
from noticeboard.content.slips import DASHES

MAX_FILE_BYTES = 1024 * 1024


MARKDOWN_SUFFIX = ".md"


_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*\Z")
_CHINESE_FENCE = re.compile(rf"[-{DASHES}─━]{{2,}}[ \t\u3000]*")  # ——, ———, －－－: a fence meant


def printable(name: str) -> str:
    """Show a file name that is not valid UTF-8 (say GBK from a Windows zip) as \\x escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def parse_file(filename: str, rel: str, markdown_prose: str | None) -> Positioned:
    """Read and parse one record file (``rel``: its path in the content folder): YAML, or
    Markdown with front matter whose body fills ``markdown_prose``."""
    return parse_text(read_text(filename), rel, markdown_prose)


def parse_bytes(raw: bytes, rel: str, markdown_prose: str | None) -> Positioned:
    """Parse the bytes of a record file named ``rel`` (see :func:`parse_file`)."""
    if len(raw) > MAX_FILE_BYTES:
        raise ParseError("file-too-large", (1, 1), size=len(raw), limit=MAX_FILE_BYTES)
    return parse_text(decode_text(raw), rel, markdown_prose)


def parse_text(text: str, rel: str, markdown_prose: str | None) -> Positioned:
    """Parse the text of a record file named ``rel``: YAML, or Markdown with front matter."""
    if rel.endswith(MARKDOWN_SUFFIX):
        return parse_markdown_record(text, markdown_prose or "")
    return parse_yaml(text)


def read_text(path: Path | str) -> str:
    """Read a file as UTF-8 text (a BOM is allowed), refusing large or undecodable files."""
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise ParseError("file-too-large", (1, 1), size=size, limit=MAX_FILE_BYTES)
    with open(path, "rb") as handle:
        raw = handle.read()
    return decode_text(raw)


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM); name the line of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes, like every other column we report; the text
        # before the first bad byte is valid UTF-8.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise ParseError("encoding", (line, column)) from None
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        raise ParseError("encoding", (line, index - (text.rfind("\n", 0, index) + 1) + 1))
    return text


def site_setting(content: Path, key: str) -> object:
    """One top-level value of ``site.yaml`` read on its own, before the board is loaded
    (None when the file is missing or unreadable, or does not set ``key``)."""
    try:
        data = parse_yaml(read_text(Path(content) / "site.yaml")).data
    except (ParseError, OSError):
        return None
    return data.get(key) if isinstance(data, dict) else None


def _chinese_fence(lines: list[str], index: int) -> ParseError | None:
    """The slip of a front-matter fence typed with a Chinese input method's dashes (``———``,
    ``－－－``) on line ``index``, read as the fence it stands for; None for any other line."""
    typed = lines[index].rstrip("\r\n")
    if not _CHINESE_FENCE.fullmatch(typed) or typed.isascii():
        return None
    line = index + 1
    return ParseError(
        "fullwidth-dash", (line, 1), where="fence", line=line, typed=typed.strip(), excerpt=typed.rstrip()
    )


def _fence_at(lines: list[str], index: int, slips: list[ParseError]) -> bool:
    """Whether line ``index`` is a front-matter fence; a Chinese-dash one is noted in ``slips``."""
    if _FENCE.match(lines[index].rstrip("\r\n")):
        return True
    slip = _chinese_fence(lines, index)
    if slip is not None:
        slips.append(slip)
    return slip is not None


def parse_markdown_record(text: str, prose_field: str) -> Positioned:
    """Parse ``---`` front matter and put the Markdown body into ``prose_field``.

    A fence typed with Chinese dashes (``———``) is read as a fence and reported as a
    ``fullwidth-dash`` slip, so the record's other problems come out in the same run."""
    # Split at "\n" only, as editors number lines (str.splitlines also splits at \f, \x1c...).
    lines = [line for line in re.split(r"(?<=\n)", text) if line]
    opens = bool(lines) and lines[0].rstrip("\r\n").rstrip() == "---"
    opening = None if opens or not lines else _chinese_fence(lines, 0)
    if not opens and opening is None:
        raise ParseError("front-matter", (1, 1), reason="start")
    slips = [opening] if opening is not None else []
    for index in range(1, len(lines)):
        if _fence_at(lines, index, slips):
            break
    else:
        raise slips[0] if slips else ParseError("front-matter", (1, 1), reason="end")
    doc = parse_yaml("".join(lines[1:index]), line_offset=1)
    for slip in slips:
        doc.issues[("#fence", slip.position[0])] = slip
    if doc.data is None:
        doc.data = {}
        doc.values[()] = (2, 1)
    if not isinstance(doc.data, dict):
        return doc
    body = "".join(lines[index + 1 :]).strip()
    if body:
        body_position = _first_text_line(lines, index + 1)
        if prose_field in doc.data:
            raise ParseError(
                "duplicate-prose", doc.keys[(prose_field,)], field=prose_field, body_line=body_position[0]
            )
        doc.data[prose_field] = body
        doc.values[(prose_field,)] = body_position
        doc.keys[(prose_field,)] = body_position
    return doc


def _first_text_line(lines: list[str], start: int) -> tuple[int, int]:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return (index + 1, 1)
    return (start + 1, 1)
