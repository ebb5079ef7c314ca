"""privacy.py and the private-data rule: contact data and ID numbers never reach a page."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from noticeboard.content.privacy import find_leaks, id18_check_digit_ok
from tests.conftest import check, make_board, where

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_digit(first17: str) -> str:
    """Complete an ID number the way GB 11643 does (written out here, not imported)."""
    remainder = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11
    return first17 + "10X98765432"[remainder]


def kinds(text: str) -> list[str]:
    return sorted(leak.kind for leak in find_leaks(text))


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "电话13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "１３８１２３４５６７８",
        "１３８－１２３４－５６７８",
        "138\u30001234\u30005678",  # ideographic spaces
        "+86 13812345678",
        "+86-138-1234-5678",
        "+8613812345678",
        "8613812345678",
        "19912345678",
    ],
)
def test_mobile_numbers_are_found(text: str) -> None:
    assert kinds(text) == ["mobile"]


@pytest.mark.parametrize(
    "text",
    [
        "12345678901",  # no mobile prefix starts with 12
        "028-12345678",  # an office landline
        "20220516",
        "138123456789",  # twelve digits: an order number, not a phone
        "订单 1381234567890",
        "3号楼2单元",
    ],
)
def test_other_numbers_are_not_mobiles(text: str) -> None:
    assert "mobile" not in kinds(text)


def test_valid_id18_is_found_and_wrong_check_digit_passes() -> None:
    number = with_check_digit("11010519491231002")
    assert number == "11010519491231002X"
    assert kinds(f"身份证 {number}") == ["id18"]
    assert kinds(f"身份证 {number.lower()}") == ["id18"]
    wrong = number[:17] + "1"
    assert not id18_check_digit_ok(wrong)
    assert kinds(f"编号 {wrong}") == []


@pytest.mark.parametrize("first17", ["11010119900307451", "51010420001231123", "44030519851010301"])
def test_id18_check_digit_agrees_with_the_standard(first17: str) -> None:
    number = with_check_digit(first17)
    assert id18_check_digit_ok(number)
    assert kinds(number) == ["id18"]
    for digit in "0123456789X":
        if digit != number[-1]:
            assert kinds(first17 + digit) == []


def test_id15_with_a_birth_date_is_found() -> None:
    assert kinds("旧证 110101900307451") == ["id15"]
    assert kinds("流水号 110101901332451") == []  # month 13: not a birth date


@pytest.mark.parametrize(
    "text", ["li.ming@example.com", "联系 wang_1@mail.example.cn。", "li＠example.com", "A+b@x-y.org"]
)
def test_email_addresses_are_found(text: str) -> None:
    assert kinds(text) == ["email"]


@pytest.mark.parametrize("text", ["@张阿姨", "a@b", "微信号 wanhua2022"])
def test_not_email_addresses(text: str) -> None:
    assert kinds(text) == []


def test_samples_are_masked() -> None:
    (leak,) = find_leaks("电话 138-1234-5678")
    assert leak.sample == "138******78"
    assert "1234" not in leak.sample


WISH = (
    "title: 理发\nbeneficiary: 马女士的父亲\ncategory: 助老服务\nsubmitted: 2022-05-16\n"
    "status: fulfilled\nclaimed_by: alpha\nclaimed: 2022-05-18\nfulfilled: 2022-05-20\n"
)


GAMMA = "name: 伽马\nkind: merchant\njoined: 2021-02-01\n"
COUNCIL = "title: 会\ndate: 2022-01-01\nlocation: 3号院\nparticipants: 3\n"
AWARD = "partner: alpha\ndate: 2022-01-01\npoints: 1\n"

# (file, text, expected line, column, field label): one text field of every record type.
FIELDS = [
    ("partners/gamma.yaml", "name: 伽马 13812345678\nkind: merchant\njoined: 2021-02-01\n", 1, 7, "name"),
    (
        "partners/gamma.yaml",
        GAMMA + "services:\n- title: 理发\n  category: 电话13812345678\n",
        6,
        13,
        "services[1].category",
    ),
    (
        "partners/gamma.yaml",
        GAMMA + "honors:\n- date: 2022-01-01\n  title: a@b.cn\n",
        6,
        10,
        "honors[1].title",
    ),
    (
        "partners/gamma.md",
        "---\n" + GAMMA + "---\n\n13812345678\n",
        7,
        1,
        "description",
    ),
    (
        "projects/p.yaml",
        "title: 车棚\ncategory: 环境\nraised: 2021-01-01\nstatus: open\ndescription: 找 13812345678\n",
        5,
        14,
        "description",
    ),
    ("wishes/w.yaml", WISH.replace("马女士的父亲", "马女士 13812345678"), 2, 14, "beneficiary"),
    ("wishes/w.yaml", WISH + "reported_by: 楼长 a@b.cn\n", 9, 14, "reported_by"),
    ("wishes/w.yaml", WISH.replace("category: 助老服务", "category: 110101900307451"), 3, 11, "category"),
    (
        "councils/c.yaml",
        COUNCIL + "decisions:\n- text: 修路\n  outcome: adopted\n  owner: 王 13812345678\n",
        8,
        10,
        "decisions[1].owner",
    ),
    (
        "councils/c.md",
        "---\n" + COUNCIL + "---\n\n第一段\n\n电话 138 1234 5678\n",
        10,
        1,
        "minutes",
    ),
    (
        "points/awards/a.yaml",
        AWARD + "reason: x@y.com\n",
        4,
        9,
        "reason",
    ),
    (
        "points/redemptions/r.yaml",
        AWARD + "item: 毛巾 13812345678\n",
        4,
        7,
        "item",
    ),
    ("site.yaml", "name: 公示栏\ncommunity: 社区 13812345678\n", 2, 12, "community"),
]


@pytest.mark.parametrize(("rel", "text", "line", "column", "field"), FIELDS)
def test_every_text_field_of_every_record_is_checked(
    tmp_path: Path, rel: str, text: str, line: int, column: int, field: str
) -> None:
    checked = check(make_board(tmp_path, {rel: text}))
    assert [p for p in where(checked) if p[3] == "private-data"] == [
        (f"content/{rel}", line, column, "private-data")
    ]
    problem = next(p for p in checked.problems if p.code == "private-data")
    assert problem.key_path == field  # the key path, for programs; the message names it in words


def test_site_contact_is_exempt(tmp_path: Path) -> None:
    site = "name: 公示栏\ncommunity: 社区\ncontact: 社区办公室 13812345678，wanhua@example.org\n"
    assert check(make_board(tmp_path, {"site.yaml": site})).ok


def test_contact_key_elsewhere_is_not_exempt(tmp_path: Path) -> None:
    """Only site.yaml `contact` is exempt; a wish has no `contact` and its text is checked."""
    checked = check(make_board(tmp_path, {"wishes/w.yaml": WISH + "contact: 13812345678\n"}))
    assert [p[3] for p in where(checked)] == ["unknown-key", "private-data"]


def test_file_name_with_a_phone_number(tmp_path: Path) -> None:
    checked = check(make_board(tmp_path, {"wishes/13812345678.yaml": WISH}))
    assert where(checked) == [("content/wishes/13812345678.yaml", 1, 1, "private-data")]
    assert checked.problems[0].message("zh-CN").startswith("文件名里有手机号码")


def test_every_leak_in_one_field_is_reported(tmp_path: Path) -> None:
    text = WISH + "reported_by: 13812345678 或 a@b.cn\n"
    checked = check(make_board(tmp_path, {"wishes/w.yaml": text}))
    assert sorted(p.params["privacy_kind"] for p in checked.problems) == ["email", "mobile"]


def test_private_data_is_never_masked_into_the_board(tmp_path: Path) -> None:
    """Reject, never mask: the record is still reported, and check fails."""
    checked = check(make_board(tmp_path, {"wishes/w.yaml": WISH + "reported_by: 138-1234-5678\n"}))
    assert not checked.ok
    assert "1234" not in checked.report()


def test_unquoted_phone_number_is_private_data_too(tmp_path: Path) -> None:
    """YAML reads 13812345678 as a number; it is still a phone number on a public page."""
    checked = check(make_board(tmp_path, {"wishes/w.yaml": WISH + "reported_by: 13812345678\n"}))
    assert where(checked) == [
        ("content/wishes/w.yaml", 9, 14, "private-data"),
        ("content/wishes/w.yaml", 9, 14, "wrong-type"),
    ]


def test_offsets_point_into_the_original_text_when_nfkc_expands() -> None:
    """ﬁ and ㈱ grow under NFKC; the offset must still point at the number in the original."""
    text = "ﬁ" * 20 + "电话 13812345678\n下一行"
    (leak,) = find_leaks(text)
    assert text[leak.offset :].startswith("13812345678")


def test_markdown_body_leak_names_its_line_after_expanding_characters(tmp_path: Path) -> None:
    body = "ﬁ" * 30 + "13812345678\n第二行\n"
    checked = check(make_board(tmp_path, {"wishes/w.md": "---\n" + WISH + "---\n\n" + body}))
    assert where(checked) == [("content/wishes/w.md", 12, 1, "private-data")]


@pytest.mark.parametrize(
    "blob", ["a" * 2**20, "1" * 2**20, "a@" + "b." * 2**19, "ﬁ" * 2**19 + " 13812345678" * 1000]
)
def test_a_long_pasted_blob_is_scanned_in_linear_time(blob: str) -> None:
    """Regression: an unbounded e-mail pattern took minutes on a line of 1 MiB of letters."""
    started = time.perf_counter()
    list(find_leaks(blob))
    assert time.perf_counter() - started < 3.0
