"""Search synonyms: the shipped list, site.yaml's additions, and how a query term is expanded."""

from __future__ import annotations

import json

import pytest

from noticeboard.site import search, search_text
from noticeboard.site.search_text import MAX_VARIANTS, default_synonyms, synonym_table, variants
from tests.conftest import check, codes, make_board, where
from tests.site.test_search import PLAIN, fixture_board, found


def table(*groups: list[str], **overrides: list[str]) -> dict[str, list[str]]:
    return dict(synonym_table(groups, overrides.items()))


def test_each_word_of_a_group_finds_the_others():
    assert table(["电动车", "电瓶车", "电驴"]) == {
        "电动车": ["电瓶车", "电驴"],
        "电瓶车": ["电动车", "电驴"],
        "电驴": ["电动车", "电瓶车"],
    }


def test_a_word_in_two_groups_finds_both():
    assert table(["老人", "长者"], ["老人", "老年人"])["老人"] == ["长者", "老年人"]


def test_a_boards_entry_replaces_the_groups_word_and_empty_turns_it_off():
    merged = table(["剪头", "理发"], ["车棚", "车库"], 剪头=["剃头", "理发"], 车棚=[], 老花镜=["花镜"])
    assert merged == {"剪头": ["剃头", "理发"], "理发": ["剪头"], "车库": ["车棚"], "老花镜": ["花镜"]}


def test_words_are_normalised_and_must_stay_one_word():
    merged = table(
        ["ＨＡＩＲＣＵＴ", "Barber"], **{"E-Bike": ["scooter"], "！": ["x"], "车": ["车", "  车 "]}
    )
    assert merged == {"haircut": ["barber"], "barber": ["haircut"]}


def test_longer_words_apply_first_then_code_point_order():
    words = [word for word, _ in synonym_table([["剪头", "理发"], ["剪头发", "理发"], ["ab", "cd"]])]
    assert words == ["剪头发", "ab", "cd", "剪头", "理发"]


def test_a_term_is_tried_with_each_synonym_in_place_of_its_word():
    synonyms = synonym_table([["电动车", "电瓶车"], ["充电", "充能"]])
    assert variants("电瓶车充电", synonyms) == ["电瓶车充电", "电动车充电", "电瓶车充能", "电动车充能"]
    assert variants("车棚", synonyms) == ["车棚"]


def test_synonyms_do_not_chain_and_stay_few():
    synonyms = synonym_table([], [("a", ["b"]), ("b", ["c"])])
    assert variants("a", synonyms) == ["a", "b"]  # b does not go on to c
    many = synonym_table([[f"w{n}" for n in range(20)]])
    assert len(variants("w1", many)) == MAX_VARIANTS


def test_the_shipped_list_holds_the_everyday_words():
    shipped = dict(synonym_table(default_synonyms()))
    assert "电动车" in shipped["电瓶车"]
    assert "理发" in shipped["剪头"] and "理发" in shipped["剃头"]
    assert "阿尔茨海默" in shipped["老年痴呆"] and "认知症" in shipped["老年痴呆"]
    assert "花镜" in shipped["老花镜"] and "老年餐" in shipped["助餐"] and "送餐" in shipped["助餐"]
    assert "视频聊天" in shipped["视频通话"]


def test_the_shipped_list_is_normalised_and_repeats_no_word_within_a_group():
    for group in default_synonyms():
        assert len(group) >= 2 and len(set(group)) == len(group), group
        assert all(search_text.normalize(word) == word and " " not in word for word in group), group


# --- through the index -------------------------------------------------------------------


def test_the_synonyms_reach_meta_json_and_the_index_does_not_grow(tmp_path):
    board = fixture_board(tmp_path)
    files = search.search_index(board, PLAIN)
    synonyms = dict(json.loads(files["search/meta.json"])["synonyms"])
    assert synonyms == dict(synonym_table(default_synonyms()))
    bare = search.index_files(search.collect_docs(board, PLAIN), PLAIN, [])
    assert {p: d for p, d in files.items() if p != "search/meta.json"} == {
        p: d for p, d in bare.items() if p != "search/meta.json"
    }


def test_everyday_words_find_the_boards_words(tmp_path):
    files = search.search_index(fixture_board(tmp_path), PLAIN)
    assert found(files, "剃头") == [("wish", "上门理发服务")]  # the wish says 理发 and 剪头发
    assert found(files, "电瓶车棚") == [("project", "电动车棚安装")]
    assert ("project", "电动车棚安装") in found(files, "电驴")
    assert found(files, "老年痴呆") == []


SITE_WITH_SYNONYMS = """\
name: 测试公示栏
community: 测试社区
search:
  synonyms:
    车库: [车棚]
    剃头: []
"""


def test_site_yaml_adds_and_turns_off_synonyms(tmp_path):
    board = fixture_board(tmp_path, {"site.yaml": SITE_WITH_SYNONYMS})
    assert board.site.synonyms == (("车库", ("车棚",)), ("剃头", ()))
    files = search.search_index(board, PLAIN)
    assert found(files, "车库") == [("project", "电动车棚安装")]
    assert found(files, "剃头") == []
    assert found(files, "剪头") == [("wish", "上门理发服务")]  # the rest of the shipped list stays


@pytest.mark.parametrize(
    ("synonyms", "problem"),
    [
        ("    剪头: 理发\n", (5, 9, "wrong-type")),
        ("    剪头: [理发, '']\n", (5, 14, "empty-value")),
        ("    e bike: [scooter]\n", (5, 5, "invalid-value")),
        ("    剪头: [理发]\n    colour: 1\n", (6, 13, "wrong-type")),
    ],
)
def test_a_wrong_synonym_entry_is_reported_where_it_stands(tmp_path, synonyms, problem):
    site = "name: 测试公示栏\ncommunity: 测试社区\nsearch:\n  synonyms:\n" + synonyms
    checked = check(make_board(tmp_path, {"site.yaml": site}))
    assert where(checked) == [("content/site.yaml", *problem)]


def test_an_unknown_search_setting_is_reported(tmp_path):
    site = "name: 测试公示栏\ncommunity: 测试社区\nsearch:\n  synonym: {剪头: [理发]}\n"
    assert codes(check(make_board(tmp_path, {"site.yaml": site}))) == ["unknown-key"]
