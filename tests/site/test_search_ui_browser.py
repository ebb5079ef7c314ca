"""Search for residents, in a real browser: everyday words, one character, nothing found, decisions,
the 404 page (also through ``serve``), accessibility, phone width, type and target sizes.

The demo board at 2022-08-27, served on 127.0.0.1, Chromium driven by Playwright; skipped with the
reason when either is missing (failing under CI), like tests/site/test_search_browser.py.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from noticeboard.preview.serve import Preview
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, require_browser, served
from tests.browser.test_a11y import AXE, violations
from tests.conftest import REPO, build_site, make_board
from tests.site.test_search_browser import ENGLISH_BOARD, TIMEOUT_MS, expected, run_query

MIN_FONT_PX = 18
MIN_TARGET_PX = 44


@pytest.fixture(scope="module")
def browser():
    sync_playwright = require_browser()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    site = tmp_path_factory.mktemp("search-ui") / "site"
    assert build_site(REPO / "content", site, dt.date(2022, 8, 27)).ok
    with served(site) as root:
        yield site, root


@pytest.fixture
def page(browser):
    """A phone-sized tab that refuses (and records) every request off 127.0.0.1."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    outside: list[str] = []
    errors: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("http://127.0.0.1:")
            else (outside.append(route.request.url), route.abort())
        ),
    )
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert outside == [] and errors == []


def finished(page) -> None:
    """Wait until the search (and, when nothing matched, the suggestions) are done."""
    page.wait_for_function(
        "() => { const s = document.getElementById('search-status')?.textContent;"
        " return s && s !== document.getElementById('search-form').dataset.msgLoading; }"
    )
    page.wait_for_load_state("networkidle")


