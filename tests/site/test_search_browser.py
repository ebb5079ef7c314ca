"""Search in a real browser: the built site over HTTP on 127.0.0.1, Chromium driven by Playwright.

Skipped with the reason shown when Chromium or Playwright is missing; with the CI environment
variable set, a missing browser fails instead, so CI cannot pass without running these.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from noticeboard.content.check import check_content
from noticeboard.site import search_query, search_text
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, require_browser, served
from tests.conftest import REPO, build_site, make_board
from tests.site.test_filters import expected_groups, label

TIMEOUT_MS = 30_000

ENGLISH_BOARD = {
    "site.yaml": "name: Elm Street Board\ncommunity: Elm Street Community\nlanguage: en\n",
    "wishes/haircut.yaml": (
        "title: Haircut at home for Mrs Chen\nbeneficiary: Mrs Chen of yard 3\ncategory: Elderly care\n"
        "submitted: 2022-05-16\nreported_by: Yard 3 captain\nstatus: open\n"
        "story: She cannot walk to the barber any more.\n"
    ),
    "projects/bike-shed.yaml": (
        "title: Bike shed for yard 5\ncategory: Facilities\nraised: 2022-03-01\nstatus: open\n"
        "description: A covered shed with chargers for electric bikes.\n"
    ),
    # untrusted text: search.js must show it as text, never as markup
    "wishes/tap.yaml": (
        "title: '<img src=x onerror=\"document.title=1\">Leaky tap'\nbeneficiary: Mr Li\n"
        "category: Repairs\nsubmitted: 2022-06-01\nstatus: open\n"
    ),
    "councils/yard-7.yaml": (
        "title: Yard 7 council\ndate: 2022-04-01\nlocation: Yard 7\nparticipants: 9\n"
        "decisions:\n- text: Repaint the benches\n  outcome: adopted\n  owner: Property office\n"
        "  due: 2022-09-30\nminutes: Residents asked about parking near the sheds.\n"
    ),
}


@pytest.fixture(scope="module")
def browser():
    sync_playwright = require_browser()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def small_shards(postings: int) -> Iterator[None]:
    """Build with many small shards, so search.js must pick the same shard as Python for each bigram."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_text, "POSTINGS_PER_SHARD", postings)
        yield


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    site = tmp_path_factory.mktemp("browser-demo") / "site"
    with small_shards(500):
        assert build_site(REPO / "content", site, dt.date(2022, 8, 27)).ok
    with served(site) as root:
        yield site, root


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("browser-en")
    site = folder / "site"
    with small_shards(5):
        assert build_site(make_board(folder, ENGLISH_BOARD), site, dt.date(2022, 8, 27)).ok
    with served(site) as root:
        yield site, root


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """A board of 130 wishes that all mention a haircut: more than one chunk of documents."""
    folder = tmp_path_factory.mktemp("browser-many")
    wishes = {
        f"wishes/w{n:03d}.yaml": (
            f"title: 第{n}位老人想理发\nbeneficiary: 老人\ncategory: 助老服务\n"
            f"submitted: 2022-{1 + n // 28:02d}-{1 + n % 28:02d}\nstatus: open\n"
        )
        for n in range(130)
    }
    site = folder / "site"
    assert build_site(make_board(folder, wishes), site, dt.date(2022, 8, 27)).ok
    with served(site) as root:
        yield site, root


@pytest.fixture
def page(browser):
    context = browser.new_context()
    outside: list[str] = []
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
    yield tab
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def run_query(page, root: str, query: str, *, via_form: bool = True) -> list[dict[str, str]]:
    """Search as a resident does and return what each result shows."""
    if via_form:
        page.goto(root + "search/index.html")
        page.fill("#search-q", query)
        with page.expect_navigation():  # the form is a plain GET: wait for the new page
            page.press("#search-q", "Enter")
    else:
        page.goto(root + "search/index.html?q=" + quote(query))
    page.wait_for_function(
        "() => { const s = document.getElementById('search-status')?.textContent;"
        " return s && s !== document.getElementById('search-form').dataset.msgLoading; }"
    )
    return page.eval_on_selector_all(
        "#search-results li",
        """items => items.map(li => ({
            title: li.querySelector('h2 a').textContent,
            href: li.querySelector('h2 a').getAttribute('href'),
            facts: li.querySelector('.search-facts').textContent,
        }))""",
    )


