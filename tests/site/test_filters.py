"""Filter pages: each lists exactly the records of its value, linked from the list pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest

from noticeboard.content.check import check_content
from noticeboard.site import filters, i18n
from tests.conftest import REPO, build_site, check, make_board

BUILD_DATE = dt.date(2022, 8, 27)


class Page(HTMLParser):
    """What a reader sees of a list or filter page: heading, listed records, filter links."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.h1 = ""
        self.records: list[str] = []  # hrefs of the record links in ul.records
        self.filter_links: list[tuple[str, str]] = []  # (text, href) inside nav.filters
        self.scripts = 0
        self.script_sources: list[str] = []
        self._stack: list[tuple[str, str]] = []
        self._link: list | None = None
        self.feed(html)

    def _inside(self, tag: str, css: str) -> bool:
        return any(t == tag and css in c.split() for t, c in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
            self.script_sources.append(dict(attrs).get("src") or "")
        if tag == "a":
            self._link = [attrs.get("href", ""), ""]
            # a record row: the first link of an <li> directly in ul.records
            if self._inside("ul", "records") and self._stack[-1][0] == "li":
                self.records.append(attrs.get("href", ""))
        if tag not in ("meta", "link", "input", "br", "img"):
            self._stack.append((tag, attrs.get("class") or ""))

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            if self._inside("nav", "filters"):
                self.filter_links.append((" ".join(self._link[1].split()), self._link[0]))
            self._link = None
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data
        if self._stack and self._stack[-1][0] == "h1":
            self.h1 += data


def read(site: Path, path: str) -> Page:
    return Page((site / path).read_text(encoding="utf-8"))


def resolve(from_path: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), href))


def record_ids(page_path: str, page: Page) -> set[str]:
    """The ids of the records a page lists (from links like ../../<id>/index.html)."""
    return {resolve(page_path, href).split("/")[-2] for href in page.records}


def expected_groups(board) -> dict[tuple[str, str], dict[str, set[str]]]:
    """(section, dimension) -> value -> ids, computed straight from the model."""
    groups: dict[tuple[str, str], dict[str, set[str]]] = {}

    def add(section, dimension, value, record_id):
        groups.setdefault((section, dimension), {}).setdefault(value, set()).add(record_id)

    for w in board.wishes:
        add("wishes", "status", w.status, w.id)
        add("wishes", "category", w.category, w.id)
        add("wishes", "year", str(w.submitted.year), w.id)
        if w.place:
            add("wishes", "place", w.place, w.id)
    for c in board.councils:
        add("councils", "year", str(c.date.year), c.id)
        add("councils", "location", c.location, c.id)
        if c.place:
            add("councils", "place", c.place, c.id)
    for p in board.projects:
        add("projects", "status", p.status, p.id)
        add("projects", "category", p.category, p.id)
        if p.place:
            add("projects", "place", p.place, p.id)
    for p in board.partners:
        add("partners", "status", p.status, p.id)
        add("partners", "kind", p.kind, p.id)
        for service in p.services:
            add("partners", "service", service.category, p.id)
    return groups


LABEL_GROUPS = {
    ("wishes", "status"): "wish_status",
    ("projects", "status"): "project_status",
    ("partners", "kind"): "partner_kind",
    ("partners", "status"): "partner_status",
}


def label(section: str, dimension: str, value: str) -> str:
    group = LABEL_GROUPS.get((section, dimension))
    return i18n.translate("zh-CN", f"{group}.{value}") if group else value


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("filters") / "site"
    assert build_site(REPO / "content", out, BUILD_DATE).ok
    board = check_content(REPO / "content", BUILD_DATE).board
    return out, board


