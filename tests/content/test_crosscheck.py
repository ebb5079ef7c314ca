"""crosscheck.py: the rules across fields and records, as pure functions over the board."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from noticeboard.content import crosscheck
from noticeboard.content.crosscheck import (
    check_balances,
    check_councils,
    check_date_order,
    check_future_dates,
    check_partner_activity,
    check_references,
)
from tests.conftest import check, make_board

BETA = "name: 贝塔\nkind: individual\njoined: 2022-01-10\nstatus: withdrawn\nwithdrawn: 2022-04-30\n"
WISH = "title: 理发\nbeneficiary: 马女士的父亲\ncategory: 助老\nsubmitted: {submitted}\nstatus: {status}\n"
PROJECT = "title: 车棚\ncategory: 环境\n"
CLAIM = "claimed_by: {partner}\nclaimed: {claimed}\n"


def board_of(tmp_path: Path, files: dict[str, str]):
    """Check a board; return the board even when cross-record rules fail."""
    return check(make_board(tmp_path, {"partners/beta.yaml": BETA, **files})).board


def located(problems) -> list[tuple]:
    return [(p.file.removeprefix("content/"), p.line, p.column, p.code, p.message("en")) for p in problems]


def test_rules_are_pure_and_quiet_on_a_valid_board(tmp_path: Path) -> None:
    board = board_of(tmp_path, {"wishes/w.yaml": WISH.format(submitted="2022-05-01", status="open")})
    before = copy.copy(board.__dict__)
    for rule in (
        check_date_order,
        check_future_dates,
        check_partner_activity,
        check_councils,
        check_balances,
    ):
        assert rule(board) == []
        assert rule(board) == []
    assert check_references(board, {"alpha", "beta"}) == []
    assert board.__dict__.keys() >= before.keys()
    assert board.records == before["records"]


# (file, text, line, column, message) for each pair of stages that must be in order.
ORDER = [
    (
        "partners/gamma.yaml",
        "name: 伽马\nkind: merchant\njoined: 2021-05-01\nstatus: withdrawn\nwithdrawn: 2021-04-30\n",
        5,
        12,
        "'withdrawn' (2021-04-30) cannot be before 'joined' (2021-05-01)",
    ),
    (
        "projects/p.yaml",
        PROJECT + "raised: 2021-05-01\nstatus: signed\npartners:\n- alpha\nsigned: 2021-04-30\n",
        7,
        9,
        "'signed' (2021-04-30) cannot be before 'raised' (2021-05-01)",
    ),
    (
        "projects/p.yaml",
        PROJECT + "raised: 2021-05-01\nstatus: completed\npartners:\n- alpha\n"
        "signed: 2021-05-02\ncompleted: 2021-05-01\n",
        8,
        12,
        "'completed' (2021-05-01) cannot be before 'signed' (2021-05-02)",
    ),
    (
        "wishes/w.yaml",
        WISH.format(submitted="2021-05-01", status="claimed")
        + CLAIM.format(partner="alpha", claimed="2021-04-30"),
        7,
        10,
        "'claimed' (2021-04-30) cannot be before 'submitted' (2021-05-01)",
    ),
    (
        "wishes/w.yaml",
        WISH.format(submitted="2021-05-01", status="fulfilled")
        + CLAIM.format(partner="alpha", claimed="2021-05-03")
        + "fulfilled: 2021-05-02\n",
        8,
        12,
        "'fulfilled' (2021-05-02) cannot be before 'claimed' (2021-05-03)",
    ),
    (
        "councils/c.yaml",
        "title: 会\ndate: 2021-05-01\nlocation: 3号院\nparticipants: 5\ndecisions:\n"
        "- text: 修路\n  outcome: adopted\n  status: done\n  done: 2021-04-30\n",
        9,
        9,
        "decision 1's 'done' (2021-04-30) cannot be before 'date' (2021-05-01)",
    ),
]


@pytest.mark.parametrize(("rel", "text", "line", "column", "message"), ORDER)
def test_date_order_for_every_pair(tmp_path: Path, rel: str, text: str, line: int, column: int, message: str):
    board = board_of(tmp_path, {rel: text})
    assert located(check_date_order(board)) == [(rel, line, column, "date-order", message)]


FUTURE = "2022-08-28"
# (file, text, line, column, field) for every kind of event date.
EVENTS = [
    ("partners/gamma.yaml", f"name: 伽马\nkind: merchant\njoined: {FUTURE}\n", 3, 9, "joined"),
    (
        "partners/gamma.yaml",
        f"name: 伽马\nkind: merchant\njoined: 2021-01-01\nhonors:\n- title: 优秀\n  date: {FUTURE}\n",
        6,
        9,
        "honors[1].date",
    ),
    ("projects/p.yaml", PROJECT + f"raised: {FUTURE}\nstatus: open\n", 3, 9, "raised"),
    (
        "projects/p.yaml",
        PROJECT + f"raised: 2021-01-01\nstatus: signed\npartners: [alpha]\nsigned: {FUTURE}\n",
        6,
        9,
        "signed",
    ),
    (
        "projects/p.yaml",
        PROJECT + "raised: 2021-01-01\nstatus: completed\npartners: [alpha]\n"
        f"signed: 2021-02-01\ncompleted: {FUTURE}\n",
        7,
        12,
        "completed",
    ),
    ("wishes/w.yaml", WISH.format(submitted=FUTURE, status="open"), 4, 12, "submitted"),
    (
        "wishes/w.yaml",
        WISH.format(submitted="2022-01-01", status="claimed") + CLAIM.format(partner="alpha", claimed=FUTURE),
        7,
        10,
        "claimed",
    ),
    (
        "wishes/w.yaml",
        WISH.format(submitted="2022-01-01", status="fulfilled")
        + CLAIM.format(partner="alpha", claimed="2022-01-02")
        + f"fulfilled: {FUTURE}\n",
        8,
        12,
        "fulfilled",
    ),
    (
        "councils/c.yaml",
        "title: 会\ndate: 2022-05-01\nlocation: 3号院\nparticipants: 5\ndecisions:\n"
        f"- text: 修路\n  outcome: adopted\n  status: done\n  done: {FUTURE}\n",
        9,
        9,
        "decisions[1].done",
    ),
    ("points/awards/a.yaml", f"partner: alpha\ndate: {FUTURE}\npoints: 1\nreason: 志愿\n", 2, 7, "date"),
    ("points/redemptions/r.yaml", f"partner: alpha\ndate: {FUTURE}\npoints: 1\nitem: 毛巾\n", 2, 7, "date"),
]


@pytest.mark.parametrize(("rel", "text", "line", "column", "field"), EVENTS)
def test_future_date_for_every_event_kind(
    tmp_path: Path, rel: str, text: str, line: int, column: int, field: str
):
    board = board_of(tmp_path, {rel: text})
    words = {"honors[1].date": "honor 1's 'date'", "decisions[1].done": "decision 1's 'done'"}.get(
        field, f"'{field}'"
    )
    message = f"{words} ({FUTURE}) is after the build date 2022-08-27; record only what has happened"
    assert located(check_future_dates(board)) == [(rel, line, column, "future-date", message)]


def test_the_council_date_itself_may_be_in_the_future(tmp_path: Path) -> None:
    council = f"title: 下次议事会\ndate: {FUTURE}\nlocation: 3号院\nparticipants: 5\nattendees: [alpha]\n"
    board = board_of(tmp_path, {"councils/c.yaml": council})
    assert check_future_dates(board) == []
    assert check_councils(board) == []


def test_an_upcoming_council_has_no_decisions(tmp_path: Path) -> None:
    council = (
        f"title: 下次议事会\ndate: {FUTURE}\nlocation: 3号院\nparticipants: 5\n"
        "decisions:\n- text: 修路\n  outcome: deferred\n"
    )
    board = board_of(tmp_path, {"councils/c.yaml": council})
    assert located(check_councils(board)) == [
        (
            "councils/c.yaml",
            5,
            1,
            "upcoming-decisions",
            f"the council on {FUTURE} is after the build date 2022-08-27; it cannot have decisions yet",
        )
    ]


def test_votes_may_equal_but_not_exceed_participants(tmp_path: Path) -> None:
    council = (
        "title: 会\ndate: 2022-05-01\nlocation: 3号院\nparticipants: 5\ndecisions:\n"
        "- text: 修路\n  outcome: adopted\n  votes: {for: 3, against: 1, abstain: 1}\n"
        "- text: 修灯\n  outcome: rejected\n  votes: {for: 1, against: 4, abstain: 1}\n"
    )
    board = board_of(tmp_path, {"councils/c.yaml": council})
    assert located(check_councils(board)) == [
        ("councils/c.yaml", 11, 10, "votes-exceed", "the votes add up to 6, more than the 5 participants")
    ]


# beta joined 2022-01-10 and withdrew 2022-04-30. (file, text, line, column, action words)
ACTS_AFTER_WITHDRAWAL = [
    (
        "wishes/w.yaml",
        WISH.format(submitted="2022-05-01", status="claimed")
        + CLAIM.format(partner="beta", claimed="2022-05-01"),
        6,
        13,
        "claim a wish",
    ),
    (
        "projects/p.yaml",
        PROJECT + "raised: 2022-01-20\nstatus: signed\npartners:\n- beta\nsigned: 2022-05-01\n",
        6,
        3,
        "sign a project",
    ),
    (
        "councils/c.yaml",
        "title: 会\ndate: 2022-05-01\nlocation: 3号院\nparticipants: 5\nattendees:\n- alpha\n- beta\n",
        7,
        3,
        "attend a council",
    ),
    (
        "points/redemptions/r.yaml",
        "partner: beta\ndate: 2022-05-01\npoints: 1\nitem: 毛巾\n",
        1,
        10,
        "redeem points",
    ),
]


@pytest.mark.parametrize(("rel", "text", "line", "column", "action"), ACTS_AFTER_WITHDRAWAL)
def test_withdrawn_partner_acts_no_more(
    tmp_path: Path, rel: str, text: str, line: int, column: int, action: str
):
    board = board_of(tmp_path, {rel: text})
    message = f"partner 'beta' withdrew on 2022-04-30 and cannot {action} on 2022-05-01"
    assert located(check_partner_activity(board)) == [(rel, line, column, "partner-withdrawn", message)]


@pytest.mark.parametrize(("rel", "text", "line", "column", "action"), ACTS_AFTER_WITHDRAWAL)
def test_acts_on_the_withdrawal_day_are_allowed(
    tmp_path: Path, rel: str, text: str, line, column, action
) -> None:
    board = board_of(tmp_path, {rel: text.replace("2022-05-01", "2022-04-30")})
    assert check_partner_activity(board) == []


def test_award_after_withdrawal_is_allowed(tmp_path: Path) -> None:
    award = "partner: beta\ndate: 2022-06-01\npoints: 3\nreason: 补记去年的志愿服务\n"
    board = board_of(tmp_path, {"points/awards/a.yaml": award})
    assert check_partner_activity(board) == []


ACTS_BEFORE_JOINING = [
    (
        "wishes/w.yaml",
        WISH.format(submitted="2022-01-01", status="claimed")
        + CLAIM.format(partner="beta", claimed="2022-01-09"),
        6,
        13,
        "claim a wish",
    ),
    (
        "projects/p.yaml",
        PROJECT + "raised: 2022-01-01\nstatus: signed\npartners:\n- beta\nsigned: 2022-01-09\n",
        6,
        3,
        "sign a project",
    ),
    (
        "councils/c.yaml",
        "title: 会\ndate: 2022-01-09\nlocation: 3号院\nparticipants: 5\nattendees:\n- beta\n",
        6,
        3,
        "attend a council",
    ),
    (
        "points/awards/a.yaml",
        "partner: beta\ndate: 2022-01-09\npoints: 1\nreason: 志愿\n",
        1,
        10,
        "be awarded points",
    ),
    (
        "points/redemptions/r.yaml",
        "partner: beta\ndate: 2022-01-09\npoints: 1\nitem: 毛巾\n",
        1,
        10,
        "redeem points",
    ),
]


@pytest.mark.parametrize(("rel", "text", "line", "column", "action"), ACTS_BEFORE_JOINING)
def test_partner_acts_only_after_joining(
    tmp_path: Path, rel: str, text: str, line: int, column: int, action: str
):
    board = board_of(tmp_path, {rel: text})
    message = f"partner 'beta' joined on 2022-01-10 and cannot {action} on 2022-01-09"
    assert located(check_partner_activity(board)) == [(rel, line, column, "partner-not-joined", message)]


REFERENCES = [
    ("wishes/w.yaml", WISH.format(submitted="2022-05-01", status="claimed") + CLAIM, 6, 13),
    (
        "projects/p.yaml",
        PROJECT + "raised: 2022-01-01\nstatus: signed\npartners:\n- {partner}\nsigned: 2022-01-09\n",
        6,
        3,
    ),
    (
        "councils/c.yaml",
        "title: 会\ndate: 2022-01-09\nlocation: 3号院\nparticipants: 5\nattendees: [{partner}]\n",
        5,
        13,
    ),
    ("points/awards/a.yaml", "partner: {partner}\ndate: 2022-01-09\npoints: 1\nreason: 志愿\n", 1, 10),
    ("points/redemptions/r.yaml", "partner: {partner}\ndate: 2022-01-09\npoints: 1\nitem: 毛巾\n", 1, 10),
]


@pytest.mark.parametrize(("rel", "text", "line", "column"), REFERENCES)
@pytest.mark.parametrize(
    ("partner", "message"),
    [("alpah", "there is no partner 'alpah'; did you mean 'alpha'?"), ("zzz", "there is no partner 'zzz'")],
)
def test_dangling_reference_of_every_kind(tmp_path: Path, rel, text, line, column, partner, message) -> None:
    board = board_of(tmp_path, {rel: text.format(partner=partner, claimed="2022-05-02")})
    assert located(check_references(board, {"alpha", "beta"})) == [
        (rel, line, column, "dangling-ref", message)
    ]


def test_cross_check_runs_every_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    board = board_of(tmp_path, {})
    called = []
    for name in ("check_date_order", "check_future_dates", "check_partner_activity", "check_councils"):
        monkeypatch.setattr(crosscheck, name, lambda _board, name=name: called.append(name) or [])
    monkeypatch.setattr(crosscheck, "check_references", lambda _b, _ids: called.append("refs") or [])
    monkeypatch.setattr(crosscheck, "check_related", lambda _b, _ids: called.append("related") or [])
    monkeypatch.setattr(crosscheck, "check_balances", lambda _board, _unsure: called.append("balances") or [])
    crosscheck.cross_check(board, {"partner": {"alpha"}}, rules_valid=False)
    assert "balances" not in called and len(called) == 6
    crosscheck.cross_check(board, {"partner": {"alpha"}}, rules_valid=True)
    assert called[-1] == "balances"


# Points counted twice -------------------------------------------------------------------------


def _names(reason: str, title: str, kind: str = "wish") -> bool:
    from noticeboard.content.doublepoints import Earned, names

    return names(reason, Earned(kind, "x", title, dt.date(2022, 5, 17), 10))


@pytest.mark.parametrize(
    ("reason", "title", "kind"),
    [
        ("上门理发心愿实现", "给行动不便的81岁父亲上门理发", "wish"),
        ("实现了微心愿", "修好漏水的水龙头", "wish"),
        ("给父亲上门理发", "给行动不便的父亲上门理发", "wish"),
        ("完成楼道照明改造", "楼道照明改造", "project"),
        ("楼道照明项目完成", "楼道照明改造", "project"),
    ],
)
def test_an_award_reason_naming_an_automatic_event(reason: str, title: str, kind: str) -> None:
    assert _names(reason, title, kind)


@pytest.mark.parametrize(
    ("reason", "title"),
    [
        ("“学用微信”小课堂授课", "想学会用微信和孙子视频"),
        ("建党百年党史宣讲", "“党史故事进院落”宣讲"),
        ("疫情期间连续值守", "给行动不便的父亲上门理发"),
        ("年度优秀红色合伙人", "修好漏水的水龙头"),
    ],
)
def test_an_award_for_something_else(reason: str, title: str) -> None:
    assert not _names(reason, title)
