"""The search index: bigrams of every text field, sharded JSON, substring verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeboard.site import search, search_query, search_text
from tests.conftest import REPO, build_site, check, make_board

PLAIN = search.Labels(
    type_label=lambda record_type: record_type,
    status_label=lambda record_type, status: status,
    date_label=lambda date: date.isoformat(),
    kind_label=lambda kind: kind,
)

WISH = """\
title: 上门理发服务
beneficiary: 3号院的王奶奶
category: 助老服务
submitted: 2022-05-16
reported_by: 3号院楼长
status: claimed
claimed_by: alpha
claimed: 2022-05-17
story: 王奶奶腿脚不便，想请师傅到家里剪头发。
"""
PROJECT = """\
title: 电动车棚安装
category: 设施建设
raised: 2022-03-01
status: open
description: 在5号院空地建一个能充电的棚子。
"""
# Has 车 and 棚 and even 电动, but never the substring 车棚: a candidate that must be rejected.
COUNCIL = """\
title: 5号院议事会
date: 2022-04-01
location: 5号院
participants: 12
decisions:
- text: 电动车不得进楼道，另建自行车…棚
  outcome: adopted
  owner: 物业公司
  due: 2022-09-30
minutes: 会上讨论了车辆停放。
"""


def fixture_board(tmp_path: Path, extra: dict[str, str] | None = None):
    """A small valid board with one wish, one project and one council."""
    files = {
        "wishes/haircut.yaml": WISH,
        "projects/ebike-shed.yaml": PROJECT,
        "councils/yard-5.yaml": COUNCIL,
        **(extra or {}),
    }
    checked = check(make_board(tmp_path, files))
    assert checked.ok, checked.report()
    return checked.board


def found(files: dict[str, bytes], query: str) -> list[tuple[str, str]]:
    return [(entry["type"], entry["title"]) for entry in search_query.query_index(files, query)]


def test_normalize_folds_width_and_case_and_punctuation():
    assert search_text.normalize("Ｅ-Bike  shed，电动车…棚！") == "e bike shed 电动车 棚"
    assert search_text.normalize("  ——  ") == ""


def reference_normalize(text: str) -> str:
    """The definition, one character at a time: NFKC, lower case, non-\\p{L,N,M} runs → " "."""
    out, gap = [], True
    for char in unicodedata.normalize("NFKC", text).lower():
        if unicodedata.category(char)[0] in "LNM":
            out.append(char)
            gap = False
        elif not gap:
            out.append(" ")
            gap = True
    return "".join(out).rstrip(" ")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_fast_normalize_equals_the_definition(text):
    assert search_text.normalize(text) == reference_normalize(text)


# Punctuation blocks the fast path trusts, with the marks hidden among them (U+302A..302F).
NEAR_MARKS = st.text(
    alphabet=st.sampled_from("a车 ，。\u3029\u302a\u302f\u3030\u0300\u0301\u02ff_-"), max_size=20
)


@settings(max_examples=300, deadline=None)
@given(NEAR_MARKS)
def test_normalize_finds_marks_among_punctuation(text):
    assert search_text.normalize(text) == reference_normalize(text)


@settings(max_examples=300, deadline=None)
@given(NEAR_MARKS)
def test_bigrams_are_the_pairs_inside_words(text):
    words = search_text.normalize(text).split(" ")
    assert search_text.bigrams(" ".join(words)) == {w[i : i + 2] for w in words for i in range(len(w) - 1)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(NEAR_MARKS, st.text(alphabet="ΣσΑa \u0301\u1100\u1161\u11a8-", max_size=6))))
def test_fields_fold_alone_as_they_would_together(fields):
    assert search._text(fields) == search_text.normalize("\n".join(field for field in fields if field))


def test_normalize_keeps_combining_marks_in_words():
    assert search_text.normalize("हिन्दी, a\u0301_b") == reference_normalize("हिन्दी, a\u0301_b") == "हिन्दी á b"


def test_bigrams_stay_inside_words():
    assert search_text.bigrams("电动车棚") == {"电动", "动车", "车棚"}
    assert search_text.bigrams("车 棚 ab") == {"ab"}


def test_shard_of_is_fnv1a_over_code_points():
    # Reference values of 32-bit FNV-1a; search.js computes the same with Math.imul.
    assert search_text.shard_of("a", 2**32) == 0xE40C292C
    assert search_text.shard_of("理发", 7) == search_text.shard_of("理发", 7)
    assert {search_text.shard_of(g, 8) for g in ("理发", "车棚", "电动", "动车", "sh", "ed")} <= set(range(8))


def test_any_substring_of_two_characters_finds_its_record(tmp_path):
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    assert found(files, "理发") == [("wish", "上门理发服务")]
    assert found(files, "车棚") == [("project", "电动车棚安装")]
    assert found(files, "电动车棚") == [("project", "电动车棚安装")]
    assert found(files, "门理") == [("wish", "上门理发服务")]


def test_bigram_candidates_are_verified_against_the_text(tmp_path):
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    # the council holds 电动 and 动车 and 车 and 棚, but not 车棚
    assert ("council", "5号院议事会") not in found(files, "电动车棚")
    assert found(files, "进楼道") == [
        ("decision", "电动车不得进楼道，另建自行车…棚"),
        ("council", "5号院议事会"),
    ]


def test_every_term_of_a_query_must_match(tmp_path):
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    assert found(files, "理发 王奶奶") == [("wish", "上门理发服务")]
    assert found(files, "理发 车棚") == []


@pytest.mark.parametrize(
    ("files", "query", "hit"),
    [
        ({}, "3号院的王奶奶", "wish"),  # beneficiary
        ({}, "助老服务", "wish"),  # category
        ({}, "楼长", "wish"),  # reported_by
        ({}, "剪头发", "wish"),  # story
        ({}, "阿尔法公司", "wish"),  # the claiming partner, by name
        ({}, "充电的棚子", "project"),  # description
        ({}, "设施建设", "project"),  # category
        ({}, "进楼道", "council"),  # decision text
        ({}, "物业公司", "council"),  # decision owner
        ({}, "车辆停放", "council"),  # minutes
        (
            {
                "partners/beta.md": "---\nname: 贝塔书店\nkind: merchant\njoined: 2021-02-01\n"
                "services:\n- title: 旧书交换\n  category: 文体活动\nhonors:\n- date: 2022-01-01\n"
                "  title: 优秀商户\n---\n周末开放阅览角。\n"
            },
            "阅览角",
            "partner",
        ),  # description body
        (
            {
                "partners/beta.yaml": "name: 贝塔书店\nkind: merchant\njoined: 2021-02-01\n"
                "services:\n- title: 旧书交换\n  category: 文体活动\n"
            },
            "旧书交换",
            "partner",
        ),  # service
        (
            {
                "partners/beta.yaml": "name: 贝塔书店\nkind: merchant\njoined: 2021-02-01\n"
                "honors:\n- date: 2022-01-01\n  title: 优秀商户\n"
            },
            "优秀商户",
            "partner",
        ),  # honor
    ],
)
def test_every_text_field_is_indexed(tmp_path, files, query, hit):
    board = fixture_board(tmp_path, files)
    assert hit in {record_type for record_type, _ in found(search.search_index(board, PLAIN), query)}


def test_index_is_sharded_and_complete_when_large(tmp_path, monkeypatch):
    monkeypatch.setattr(search_text, "POSTINGS_PER_SHARD", 10)
    monkeypatch.setattr(search, "DOCS_PER_CHUNK", 2)
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    meta = json.loads(files["search/meta.json"])
    assert meta["shards"] > 4 and meta["chunk"] == 2
    assert sum(path.startswith("search/index-") for path in files) == meta["shards"]
    assert sum(path.startswith("search/docs-") for path in files) == 3  # 4 records, 1 decision, 2 per chunk
    assert found(files, "理发") == [("wish", "上门理发服务")]
    assert found(files, "电动车棚") == [("project", "电动车棚安装")]


def test_same_board_same_bytes_and_a_new_version_when_text_changes(tmp_path):
    first = search.search_index(fixture_board(tmp_path / "a"), PLAIN)
    again = search.search_index(fixture_board(tmp_path / "b"), PLAIN)
    edited = fixture_board(tmp_path / "c", {"wishes/haircut.yaml": WISH.replace("剪头发", "理个发")})
    other = search.search_index(edited, PLAIN)
    assert first == again
    assert (
        json.loads(first["search/meta.json"])["version"] != json.loads(other["search/meta.json"])["version"]
    )


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    report = build_site(REPO / "content", out, dt.date(2022, 8, 27))
    assert report.ok
    return out


def built_files(site: Path) -> dict[str, bytes]:
    return {
        f"search/{path.name}": path.read_bytes()
        for path in (site / "search").iterdir()
        if path.suffix == ".json"
    }


def test_demo_board_finds_haircuts_and_the_bike_shed(demo_site):
    files = built_files(demo_site)
    haircut = search_query.query_index(files, "理发")
    assert {"卧床老人上门理发", "万华便民理发店"} <= {e["title"] for e in haircut}
    shed = search_query.query_index(files, "电动车棚")
    assert {(e["type"], e["title"]) for e in shed} >= {
        ("project", "3号院电动车棚及充电桩"),
        ("council", "3号院电动车棚议事会"),
    }
    for entry in shed:
        assert (demo_site / entry["page"].split("#")[0]).is_file()
        assert entry["date"].endswith("日") and entry["status_label"] and entry["type_label"]


def test_demo_search_files_are_deterministic(demo_site, tmp_path):
    again = tmp_path / "again"
    assert build_site(REPO / "content", again, dt.date(2022, 8, 27)).ok
    for name in sorted(p.name for p in (demo_site / "search").iterdir()):
        assert (
            hashlib.sha1((again / "search" / name).read_bytes()).hexdigest()
            == hashlib.sha1((demo_site / "search" / name).read_bytes()).hexdigest()
        ), name


def test_search_page_says_it_needs_javascript_and_links_its_script(demo_site):
    html = (demo_site / "search" / "index.html").read_text(encoding="utf-8")
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    assert "JavaScript" in noscript and "../wishes/index.html" in noscript
    assert '<form id="search-form"' in html and 'action="index.html" method="get"' in html
    assert '<script src="../static/search.js" defer></script>' in html
    assert (demo_site / "static" / "search.js").read_bytes() == (
        REPO / "templates/static/search.js"
    ).read_bytes()
    assert "http" not in (demo_site / "static" / "search.js").read_text(encoding="utf-8")  # no outside URL


def test_results_come_newest_first(tmp_path):
    older = WISH.replace("上门理发服务", "理发椅维修").replace("2022-05-16", "2021-01-04")
    older = older.replace("2022-05-17", "2021-01-05")
    files = search.search_index(fixture_board(tmp_path, {"wishes/chair.yaml": older}), PLAIN)
    assert found(files, "理发") == [("wish", "上门理发服务"), ("wish", "理发椅维修")]


# --- one character: the titles ----------------------------------------------------------


def test_one_character_finds_the_titles_holding_it(tmp_path):
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    assert found(files, "理") == [("wish", "上门理发服务")]
    assert found(files, "车") == [
        ("decision", "电动车不得进楼道，另建自行车…棚"),
        ("project", "电动车棚安装"),
    ]
    assert found(files, "院") == [("council", "5号院议事会")]
    assert found(files, "头") == []  # only the wish's story has it: titles only
    assert found(files, "Ｗ") == found(files, "w") == []  # folded like the text, found nowhere
    assert found(files, "院 议") == [("council", "5号院议事会")]  # every character, anywhere in the title
    assert found(files, "理 车") == []


def test_one_character_beside_a_longer_term_is_looked_for_in_the_text(tmp_path):
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    assert found(files, "理发 王") == [("wish", "上门理发服务")]  # 王 is in the beneficiary
    assert found(files, "理发 车") == []


def test_title_characters_are_keys_of_the_index(tmp_path):
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    keys = {key for path, data in files.items() if "/index-" in path for key in json.loads(data)}
    singles = {key for key in keys if len(key) == 1}
    assert {"上", "门", "理", "发", "服", "务", "5", "号", "院"} <= singles
    assert "剪" not in singles  # in the story, not in a title
    assert " " not in singles


# --- decisions: found with their status, linking to their council ------------------------

DECISIONS = """title: 3号院议事会
date: 2022-04-08
location: 3号院
participants: 6
decisions:
- text: 在3号院东北角建设电动车棚
  outcome: adopted
  owner: 社区居委会
  due: 2022-08-06
  status: done
  done: 2022-07-04