def test_every_filter_page_lists_exactly_its_records(demo):
    site, board = demo
    all_ids = {
        "wishes": {w.id for w in board.wishes},
        "councils": {c.id for c in board.councils},
        "projects": {p.id for p in board.projects},
        "partners": {p.id for p in board.partners},
    }
    checked_pages = set()
    for (section, dimension), values in sorted(expected_groups(board).items()):
        # A value's link by its text within its dimension: a council's place and the place it
        # met at may read the same ("3号院 (5)") in two groups of links.
        links = read(site, f"{section}/index.html").filter_links
        nav = {text: href for text, href in links if href.startswith(f"filter/{dimension}-")}
        for value, ids in sorted(values.items()):
            text = f"{label(section, dimension, value)} ({len(ids)})"
            if ids == all_ids[section]:
                assert text not in nav, (section, value)  # the list itself
                continue
            href = nav[text]  # every other value is linked from the list page, with its count
            path = resolve(f"{section}/index.html", href)
            assert path.startswith(f"{section}/filter/{dimension}-") and path.endswith("/index.html")
            page = read(site, path)
            assert record_ids(path, page) == ids, path
            assert len(page.records) == len(ids)
            assert label(section, dimension, value) in page.h1 and f"{len(ids)} 条" in page.h1
            checked_pages.add(path)
    on_disk = {str(p.relative_to(site)) for s in all_ids for p in site.glob(f"{s}/filter/*/index.html")}
    assert on_disk == checked_pages  # no page that is not a filter value of a list


def test_demo_filters_skip_the_whole_list_and_cover_every_dimension(demo):
    site, board = demo
    assert {w.submitted.year for w in board.wishes} == {2022}
    assert not list(site.glob("wishes/filter/year-*"))  # one year: the list itself
    lists = ("wishes", "councils", "projects", "partners")
    dimensions = {
        (p.parts[-4], p.parts[-2].split("-")[0]) for s in lists for p in site.glob(f"{s}/filter/*/index.html")
    }
    assert dimensions == {
        ("wishes", "status"),
        ("wishes", "category"),
        ("councils", "year"),
        ("councils", "location"),
        ("wishes", "place"),
        ("councils", "place"),
        ("projects", "place"),
        ("projects", "status"),
        ("projects", "category"),
        ("partners", "status"),
        ("partners", "kind"),
        ("partners", "service"),
    }
    open_wishes = read(site, "wishes/filter/status-open/index.html")
    assert open_wishes.h1.startswith("微心愿")
    # Nothing needs JavaScript: the only scripts remember the elderly mode and read aloud.
    assert sorted(open_wishes.script_sources) == ["../../../static/mode.js", "../../../static/read-aloud.js"]


def test_filter_navigation_marks_the_current_page(demo):
    site, _ = demo
    html = (site / "wishes/filter/status-open/index.html").read_text(encoding="utf-8")
    assert '<a href="index.html" aria-current="page">待认领' in html
    assert '<a href="../status-fulfilled/index.html">已实现' in html
    assert '<a href="../../index.html">← 全部微心愿</a>' in html


def test_chinese_values_get_stable_ascii_slugs(demo):
    site, _ = demo
    digest = hashlib.sha1("助老服务".encode()).hexdigest()[:8]
    page = read(site, f"wishes/filter/category-{digest}/index.html")
    assert "助老服务" in page.h1


def test_values_with_the_same_records_share_one_page(tmp_path):
    partner = "name: {name}\nkind: merchant\njoined: 2021-02-01\nservices:\n{services}"
    services = "- title: 修鞋\n  category: 便民服务\n- title: 配钥匙\n  category: 维修服务\n"
    content = make_board(
        tmp_path,
        {
            "partners/beta.yaml": partner.format(name="贝塔修鞋铺", services=services),
            "partners/gamma.yaml": partner.format(
                name="伽马书店", services="- title: 借书\n  category: 文体活动\n"
            ),
        },
    )
    board = check(content).board
    section = filters.section_filters(board, "partner")
    pages = [p for p in section.pages if p.dimension == "service"]
    assert sorted(p.values for p in pages) == [("便民服务", "维修服务"), ("文体活动",)]
    (service,) = [d for d in section.navigation if d.key == "service"]
    nav = {item.value: item.page for item in service.values}
    assert nav["便民服务"] == nav["维修服务"] != nav["文体活动"]  # both values link to the shared page
    assert sorted(p.values for p in section.pages if p.dimension == "kind") == [
        ("enterprise",),
        ("merchant",),
    ]
