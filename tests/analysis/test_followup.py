"""followup.py and the follow-through's points: a small board worked out by hand below.

Build date 2022-08-27, so the last 12 months run from 2021-08-28 to 2022-08-27.

    wish  raised      claimed (days)     fulfilled (days)   resident
    w1    2021-03-01  2021-03-02 (1)     2021-03-10 (9)     confirmed 2021-03-11
    w2    2021-08-20  2021-08-27 (7)*    2021-08-28 (8)     -
    w3    2022-05-01  2022-05-01 (0)     2022-05-04 (3)     confirmed 2022-05-05
    w4    2022-06-01  2022-06-03 (2)     2022-06-08 (7)     disputed
    w5    2022-07-01  2022-07-06 (5)     -                  -
    w6    2022-08-01  open

    * claimed the day before the 12 months start: counts in all time only; its fulfilment,
      on their first day, counts in both.

    all time       claims 0 1 2 5 7 -> median 2 (5 wishes); fulfilments 3 7 8 9 -> 7.5 (4);
                   confirmed 2 of 4 = 50 %, 1 disputed
    last 12 months claims 0 2 5 -> median 2 (3 wishes); fulfilments 3 7 8 -> 7 (3);
                   confirmed 1 of 3 = 33 %, 1 disputed

Points (wish 10): carol fulfilled w1-w4: +40. The group award of 15 to alpha and bravo gives
each +15. The shop: rice (3 points, stock 2) redeemed by alpha on 04-01 and 05-01 (-3, -3:
sold out), the towel (1 point, until 06-30) by alpha on 06-30 (-1): alpha 15 - 7 = 8; carol's
haircut (5, unlimited) on 06-01: 40 - 5 = 35; bravo 15.
"""

from __future__ import annotations

import datetime as dt

import pytest

from noticeboard.analysis.facts import BoardFacts
from noticeboard.analysis.followup import median_days, year_before
from noticeboard.content.points import ledgers
from noticeboard.site.indicators import indicators_record
from tests.conftest import check, make_board

J = "joined: 2021-01-01\n"


def _wish(submitted: str, claimed: str = "", fulfilled: str = "", extra: str = "") -> str:
    text = f"title: 心愿\nbeneficiary: 李大爷\ncategory: 助老\nsubmitted: {submitted}\n"
    if not claimed:
        return text + "status: open\n"
    status = "fulfilled" if fulfilled else "claimed"
    text += f"status: {status}\nclaimed_by: carol\nclaimed: {claimed}\n"
    return text + (f"fulfilled: {fulfilled}\n" if fulfilled else "") + extra


def _project(until: str) -> str:
    return (
        "title: 义剪\ncategory: 助老\nraised: 2021-12-01\nstatus: signed\npartners: [alpha]\n"
        f"signed: 2022-01-01\nagreement:\n  summary: 每月义剪一次\n  until: {until}\n"
    )


BOARD = {
    "partners/bravo.yaml": "name: 布拉沃商店\nkind: merchant\n" + J,
    "partners/carol.yaml": "name: 卡罗尔\nkind: individual\n" + J,
    "wishes/w1.yaml": _wish("2021-03-01", "2021-03-02", "2021-03-10", "confirmed: 2021-03-11\n"),
    "wishes/w2.yaml": _wish("2021-08-20", "2021-08-27", "2021-08-28"),
    "wishes/w3.yaml": _wish("2022-05-01", "2022-05-01", "2022-05-04", "confirmed: 2022-05-05\n"),
    "wishes/w4.yaml": _wish("2022-06-01", "2022-06-03", "2022-06-08", "disputed: 还差一扇窗\n"),
    "wishes/w5.yaml": _wish("2022-07-01", "2022-07-06"),
    "wishes/w6.yaml": _wish("2022-08-01"),
    "points/awards/meals.yaml": "partners: [alpha, bravo]\ndate: 2022-03-01\npoints: 15\nreason: 送餐日\n",
    "points/catalogue.yaml": (
        "items:\n"
        "- {id: rice, title: 大米, points: 3, provider: bravo, stock: 2,\n"
        "   from: 2022-03-01, until: 2022-12-31}\n"
        "- {id: haircut, title: 理发, points: 5}\n"
        "- {id: mooncake, title: 月饼, points: 4, stock: 9, from: 2022-09-01}\n"
        "- {id: towel, title: 毛巾, points: 1, until: 2022-06-30}\n"
    ),
    "points/redemptions/r1.yaml": "partner: alpha\ndate: 2022-04-01\ncatalogue_item: rice\n",
    "points/redemptions/r2.yaml": "partner: alpha\ndate: 2022-05-01\ncatalogue_item: rice\npoints: 3\n",
    "points/redemptions/r3.yaml": "partner: carol\ndate: 2022-06-01\ncatalogue_item: haircut\n",
    "points/redemptions/r4.yaml": "partner: alpha\ndate: 2022-06-30\ncatalogue_item: towel\n",
    "projects/ending-today.yaml": _project("2022-08-27"),
    "projects/ending-last-day.yaml": _project("2022-09-26"),
    "projects/ending-later.yaml": _project("2022-09-27"),
    "projects/expired.yaml": _project("2022-08-26"),
}


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> BoardFacts:
    checked = check(make_board(tmp_path_factory.mktemp("followup"), BOARD))
    assert checked.report("text") == ""
    return BoardFacts(checked.board)


