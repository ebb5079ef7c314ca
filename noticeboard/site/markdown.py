"""Markdown from content files to safe HTML: python-markdown, then an nh3 allowlist.

Content is untrusted. Whatever raw HTML a body holds, only plain text structure survives:
no script, no event handlers, no ``javascript:``/``data:`` URLs, no iframes, no images
(they would be external requests), no style attributes or tags.
"""

from __future__ import annotations

import html
import re

import markdown as python_markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Record pages use h1 for the title and h2 for sections, so a body's own headings start at h3.
HEADING_SHIFT = 2

_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")
_converter = python_markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def _shift_headings(html: str) -> str:
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + HEADING_SHIFT, 6)}", html)


def sanitize(html: str) -> str:
    """Keep only the allowlisted tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,  # no rel: an <a> whose unsafe href was dropped must stay a valid placeholder
        strip_comments=True,
    )


# Anything Markdown could read as syntax: inline marks, raw HTML, entities, escapes, tables,
# indented or block-starting lines, trailing spaces (line breaks), carriage returns and tabs.
_MAYBE_SYNTAX = re.compile(r"[*_`\[\]<>&\\|~\r\t]|^[ ]|[ ]$|^(?:[#>+=-]|\d+[.)])", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n(?:[ ]*\n)+")


def _plain_paragraphs(text: str) -> str | None:
    """Paragraphs of a body with no Markdown syntax at all, as python-markdown would write them."""
    if _MAYBE_SYNTAX.search(text):
        return None
    paragraphs = [p for p in _BLANK_LINES.split(text.strip("\n")) if p]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


# python-markdown's inline parsing grows with the square of a paragraph's marks: each unclosed
# "[" rescans the rest of the paragraph (20,000 took a minute and a half) and every inline element
# restarts the scan (160,000 links took a minute). No notice needs this much markup, and a hostile
# body must not stall the build: beyond these counts the body is shown as plain text. Lists and
# quotes nested about 250 deep also make it recurse past Python's limit; a line indented or marked
# 400 characters deep is 100 levels in. Both are decided by the text alone, never by the stack.
MAX_OPEN_BRACKETS = 500
MAX_INLINE_MARKS = 5_000
_INLINE_MARKS = re.compile(r"[\[\]*_`<>&\\!]")
_TOO_DEEP = re.compile(r"^[ >*+-]{400,}", re.MULTILINE)


def _too_complex(text: str) -> bool:
    """Whether python-markdown would take far too long (or recurse too deep) on this body."""
    return (
        text.count("[") > MAX_OPEN_BRACKETS
        or len(_INLINE_MARKS.findall(text)) > MAX_INLINE_MARKS
        or _TOO_DEEP.search(text.expandtabs(4)) is not None
    )


def render_markdown(text: str) -> str:
    """Convert a Markdown body to sanitized HTML ('' for an empty body)."""
    if not text.strip():
        return ""
    plain = _plain_paragraphs(text)  # most bodies are plain prose: skip the converter's fixed cost
    if plain is not None:
        return sanitize(plain)
    if _too_complex(text):
        paragraphs = [p for p in _BLANK_LINES.split(text.strip("\n")) if p]
        return sanitize("\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
    _converter.reset()
    return sanitize(_shift_headings(_converter.convert(text)))
