"""Which partner a name written where an id belongs means (noticeboard.content.partner_names).

The case folders (tests/cases/invalid-value-partner-name-for-id, negative-balance-not-from-a-
name-for-an-id) check whole reports; these check the readings, and that a guess is offered
only when one partner alone fits.
"""

from __future__ import annotations

import pytest

from noticeboard.content.partner_names import partner_meant

NAMES = {
    "zhao-deming": "赵德明（书法爱好者）",
    "wanhua-barbershop": "万华便民理发店",
    "zhang-xiulan": "张秀兰",
    "zhang-xiuying": "张秀英",
    "hengtai-bank": "恒泰银行万华支行",
}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("赵德明（书法爱好者）", "zhao-deming"),  # the name as the board shows it
        ("赵德明", "zhao-deming"),  # without its aside
        ("赵德明老师", "zhao-deming"),  # with a polite word
        ("赵德明 ", "zhao-deming"),
        ("万华便民理发店的李师傅", "wanhua-barbershop"),  # a text holding the name
        ("万华理发店", "wanhua-barbershop"),  # close to one name only
        ("张秀兰", "zhang-xiulan"),
        ("张秀", None),  # close to two names: no guess
        ("张老师", None),
        ("恒泰", None),  # too far from the whole name to be sure
        ("赵", None),  # too short to tell
        ("清源园林", None),  # no partner of that name
    ],
)
def test_the_partner_a_name_means(typed: str, meant: str | None) -> None:
    assert partner_meant(typed, NAMES) == meant


def test_two_partners_of_one_name_give_no_guess() -> None:
    assert partner_meant("张秀兰", {"a": "张秀兰", "b": "张秀兰（3号院）"}) is None