def visible_text(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => e.closest('[hidden]') ? '' : e.innerText")


def titles(results: list[dict[str, str]]) -> list[str]:
    return [r["title"] for r in results]


# --- everyday words ----------------------------------------------------------------------


def test_e_bike_finds_the_bike_shed_project_and_decision(demo, page):
    site, root = demo
    results = run_query(page, root, "电瓶车")
    assert {"3号院电动车棚及充电桩", "在3号院东北角建设电动车棚"} <= set(titles(results))
    assert titles(results) == titles(expected(site, "电瓶车"))
    assert "同时查找了：电动车、" in visible_text(page, "#search-note")
    assert visible_text(page, "#search-help") == ""  # results: no help needed


def test_jiantou_finds_the_haircut_wish(demo, page):
    _, root = demo
    results = run_query(page, root, "剪头")
    assert "给行动不便的81岁父亲上门理发" in titles(results)
    assert "理发" in visible_text(page, "#search-note")


def test_laonian_chidai_finds_what_says_alzheimer_or_dementia(demo, page):
    site, root = demo
    results = run_query(page, root, "老年痴呆")
    assert {"学习照护认知症老人的方法", "认知症照护家属培训"} <= set(titles(results))
    assert titles(results) == titles(expected(site, "老年痴呆"))


@pytest.mark.parametrize("character", ["车", "棚"])
def test_one_character_finds_the_titles_that_hold_it(demo, page, character):
    site, root = demo
    results = run_query(page, root, character)
    assert results and all(character in title for title in titles(results))
    assert titles(results) == titles(expected(site, character))
    assert "3号院电动车棚及充电桩" in titles(results)
    assert visible_text(page, "#search-note") == "只输入一个字时，查找标题里有这个字的记录。"


# --- when nothing matches ----------------------------------------------------------------


def test_nonsense_gets_tips_and_category_links(demo, page):
    _, root = demo
    assert run_query(page, root, "火星基地") == []
    finished(page)
    assert page.text_content("#search-status") == "没有找到相关内容。"
    assert "换一种说法" in visible_text(page, "#search-help")
    browse = visible_text(page, "#search-browse")
    assert "按类别浏览" in browse and "微心愿 · 类别" in browse and "红色合伙人 · 服务类别" in browse
    links = page.eval_on_selector_all("#search-browse a", "as => as.map(a => a.href)")
    assert len(links) >= 10 and all("/filter/" in link or link.endswith("/index.html") for link in links)
    page.click("#search-browse a >> nth=0")
    page.wait_for_load_state()
    assert "/filter/" in page.url and "类别" in page.text_content("h1")


def test_a_long_query_that_finds_nothing_suggests_its_parts_that_do(demo, page):
    _, root = demo
    assert run_query(page, root, "给老人上门剪头发的服务") == []
    finished(page)
    parts = page.eval_on_selector_all("#search-suggest a", "as => as.map(a => a.textContent)")
    assert parts == ["老人上门", "头发", "服务"]  # longest first, not overlapping
    assert "同时查找了：" in visible_text(page, "#search-note")  # 剪头发 → 理发… was tried too
    page.click("#search-suggest a >> nth=0")
    finished(page)
    assert page.input_value("#search-q") == "老人上门" and page.locator("#search-results li").count() > 0
    assert visible_text(page, "#search-browse") == ""  # hidden beside results


def test_a_query_of_two_terms_suggests_the_term_that_finds_something(demo, page):
    _, root = demo
    assert run_query(page, root, "理发 火星") == []
    finished(page)
    assert page.eval_on_selector_all("#search-suggest a", "as => as.map(a => a.textContent)") == ["理发"]


# --- decisions ---------------------------------------------------------------------------


def test_a_decision_shows_its_council_and_follow_up_status(demo, page):
    _, root = demo
    results = run_query(page, root, "东北角")
    decision = next(r for r in results if r["title"] == "在3号院东北角建设电动车棚")
    assert decision["facts"] == "议事会决议 · 3号院电动车棚议事会 · 2022年4月8日 · 已落实"
    assert decision["href"] == "../councils/2022-04-08-yard-3/index.html#decision-1"
    page.click("#search-results a[href$='#decision-1']")
    page.wait_for_load_state()
    assert page.url.endswith("/councils/2022-04-08-yard-3/index.html#decision-1")
    assert page.text_content("h1") == "3号院电动车棚议事会"


def test_an_overdue_decision_says_so(demo, page):
    site, root = demo
    files = {f"search/{p.name}": p.read_bytes() for p in (site / "search").glob("docs-*.json")}
    late = next(
        entry
        for name in sorted(files)
        for entry in json.loads(files[name])
        if entry["type"] == "decision" and entry["status"].endswith("-overdue")
    )
    results = run_query(page, root, late["title"])
    facts = next(r["facts"] for r in results if r["title"] == late["title"])
    assert facts.startswith(f"议事会决议 · {late['in']} · ") and facts.endswith("，已逾期")
    colour = page.eval_on_selector(
        ".search-result-decision [class*='-overdue']", "e => getComputedStyle(e).color"
    )
    assert colour == "rgb(138, 59, 0)"  # --warn, as the tracker shows overdue follow-ups


# --- the 404 page ------------------------------------------------------------------------


def test_the_404_page_searches_without_a_script_of_its_own(demo, page):
    _, root = demo
    page.goto(root + "404.html")
    assert page.locator("script[src*=search]").count() == 0  # only the page-wide mode and read-aloud scripts
    page.fill("#notfound-q", "剪头")
    page.press("#notfound-q", "Enter")
    finished(page)
    assert page.url == root + "search/index.html?q=" + quote("剪头")
    assert page.locator("#search-results li").count() > 0


def test_serve_answers_an_unknown_address_with_404_and_the_search_box(demo, browser):
    site, _ = demo
    preview = Preview(lambda: None, site, [], port=0, log=lambda _: None)
    preview.build_now()
    preview.start()
    try:
        host, port = preview.server.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=5)
        conn.request("GET", "/wishes/no-such-wish/index.html")
        response = conn.getresponse()
        body = response.read().decode("utf-8")
        conn.close()
        assert response.status == 404 and response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert 'role="search" action="/search/index.html" method="get"' in body
        tab = browser.new_page()
        try:
            answered = tab.goto(preview.url + "no/such/page/")
            assert answered.status == 404
            tab.fill("#notfound-q", "电瓶车")
            tab.press("#notfound-q", "Enter")
            finished(tab)
            assert "/search/index.html?q=" in tab.url and tab.locator("#search-results li").count() > 0
        finally:
            tab.close()
    finally:
        preview.stop()


# --- for every reader: axe, phone width, type and targets ---------------------------------