def expected(site: Path, query: str) -> list[dict[str, str]]:
    """What the index says a query must find (the Python twin of search.js)."""
    files = {f"search/{p.name}": p.read_bytes() for p in (site / "search").iterdir() if p.suffix == ".json"}
    return search_query.query_index(files, query)


# "服务社区": five records hold all its bigrams (服务, 务社, 社区) but none the whole word,
# so it checks that search.js verifies candidates against the text. "理发" and "电动车棚"
# are searched with their synonyms (剪头…, 电瓶车棚…); "车" looks in the titles.
@pytest.mark.parametrize(
    ("query", "count"), [("理发", 8), ("电动车棚", 8), ("8号院", 30), ("服务社区", 0), ("车", 18)]
)
def test_demo_search_finds_what_the_index_holds(demo, page, query, count):
    site, root = demo
    results = run_query(page, root, query)
    wanted = expected(site, query)
    assert len(wanted) == count
    assert [r["title"] for r in results] == [e["title"] for e in wanted]  # both newest first
    for result, entry in zip(results, wanted, strict=True):
        assert result["href"] == "../" + entry["page"]
        for fact in ("type_label", "date", "status_label"):
            assert entry[fact] in result["facts"]
    status = f"找到 {count} 条结果。" if count else "没有找到相关内容。"
    assert page.text_content("#search-status") == status


def test_haircut_and_bike_shed_on_the_demo_board(demo, page):
    _, root = demo
    titles = {r["title"] for r in run_query(page, root, "理发", via_form=False)}
    assert {"卧床老人上门理发", "万华便民理发店"} <= titles
    shed = run_query(page, root, "电动车棚")
    assert {"3号院电动车棚及充电桩", "3号院电动车棚议事会", "万华路12号院电动车棚议事会"} <= {
        r["title"] for r in shed
    }
    page.click("#search-results li:first-child h2 a")
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and "/search/" not in page.url
    assert page.text_content("h1") == shed[0]["title"]


def test_empty_and_unknown_queries_say_so(demo, page):
    _, root = demo
    assert run_query(page, root, "，。！") == []
    assert page.text_content("#search-status") == "请输入要查找的字或词。"
    assert run_query(page, root, "火星基地") == []
    assert page.text_content("#search-status") == "没有找到相关内容。"


def test_english_board_finds_english_terms(english, page):
    _, root = english
    results = run_query(page, root, "bike shed")
    assert [r["title"] for r in results] == ["Bike shed for yard 5"]
    assert "Project" in results[0]["facts"] and "1 March 2022" in results[0]["facts"]
    assert [r["title"] for r in run_query(page, root, "HAIRC")] == ["Haircut at home for Mrs Chen"]
    # full-width letters fold like the index (NFKC), so phone keyboards in Chinese mode work
    assert [r["title"] for r in run_query(page, root, "ＨＡＩＲcut")] == ["Haircut at home for Mrs Chen"]
    assert [r["title"] for r in run_query(page, root, "parking")] == ["Yard 7 council"]


def test_result_titles_are_text_not_markup(english, page):
    _, root = english
    results = run_query(page, root, "leaky tap")
    assert [r["title"] for r in results] == ['<img src=x onerror="document.title=1">Leaky tap']
    assert page.eval_on_selector_all("#search-results img", "nodes => nodes.length") == 0
    assert page.title() != "1"


def test_without_javascript_the_page_says_search_needs_it(demo, browser):
    _, root = demo
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(root + "search/index.html?q=理发")
        text = tab.inner_text("main")
        assert "搜索需要浏览器开启 JavaScript" in text
        assert tab.eval_on_selector_all("#search-results li", "items => items.length") == 0
    finally:
        context.close()


