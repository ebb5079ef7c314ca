"""points.py: ledgers and rankings of a small board, computed by hand below.

Rules: wish 10, project 20, council 2, honor 5. Build date 2022-08-27.

    alpha (enterprise)  council c1 +2 (02-01) · p1 +20 (05-01) · p2 +50 (07-01, override)
                        · redeems 72 on 07-01                 earned 72, redeemed 72, balance 0
    bravo (merchant)    p1 +20 (no split with alpha) · p3 signed only: nothing
                                                              earned 20, balance 20
    carol (individual)  c1 +2 · w1 +30 (override) · w2 +10 · honor +5 (06-01)
                        · redeems 47 on 06-01 (after the honor of that day) earned 47, balance 0
    dave (individual)   c1 +2 · w3 only claimed: nothing · c2 upcoming: nothing · award +8
                                                              earned 10, balance 10
    frank (individual)  award +10                             earned 10 (ties with dave)
    erin (individual)   nothing                               earned 0

Rankings by points earned: organizations alpha 1, bravo 2; individuals carol 1, dave 2,
frank 2 (tie, listed by id), erin 4.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from noticeboard.analysis.facts import BoardFacts
from noticeboard.analysis.rankings import rankings
from noticeboard.content.points import ledgers
from tests.conftest import check, make_board

JOINED = "joined: 2021-01-01\n"
BOARD = {
    "partners/alpha.yaml": "name: 阿尔法公司\nkind: enterprise\n" + JOINED,
    "partners/bravo.yaml": "name: 布拉沃商店\nkind: merchant\n" + JOINED,
    "partners/carol.yaml": (
        "name: 卡罗尔\nkind: individual\n" + JOINED + "honors:\n- date: 2021-06-01\n  title: 优秀志愿者\n"
    ),
    "partners/dave.yaml": "name: 戴夫\nkind: individual\n" + JOINED,
    "partners/erin.yaml": "name: 艾琳\nkind: individual\n" + JOINED,
    "partners/frank.yaml": "name: 弗兰克\nkind: individual\n" + JOINED,
    "wishes/w1.yaml": (
        "title: 理发\nbeneficiary: 马女士的父亲\ncategory: 助老\nsubmitted: 2021-03-01\nstatus: fulfilled\n"
        "claimed_by: carol\nclaimed: 2021-03-02\nfulfilled: 2021-03-10\npoints: 30\n"
    ),
    "wishes/w2.yaml": (
        "title: 老花镜\nbeneficiary: 李大爷\ncategory: 助老\nsubmitted: 2021-03-20\nstatus: fulfilled\n"
        "claimed_by: carol\nclaimed: 2021-03-21\nfulfilled: 2021-04-01\n"
    ),
    "wishes/w3.yaml": (
        "title: 学微信\nbeneficiary: 王奶奶\ncategory: 助老\nsubmitted: 2021-03-20\nstatus: claimed\n"
        "claimed_by: dave\nclaimed: 2021-03-21\n"
    ),
    "projects/p1.yaml": (
        "title: 电动车棚\ncategory: 环境\nraised: 2021-03-01\nstatus: completed\n"
        "partners:\n- alpha\n- bravo\nsigned: 2021-04-01\ncompleted: 2021-05-01\n"
    ),
    "projects/p2.yaml": (
        "title: 口袋公园\ncategory: 环境\nraised: 2021-03-01\nstatus: completed\n"
        "partners:\n- alpha\nsigned: 2021-04-01\ncompleted: 2021-07-01\npoints: 50\n"
    ),
    "projects/p3.yaml": (
        "title: 门禁\ncategory: 安全\nraised: 2021-03-01\nstatus: signed\n"
        "partners:\n- bravo\nsigned: 2021-04-01\n"
    ),
    "councils/c1.yaml": (
        "title: 车棚议事会\ndate: 2021-02-01\nlocation: 3号院\nparticipants: 12\n"
        "attendees:\n- alpha\n- carol\n- dave\n"
    ),
    "councils/c2.yaml": (
        "title: 下次议事会\ndate: 2022-09-10\nlocation: 3号院\nparticipants: 1\nattendees:\n- dave\n"
    ),
    "points/awards/dave.yaml": "partner: dave\ndate: 2021-08-01\npoints: 8\nreason: 防汛值守\n",
    "points/awards/frank.yaml": "partner: frank\ndate: 2021-08-01\npoints: 10\nreason: 义务理发\n",
    "points/redemptions/alpha.yaml": "partner: alpha\ndate: 2021-07-01\npoints: 72\nitem: 社区场地使用\n",
    "points/redemptions/carol.yaml": "partner: carol\ndate: 2021-06-01\npoints: 47\nitem: 米和油\n",
}


@pytest.fixture
def board(tmp_path: Path):
    checked = check(make_board(tmp_path, BOARD))
    assert checked.ok, checked.report()
    return checked.board


def _lines(board, partner: str) -> list[tuple]:
    return [
        (str(line.date), line.kind, line.record_type, line.record_id, line.label, line.points, line.balance)
        for line in ledgers(board)[partner]
    ]


def test_carol_ledger_counts_earnings_before_a_same_day_redemption(board) -> None:
    assert _lines(board, "carol") == [
        ("2021-02-01", "council", "council", "c1", "车棚议事会", 2, 2),
        ("2021-03-10", "wish", "wish", "w1", "理发", 30, 32),
        ("2021-04-01", "wish", "wish", "w2", "老花镜", 10, 42),
        ("2021-06-01", "honor", "partner", "carol", "优秀志愿者", 5, 47),
        ("2021-06-01", "redemption", "redemption", "carol", "米和油", -47, 0),
    ]


def test_alpha_ledger_projects_in_full_and_override(board) -> None:
    assert _lines(board, "alpha") == [
        ("2021-02-01", "council", "council", "c1", "车棚议事会", 2, 2),
        ("2021-05-01", "project", "project", "p1", "电动车棚", 20, 22),
        ("2021-07-01", "project", "project", "p2", "口袋公园", 50, 72),
        ("2021-07-01", "redemption", "redemption", "alpha", "社区场地使用", -72, 0),
    ]


def test_every_partner_on_a_completed_project_gets_the_full_points(board) -> None:
    assert _lines(board, "bravo") == [("2021-05-01", "project", "project", "p1", "电动车棚", 20, 20)]


def test_claimed_wishes_and_upcoming_councils_earn_nothing(board) -> None:
    assert _lines(board, "dave") == [
        ("2021-02-01", "council", "council", "c1", "车棚议事会", 2, 2),
        ("2021-08-01", "award", "award", "dave", "防汛值守", 8, 10),
    ]


def test_partner_without_deeds_has_an_empty_ledger(board) -> None:
    assert ledgers(board).get("erin", []) == []


def test_rankings_share_ranks_on_ties(board) -> None:
    ranked = rankings(board, ledgers(board))
    assert [(s.partner, s.earned, s.redeemed, s.balance, s.rank) for s in ranked["organizations"]] == [
        ("alpha", 72, 72, 0, 1),
        ("bravo", 20, 0, 20, 2),
    ]
    assert [(s.partner, s.earned, s.redeemed, s.balance, s.rank) for s in ranked["individuals"]] == [
        ("carol", 47, 47, 0, 1),
        ("dave", 10, 0, 10, 2),
        ("frank", 10, 0, 10, 2),
        ("erin", 0, 0, 0, 4),
    ]


def test_upcoming_council_earns_once_it_is_held(tmp_path: Path) -> None:
    checked = check(make_board(tmp_path, BOARD), build_date=dt.date(2022, 9, 10))
    assert checked.ok, checked.report()
    assert [line.record_id for line in ledgers(checked.board)["dave"]] == ["c1", "dave", "c2"]


def test_redemption_one_point_too_many_is_a_negative_balance(tmp_path: Path) -> None:
    redemption = BOARD["points/redemptions/carol.yaml"].replace("47", "48")
    files = {**BOARD, "points/redemptions/carol.yaml": redemption}
    checked = check(make_board(tmp_path, files))
    assert [(p.file, p.line, p.column, p.code) for p in checked.problems] == [
        ("content/points/redemptions/carol.yaml", 3, 9, "negative-balance")
    ]
    assert checked.problems[0].message("en") == (
        "after redeeming 48 points on 2021-06-01, partner 'carol' would have -1 (below 0)"
    )


def test_changed_rules_change_every_default(tmp_path: Path) -> None:
    rules = "wish_fulfilled: 1\nproject_completed: 2\ncouncil_attendance: 3\nhonor: 4\n"
    files = {**BOARD, "points/rules.yaml": rules, "points/redemptions/carol.yaml": None}
    files.pop("points/redemptions/alpha.yaml")
    checked = check(make_board(tmp_path, files))
    assert checked.ok, checked.report()
    ranked = rankings(checked.board, ledgers(checked.board))
    earned = {s.partner: s.earned for group in ranked.values() for s in group}
    # carol: c1 3 + w1 30 (override stays) + w2 1 + honor 4; alpha: c1 3 + p1 2 + p2 50 (override)
    assert earned == {"alpha": 55, "bravo": 2, "carol": 38, "dave": 11, "erin": 0, "frank": 10}


def test_board_facts_are_computed_once_and_a_new_board_sees_an_edit(board) -> None:
    """Pages and exports share one computation per build; the next build's facts see an edit."""
    facts = BoardFacts(board)
    assert facts.ledgers is facts.ledgers
    assert facts.rankings is facts.rankings
    (w2,) = [w for w in board.wishes if w.id == "w2"]
    board.wishes[board.wishes.index(w2)] = dataclasses.replace(w2, points=15)
    assert _lines(board, "carol")[2] == ("2021-04-01", "wish", "wish", "w2", "老花镜", 15, 47)
    earned = {s.partner: s.earned for s in rankings(board, ledgers(board))["individuals"]}
    assert earned["carol"] == 52
    board.build_date = dt.date(2022, 9, 10)  # the upcoming council is held by then
    assert [line.record_id for line in ledgers(board)["dave"]] == ["c1", "dave", "c2"]
