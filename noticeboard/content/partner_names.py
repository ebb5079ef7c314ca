"""The partner a volunteer meant where they wrote a name instead of an id.

``claimed_by``, ``partners``, ``attendees`` and ``partner`` take a partner's id (its file name,
``zhao-deming``), and the most common slip is to write the name shown on the board instead
(``赵德明``, ``赵德明老师``). The schema refuses such a value on its own (an id is lowercase
letters, digits and ``-``); :func:`name_the_partners` then looks the name up among the board's
partners and adds the id to write to the problem. It also says whose points balance that record
may change, so ``check`` does not report an untouched redemption as overspending meanwhile.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping

from noticeboard.content.hints import plain
from noticeboard.content.model import Board
from noticeboard.content.problems import Problem

# Words said after a name: 赵德明老师, 王师傅, 李阿姨.
_POLITE: tuple[str, ...] = (
    *("老师", "师傅", "阿姨", "大爷", "奶奶", "爷爷", "女士", "先生", "同志"),
    *("书记", "主任", "经理", "老板"),
)
_ASIDE = re.compile(r"[（(].*")  # 赵德明（书法爱好者）: the name without the aside


def _short(name: str) -> str:
    return _ASIDE.sub("", plain(name)).strip()


def _bare(typed: str) -> str:
    """``typed`` without a polite word after it (赵德明老师 → 赵德明)."""
    for word in _POLITE:
        if typed.endswith(word) and len(typed) > len(word) + 1:
            return typed[: -len(word)]
    return typed


def _fits(level: int, text: str, name: str, short: str) -> bool:
    """Whether ``text`` names a partner called ``name`` (``short`` without its aside), by the
    test of ``level``: 0 its name; 1 its name and a polite word; 2 a text holding its name."""
    if level == 0:
        return text in (name, short)
    if level == 1:
        return _bare(text) == short
    return len(short) >= 2 and short in text


def partner_meant(typed: str, names: Mapping[str, str]) -> str | None:
    """The id of the one partner whose name ``typed`` is, or says with a polite word, or
    contains, or is close to; None when no partner or several partners fit. ``names``: each
    partner's id and name."""
    text = plain(typed)
    if len(text) < 2:
        return None
    short = {partner_id: _short(name) for partner_id, name in names.items()}
    for level in range(3):  # the closest reading that fits any partner decides
        found = [pid for pid, name in names.items() if _fits(level, text, plain(name), short[pid])]
        if found:
            return found[0] if len(found) == 1 else None
    close = difflib.get_close_matches(text, list(short.values()), n=2, cutoff=0.75)
    meant = [partner_id for partner_id, name in short.items() if close and name == close[0]]
    return meant[0] if len(close) == 1 and len(meant) == 1 else None


def name_the_partners(problems: list[Problem], board: Board) -> tuple[list[Problem], frozenset[str]]:
    """``problems`` with the partner meant added wherever a name was written for a partner's id
    (``write``: its id, ``partner_name``: its name), and the ids of those partners."""
    if not any("typed_id" in problem.params for problem in problems):
        return problems, frozenset()  # every build asks; almost every time nothing was written so
    names = {partner.id: partner.name for partner in board.partners}
    named: set[str] = set()
    out = []
    for problem in problems:
        typed = problem.params.get("typed_id")
        meant = partner_meant(typed, names) if isinstance(typed, str) else None
        if meant is not None:
            named.add(meant)
            params = {**problem.params, "write": meant, "partner_name": names[meant]}
            problem = dataclasses.replace(problem, params=params)
        out.append(problem)
    return out, frozenset(named)
