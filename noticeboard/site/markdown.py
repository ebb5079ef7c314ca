"""Markdown from content files to safe HTML: CommonMark with GFM's tables, strikethrough and
autolinks (markdown-it-py), then an nh3 allowlist.

What a volunteer previews on the forge (GitHub, GitLab, Gitea: CommonMark and GFM) is what the
board shows: "活动安排如下：\n- 上午：义诊" is a list, a list nested by two spaces is nested,
``~~已取消~~`` is struck through and a bare address is a link. Python-Markdown, used before,
showed the first as one paragraph with a literal "- " and the others as plain text, and its
extensions cannot get there. tests/site/test_markdown_spec.py checks the parser against the
CommonMark spec examples shipped by markdown-it-py and GFM's extension examples shipped by marko.

One departure, for Chinese: a line break inside a paragraph between two wide characters adds no
space (as Pandoc's ``east_asian_line_breaks``): "万华社区\n居民" reads 万华社区居民, not 万华社区 居民.

Content is untrusted. Whatever raw HTML a body holds, only plain text structure survives:
no script, no event handlers, no ``javascript:``/``data:`` URLs, no iframes, no images
(they would be external requests), no style attributes or tags.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from noticeboard.site.autolink import use_gfm_autolink

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
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
# Marks that enclose text without showing: looked through when asking what a line break is between.
_INVISIBLE = {
    "em_open",
    "em_close",
    "strong_open",
    "strong_close",
    "s_open",
    "s_close",
    "link_open",
    "link_close",
}


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _edge(tokens: list[Token], index: int, step: int) -> str:
    """The nearest character shown before (step -1) or after (step 1) the token at ``index``."""
    index += step
    while 0 <= index < len(tokens):
        token = tokens[index]
        if token.type in ("text", "code_inline") and token.content:
            return token.content[-1] if step < 0 else token.content[0]
        if token.type not in _INVISIBLE and not (token.type == "text" and not token.content):
            return ""
        index += step
    return ""


def east_asian_line_breaks(state: StateCore) -> None:
    """Drop a soft line break between two wide characters; strike through with <del> as GFM does."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children = block.children
        for index, token in enumerate(children):
            if token.type in ("s_open", "s_close"):
                token.tag = "del"
            elif token.type == "softbreak":
                before, after = _edge(children, index, -1), _edge(children, index, 1)
                if before and after and _wide(before) and _wide(after):
                    children[index] = Token("text", "", 0, content="")


def make_parser(*, autolinks: bool = True) -> MarkdownIt:
    """CommonMark, plus the GFM features the board allows: tables, strikethrough, autolinks
    (``autolinks=False``: without them, as the CommonMark spec examples are run, like cmark-gfm
    runs its own: an extension only for the examples written for it)."""
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    if autolinks:
        use_gfm_autolink(parser)
    parser.core.ruler.push("east_asian_line_breaks", east_asian_line_breaks)
    return parser


_parser = make_parser()


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
# indented or block-starting lines, trailing spaces (line breaks), carriage returns and tabs,
# and what an autolink starts with.
_MAYBE_SYNTAX = re.compile(
    r"[*_`\[\]<>&\\|~\r\t@\x00\x0b\x0c]|://|www\.|^[ ]|[ ]$|^(?:[#>+=-]|\d+[.)])", re.MULTILINE
)
_BLANK_LINES = re.compile(r"\n(?:[ ]*\n)+")
_WIDE_BREAK = re.compile(r"(?<=[\u1100-\uffff])\n(?=[\u1100-\uffff])")


def _join_wide(paragraph: str) -> str:
    """A paragraph's line breaks between two wide characters dropped (east_asian_line_breaks)."""
    return _WIDE_BREAK.sub(
        lambda m: "" if _wide(m.string[m.start() - 1]) and _wide(m.string[m.end()]) else "\n", paragraph
    )


def _plain_paragraphs(text: str) -> str | None:
    """Paragraphs of a body with no Markdown syntax at all, as the parser would write them."""
    if _MAYBE_SYNTAX.search(text):
        return None
    paragraphs = [p for p in _BLANK_LINES.split(text.strip("\n")) if p]
    return "\n".join(f"<p>{_join_wide(p)}</p>" for p in paragraphs)


# No notice needs this much markup, and a hostile body must not stall the build: beyond these
# counts the body is shown as plain text. (They were set for python-markdown, whose inline parsing
# grew with the square of a paragraph's marks; markdown-it is linear on those bodies, and the
# limits stay as a bound on the work one body may cost.) A line indented or marked 400
# characters deep is 100 levels in. Both are decided by the text alone, never by the stack.
MAX_OPEN_BRACKETS = 500
MAX_INLINE_MARKS = 5_000
_INLINE_MARKS = re.compile(r"[\[\]*_`<>&\\!]")
_TOO_DEEP = re.compile(r"^[ >*+-]{400,}", re.MULTILINE)


def _too_complex(text: str) -> bool:
    """Whether a body holds far more markup than any notice (a body built to stall a parser)."""
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
    return sanitize(_shift_headings(_parser.render(text))).removesuffix("\n")