- text: 更换3号院的破损路灯
  outcome: adopted
  owner: 物业公司
  due: 2022-06-30
  status: in-progress
- text: 在楼道里停放电动车
  outcome: rejected
"""


def test_each_adopted_decision_is_a_result_with_its_status_and_its_councils_anchor(tmp_path):
    files = search.search_index(fixture_board(tmp_path, {"councils/yard-3.yaml": DECISIONS}), PLAIN)
    shed = [e for e in search_query.query_index(files, "东北角") if e["type"] == "decision"]
    assert [(e["title"], e["status"], e["page"], e["in"]) for e in shed] == [
        ("在3号院东北角建设电动车棚", "done", "councils/yard-3/index.html#decision-1", "3号院议事会")
    ]
    lamps = search_query.query_index(files, "路灯")
    assert [(e["type"], e["status"], e["page"]) for e in lamps] == [
        ("decision", "in-progress-overdue", "councils/yard-3/index.html#decision-2"),  # due 30 June
        ("council", "held", "councils/yard-3/index.html"),
    ]
    rejected = search_query.query_index(files, "楼道里停放")  # a rejected decision: no result of its own
    assert [e["type"] for e in rejected] == ["council"]
    assert "in" not in lamps[1]  # only a decision names the record it is part of


def test_a_decision_is_found_by_its_owner_and_place_but_not_its_councils_words(tmp_path):
    files = search.search_index(fixture_board(tmp_path, {"councils/yard-3.yaml": DECISIONS}), PLAIN)
    assert ("decision", "更换3号院的破损路灯") in found(files, "物业公司")
    assert ("decision", "在3号院东北角建设电动车棚") in found(files, "3号院 车棚")
    assert [t for t, _ in found(files, "3号院议事会")] == ["council"]


def test_demo_decisions_show_their_status_in_words(demo_site):
    files = built_files(demo_site)
    shed = [e for e in search_query.query_index(files, "东北角建设电动车棚") if e["type"] == "decision"]
    assert [(e["type_label"], e["status_label"], e["in"]) for e in shed] == [
        ("议事会决议", "已落实", "3号院电动车棚议事会")
    ]
    council = (demo_site / shed[0]["page"].split("#")[0]).read_text(encoding="utf-8")
    assert "在3号院东北角建设电动车棚" in council
    meta = json.loads(files["search/meta.json"])
    overdue = {
        label for status, label in meta["labels"]["statuses"]["decision"].items() if "overdue" in status
    }
    assert overdue and all(label.endswith("，已逾期") for label in overdue)


# --- the search page and the 404 page ----------------------------------------------------


def test_search_page_links_the_category_filter_pages(demo_site):
    html = (demo_site / "search" / "index.html").read_text(encoding="utf-8")
    browse = html[html.index('<section id="search-browse"') : html.index("</section>")]
    links = re.findall(r'<a href="([^"]+)">', browse)
    assert any(link.startswith("../wishes/filter/category-") for link in links)
    assert any(link.startswith("../projects/filter/category-") for link in links)
    assert any(link.startswith("../partners/filter/service-") for link in links)
    assert not any("/filter/status-" in link or "/filter/year-" in link for link in links)
    for link in links:
        assert (demo_site / "search" / link).resolve().is_file(), link
    assert 'id="search-help" class="search-help" hidden' in html  # shown by search.js when nothing matches


def test_not_found_page_has_a_search_box_that_opens_the_search_page(demo_site):
    html = (demo_site / "404.html").read_text(encoding="utf-8")
    form = html[html.index("<form") : html.index("</form>")]
    assert 'role="search" action="/search/index.html" method="get"' in form
    assert 'name="q" type="search"' in form and "<label for=" in form and "<button" in form
    assert "search.js" not in html  # a plain form: the search page does the searching
