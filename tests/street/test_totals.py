"""A street's totals worked out by hand on three small boards (tests/street/conftest.py).

| community | partners | projects | wishes | fulfilled | councils | people | solved | open | overdue |
|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|
| 甲 | 2 | 1 | 3 | 1 | 1 | 20 | 1 | 1 | 1 |
| 乙 | 1 | 0 | 2 | 0 | 1 | 12 | 0 | 2 | 2 |
| 丙 | 2 | 1 (completed) | 2 (one withdrawn) | 1 | 1 (one to come) | 30 | 1 | 0 | 0 |
| street | 5 | 2 | 7 | 2 | 3 | 62 | 2 | 3 | 3 |

Days from a wish's submission to its claim: 甲 4 and 10 (median 7), 乙 none, 丙 2; the street's
median over 2, 4, 10 is 4. Days from a council to a decision done: 甲 30, 乙 none, 丙 20; the
street's median over 20 and 30 is 25.
"""

from __future__ import annotations

import json

from noticeboard.street.summary import FIGURES
from tests.street.conftest import run_street, street_yaml


def _street(tmp_path, boards):
    path = street_yaml(tmp_path, {board: str(boards / board) for board in ("jia", "yi", "bing")})
    report = run_street(path, tmp_path / "site", tmp_path / "cache")
    data = json.loads((tmp_path / "site" / "data" / "street.json").read_text(encoding="utf-8"))
    return report, data


def test_each_community_reads_as_its_board_says(tmp_path, boards):
    report, data = _street(tmp_path, boards)
    assert report.problems == ()
    rows = {c["id"]: c for c in data["communities"]}
    assert [rows[c][key] for c in ("jia", "yi", "bing") for key in FIGURES] == [
        2, 1, 3, 1, 1, 20, 1,
        1, 0, 2, 0, 1, 12, 0,
        2, 1, 2, 1, 1, 30, 1,
    ]  # fmt: skip
    assert [(rows[c]["open_wishes"], rows[c]["overdue_decisions"]) for c in ("jia", "yi", "bing")] == [
        (1, 1),
        (2, 2),
        (0, 0),
    ]
    assert [(rows[c]["days_to_claim"], rows[c]["days_to_done"]) for c in ("jia", "yi", "bing")] == [
        (7, 30),
        (None, None),
        (2, 20),
    ]


def test_the_street_totals_are_the_sums_and_pooled_medians(tmp_path, boards):
    _, data = _street(tmp_path, boards)
    assert data["totals"] == {
        "communities": 3,
        "partners_active": 5,
        "projects_signed": 2,
        "wishes_collected": 7,
        "wishes_fulfilled": 2,
        "councils_held": 3,
        "council_participants": 62,
        "problems_solved": 2,
        "open_wishes": 3,
        "overdue_decisions": 3,
        "days_to_claim": 4,
        "days_to_done": 25,
    }


def test_the_home_page_shows_the_totals_row(tmp_path, boards):
    _street(tmp_path, boards)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    totals = html.split("<tfoot>")[1].split("</tfoot>")[0]
    cells = [cell.split("</td>")[0] for cell in totals.split('<td class="num">')[1:]]
    assert cells == ["5", "2", "7", "2", "3", "62", "2", "3", "3", "4", "25"]
    assert "街道合计（3个社区）" in totals
