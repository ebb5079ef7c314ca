"""Hostile content in a real browser: payloads in every text field and Markdown body of every
record type. On every page no dialog opens, no script from content runs, and nothing is
requested from anywhere but the site itself (not even a broken image on the site)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser.conftest import BUILD_DATE, Site, served
from tests.conftest import build_site
from tests.hostile import hostile_board

MARK = "XSSMARK"  # a word search can find, so the search results page renders the payloads too
PAYLOAD = (
    f"{MARK} <script>window.__pwned='script';alert('script')</script>"
    "<img src=nothing.png onerror=\"window.__pwned='onerror';alert('onerror')\">"
    "<svg onload=\"window.__pwned='svg'\"></svg>"
    "\"'><script>window.__pwned='break-out'</script>"
    "<a href=\"javascript:window.__pwned='link'\">link</a>"
    '<iframe src="https://evil.example/frame"></iframe>'
    '<link rel="stylesheet" href="https://evil.example/s.css">'
    "<style>body{background:url(https://evil.example/bg.png)}</style>"
    "{{ 7*7 }}{% raw %}"
)
BODY = (
    PAYLOAD
    + "\n\n[click](javascript:window.__pwned='md-link') [data](data:text/html;base64,PHNjcmlwdD4=)\n\n"
    + "![pixel](https://evil.example/pixel.png) ![local](nothing.png)\n\n"
    + "<details open ontoggle=\"window.__pwned='toggle'\">d</details>"
    + '<form action="https://evil.example/"><button>go</button></form>'
    + '<object data="https://evil.example/o"></object><embed src="https://evil.example/e">\n'
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("xss-browser")
    report = build_site(hostile_board(folder, PAYLOAD, BODY), folder / "site", BUILD_DATE)
    assert report.ok, report.checked.report()
    with served(folder / "site") as root:
        yield Site(folder / "site", root, "zh")


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def assert_harmless(page, watch, where: str) -> None:
    """Nothing ran, nothing popped up, nothing was fetched from outside or failed."""
    assert page.evaluate("typeof window.__pwned") == "undefined", (where, page.evaluate("window.__pwned"))
    assert watch.problems() == {}, where


def test_payloads_do_nothing_on_any_page(hostile, open_tab):
    pages = all_pages(hostile.folder)
    assert len(pages) >= 12
    page, watch = open_tab(width=375)
    for path in pages:
        page.goto(hostile.root + path, wait_until="load")
        assert MARK in page.inner_text("body"), f"{path} does not show the content as text"
        # Content links are followed by residents: none may run script when clicked.
        assert page.locator("a[href^='javascript:' i], a[href^='data:' i]").count() == 0, path
        page.hover("main")
        assert_harmless(page, watch, path)


def test_search_results_show_payloads_as_text(hostile, open_tab):
    page, watch = open_tab(width=1280)
    page.goto(hostile.root + "search/index.html?q=" + quote(MARK), wait_until="networkidle")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0")
    titles = page.eval_on_selector_all("#search-results li h2 a", "as => as.map(a => a.textContent)")
    assert titles and all(title.startswith(MARK) and "<script>" in title for title in titles)
    assert_harmless(page, watch, "search")


def test_the_probe_would_notice_a_script(hostile, open_tab):
    """The same checks catch a payload that does run (so the tests above can fail)."""
    page, watch = open_tab()
    page.goto(hostile.root + "index.html")
    page.evaluate("() => { window.__pwned = 'probe'; }")
    assert page.evaluate("typeof window.__pwned") == "string"
    page.evaluate("() => alert('probe')")
    assert watch.dialogs == ["alert: probe"]
