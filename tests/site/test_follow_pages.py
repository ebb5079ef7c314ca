"""The follow-through on the demo board's pages, read as a resident reads them: a decision's
progress, updates and result; a wish confirmed or disputed; how fast wishes are answered;
agreements; places with their feeds; the points shop and the ledger lines it makes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import REPO, build_site
from tests.pagetext import Node, read_page

DEMO = REPO / "content"
DATE = dt.date(2022, 8, 27)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("follow") / "site"
    report = build_site(DEMO, out, DATE)
    assert report.ok, report.checked.report()
    return out


def page(site: Path, path: str) -> Node:
    return read_page(site / path)


def _place_path(site: Path, name: str) -> str:
    places = page(site, "places/index.html")
    link = next(a for a in places.find("main").find_all("a") if a.text == name)
    return "places/" + link.attrs["href"]


def test_a_decision_shows_its_progress_updates_and_result(site: Path) -> None:
    council = page(site, "councils/2022-04-08-yard-3/index.html")
    shed = council.find("li", id="decision-1")
    assert "落实进度 100%" in shed.find(cls="progress").text
    updates = [li.text for li in shed.find("ol", "updates").find_all("li")]
    assert updates[1] == "2022年5月16日 车棚地基完工 （进度 40%）"
    assert len(updates) == 4
    assert shed.find("p", "result").text.startswith("落实结果：3号院东北角的车棚建成")
    pact = council.find("li", id="decision-2")
    assert pact.find("p", "result").text == "落实结果：未填写落实结果"  # done, older record: no result


def test_the_tracker_shows_progress_and_the_agreements_to_renew(site: Path) -> None:
    tracker = page(site, "decisions/index.html")
    cameras = next(li for li in tracker.find_all("li", "card") if "在8号院出入口增设监控探头" in li.text)
    assert "落实进度 50%" in cameras.text and "监控探头已经采购，等待施工" in cameras.text
    agreements = tracker.section("agreements").text
    assert "家庭医生签约服务 协议已到期 2022年6月30日到期" in agreements
    assert "老年助餐长期供餐协议 30 天内到期 2022年9月17日到期" in agreements


def test_a_project_shows_its_agreement(site: Path) -> None:
    doctor = page(site, "projects/2021-12-family-doctor/index.html")
    assert "每季度上门随访一次" in doctor.text
    assert "协议已到期" in doctor.text and "社区要续签协议" in doctor.text
    shed = page(site, "projects/2022-04-yard3-ebike-shed/index.html")
    assert "协议已到期" not in shed.text and "2023年5月8日" in shed.text


def test_a_wish_disputed_or_confirmed_says_so_plainly(site: Path) -> None:
    door = page(site, "wishes/2022-07-06-door-lock/index.html")
    assert "居民有异议" in door.find("h1").parent.text
    steps = [li.text for li in door.find("ol", "timeline").find_all("li")]
    assert steps[-1] == "居民有异议：门锁换好了，可单元门的闭门器还是关不严"
    assert steps[2].endswith("（6 天后）")
    listed = page(site, "wishes/index.html").section("fulfilled").text
    assert "居民已确认" in listed and "居民有异议" in listed


def test_home_and_wishes_show_how_fast_wishes_are_answered(site: Path) -> None:
    for path in ("index.html", "wishes/index.html"):
        table = page(site, path).section("responses").find("table")
        rows = {tr.find("th").text: [td.text for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]}
        assert rows["从提出到认领"] == ["1 天 47 个心愿", "1 天 47 个心愿"]
        assert rows["从提出到实现"][1] == "7 天 44 个心愿"
        assert rows["居民确认已办好"][1] == "20%（44 个中的 9 个） 1 个有异议"


def test_a_place_has_its_page_and_its_own_feed(site: Path) -> None:
    path = _place_path(site, "3号院")
    yard = page(site, path)
    assert yard.find("h1").text == "3号院"
    assert "换掉坏了的单元门锁" in yard.section("wishes").text
    assert "3号院电动车棚及充电桩" in yard.section("projects").text
    assert len(yard.section("councils").find_all("li")) == 5
    feed = ET.parse(site / path.replace("index.html", "feed.xml")).getroot()
    assert feed.find(f"{ATOM}title").text == "万华社区共享联盟公示栏 · 3号院"
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    mine = ("-yard-3/", "door-lock/", "chess-set/", "yard3-ebike-shed/")
    assert links and all(any(record in link for record in mine) for link in links), links
    assert any(link.endswith("councils/2022-04-08-yard-3/#decision-1") for link in links)
    wish = page(site, "wishes/2022-07-06-door-lock/index.html")
    assert any(a.text == "3号院" for a in wish.find("dl", "facts").find_all("a"))


def test_the_place_filter_sits_beside_the_others(site: Path) -> None:
    wishes = page(site, "wishes/index.html")
    assert "按地点" in wishes.text


def test_the_points_shop_lists_items_points_stock_and_providers(site: Path) -> None:
    shop = page(site, "points/shop/index.html")
    cards = {li.find("h2").text: li.text for li in shop.find_all("li", "shop-item")}
    assert list(cards) == ["洗衣液两瓶", "上门理发一次", "中秋月饼一盒", "大米一袋（5 斤）", "毛巾两条"]
    assert "已兑完" in cards["大米一袋（5 斤）"] and "0 件（共 2 件）" in cards["大米一袋（5 斤）"]
    assert "19 件（共 20 件）" in cards["洗衣液两瓶"] and "万家惠超市东城店" in cards["洗衣液两瓶"]
    assert "未开始" in cards["中秋月饼一盒"] and "已结束" in cards["毛巾两条"]
    assert "积分超市" in page(site, "points/index.html").text


def test_group_awards_and_shop_redemptions_are_ledger_lines(site: Path) -> None:
    for partner in ("jiahe-food", "laojie-noodles", "tianyi-bakery"):
        ledger = page(site, f"partners/{partner}/index.html").section("ledger").text
        assert "助老送餐日为独居老人送午餐上门 +10" in ledger, partner
    li = page(site, "partners/li-ayi/index.html").section("ledger")
    towel = next(a for a in li.find_all("a") if a.text == "毛巾两条")
    assert towel.attrs["href"].endswith("points/shop/index.html#item-towels")
