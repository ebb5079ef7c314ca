"""The list a volunteer meant, as the messages of noticeboard.content.value_slips write it.

The case folders (tests/cases/fullwidth-characters-*, fullwidth-comma-*, wrong-type-*) check
whole reports; these check that the list to write is one a volunteer can copy: YAML that
reads back as the items meant, quoted only where it must be.
"""

from __future__ import annotations

import pytest
import yaml

from noticeboard.content.value_slips import flow_list, list_to_write, scalar_to_write

ID = {"type": "string", "pattern": "^[a-z0-9-]{1,64}$"}
TEXT = {"type": "string", "minLength": 1}


def _fits(value: object, schema: dict[str, object]) -> bool:
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator(schema).is_valid(value))


@pytest.mark.parametrize(
    ("typed", "schema", "write"),
    [
        ("alpha", ID, "[alpha]"),
        ("alpha，beta", ID, "[alpha, beta]"),
        ("【alpha、beta】", ID, "[alpha, beta]"),
        ("［ａｌｐｈａ；beta］", ID, "[alpha, beta]"),
        ("alpha, 　beta, ", ID, "[alpha, beta]"),
        ("清源园林", ID, ""),  # a name, not an id: no list to offer
        ("alpha、清源园林", ID, ""),  # one item that does not fit: none offered
        ("理发、修脚", TEXT, "[理发, 修脚]"),
        ("“理发”、“修脚”", TEXT, "[理发, 修脚]"),
    ],
)
def test_the_list_a_text_stands_for(typed: str, schema: dict[str, object], write: str) -> None:
    assert list_to_write(typed, schema, _fits) == write


@pytest.mark.parametrize(
    "items",
    [
        ["alpha", "beta"],
        ["时间: 周六", "地点: 3号院"],  # a colon and a space would make each a set of fields
        ["a, b", "[c]", "#d", "yes", "12"],  # a comma, brackets, a comment, a yes and a number
        ["“四点半课堂”", "'单引号'"],
    ],
)
def test_a_list_to_write_reads_back_as_its_items(items: list[str]) -> None:
    written = flow_list(items)
    assert "\n" not in written
    assert yaml.safe_load(written) == items


def test_plain_items_are_not_quoted() -> None:
    assert flow_list(["wanhua-barbershop", "理发：免费"]) == "[wanhua-barbershop, 理发：免费]"


@pytest.mark.parametrize(
    ("typed", "expected", "write"),
    [
        ("15人", "integer", "15"),
        ("10 票", "integer", "10"),
        ("２０元", "integer", "20"),
        ("十五", "integer", "15"),
        ("二", "integer", "2"),
        ("九十九", "integer", "99"),
        ("十十", "integer", ""),
        ("一百", "integer", ""),  # beyond what we read for sure: no guess
        ("很多", "integer", ""),
        ("15人次以上", "integer", ""),
        ("是", "boolean", "true"),
        ("否", "boolean", "false"),
        ("没有", "boolean", "false"),
        ("也许", "boolean", ""),
        ("是", "string", ""),
    ],
)
def test_the_number_or_yes_no_a_text_stands_for(typed: str, expected: str, write: str) -> None:
    assert scalar_to_write(typed, expected) == write


ODD_ITEMS = ["2022-02-30", "2022-13-01", "1e999", "0x", "~", "null", "- a", "a #b", "？", " "]


@pytest.mark.parametrize("item", ODD_ITEMS)
def test_a_list_to_write_is_never_read_as_anything_but_its_texts(item: str) -> None:
    written = flow_list([item, "alpha"])
    assert yaml.load(written, Loader=yaml.BaseLoader) == [item, "alpha"]  # BaseLoader: texts only
    assert yaml.safe_load(written) == [item, "alpha"]
