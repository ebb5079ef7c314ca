"""GFM's autolinks extension for markdown-it: bare ``www.``, ``http(s)://`` and e-mail addresses
become links, exactly where GitHub makes them (github/cmark-gfm ``extensions/autolink.c``).

markdown-it's own ``linkify`` uses linkify-it, whose rules differ from GFM's (trailing ``)`` and
``&entity;``, e-mail addresses, what may precede a link); a volunteer previews on the forge, so
this follows cmark-gfm and is checked against the GFM spec's autolink examples
(tests/site/test_markdown_spec.py). It runs after inline parsing, on text outside links and
code, and keeps a link's text exactly as written.

One departure, for Chinese: a bare address ends at the first wide character. cmark-gfm runs it on
to the next space, so "见 https://example.org/a。" links "https://example.org/a。", a broken
address, on GitHub; Chinese text puts full-width punctuation right after an address all the time.
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# What may come right before a www. or scheme autolink (GFM: start, whitespace, * _ ~ ( ).
_BEFORE = frozenset(" \t\n*_~(")
_START = re.compile(r"www\.|https?://|ftp://|@", re.IGNORECASE)
_DOMAIN_CHAR = re.compile(r"[A-Za-z0-9_.-]")
_TRAILING = "?!.,:*_~'\""


def _wide(char: str) -> bool:
    return not char.isascii() and unicodedata.east_asian_width(char) in "WF"


def _domain_end(text: str, start: int) -> int:
    """The end of a valid domain at ``start`` (at least one period, no underscore in the last
    two segments), or -1."""
    end = start
    while end < len(text) and (text[end].isascii() and (text[end].isalnum() or text[end] in "-_.")):
        end += 1
    segments = text[start:end].rstrip(".").split(".")
    if end == start or len(segments) < 2 or any("_" in s for s in segments[-2:]):
        return -1
    return end


def _trim(link: str) -> str:
    """Drop trailing punctuation, an unbalanced ``)`` and a trailing ``&entity;`` (autolink_delim)."""
    end = len(link)
    while end > 0:
        last = link[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last == ";":
            start = end - 2
            while start > 0 and link[start].isascii() and link[start].isalpha():
                start -= 1
            end = start if start < end - 2 and link[start] == "&" else end - 1
        elif last == ")":
            if link.count(")", 0, end) <= link.count("(", 0, end):
                break
            end -= 1
        else:
            break
    return link[:end]


def _url_at(text: str, start: int) -> tuple[int, str] | None:
    """A www. or scheme autolink starting at ``start``: (end, href)."""
    lower = text[start : start + 8].lower()
    scheme = next((s for s in ("http://", "https://", "ftp://") if lower.startswith(s)), "")
    host = start + len(scheme)
    if not scheme and not lower.startswith("www."):
        return None
    if _domain_end(text, host) < 0:
        return None
    end = host
    while end < len(text) and not text[end].isspace() and text[end] != "<" and not _wide(text[end]):
        end += 1
    link = _trim(text[start:end])
    if len(link) <= len(scheme) + (0 if scheme else 4):
        return None
    return start + len(link), (link if scheme else "http://" + link)


def _email_around(text: str, at: int, floor: int) -> tuple[int, int, str] | None:
    """An e-mail autolink around the ``@`` at ``at`` (not before ``floor``): (start, end, href)."""
    start = at
    while start > floor and (
        text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] in ".+-_")
    ):
        start -= 1
    if start == at or (start > 0 and text[start - 1] == "/"):
        return None
    end, periods = at + 1, 0
    while end < len(text) and text[end].isascii():
        char = text[end]
        if char == "." and end + 1 < len(text) and text[end + 1].isascii() and text[end + 1].isalnum():
            periods += 1
        elif not (char.isalnum() or char in "-_"):
            break
        end += 1
    last = text[end - 1]
    if end - at < 2 or periods == 0 or not (last.isalpha() or last == "."):
        return None
    end = start + len(_trim(text[start:end]))
    return start, end, "mailto:" + text[start:end]


def _links(text: str) -> list[tuple[int, int, str]]:
    """Every autolink of a text: (start, end, href), in order, not overlapping."""
    found: list[tuple[int, int, str]] = []
    floor = 0
    for match in _START.finditer(text):
        position = match.start()
        if position < floor:
            continue
        if match.group() == "@":
            email = _email_around(text, position, floor)
            if email:
                found.append(email)
                floor = email[1]
            continue
        if position > 0 and text[position - 1] not in _BEFORE:
            continue
        url = _url_at(text, position)
        if url:
            found.append((position, url[0], url[1]))
            floor = url[0]
    return found


def _linked(token: Token, links: list[tuple[int, int, str]]) -> list[Token]:
    """A text token split into text and link tokens."""
    pieces: list[Token] = []
    done = 0
    for start, end, href in links:
        if start > done:
            pieces.append(_text(token.content[done:start]))
        opening = Token("link_open", "a", 1, attrs={"href": href}, markup="autolink", info="auto")
        pieces += [opening, _text(token.content[start:end]), Token("link_close", "a", -1, markup="autolink")]
        done = end
    if done < len(token.content):
        pieces.append(_text(token.content[done:]))
    return pieces


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def gfm_autolink(state: StateCore) -> None:
    """The core rule: link the bare addresses of every inline text outside links."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        inside = 0
        for token in block.children:
            if token.type == "link_open":
                inside += 1
            elif token.type == "link_close":
                inside -= 1
            if token.type == "text" and not inside and ("." in token.content):
                links = _links(token.content)
                if links:
                    children += _linked(token, links)
                    continue
            children.append(token)
        block.children = children


def use_gfm_autolink(md: MarkdownIt) -> None:
    """Add the rule to a parser (after inline text is joined)."""
    md.core.ruler.after("text_join", "gfm_autolink", gfm_autolink)
