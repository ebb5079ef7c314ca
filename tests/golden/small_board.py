"""The small golden board: every page type, built in a git repository with a fixed history.

``make_small_board(folder)`` writes a repository at ``folder`` whose ``content/`` holds a
few records of every kind and every status, committed in steps with fixed dates and
authors, so that change histories and disclosure delays appear on the pages and come out
the same on every machine. ``tests/golden/update.py`` builds it into ``tests/golden/small/``.
"""

from __future__ import annotations

from pathlib import Path

from tests.gitscratch import commit, init_repo

BUILD_DATE = "2022-08-27"

SITE = """\
name: 小院公示栏
community: 小院社区
street: 东城街道
district: 东城区
language: zh-CN
base_url: https://small.example.org/board/
repo_url: https://github.com/example/small-board
contact: 小院社区党群服务中心，工作日 8:30-17:30
disclosure:
  working_days: 10
  holidays:
  - 2022-06-03
"""

RULES = "wish_fulfilled: 10\nproject_completed: 20\ncouncil_attendance: 2\nhonor: 5\n"

BARBER = """\
---
name: 小院理发店
kind: merchant
joined: 2021-03-01
services:
- title: 上门理发
  category: 助老服务
- title: 老人义剪
  category: 助老服务
honors:
- date: 2022-01-18
  title: 2021年度优秀红色合伙人
---

理发店为**行动不便**的老人上门理发。

- 每月第一个周日义剪
- 上门服务
"""

BANK = """\
name: 恒泰银行小院支行
kind: enterprise
joined: 2021-02-01
services:
- title: 防诈骗讲座
  category: 法律咨询
"""

DOCTOR = """\
name: 陈医生（退休医生）
kind: individual
joined: 2021-04-01
services:
- title: 血压测量
  category: 医疗健康
description: 每周二上午在社区义诊。
"""

LEFT = """\
name: 老街面馆
kind: merchant
joined: 2021-01-05
status: withdrawn
withdrawn: 2022-03-31
services:
- title: 爱心午餐
  category: 助餐服务
"""

WISH_OPEN = """\
title: 学会用微信视频
beneficiary: 2号楼的李爷爷
category: 数字助老
submitted: 2022-08-01
reported_by: 2号楼楼长
status: open
"""

WISH_CLAIMED = """\
title: 修一修收音机
beneficiary: 5号楼的王奶奶
category: 便民服务
submitted: 2022-07-20
status: claimed
claimed_by: chen-doctor
claimed: 2022-07-22
"""

WISH_OPEN_V1 = """\
---
title: 上门理发
beneficiary: 8号院的刘爷爷
category: 助老服务
submitted: 2022-05-16
reported_by: 8号院楼长
status: open
---

刘爷爷行动不便，想在家里理个发。
"""

WISH_FULFILLED = """\
---
title: 上门理发
beneficiary: 8号院的刘爷爷
category: 助老服务
submitted: 2022-05-16
reported_by: 8号院楼长
status: fulfilled
claimed_by: small-barbershop
claimed: 2022-05-16
fulfilled: 2022-05-17
---

刘爷爷行动不便，想在家里理个发。理发店第二天就上门了。
"""

WISH_WITHDRAWN = """\
title: 换一盏楼道灯
beneficiary: 3号楼的住户
category: 便民服务
submitted: 2022-02-14
status: withdrawn
story: 物业已经换好了，心愿撤回。
"""

PROJECT_OPEN = """\
title: 老人助浴服务
category: 助老服务
raised: 2022-07-01
status: open
description: 为高龄独居老人提供助浴。
"""

PROJECT_SIGNED = """\
title: 防诈骗宣传进院落
category: 法律咨询
raised: 2022-03-01
status: signed
partners:
- hengtai-bank
signed: 2022-03-15
"""

PROJECT_COMPLETED = """\
title: 70岁以上老人每月义剪
category: 助老服务
raised: 2021-03-10
status: completed
partners:
- small-barbershop
signed: 2021-03-20
completed: 2021-12-31
points: 30
description: 每月第一个周日为老人义剪。
"""

PROJECT_CANCELLED = """\
title: 爱心午餐
category: 助餐服务
raised: 2021-06-01
status: cancelled
description: 面馆退出后取消。
"""

