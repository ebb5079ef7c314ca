"""The shipped demo board passes check and reproduces the article's figures of 2022-08-27."""

from __future__ import annotations

import datetime as dt

import pytest

from noticeboard.analysis.rankings import rankings
from noticeboard.analysis.stats import compute_stats
from noticeboard.content.check import check_content
from noticeboard.content.points import ledgers
from tests.conftest import REPO

DEMO = REPO / "content"
ARTICLE_DATE = dt.date(2022, 8, 27)


@pytest.fixture(scope="module")
def demo():
    return check_content(DEMO, ARTICLE_DATE)


def test_demo_passes_check(demo) -> None:
    assert demo.ok, demo.report()
    assert demo.language == "zh-CN"


def test_demo_reproduces_the_article(demo) -> None:
    stats = compute_stats(demo.board)
    assert stats.partners_active == 42
    assert stats.projects_signed == 53
    assert stats.wishes_collected == 52
    assert stats.councils_held == 49
    assert stats.council_participants > 200
    assert stats.problems_solved == 12


def test_demo_has_an_upcoming_council_and_withdrawn_partners(demo) -> None:
    board = demo.board
    assert any(c.date > ARTICLE_DATE for c in board.councils)
    assert any(p.status == "withdrawn" for p in board.partners)


def test_demo_has_the_article_examples(demo) -> None:
    text = " ".join(
        [w.title + w.story for w in demo.board.wishes]
        + [p.title + p.description for p in demo.board.projects]
        + [d.text for c in demo.board.councils for d in c.decisions]
    )
    for example in ("理发", "老花镜", "微信", "政治生日", "车棚", "口袋公园", "门禁", "广场舞"):
        assert example in text, example


def test_demo_points_balances_never_go_below_zero(demo) -> None:
    all_ledgers = ledgers(demo.board)
    assert all(line.balance >= 0 for lines in all_ledgers.values() for line in lines if line.is_redemption)
    ranked = rankings(demo.board, all_ledgers)
    assert ranked["organizations"] and ranked["individuals"]


def test_demo_stays_valid_a_year_later() -> None:
    """Nothing in the demo depends on the build date being exactly the article's."""
    assert check_content(DEMO, dt.date(2023, 8, 27)).ok
