"""Commented record templates, and fresh ids for new record files.

The same templates feed ``python build.py new TYPE`` and the "propose a new …" links of
the list pages (prefilled in the code host's new-file page). Each template is a valid
record as it stands: example values a volunteer overwrites, optional fields commented
out with a word on when to fill them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from noticeboard.content.model import Board, Date
from noticeboard.content.points import ledgers
from noticeboard.content.types import RECORD_TYPES

TEMPLATE_TYPES = tuple(t.name for t in RECORD_TYPES)
FOLDERS = {t.name: t.folder for t in RECORD_TYPES}
MAX_ID_LENGTH = 64
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

# Example values per language and record type: field (or part) -> example.
_EXAMPLES: dict[str, dict[str, dict[str, str]]] = {
    "zh-CN": {
        "partner": {"name": "示例便民服务店", "service": "上门维修", "category": "便民服务"},
        "project": {"title": "楼道照明改造", "category": "设施建设"},
        "wish": {
            "title": "想请人上门理发",
            "beneficiary": "3号院的王奶奶",
            "category": "助老服务",
            "reported_by": "3号院楼长",
        },
        "council": {
            "title": "3号院停车议事会",
            "location": "3号院",
            "decision": "在3号院划定电动车停放区",
            "owner": "社区居委会",
        },
        "award": {"reason": "疫情期间连续值守"},
        "redemption": {"item": "兑换洗衣液一瓶"},
    },
    "en": {
        "partner": {"name": "Example repair shop", "service": "Home repairs", "category": "daily services"},
        "project": {"title": "Stairwell lighting", "category": "facilities"},
        "wish": {
            "title": "A haircut at home",
            "beneficiary": "Granny Wang in yard 3",
            "category": "elderly care",
            "reported_by": "building captain of yard 3",
        },
        "council": {
            "title": "Yard 3 parking council",
            "location": "Yard 3",
            "decision": "Mark e-bike parking",
            "owner": "residents' committee",
        },
        "award": {"reason": "Stood guard through the epidemic"},
        "redemption": {"item": "One bottle of detergent"},
    },
}


def _text(value: str) -> str:
    """Write a text value as a YAML scalar that is always read back as the same text."""
    return json.dumps(value, ensure_ascii=False)


def record_template(
    record_type: str,
    on: Date,
    *,
    title: str | None = None,
    board: Board | None = None,
    language: str = "zh-CN",
) -> str:
    """Return a commented, valid record of ``record_type`` dated ``on``."""
    examples = _EXAMPLES.get(language, _EXAMPLES["zh-CN"])
    ex = examples.get(record_type, {})
    day = on.isoformat()
    if record_type == "partner":
        return f"""\
# 红色合伙人 / Red partner — 文件名就是编号 / the file name is the id
name: {_text(title or ex["name"])}  # 名称（单位或个人） / name
# 类型 / kind: enterprise 企业, merchant 商户, social-organization 社会组织,
#   institution 机关事业单位, individual 个人
kind: merchant
joined: {day}  # 加入日期 / date joined, YYYY-MM-DD
services:  # 服务供给清单 / services offered
- title: {_text(ex["service"])}
  category: {_text(ex["category"])}
# status: withdrawn  # 退出时填写，并写退出日期 / when leaving, with the date:
# withdrawn: {day}
# honors:  # 荣誉 / honours
# - date: {day}
#   title: 年度优秀红色合伙人
description: |
  介绍这位合伙人能为社区做什么。 / What this partner does for the community.
"""
    if record_type == "project":
        return f"""\
# 共建项目 / Co-construction project
title: {_text(title or ex["title"])}  # 名称 / title
category: {_text(ex["category"])}  # 类别，用于供需对接 / category, used to match partners
raised: {day}  # 提出日期 / date raised, YYYY-MM-DD
# 状态 / status: open 待对接, signed 已签约, completed 已完成, cancelled 已取消
status: open
# 签约后填写 / once signed:
# partners:
# - partner-id  # 合伙人编号（content/partners/ 下的文件名） / partner id (file name)
# signed: {day}
# completed: {day}  # 完成后 / once completed
# points: 20  # 不填则用积分规则 / leave out to use the points rules
description: |
  说明居民的需求。 / Describe what residents need.
"""
    if record_type == "wish":
        return f"""\
