"""Each page of the demo board shows its facts, read as text the way a resident reads them."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
from pathlib import Path

import pytest

from noticeboard.site.i18n import LANGUAGES, catalog
from tests.conftest import REPO, build_site, make_board
from tests.pagetext import Node, read_page

DEMO = REPO / "content"
DATE = dt.date(2022, 8, 27)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    report = build_site(DEMO, out, DATE)
    assert report.ok, report.checked.report()
    return out


def page(site: Path, path: str) -> Node:
    return read_page(site / path)


def test_home_shows_the_headline_statistics(site: Path) -> None:
    home = page(site, "index.html")
    items = home.find("ul", "stats").find_all("li")
    figures = {li.find(cls="label").text: li.find(cls="figure").text for li in items}
    assert figures == {
        "在册红色合伙人": "42",
        "签约共建项目": "53",
        "收集微心愿": "52",
        "实现微心愿": "44",
        "召开院落议事会": "49",
        "参会居民人次": "272",
        "解决难题": "12",
    }
    notes = {li.find(cls="label").text: li.find(cls="counts").text for li in items}
    assert notes["签约共建项目"] == "签了共建协议的项目：进行中 15 个，已完成 38 个"  # 15 + 38 = 53
    assert notes["在册红色合伙人"] == "在册的单位和个人；另有 3 个已退出，不计入"
    assert "难题：" in notes["解决难题"]
    links = {li.find(cls="label").text: li.find("a").attrs["href"] for li in items}
    assert links["实现微心愿"] == "wishes/filter/status-fulfilled/index.html"
    assert links["在册红色合伙人"] == "partners/filter/status-active/index.html"
    assert links["签约共建项目"] == "projects/index.html#signed"
    for target in links.values():
        assert (site / target.partition("#")[0]).is_file(), target


def test_home_shows_waiting_wishes_decisions_partners_and_top_ten(site: Path) -> None:
    home = page(site, "index.html")
    waiting = home.section("wishes-heading").text
    assert "孩子想学下象棋" in waiting and "院里放两张长椅" in waiting
    assert "已实现" not in waiting  # only open wishes wait
    decisions = home.section("decisions-heading").text
    assert "制定8号院居民文明公约并张贴公示" in decisions and "落实中" in decisions
    assert "星辰通信服务有限公司东城营业厅" in home.section("partners-heading").text
    top = home.section("points-heading").find("tbody").find_all("tr")
    assert len(top) == 10
    assert [td.text for td in top[0].find_all("td")] == ["1", "万家惠超市东城店", "191", "0", "191"]


def test_home_activity_chart_labels_every_month_in_text_beside_a_table_of_the_same_numbers(
    site: Path,
) -> None:
    activity = page(site, "index.html").section("activity-heading")
    rows = {
        tr.find("th").text: [td.text for td in tr.find_all("td")]
        for tr in activity.find("tbody").find_all("tr")
    }
    months = list(rows)
    assert len(months) == 12 and months[0] == "2021年9月" and months[-1] == "2022年8月"
    assert rows["2022年5月"] == ["6", "8", "4", "4"]
    bars = activity.find("ol", "chart-rows").find_all("li")
    assert [bar.find(cls="chart-label").text for bar in bars] == months  # labels are text, not SVG
    totals = [bar.find(cls="chart-total").text for bar in bars]
    assert totals == [f"合计 {sum(int(n) for n in rows[month])}" for month in months]
    assert not activity.find_all("svg")


def test_home_is_small_and_every_page_has_landmarks_and_the_build_date(site: Path) -> None:
    assert (site / "index.html").stat().st_size < 100_000
    for path in ("index.html", "wishes/index.html", "councils/2022-05-05-yard-7/index.html"):
        html = page(site, path)
        assert html.find("html").attrs["lang"] == "zh-CN"
        for landmark in ("header", "nav", "main", "footer"):
            assert html.find_all(landmark), f"{path} lacks <{landmark}>"
        assert len(html.find_all("h1")) == 1
        assert "公示日期： 2022年8月27日" in html.find("footer").text
        assert html.find("a", "skip").attrs["href"] == "#main"


def test_haircut_wish_tells_its_story_and_timeline(site: Path) -> None:
    wish = page(site, "wishes/2022-05-16-haircut/index.html")
    assert wish.find("h1").text == "给行动不便的81岁父亲上门理发"
    assert "马女士的父亲" in wish.find("dl", "facts").text
    steps = [li.text for li in wish.find("ol", "timeline").find_all("li")]
    assert steps == [
        "2022年5月16日 收集心愿：由5号楼楼长报送",
        "2022年5月16日 认领：万华便民理发店 （当天）",
        "2022年5月17日 心愿实现：万华便民理发店 （次日）",
        "2022年5月18日 居民确认已办好 （次日）",
    ]
    claimer = wish.find("ol", "timeline").find("a")
    assert claimer.attrs["href"] == "../../partners/wanhua-barbershop/index.html"
    assert "没想到昨天刚说的心愿，今天就实现了" in wish.text


def test_wishes_list_has_a_section_per_status(site: Path) -> None:
    wishes = page(site, "wishes/index.html")
    counts = {
        h2.attrs["id"]: h2.text
        for h2 in wishes.find_all("h2")
        if h2.attrs.get("id") in ("open", "claimed", "fulfilled", "withdrawn")
    }
    assert counts == {"open": "待认领", "claimed": "已认领", "fulfilled": "已实现", "withdrawn": "已撤回"}
    assert len(wishes.section("open").find_all("li")) == 4
    assert len(wishes.section("fulfilled").find_all("li")) == 44


def test_council_page_shows_decisions_with_outcome_and_votes(site: Path) -> None:
    council = page(site, "councils/2022-05-05-yard-7/index.html")
    decisions = council.find("ol", "decisions").find_all("li")
    assert "7号院外来车辆限时通行" in decisions[0].text and "暂缓" in decisions[0].text
    assert "赞成 2，反对 1，弃权 0" in decisions[0].text
    assert "已落实 2022年6月18日" in decisions[1].text and "社区居委会" in decisions[1].text
    assert "会议在院内大槐树下召开" in council.text


def test_tracker_shows_overdue_decisions_first_as_cards_and_rates_only_dated_ones(site: Path) -> None:
    tracker = page(site, "decisions/index.html")
    headings = [h2.text for h2 in tracker.find_all("h2")]
    assert headings.index("已逾期（6）") < headings.index("落实中（3）") < headings.index("已落实（48）")
    cards = {li.find("h3").text: li.text for li in tracker.section("overdue").find_all("li", "card")}
    assert len(cards) == 6
    assert "⚠ 已逾期" in cards["在12号院出入口增设监控探头"]
    assert "2022年2月9日" in cards["在12号院出入口增设监控探头"]
    in_progress = {
        li.find("h3").text: li.text for li in tracker.section("in-progress").find_all("li", "card")
    }
    assert (
        "已逾期" not in in_progress["制定8号院居民文明公约并张贴公示"]
    )  # due 2022-09-30, after the build date
    # Only decisions with a due date count: 19 done by then ÷ (19 dated and done + 6 overdue).
    rate = tracker.section("rate").text
    assert "76%" in rate and "另有 29 项决议没有定期限" in rate
    assert len(tracker.section("solved").find_all("li")) == 12


def test_councils_list_shows_date_place_and_participants(site: Path) -> None:
    councils = page(site, "councils/index.html")
    held = councils.section("held").find("tbody").find_all("tr")
    assert len(held) == 49
    first = [td.text for td in held[0].find_all("td")]
    assert first[0] == "2022年8月24日" and first[2] == "8号院" and first[3].isdigit()
    assert "2022年9月15日" in councils.section("planned").text


def test_partner_profile_lists_services_records_honors_and_a_linked_ledger(site: Path) -> None:
    partner = page(site, "partners/wanhua-barbershop/index.html")
    assert "上门理发" in partner.text
    assert "给行动不便的81岁父亲上门理发" in partner.text
    rows = partner.find("table").find("tbody").find_all("tr")
    by_label = {tr.find_all("td")[1].text: tr for tr in rows}
    wish_row = by_label["实现微心愿：给行动不便的81岁父亲上门理发"]
    assert wish_row.find("a").attrs["href"] == "../../wishes/2022-05-16-haircut/index.html"
    award_row = by_label["奖励：坚持每月为老人义剪"]
    assert not award_row.find_all("a")  # awards have no page; the reason is shown instead
    assert [td.text for td in rows[-1].find_all("td")][2:] == ["+5", "91"]
    honor_link = by_label["获得荣誉：2021年度优秀红色合伙人"].find("a").attrs["href"]
    assert honor_link == "index.html#honors"  # honours are listed on the partner's own page


def test_withdrawn_partner_is_marked_by_text(site: Path) -> None:
    partners = page(site, "partners/index.html")
    row = next(li for li in partners.find_all("li") if li.text.startswith("快洁洗衣店"))
    assert "已退出 2022年4月10日" in row.text
    assert "已退出共享联盟" in page(site, "partners/kuaijie-laundry/index.html").text


def test_projects_page_docks_demand_with_matching_supply(site: Path) -> None:
    projects = page(site, "projects/index.html")
    demand = projects.section("demand")
    pavilion = next(li for li in demand.find_all("li") if li.text.startswith("8号院休闲凉亭"))
    assert "可对接的合伙人" in pavilion.text and "东晟建筑工程有限公司" in pavilion.text
    assert "快洁洗衣店" not in projects.section("supply").text  # withdrawn partners offer nothing
    assert "设施建设" in [h3.text for h3 in projects.section("supply").find_all("h3")]
    assert len(projects.section("completed").find_all("li")) == 38


def test_points_page_ranks_organisations_and_individuals(site: Path) -> None:
    points = page(site, "points/index.html")
    organisations = points.section("organizations").find("tbody").find_all("tr")
    individuals = points.section("individuals").find("tbody").find_all("tr")
    assert [td.text for td in organisations[0].find_all("td")] == ["1", "万家惠超市东城店", "191", "0", "191"]
    assert individuals[0].find_all("td")[1].text == "张秀兰（退休教师）"
    assert "参加一次院落议事会：2 分" in points.section("rules").text


def test_not_found_page_links_work_from_any_address(site: Path) -> None:
    missing = page(site, "404.html")
    assert missing.find("link", rel="stylesheet").attrs["href"] == "/static/style.css"
    assert "/index.html" in [a.attrs.get("href") for a in missing.find_all("a")]


def test_english_board_speaks_english_and_writes_english_dates(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    site_yaml = content / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text(encoding="utf-8").replace("language: zh-CN", "language: en"), encoding="utf-8"
    )
    assert build_site(content, tmp_path / "site", DATE).ok
    wish = read_page(tmp_path / "site/wishes/2022-05-16-haircut/index.html")
    assert wish.find("html").attrs["lang"] == "en"
    assert "17 May 2022 Fulfilled: " in wish.find("ol", "timeline").text
    assert "Published: 27 August 2022" in wish.find("footer").text
    assert not [word for word in ("公示日期", "心愿进展", "认领人") if word in wish.text]


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    zh, en = (catalog(language) for language in LANGUAGES)
    assert set(zh) == set(en)
    for key in zh:
        assert set(re.findall(r"{(\w+)}", zh[key])) == set(re.findall(r"{(\w+)}", en[key])), key


BOARD_SECTIONS = ("partners", "projects", "wishes", "councils", "decisions", "points")


def _board_pages(site: Path) -> list[Path]:
    top = [site / "index.html", site / "404.html"]
    return top + sorted(p for section in BOARD_SECTIONS for p in (site / section).glob("*/index.html"))


def test_board_pages_need_no_script_and_keep_headings_in_order(site: Path) -> None:
    for path in _board_pages(site):
        html = read_page(path)
        # Nothing needs a script: the two there remember the elderly mode and read aloud.
        sources = sorted(s.attrs.get("src", "").rpartition("/")[2] for s in html.find_all("script"))
        assert sources == ["mode.js", "read-aloud.js"], path
        levels = [int(node.tag[1]) for node in html.iter() if re.fullmatch(r"h[1-6]", node.tag)]
        assert levels[0] == 1, path
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), f"{path}: {levels}"


def test_contact_line_is_in_every_footer_and_beside_how_to_raise_a_wish(site: Path) -> None:
    contact = "万华社区党群服务中心，东城街道万华路18号"
    for path in _board_pages(site):
        html = read_page(path)
        how_to = path.relative_to(site).as_posix() in ("index.html", "wishes/index.html")
        assert html.text.count(contact) == (2 if how_to else 1), path
        assert contact in html.find("footer").text, path
    box = read_page(site / "index.html").section("how-to-wish-heading")
    assert box.find("a").attrs["href"] == "tel:01065120000"


def test_home_lists_the_longest_waiting_wishes_and_links_to_all(tmp_path: Path) -> None:
    wishes = {
        f"wishes/w{n:02d}.yaml": f"title: 心愿{n:02d}\nbeneficiary: 居民\ncategory: 便民服务\n"
        f"submitted: 2022-03-{n:02d}\nstatus: open\n"
        for n in range(1, 21)
    }
    content = make_board(tmp_path, wishes)
    assert build_site(content, tmp_path / "site", DATE).ok
    home = read_page(tmp_path / "site/index.html")
    waiting = home.section("wishes-heading")
    titles = [li.find("a").text for li in waiting.find_all("li")]
    assert titles == [f"心愿{n:02d}" for n in range(1, 9)]  # oldest first, eight of them
    assert "查看全部 20 个待认领的微心愿" in waiting.text
