"""Short addresses for the printed QR codes (q/<code>/): stable codes, collisions, the pages."""

from __future__ import annotations

import itertools
import random
import re
import string
from pathlib import Path
from urllib.parse import urljoin

import pytest

from noticeboard.content.check import check_content
from noticeboard.site.context import make_context
from noticeboard.site.shortlinks import CODE_LENGTH, assign, board_links, hashed
from tests.conftest import BUILD_DATE, REPO, build_site, make_board
from tests.pagetext import parse_html, read_page

DEMO = REPO / "content"
BASE = "https://wanhua.example.org/"
CROCKFORD = set("0123456789abcdefghjkmnpqrstvwxyz")
REFRESH = re.compile(r"^0; url=(\S+)$")


def keys(count: int, record_type: str = "wish") -> list[tuple[str, str]]:
    return [(record_type, f"2022-05-{n:04d}-item") for n in range(count)]


def test_a_code_is_the_start_of_the_hash_of_type_and_id():
    links = assign([("wish", "2022-05-16-haircut"), ("council", "2022-05-16-haircut")])
    wish, council = links.code("wish", "2022-05-16-haircut"), links.code("council", "2022-05-16-haircut")
    assert len(wish) == len(council) == CODE_LENGTH and wish != council
    assert hashed("wish", "2022-05-16-haircut").startswith(wish)
    assert set(hashed("wish", "x")) <= CROCKFORD and len(hashed("wish", "x")) == 52
    assert links.path("wish", "2022-05-16-haircut") == f"q/{wish}/"
    # the same on every run, machine and version: a printed code must keep working
    assert wish == "avswy"  # docs/print.md gives it as the example


def test_adding_and_removing_records_leaves_other_codes_alone():
    board = keys(300)
    before = assign(board).codes
    after = assign([*board[:150], *keys(500, "project")]).codes
    assert not before.keys() - after.keys() - set(board[150:])
    for key in board[:150]:
        assert after[key] == before[key]


def test_a_collision_lengthens_both_codes_the_same_way_in_any_order():
    # two characters of code: 1,024 codes for 200 records give collisions, some of them triple
    records = keys(200)
    links = assign(records, length=2)
    shuffled = list(reversed(records))
    random.Random(7).shuffle(shuffled)
    assert assign(shuffled, length=2) == links
    assert links.shared, "expected collisions at two characters"
    assert len(set(links.codes.values())) == len(records)  # every code leads to one record
    for key, code in links.codes.items():
        assert hashed(*key).startswith(code) and len(code) >= 2
        others = [other for other in records if other != key]
        # the shortest start of its hash that no other hash begins with
        assert not any(hashed(*other).startswith(code) for other in others)
        assert len(code) == 2 or any(hashed(*other).startswith(code[:-1]) for other in others)
    for start, sharing in links.shared.items():
        assert len(sharing) >= 2 and all(hashed(*key).startswith(start) for key in sharing)
        assert start not in links.codes.values()
        assert sorted(key for key in records if hashed(*key).startswith(start)) == list(sharing)


def test_a_code_printed_before_a_collision_still_finds_its_record():
    first = ("wish", "a")
    prefix = hashed(*first)[:2]
    rival = next(
        ("wish", name)
        for name in ("".join(t) for t in itertools.product(string.ascii_lowercase, repeat=3))
        if name != "a" and hashed("wish", name).startswith(prefix)
    )
    alone = assign([first], length=2)
    together = assign([first, rival], length=2)
    assert alone.code(*first) == prefix
    assert together.code(*first) != prefix and together.code(*first).startswith(prefix)
    assert together.shared[prefix] == tuple(sorted([first, rival]))  # q/<prefix>/ lists both


def test_the_demo_board_gets_five_character_codes():
    links = board_links(check_content(DEMO, BUILD_DATE).board)
    assert len(links.codes) == 210 and not links.shared
    assert {len(code) for code in links.codes.values()} == {CODE_LENGTH}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shortlinks") / "site"
    assert build_site(DEMO, out, BUILD_DATE).ok
    return out


def test_each_short_link_page_opens_its_record(demo_site):
    links = board_links(check_content(DEMO, BUILD_DATE).board)
    pages = sorted(p.parent.name for p in (demo_site / "q").glob("*/index.html"))
    assert pages == sorted(links.codes.values())
    for (record_type, record_id), code in links.codes.items():
        page = read_page(demo_site / "q" / code / "index.html")
        folder = {"wish": "wishes", "council": "councils", "project": "projects", "partner": "partners"}
        record_page = f"{folder[record_type]}/{record_id}/"
        refresh = page.find("meta", **{"http-equiv": "refresh"}).attrs["content"]
        target = REFRESH.match(refresh).group(1)
        assert target == f"../../{record_page}index.html"
        assert (demo_site / "q" / code / target).resolve() == (demo_site / record_page / "index.html")
        assert page.find("link", rel="canonical").attrs["href"] == BASE + record_page
        assert page.find("meta", name="robots").attrs["content"] == "noindex"
        link = page.find("main").find("a")
        assert link.attrs["href"] == target and link.text  # for browsers that do not refresh
        assert page.find("html").attrs["lang"] == "zh-CN"
        assert urljoin(f"{BASE}q/{code}/", target) == BASE + record_page + "index.html"


def test_short_links_stay_out_of_the_sitemap(demo_site):
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/q/" not in sitemap and "wishes/2022-05-16-haircut/" in sitemap


def test_a_shared_start_becomes_a_page_listing_its_records(tmp_path, monkeypatch):
    import noticeboard.site.shortlinks as shortlinks

    monkeypatch.setattr(shortlinks, "CODE_LENGTH", 1)  # 32 codes for 27 records: some collide
    wish = "title: 心愿\nbeneficiary: 居民\ncategory: 助老服务\nsubmitted: 2022-08-{:02d}\nstatus: open\n"
    wishes = {f"wishes/2022-08-{n:02d}-w.yaml": wish.format(n) for n in range(1, 28)}
    content = make_board(
        tmp_path, {"site.yaml": f"name: 测试\ncommunity: 测试\nbase_url: {BASE}\n", **wishes}
    )
    board = check_content(content, BUILD_DATE).board
    files = shortlinks.produce_short_links(make_context(board))
    links = shortlinks.board_links(board, 1)
    assert links.shared
    assert sorted(files) == sorted(f"q/{code}/index.html" for code in [*links.codes.values(), *links.shared])
    for start, sharing in links.shared.items():
        page = parse_html(files[f"q/{start}/index.html"].decode("utf-8"))
        assert not page.find_all("meta", **{"http-equiv": "refresh"})
        assert not page.find_all("link", rel="canonical")
        assert page.find("meta", name="robots").attrs["content"] == "noindex"
        hrefs = [a.attrs["href"] for a in page.find("main").find_all("a")]
        assert hrefs == [f"../../wishes/{record_id}/index.html" for _, record_id in sharing]
        assert "这个二维码对应以下几条记录" in page.text


def test_no_short_links_without_an_absolute_base_url(tmp_path):
    out = tmp_path / "site"
    assert build_site(DEMO, out, BUILD_DATE, base_url="/").ok
    assert not (out / "q").exists()
