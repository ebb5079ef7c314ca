"""Measure the privacy rules on real text: every text of a board, and a list of legitimate labels.

    python -m tests.privacy_measure [CONTENT ...]     # default: the demo board, then the labels

For each board: how many texts were read, and every finding of each rule (contact data and
flats, full names, sensitive details beside a label) with its file and field, so that each can
be judged by hand: a finding on text that is no personal data is a false positive. The same
counts are in docs/privacy.md; tests/content/test_privacy.py holds the demo board and the
labels to zero findings.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from noticeboard.content.exposure import privacy_problems
from noticeboard.content.load import load_content
from noticeboard.content.personal import bare_name, sensitive_terms
from noticeboard.content.privacy import find_leaks

REPO = Path(__file__).resolve().parent.parent

# Words a board writes legitimately, none of them personal data: courtyards, streets and
# buildings, partner names, roles, groups, services, events, places and plain phrases with
# numbers in them. Each is run through every rule; any finding is a false positive.
LEGITIMATE_LABELS = [
    # courtyards, buildings, streets, places
    "3号院", "12号院", "5号楼", "7号楼2单元", "6号楼2单元的住户", "3号院2单元的住户", "东苑小区",
    "老县政府家属院", "粮食局家属院", "供电局宿舍院", "万华路12号院", "万华路18号", "东城街道万华路18号",
    "党群服务中心101室", "社区卫生服务站203室",
    "王府井", "王府井大街", "黄河路", "长江路", "高新区", "金台里", "林荫大道", "周边小区", "张自忠路",
    "刘家窑", "马家堡", "李村", "杨柳青", "陈家沟", "赵公口", "孙河", "胡同口", "何各庄",
    # partners and organisations
    "老街面馆", "万华便民理发店", "万华社区", "万华社区广场舞协会", "东城区卫生服务中心", "恒泰银行",
    "顺发维修", "馨阳居家养老服务中心", "正衡律师事务所", "星辰通讯", "嘉禾食品", "小李裁缝铺",
    "王记包子铺", "张记修鞋", "刘氏眼镜", "陈记面馆", "李宁专卖店", "马兰拉面", "周黑鸭", "黄焖鸡米饭",
    "杨国福麻辣烫", "林家铺子", "高德", "金象大药房", "万家惠超市",
    # roles and groups
    "网格员", "3号院楼长", "10号楼楼长", "老县政府家属院楼长", "社区居委会", "物业公司", "党支部",
    "党员志愿者", "退休教师杨老师", "老党员卫爷爷", "独居老人", "空巢老人", "困难家庭的孩子", "高龄老人",
    "全体居民", "全院居民", "居民代表", "楼门长", "志愿者", "社区医生", "康复师", "家属",
    # people named by a form of address (allowed)
    "刘大爷", "王奶奶", "李阿姨", "张师傅", "陈老师", "马女士", "赵先生", "老周", "小王", "柏奶奶",
    "马女士的父亲", "刘女士的母亲", "85岁的姜爷爷", "行动不便的秦爷爷", "9号楼卧床的严爷爷",
    "低保户许大爷", "王爷爷（老党员）", "尤爷爷夫妇", "钱奶奶一家",
    # services and events
    "上门理发", "健康义诊", "高血压健康讲座", "糖尿病饮食讲座", "癌症早筛宣传", "防癌知识讲座",
    "中风险地区返京人员登记", "反诈骗讲座", "助老服务", "便民服务", "行动不便，需要上门理发",
    "为残疾人家庭安装扶手", "无障碍坡道改造", "盲道修缮", "心理健康讲座",
    # numbers that are no phone or flat
    "2021-2022年度优秀志愿者", "每户补贴 2000-3000 元", "工作日 8:30-17:30", "1室1厅", "3室2厅",
    "会议室", "老年活动室", "101路公交", "12345热线", "110报警", "2022年5月16日", "参加人数 120 人",
    "投入资金 50000 元", "建筑面积 1200 平方米", "2022-05-16", "第3-4季度", "1-2-3 步骤",
]  # fmt: skip

RULES = ("private-data", "private-name", "sensitive-info")


def measure_board(content: Path) -> tuple[int, Counter[str], list[str]]:
    """Run the privacy rules over every record of a board: (texts read, findings per code, lines)."""
    loaded = load_content(content)
    texts = 0
    counts: Counter[str] = Counter()
    lines: list[str] = []
    for sources in loaded.sources.values():
        for source in sources:
            texts += _count_texts(source.data)
            for problem in privacy_problems(source):
                counts[problem.code] += 1
                lines.append(f"{problem.file}:{problem.line}:{problem.column}: {problem.message('zh-CN')}")
    return texts, counts, lines


def _count_texts(value: object) -> int:
    if isinstance(value, dict):
        return sum(_count_texts(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_texts(v) for v in value)
    return 1 if isinstance(value, str) else 0


def measure_labels(labels: list[str] = LEGITIMATE_LABELS) -> list[str]:
    """Every legitimate label a rule refuses (each one a false positive)."""
    found = []
    for label in labels:
        kinds = [leak.kind for leak in find_leaks(label)]
        if bare_name(label):
            kinds.append("full name")
        kinds += [f"sensitive {term.word}" for term in sensitive_terms(label) if _beside_label(label)]
        if kinds:
            found.append(f"{label}: {', '.join(kinds)}")
    return found


def _beside_label(text: str) -> bool:
    from noticeboard.content.personal import identifying_labels

    return next(identifying_labels(text), None) is not None


def main(argv: list[str]) -> int:
    boards = [Path(a) for a in argv] or [REPO / "content"]
    for board in boards:
        texts, counts, lines = measure_board(board)
        summary = ", ".join(f"{code} {counts[code]}" for code in RULES)
        print(f"{board}: {texts} texts read; {summary}")
        for line in lines:
            print(f"  {line}")
    refused = measure_labels()
    print(f"{len(LEGITIMATE_LABELS)} legitimate labels: {len(refused)} refused")
    for line in refused:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