# 微心愿 / Micro-wish — 不写全名、电话或门牌号 / no full names, phone numbers or door numbers
title: {_text(title or ex["title"])}  # 心愿 / the wish in one line
beneficiary: {_text(ex["beneficiary"])}  # 公开称呼 / a privacy-safe public label
category: {_text(ex["category"])}  # 类别 / category
submitted: {day}  # 提出日期 / date submitted, YYYY-MM-DD
reported_by: {_text(ex["reported_by"])}  # 收集人 / reported by
# 状态 / status: open 待认领, claimed 已认领, fulfilled 已实现, withdrawn 已撤回
status: open
# 认领后填写 / once claimed:
# claimed_by: partner-id  # 合伙人编号 / partner id (file name in content/partners/)
# claimed: {day}
# 实现后填写（status: fulfilled） / once fulfilled:
# fulfilled: {day}
# points: 10  # 不填则用积分规则 / leave out to use the points rules
story: |
  心愿背后的故事。 / The story behind the wish.
"""
    if record_type == "council":
        return f"""\
# 院落议事会 / Courtyard council
title: {_text(title or ex["title"])}  # 名称 / title
date: {day}  # 日期 / date, YYYY-MM-DD
location: {_text(ex["location"])}  # 地点 / place
participants: 10  # 参加人数 / number of participants
# attendees:  # 参加的合伙人编号 / partner ids who attended
# - partner-id
decisions:  # 会议的决定 / decisions (leave out before the council has met)
- text: {_text(ex["decision"])}
  # 结果 / outcome: adopted 通过, rejected 否决, deferred 暂缓
  outcome: adopted
  votes:
    for: 8
    against: 1
    abstain: 1
  difficult_problem: false  # 是否为难题 / a difficult problem
  owner: {_text(ex["owner"])}  # 负责人 / who follows it up
  # due: {day}  # 期限 / due date
  # 落实情况 / follow-up: pending 待落实, in-progress 落实中, done 已完成（并写 done 日期 / with the date）
  status: pending
minutes: |
  会议纪要。 / Minutes of the council.
"""
    if record_type in ("award", "redemption"):
        partner = _example_partner(board, on, spending=record_type == "redemption")
        label = ("reason", title or ex["reason"]) if record_type == "award" else ("item", title or ex["item"])
        heading = "积分奖励 / Points award" if record_type == "award" else "积分兑换 / Points redemption"
        note = "奖励原因 / reason" if record_type == "award" else "兑换的物品或服务 / what was redeemed"
        return f"""\
# {heading}
partner: {partner}  # 合伙人编号（content/partners/ 下的文件名） / partner id (file name)
date: {day}  # 日期 / date, YYYY-MM-DD
points: {5 if record_type == "award" else 1}  # 积分 / points
{label[0]}: {_text(label[1])}  # {note}
"""
    raise ValueError(f"unknown record type: {record_type}")


def _example_partner(board: Board | None, on: Date, *, spending: bool) -> str:
    """Pick a partner the example can name and still pass check (joined, and able to pay)."""
    if board is None:
        return "partner-id"
    active = [p for p in board.partners if p.is_active and p.joined <= on]
    if not active:
        return "partner-id"
    if not spending:
        return active[0].id
    balances = {pid: lines[-1].balance for pid, lines in ledgers(board).items() if lines}
    return min(active, key=lambda p: (-balances.get(p.id, 0), p.id)).id


def record_folder(record_type: str, on: Date) -> str:
    """The content-relative folder a new record goes to (councils are filed by year)."""
    folder = FOLDERS[record_type]
    return f"{folder}/{on.year}" if record_type == "council" else folder


def slugify(title: str | None) -> str:
    """Make an id fragment from the ASCII words of a title ("" when there are none)."""
    if not title:
        return ""
    return _NOT_SLUG.sub("-", title.lower()).strip("-")


def existing_ids(content_dir: Path, record_type: str) -> set[str]:
    """Ids already used by files of one record type (in any subfolder)."""
    folder = Path(content_dir) / FOLDERS[record_type]
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".md")}


def new_record_id(record_type: str, on: Date, title: str | None, taken: set[str]) -> str:
    """Return a fresh id: ``2024-05-16-haircut``, or ``2024-05-16-2`` for a non-ASCII title."""
    prefix = on.isoformat()
    slug = slugify(title)[: MAX_ID_LENGTH - len(prefix) - 4].strip("-")
    if slug:
        base = f"{prefix}-{slug}"
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


def suggested_filename(record_type: str, on: Date) -> str:
    """A valid file name for a new-file link, to be renamed by the volunteer."""
    return f"{on.isoformat()}-new-{record_type}.yaml"