def test_response_times_worked_by_hand(facts: BoardFacts) -> None:
    last, every = facts.response_times
    assert (last.period, last.start, last.end) == (
        "last_12_months",
        dt.date(2021, 8, 28),
        dt.date(2022, 8, 27),
    )
    assert (last.claimed, last.days_to_claim, last.fulfilled, last.days_to_fulfil) == (3, 2, 3, 7)
    assert (last.confirmed, last.disputed, last.confirmed_percent) == (1, 1, 33)
    assert (every.period, every.start) == ("all_time", None)
    assert (every.claimed, every.days_to_claim, every.fulfilled, every.days_to_fulfil) == (5, 2, 4, 7.5)
    assert (every.confirmed, every.disputed, every.confirmed_percent) == (2, 1, 50)


def test_indicators_json_carries_the_same_numbers(facts: BoardFacts) -> None:
    record = indicators_record(facts)
    assert record["build_date"] == "2022-08-27"
    assert record["wishes"]["all_time"] == {
        "from": None,
        "to": "2022-08-27",
        "wishes_claimed": 5,
        "median_days_to_claim": 2,
        "wishes_fulfilled": 4,
        "median_days_to_fulfil": 7.5,
        "confirmed": 2,
        "disputed": 1,
        "confirmed_percent": 50,
    }
    assert record["wishes"]["last_12_months"]["from"] == "2021-08-28"


def test_medians_and_the_year_before() -> None:
    assert median_days([]) is None
    assert median_days([3, 1, 2]) == 2
    assert median_days([1, 2]) == 1.5
    assert year_before(dt.date(2022, 8, 27)) == dt.date(2021, 8, 28)
    assert year_before(dt.date(2024, 2, 29)) == dt.date(2023, 3, 1)  # from 28 February, the day after


def test_group_award_and_shop_redemptions_in_each_ledger(facts: BoardFacts) -> None:
    lines = ledgers(facts.board)
    alpha = [(str(line.date), line.kind, line.points, line.balance) for line in lines["alpha"]]
    assert alpha == [
        ("2022-03-01", "award", 15, 15),
        ("2022-04-01", "redemption", -3, 12),
        ("2022-05-01", "redemption", -3, 9),
        ("2022-06-30", "redemption", -1, 8),
    ]
    assert [(line.points, line.balance) for line in lines["bravo"]] == [(15, 15)]
    assert lines["carol"][-1].balance == 35
    assert [line.label for line in lines["alpha"]][1:] == ["大米", "大米", "毛巾"]


def test_the_shop_on_the_build_date(facts: BoardFacts) -> None:
    shown = [(s.id, s.state, s.redeemed, s.remaining) for s in facts.shop]
    assert shown == [
        ("haircut", "available", 1, None),
        ("mooncake", "upcoming", 0, 9),
        ("rice", "sold-out", 2, 0),
        ("towel", "ended", 1, None),
    ]


def test_agreements_ending_within_30_days_and_expired(facts: BoardFacts) -> None:
    watch = facts.agreements
    assert [p.id for p in watch.expired] == ["expired"]
    assert [p.id for p in watch.ending] == ["ending-today", "ending-last-day"]
    assert watch.count == 3