COUNCIL_HELD = """\
title: 8号院电动车棚议事会
date: 2022-06-10
location: 8号院
participants: 9
attendees:
- small-barbershop
- chen-doctor
decisions:
- text: 在8号院建电动车棚
  outcome: adopted
  votes:
    for: 8
    against: 0
    abstain: 1
  difficult_problem: true
  owner: 物业公司
  due: 2022-07-31
  status: done
  done: 2022-07-20
- text: 加装充电桩
  outcome: adopted
  votes:
    for: 7
    against: 1
    abstain: 1
  owner: 社区居委会
  due: 2022-08-15
  status: in-progress
- text: 收取停车费
  outcome: rejected
  votes:
    for: 1
    against: 6
    abstain: 2
minutes: |
  | 议题 | 赞成 | 反对 |
  |---|---|---|
  | 车棚 | 8 | 0 |
"""

COUNCIL_OLD = """\
title: 2号院门禁议事会
date: 2021-11-05
location: 2号院
participants: 6
attendees:
- hengtai-bank
decisions:
- text: 安装门禁
  outcome: adopted
  owner: 物业公司
  status: pending
"""

COUNCIL_PLANNED = """\
title: 口袋公园议事会
date: 2022-09-10
location: 小院广场
participants: 1
"""

AWARD = """\
partner: small-barbershop
date: 2022-06-01
points: 15
reason: 坚持每月为老人义剪
"""

REDEMPTION = """\
partner: small-barbershop
date: 2022-07-01
points: 12
item: 兑换洗衣液两瓶
"""

# (date, author, message, files): the board's history, oldest first.
HISTORY: list[tuple[str, str, str, dict[str, str | None]]] = [
    (
        "2021-03-01",
        "Office Clerk",
        "建立公示栏",
        {
            "content/site.yaml": SITE,
            "content/points/rules.yaml": RULES,
            "content/partners/small-barbershop.md": BARBER,
            "content/partners/hengtai-bank.yaml": BANK,
            "content/partners/laojie-noodles.yaml": LEFT,
            "content/projects/2021-03-free-haircut.yaml": PROJECT_COMPLETED,
            "content/projects/2021-06-lunch.yaml": PROJECT_CANCELLED,
        },
    ),
    (
        "2022-03-16",
        "Office Clerk",
        "签约防诈骗项目",
        {
            "content/partners/chen-doctor.yaml": DOCTOR,
            "content/projects/2022-03-anti-fraud.yaml": PROJECT_SIGNED,
            "content/councils/2021-11-05-yard-2.yaml": COUNCIL_OLD,
            "content/wishes/2022-02-14-stair-light.yaml": WISH_WITHDRAWN,
        },
    ),
    (
        "2022-05-16",
        "Building Head",
        "新心愿：上门理发",
        {"content/wishes/2022-05-16-haircut.md": WISH_OPEN_V1},
    ),
    (
        "2022-05-18",
        "Building Head",
        "心愿已实现：上门理发",
        {"content/wishes/2022-05-16-haircut.md": WISH_FULFILLED},
    ),
    (
        "2022-07-05",
        "Office Clerk",
        "8号院议事会决议",
        {
            "content/councils/2022-06-10-yard-8.yaml": COUNCIL_HELD,
            "content/points/awards/2022-06-01-barbershop.yaml": AWARD,
        },
    ),
    (
        "2022-08-02",
        "Office Clerk",
        "八月更新",
        {
            "content/wishes/2022-07-20-radio.yaml": WISH_CLAIMED,
            "content/wishes/2022-08-01-wechat.yaml": WISH_OPEN,
            "content/projects/2022-07-bathing.yaml": PROJECT_OPEN,
            "content/councils/2022-09-10-pocket-park.yaml": COUNCIL_PLANNED,
            "content/points/redemptions/2022-07-01-barbershop.yaml": REDEMPTION,
        },
    ),
]


def make_small_board(folder: Path) -> Path:
    """Write the small board's repository at ``folder``; return its content folder."""
    init_repo(folder)
    for date, author, message, files in HISTORY:
        commit(folder, files, message, date, author)
    return folder / "content"