STATES = {
    "results": "search/index.html?q=" + quote("电瓶车"),
    "one-character": "search/index.html?q=" + quote("棚"),
    "nothing": "search/index.html?q=" + quote("给老人上门剪头发的服务"),
    "empty": "search/index.html",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("search-ui-en")
    site = folder / "site"
    assert build_site(make_board(folder, ENGLISH_BOARD), site, dt.date(2022, 8, 27)).ok
    with served(site) as root:
        yield site, root


def open_state(page, root: str, path: str) -> None:
    page.goto(root + path)
    if path.startswith("search/"):
        page.wait_for_function(
            "() => document.getElementById('search-form').classList.contains('search-ready')"
        )
        if "?q=" in path:
            finished(page)


@pytest.mark.parametrize("state", sorted(STATES))
def test_axe_finds_nothing_serious(demo, page, state):
    if not AXE.is_file():
        pytest.skip("axe-core not installed (run: npm ci)")
    _, root = demo
    open_state(page, root, STATES[state])
    assert violations(page, str(AXE)) == []


@pytest.mark.parametrize("path", ["search/index.html?q=xyzzy", "404.html"])
def test_axe_finds_nothing_serious_in_english(english, page, path):
    if not AXE.is_file():
        pytest.skip("axe-core not installed (run: npm ci)")
    _, root = english
    open_state(page, root, path)
    assert violations(page, str(AXE)) == []


@pytest.mark.parametrize("state", sorted(STATES))
def test_nothing_scrolls_sideways_at_375_px(demo, page, state):
    _, root = demo
    open_state(page, root, STATES[state])
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1] == 375


# Everything a resident reads or taps on the search page and the 404 page.
READ = ", ".join(
    (
        "#search-form label",
        "#search-q",
        "#search-status",
        "#search-note",
        "#search-help p",
        ".search-results a",
        ".search-facts",
        ".search-snippet",
        "#search-browse a",
        "main form label",
        "main form input",
        "main form button",
    )
)
TAP = ", ".join(
    (
        "main form input",
        "main form button",
        ".search-results h2 a",
        "#search-suggest a",
        "#search-browse a",
        ".search-home a",
    )
)

MEASURE = """([read, tap]) => {
    const shown = e => e.getClientRects().length > 0 && !e.closest('[hidden]');
    const fonts = [...document.querySelectorAll(read)].filter(shown)
        .map(e => [e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 20),
                   parseFloat(getComputedStyle(e).fontSize)]);
    const targets = [...document.querySelectorAll(tap)].filter(shown).map(e => {
        const box = e.getBoundingClientRect();
        return [e.tagName + ' ' + e.textContent.slice(0, 20), box.width, box.height];
    });
    return {fonts, targets};
}"""


@pytest.mark.parametrize("state", sorted(STATES))
def test_large_type_and_large_targets(demo, page, state):
    _, root = demo
    open_state(page, root, STATES[state])
    measured = page.evaluate(MEASURE, [READ, TAP])
    assert measured["fonts"] and measured["targets"]
    assert [f for f in measured["fonts"] if f[1] < MIN_FONT_PX] == []
    small = [t for t in measured["targets"] if t[1] < MIN_TARGET_PX or t[2] < MIN_TARGET_PX]
    assert small == []
    if state == "results":
        assert sum("search-results" not in t[0] for t in measured["targets"]) >= 2  # the form too
        assert any(t[0].startswith("A ") for t in measured["targets"])


def test_the_index_twin_and_the_page_agree_on_decisions(demo, page):
    site, root = demo
    wanted = [e for e in expected(site, "电动车棚") if e["type"] == "decision"]
    shown = [r for r in run_query(page, root, "电动车棚") if "议事会决议" in r["facts"]]
    assert [r["href"] for r in shown] == ["../" + e["page"] for e in wanted] and len(wanted) == 2
    assert all(e["status_label"] in r["facts"] for r, e in zip(shown, wanted, strict=True))


# Spellings, one-character terms and terms mixed: search.js and query_index (its Python twin)
# must find the same records in the same order.
PARITY = [
    "剪头发",
    "电瓶车充电",
    "老花镜",
    "车 棚",
    "理发 王",
    "剪头 3号院",
    "助餐",
    "ＨＡＩＲ",
    "院",
    "上门 服务",
]


@pytest.mark.parametrize("query", PARITY)
def test_search_js_and_its_python_twin_agree(demo, page, query):
    site, root = demo
    results = run_query(page, root, query, via_form=False)
    wanted = expected(site, query)
    assert [(r["title"], r["href"]) for r in results] == [
        (e["title"], "../" + e["page"]) for e in wanted[:50]
    ]