def test_search_needs_no_network_beyond_the_site(demo, page):
    site, root = demo
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    run_query(page, root, "电动车棚")
    assert requested and all(url.startswith(root) for url in requested)
    meta = json.loads((site / "search" / "meta.json").read_text(encoding="utf-8"))
    fetched = {
        int(url.split("?")[0].rsplit("-", 1)[1].removesuffix(".json"))
        for url in requested
        if "/index-" in url
    }
    spellings = search_text.variants("电动车棚", [(word, others) for word, others in meta["synonyms"]])
    wanted = {search_text.shard_of(g, meta["shards"]) for s in spellings for g in search_text.bigrams(s)}
    assert "电瓶车棚" in spellings and meta["shards"] >= 16
    assert fetched == wanted and len(wanted) < meta["shards"] / 2  # only the shards of the spellings' bigrams


def test_common_query_shows_the_newest_fifty_and_reads_one_chunk(many, page):
    _, root = many
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    results = run_query(page, root, "理发")
    assert len(results) == 50
    assert results[0]["title"] == "第129位老人想理发" and "2022年5月18日" in results[0]["facts"]
    assert page.text_content("#search-status").startswith("结果很多，这里显示最新的 50 条")
    fetched = sorted(url.rsplit("/", 1)[1].split("?")[0] for url in requested if "/docs-" in url)
    assert fetched == ["docs-0.json"]  # the second chunk (older wishes) was never needed


def test_opened_from_disk_the_page_says_it_needs_a_web_address(demo, browser):
    site, _ = demo
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto((site / "search" / "index.html").as_uri() + "?q=" + quote("理发"))
        tab.wait_for_function("() => document.getElementById('search-status').textContent.includes('http')")
        assert tab.text_content("#search-status").startswith("搜索索引没有加载成功")
    finally:
        context.close()


def test_every_filter_page_in_the_browser_without_javascript(demo, browser):
    """Follow every filter link of every list with JavaScript off; each page lists its records."""
    site, root = demo
    board = check_content(REPO / "content", dt.date(2022, 8, 27)).board
    groups = expected_groups(board)
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        visited = 0
        for section in ("wishes", "councils", "projects", "partners"):
            tab.goto(f"{root}{section}/index.html")
            links = tab.eval_on_selector_all(
                "nav.filters a",
                "links => links.map(a => [a.textContent.replace(/\\s+/g, ' ').trim(), a.href])",
            )
            assert links, section
            for text, href in links:
                if not href.startswith(f"{root}{section}/filter/"):
                    continue  # a value holding the whole list links to the list itself
                dimension = href.rsplit("/", 2)[-2].split("-")[0]
                value, count = text.rsplit(" (", 1)
                tab.goto(href)
                listed = tab.eval_on_selector_all(
                    "ul.records > li > a:first-child",
                    "links => links.map(a => a.href.split('/').slice(-2)[0])",
                )
                wanted = next(
                    ids
                    for v, ids in groups[(section, dimension)].items()
                    if label(section, dimension, v) == value
                )
                assert sorted(listed) == sorted(wanted), href
                assert count == f"{len(wanted)})" and value in tab.text_content("h1")
                visited += 1
        lists = (
            "wishes",
            "councils",
            "projects",
            "partners",
        )  # the tracker's place pages: tests/site/test_pages.py
        assert visited == sum(len(list(site.glob(f"{s}/filter/*/index.html"))) for s in lists)
    finally:
        context.close()


def test_an_old_browser_is_told_search_is_unavailable(demo, page):
    _, root = demo
    page.add_init_script("delete String.prototype.normalize")  # as in browsers before 2014
    page.goto(root + "search/index.html?q=" + quote("理发"))
    page.wait_for_function("() => document.getElementById('search-status').textContent.length > 0")
    assert page.text_content("#search-status").startswith("这个浏览器版本太旧，不能使用搜索")
    assert page.eval_on_selector_all("#search-results li", "items => items.length") == 0
