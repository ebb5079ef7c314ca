"""Rendering: content is data, never markup. Markdown is sanitized; every text field is escaped;
dates and words follow the board's language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeboard.site import i18n, markdown
from noticeboard.site.markdown import render_markdown
from tests.conftest import build_site
from tests.hostile import hostile_board
from tests.pagetext import parse_html

PAYLOAD = (
    "<script>alert(1)</script><img src=x onerror=alert(2)>"
    '" onmouseover="alert(3)</title><a href="javascript:alert(4)">x</a>'
    "<iframe src=https://evil.example/></iframe><style>body{display:none}</style>"
)
BODY = (
    PAYLOAD
    + "\n\n[click](javascript:alert(5)) [data](data:text/html;base64,PHNjcmlwdD4=)"
    + ' <div style="color:red" onclick="alert(6)">styled</div>\n\n![pixel](https://evil.example/p.png)\n'
)


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("xss")
    report = build_site(hostile_board(tmp_path, PAYLOAD, BODY), tmp_path / "site", dt.date(2022, 8, 27))
    assert report.ok, report.checked.report()
    return tmp_path / "site"


def _pages(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))
    }


def test_no_payload_survives_as_markup_on_any_page(xss_site: Path) -> None:
    pages = _pages(xss_site)
    assert {
        "wishes/tap/index.html",
        "councils/2022-08-01-shed/index.html",
        "partners/beta/index.html",
    } <= set(pages)
    for path, html in pages.items():
        for node in parse_html(html).iter():
            assert node.tag not in ("img", "iframe"), f"{path}: <{node.tag}>"
            if node.tag in ("script", "style"):  # only the templates' own (print CSS, search)
                inside = "".join(c for c in node.children if isinstance(c, str))
                assert "alert(" not in inside and "<" not in inside, f"{path}: <{node.tag}>"
            for name, value in node.attrs.items():
                assert not name.startswith("on"), f"{path}: <{node.tag} {name}>"
                assert name != "style", f"{path}: <{node.tag} style>"
                if name in ("href", "src"):
                    assert not (value or "").strip().lower().startswith(("javascript:", "data:")), path


def test_payloads_show_as_plain_text(xss_site: Path) -> None:
    wish = parse_html((xss_site / "wishes/tap/index.html").read_text(encoding="utf-8"))
    assert wish.find("title").text.startswith(PAYLOAD)  # </title> inside did not end the title
    assert wish.find("h1").text == PAYLOAD
    assert PAYLOAD in wish.find("dl", "facts").text
    assert PAYLOAD in wish.find("footer").text  # site.contact and community
    council = parse_html((xss_site / "councils/2022-08-01-shed/index.html").read_text(encoding="utf-8"))
    assert PAYLOAD in council.find("ol", "decisions").text


def test_markdown_keeps_structure_and_drops_everything_active() -> None:
    html = render_markdown(BODY + "\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# Title\n\n1. one\n2. two\n")
    tree = parse_html(html)
    assert [n.tag for n in tree.iter() if n.tag in ("table", "ol", "h3")] == ["table", "h3", "ol"]
    assert not [n for n in tree.iter() if n.tag in ("script", "img", "iframe", "style", "div")]
    assert "onclick" not in html
    links = [n for n in tree.iter() if n.tag == "a"]
    assert not [a for a in links if (a.attrs.get("href") or "").lower().startswith(("javascript:", "data:"))]
    # CommonMark refuses such an address as a link: it stays as the text that was written
    assert "[click](javascript:alert(5))" in html
    assert render_markdown("[ok](https://example.org/a)") == ('<p><a href="https://example.org/a">ok</a></p>')
    assert render_markdown("  \n") == ""


def test_dates_per_language() -> None:
    day = dt.date(2022, 5, 17)
    assert i18n.format_date(day, "zh-CN") == "2022年5月17日"
    assert i18n.format_date(day, "en") == "17 May 2022"
    assert i18n.format_month(2022, 5, "en") == "May 2022"


def test_a_missing_word_is_an_error_not_an_empty_label() -> None:
    with pytest.raises(i18n.MissingText, match=r"nav\.nowhere"):
        i18n.translate("en", "nav.nowhere")


def _full_markdown(text: str) -> str:
    return markdown.sanitize(markdown._shift_headings(markdown._parser.render(text))).removesuffix("\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="万华社区理发，。ab 1.:-—“”\"'\n#*>@w/", max_size=60))
def test_plain_prose_shortcut_writes_what_markdown_writes(text: str) -> None:
    assert render_markdown(text) == (_full_markdown(text) if text.strip() else "")
