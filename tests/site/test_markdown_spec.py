"""The board's Markdown against the CommonMark spec examples and GFM's extension examples, as
shipped by maintained packages (tests/site/spec/README.md): what a volunteer previews on the forge
is what the board shows."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from noticeboard.site import markdown
from noticeboard.site.markdown import make_parser, render_markdown, sanitize
from tests.conftest import REPO

SPEC = REPO / "tests" / "site" / "spec"
DIGESTS = {
    "commonmark.json": "d431b29d97b6f73e69d547109cf5081578fac931e72afe95639ebe766c1b2a20",
    "gfm.txt": "7d8e5814befec287ac116786d81ff14e0adc9b13295b4494649e995408fd871c",
}
COMMONMARK = json.loads((SPEC / "commonmark.json").read_text(encoding="utf-8"))
_EXAMPLE = re.compile(r"^`{32} example(?: (?P<ext>\w+))?\n(?P<md>.*?)^\.\n(?P<html>.*?)^`{32}$", re.M | re.S)
GFM_EXTENSIONS = [
    (m["ext"], m["md"].replace("→", "\t"), m["html"].replace("→", "\t"))
    for m in _EXAMPLE.finditer((SPEC / "gfm.txt").read_text(encoding="utf-8"))
    if m["ext"] in ("table", "strikethrough", "autolink")
]
PARSER = make_parser()
# cmark-gfm runs each spec example with the extensions named on its line only: the CommonMark
# examples without autolinks (four of them show a bare address staying text).
CORE = make_parser(autolinks=False)


def test_the_examples_are_the_maintainers_own() -> None:
    for name, digest in DIGESTS.items():
        assert hashlib.sha256((SPEC / name).read_bytes()).hexdigest() == digest, name
    assert len(COMMONMARK) == 652
    assert [ext for ext, _, _ in GFM_EXTENSIONS].count("autolink") == 11
    assert len(GFM_EXTENSIONS) == 21


@pytest.mark.parametrize("entry", COMMONMARK, ids=lambda e: f"{e['example']}-{e['section']}")
def test_commonmark_spec_example(entry: dict) -> None:
    output = CORE.render(entry["markdown"])
    # The two adjustments markdown-it-py's own spec test makes (no bearing on the output shown).
    if entry["example"] == 596:
        output = output.replace("mailto", "MAILTO")
    if entry["example"] in (218, 239, 240):
        output = output.replace("<blockquote></blockquote>", "<blockquote>\n</blockquote>")
    assert output == entry["html"]


@pytest.mark.parametrize(
    ("extension", "source", "expected"),
    GFM_EXTENSIONS,
    ids=[f"{e}-{i}" for i, (e, _, _) in enumerate(GFM_EXTENSIONS)],
)
def test_gfm_extension_example(extension: str, source: str, expected: str) -> None:
    """Compared after the board's sanitizer, which both outputs go through on the board: it drops
    the alignment (align= in GFM's HTML, style= in markdown-it's) and any unsafe address."""
    assert sanitize(PARSER.render(source)) == sanitize(expected)


@pytest.mark.parametrize("entry", COMMONMARK[::7], ids=lambda e: str(e["example"]))
def test_the_board_renders_what_the_parser_renders(entry: dict) -> None:
    """The shortcut for plain prose and the budget for hostile bodies never change what is shown
    of an ordinary body: the board's HTML is the parser's, headings shifted, sanitized."""
    text = entry["markdown"]
    if not text.strip():
        return
    expected = sanitize(markdown._shift_headings(PARSER.render(text))).removesuffix("\n")
    assert render_markdown(text) == expected


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (
            "活动安排如下：\n- 上午：义诊\n- 下午：讲座",
            "<p>活动安排如下：</p>\n<ul>\n<li>上午：义诊</li>\n<li>下午：讲座</li>\n</ul>\n",
        ),
        ("- 一\n  - 二", "<ul>\n<li>一\n<ul>\n<li>二</li>\n</ul>\n</li>\n</ul>\n"),
        ("~~已取消~~", "<p><del>已取消</del></p>\n"),
        (
            "见 https://example.org/a。",
            '<p>见 <a href="https://example.org/a">https://example.org/a</a>。</p>\n',
        ),
        ("万华社区\n居民都来了", "<p>万华社区居民都来了</p>\n"),
        ("**加粗**\n中文", "<p><strong>加粗</strong>中文</p>\n"),
        ("中文\nEnglish", "<p>中文\nEnglish</p>\n"),
        ("English\nwords", "<p>English\nwords</p>\n"),
        ("义诊，\n讲座", "<p>义诊，讲座</p>\n"),
    ],
)
def test_what_volunteers_preview_is_what_the_board_shows(source: str, html: str) -> None:
    assert render_markdown(source) == html.removesuffix("\n")
