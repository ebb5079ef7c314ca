"""Generate a valid synthetic board of N records for benchmarks.

    python bench/gen.py N DIR [--seed 1] [--date 2024-12-31] [--force]
                        [--community NAME] [--street NAME] [--base-url URL]

The mix follows a real street office: about 10% partners, 25% projects, 35% wishes,
20% councils (with decisions, some as Markdown), 10% points awards and redemptions.
Every record is valid at the build date (``--date``): dates in order and not in the
future, partners acting only while they are members, votes within the room, and no
redemption taking a balance below zero. The same N, seed and date give the same files.
Check it with ``python build.py check --content DIR --date <date>``.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import random
import shutil
import sys
from collections import defaultdict
from pathlib import Path

START = dt.date(2019, 1, 1)
RULES = {"wish_fulfilled": 10, "project_completed": 20, "council_attendance": 2, "honor": 5}
MIX = {"partner": 0.10, "project": 0.25, "wish": 0.35, "council": 0.20, "award": 0.05}  # rest: redemptions

CATEGORIES = ["助老服务", "医疗健康", "教育培训", "环境整治", "设施建设", "文化活动", "便民服务", "党建活动"]
KINDS = ["enterprise", "merchant", "social-organization", "institution", "individual"]
ORG_WORDS = ["万华", "东城", "明德", "惠民", "安康", "青禾", "顺发", "博雅", "和美", "春晖", "同心", "福寿"]
ORG_SUFFIX = {
    "enterprise": ["科技有限公司", "建筑工程有限公司", "物业服务有限公司"],
    "merchant": ["超市", "理发店", "眼镜店", "面馆", "干洗店", "药店"],
    "social-organization": ["志愿服务队", "老年协会", "书画协会", "舞蹈队"],
    "institution": ["卫生服务中心", "小学", "派出所", "文化站"],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["立民", "秀英", "建国", "桂兰", "志强", "玉梅", "国华", "淑珍", "海燕", "德明"]
ROLES = ["退休教师", "退休医生", "党员志愿者", "楼长", "社区医生"]
SERVICES = ["上门理发", "健康咨询", "课业辅导", "家电维修", "代购送餐", "法律咨询", "书法培训", "清洁打扫"]
WISHES = ["配一副老花镜", "修好漏水的水龙头", "学会用手机视频通话", "过一次政治生日", "买一台助行器",
          "给孙子辅导功课", "换一盏楼道灯", "陪老人去医院复诊", "收到一份生日蛋糕", "理一次发"]  # fmt: skip
PEOPLE = ["张奶奶", "李爷爷", "王阿姨", "刘大爷", "陈婆婆", "赵叔叔", "困难家庭的孩子", "独居老人"]
PROJECTS = ["老人每月义剪", "楼道清洁", "反诈骗讲座", "口袋公园改造", "电动车棚建设", "门禁系统安装",
            "暑期托管", "健康义诊", "垃圾分类宣传", "屋顶防水维修"]  # fmt: skip
PLACES = ["1号院", "3号院", "5号院", "8号院", "12号院", "东苑小区", "老县政府家属院", "党群服务中心"]
DECISIONS = ["增设休闲座椅", "建设电动车充电棚", "安装门禁系统", "改造口袋公园", "清理楼道杂物",
             "划定公共晾晒区", "更换破损路灯", "制定院落文明公约"]  # fmt: skip
OWNERS = ["社区居委会", "院落议事会", "物业公司", "楼长"]
ITEMS = ["大米一袋", "食用油一桶", "免费理发一次", "体检套餐一份", "洗衣液一瓶", "公交卡充值"]
# Whose board it is (site.yaml); the street board's demo and benchmark name each board.
PLACE = {"community": "合成社区", "street": "测试街道", "base_url": "https://bench.example.org/board/"}
DEFAULT_NAME = "合成测试公示栏"  # a named community's board is "<community>公示栏"
PARAGRAPH = "居民们围坐在一起，逐项讨论了大家关心的问题，发言踊跃，气氛融洽。会后形成的决定张贴在院落公示栏。"


def q(text: str) -> str:
    """Quote a text as a YAML scalar (a JSON string is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class Generator:
    """Make the records of one board, keeping every cross-record rule."""

    def __init__(
        self, total: int, seed: int, build_date: dt.date, place: dict[str, str] | None = None
    ) -> None:
        self.rng = random.Random(seed)
        # The follow-through fields (places, updates, confirmations, agreements) draw from their
        # own generator, so the records themselves stay as they were before those fields existed.
        self.follow = random.Random(seed + 1_000_003)
        self.place = place or {}  # community, street, base_url: PLACE unless given
        self.total = total
        self.end = build_date
        self.span = (build_date - START).days
        self.files: dict[str, str] = {}
        self.partners: list[tuple[str, dt.date, dt.date | None]] = []  # id, joined, withdrawn
        self.founders: list[str] = []
        self.earnings: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
        self.counts = {kind: int(total * share) for kind, share in MIX.items()}
        self.counts["partner"] = max(self.counts["partner"], 5)
        self.counts["redemption"] = max(0, total - sum(self.counts.values()))

    def day(self, after: dt.date | None = None, before: dt.date | None = None) -> dt.date:
        """A random date between ``after`` and ``before`` (both included)."""
        low = after or START
        high = before or self.end
        return low + dt.timedelta(days=self.rng.randint(0, max(0, (high - low).days)))

    def follow_day(self, after: dt.date, before: dt.date | None = None) -> dt.date:
        """A date between ``after`` and ``before`` (default: the build date) from the follow generator."""
        high = before or self.end
        return after + dt.timedelta(days=self.follow.randint(0, max(0, (high - after).days)))

    def place_line(self) -> list[str]:
        """Half the wishes and projects name the courtyard they are about."""
        return [f"place: {q(self.follow.choice(PLACES))}"] if self.follow.random() < 0.5 else []

    def member_on(self, date: dt.date) -> str:
        """A partner that is a member on ``date`` (founders always are)."""
        for _ in range(8):
            pid, joined, withdrawn = self.rng.choice(self.partners)
            if joined <= date and (withdrawn is None or date <= withdrawn):
                return pid
        return self.rng.choice(self.founders)

    def members_on(self, date: dt.date, count: int) -> list[str]:
        return sorted({self.member_on(date) for _ in range(count)})

    def earn(self, partner: str, date: dt.date, points: int) -> None:
        if date <= self.end:
            self.earnings[partner].append((date, points))

    def make_partners(self) -> None:
        n = self.counts["partner"]
        for i in range(n):
            pid = f"p{i:05d}"
            kind = self.rng.choice(KINDS)
            founder = i < max(3, n // 5)
            joined = START if founder else self.day(before=self.end - dt.timedelta(days=30))
            withdrawn = None
            if not founder and self.rng.random() < 0.05:
                withdrawn = self.day(after=joined)
            if kind == "individual":
                name = f"{self.rng.choice(SURNAMES)}{self.rng.choice(GIVEN)}（{self.rng.choice(ROLES)}）"
            else:
                name = f"{self.rng.choice(ORG_WORDS)}{self.rng.choice(ORG_SUFFIX[kind])}{i}"
            lines = [f"name: {q(name)}", f"kind: {kind}", f"joined: {joined}"]
            if withdrawn:
                lines += ["status: withdrawn", f"withdrawn: {withdrawn}"]
            lines.append("services:")
            for _ in range(self.rng.randint(1, 3)):
                service = self.rng.choice(SERVICES)
                lines += [f"- title: {q(service)}", f"  category: {q(self.rng.choice(CATEGORIES))}"]
            if self.rng.random() < 0.2:
                date = self.day(after=joined)
                lines += ["honors:", f"- date: {date}", f"  title: {q(f'{date.year}年度优秀红色合伙人')}"]
                self.earn(pid, date, RULES["honor"])
            lines.append(f"description: {q(f'{name}自愿加入共享联盟，为居民提供服务。')}")
            self.files[f"partners/{pid}.yaml"] = "\n".join(lines) + "\n"
            self.partners.append((pid, joined, withdrawn))
            if founder:
                self.founders.append(pid)

    def make_projects(self) -> None:
        for i in range(self.counts["project"]):
            raised = self.day()
            status = self.rng.choices(["open", "signed", "completed", "cancelled"], [20, 25, 45, 10])[0]
            title = f"{self.rng.choice(PROJECTS)}（第{i}期）"
            lines = [f"title: {q(title)}", f"category: {q(self.rng.choice(CATEGORIES))}"]
            lines += [f"raised: {raised}", f"status: {status}"]
            if status in ("signed", "completed"):
                signed = self.day(after=raised)
                partners = self.members_on(signed, self.rng.randint(1, 3))
                lines += ["partners:", *(f"- {p}" for p in partners), f"signed: {signed}"]
                if status == "completed":
                    completed = self.day(after=signed)
                    lines.append(f"completed: {completed}")
                    for partner in partners:
                        self.earn(partner, completed, RULES["project_completed"])
                if self.follow.random() < 0.3:
                    until = signed + dt.timedelta(days=self.follow.randint(30, 730))
                    summary = q("每月上门服务一次，地点在院内活动室")
                    lines += ["agreement:", f"  summary: {summary}", f"  until: {until}"]
            lines += self.place_line()
            lines.append(f"description: {q('根据居民需求调查提出，' + title + '。')}")
            self.files[f"projects/{raised}-j{i:05d}.yaml"] = "\n".join(lines) + "\n"

    def make_wishes(self) -> None:
        for i in range(self.counts["wish"]):
            submitted = self.day()
            status = self.rng.choices(["open", "claimed", "fulfilled", "withdrawn"], [15, 15, 65, 5])[0]
            lines = [f"title: {q(self.rng.choice(WISHES))}", f"beneficiary: {q(self.rng.choice(PEOPLE))}"]
            lines += [f"category: {q(self.rng.choice(CATEGORIES))}", f"submitted: {submitted}"]
            lines += [f"reported_by: {q(f'{self.rng.randint(1, 30)}号楼楼长')}", f"status: {status}"]
            if status in ("claimed", "fulfilled"):
                claimed = self.day(after=submitted)
                claimer = self.member_on(claimed)
                lines += [f"claimed_by: {claimer}", f"claimed: {claimed}"]
                if status == "fulfilled":
                    fulfilled = self.day(after=claimed)
                    lines.append(f"fulfilled: {fulfilled}")
                    self.earn(claimer, fulfilled, RULES["wish_fulfilled"])
                    if self.follow.random() < 0.4:
                        lines.append(f"confirmed: {self.follow_day(fulfilled)}")
            lines += self.place_line()
            lines.append(f"story: {q('楼长走访时收集到这个心愿，登记后在公示栏发布。')}")
            self.files[f"wishes/{submitted}-w{i:05d}.yaml"] = "\n".join(lines) + "\n"

    def make_councils(self) -> None:
        for i in range(self.counts["council"]):
            upcoming = self.rng.random() < 0.01
            date = self.end + dt.timedelta(days=self.rng.randint(1, 60)) if upcoming else self.day()
            place = self.rng.choice(PLACES)
            participants = self.rng.randint(5, 60)
            attendees = [] if upcoming else self.members_on(date, self.rng.randint(0, 4))
            lines = [f"title: {q(f'{place}议事会（第{i}次）')}", f"date: {date}"]
            lines += [f"location: {q(place)}", f"place: {q(place)}", f"participants: {participants}"]
            if attendees:
                lines += ["attendees:", *(f"- {p}" for p in attendees)]
                for partner in attendees:
                    self.earn(partner, date, RULES["council_attendance"])
            if not upcoming:
                lines.append("decisions:")
                for _ in range(self.rng.randint(1, 4)):
                    lines += self.decision(date, participants)
            body = (
                f"{PARAGRAPH}\n\n**议题**\n\n- {self.rng.choice(DECISIONS)}\n- {self.rng.choice(DECISIONS)}\n"
            )
            folder = f"councils/{date.year}/{date}-c{i:05d}"
            if self.rng.random() < 0.3:
                self.files[folder + ".md"] = "---\n" + "\n".join(lines) + "\n---\n\n" + body
            else:
                self.files[folder + ".yaml"] = "\n".join(lines) + f"\nminutes: {q(body)}\n"

    def decision(self, date: dt.date, participants: int) -> list[str]:
        outcome = self.rng.choices(["adopted", "rejected", "deferred"], [70, 20, 10])[0]
        voters = self.rng.randint(1, participants)
        yes = self.rng.randint(0, voters)
        no = self.rng.randint(0, voters - yes)
        lines = [f"- text: {q(self.rng.choice(DECISIONS))}", f"  outcome: {outcome}"]
        lines += ["  votes:", f"    for: {yes}", f"    against: {no}", f"    abstain: {voters - yes - no}"]
        if outcome == "adopted":
            if self.rng.random() < 0.1:
                lines.append("  difficult_problem: true")
            due = date + dt.timedelta(days=self.rng.randint(14, 180))
            status = self.rng.choices(["pending", "in-progress", "done"], [20, 20, 60])[0]
            lines += [f"  owner: {q(self.rng.choice(OWNERS))}", f"  due: {due}", f"  status: {status}"]
            done = None
            if status == "done":
                done = self.day(after=date, before=min(self.end, due + dt.timedelta(days=30)))
                lines.append(f"  done: {done}")
            if status != "pending" and date <= self.end:
                lines += self.updates(date, done)
            if done is not None and self.follow.random() < 0.5:
                lines.append(f"  result: {q('已按决定落实，居民验收满意')}")
        return lines

    def updates(self, council: dt.date, done: dt.date | None) -> list[str]:
        """One to three dated updates of an adopted decision, in order, none after it was done."""
        days = sorted(self.follow_day(council, done) for _ in range(self.follow.randint(1, 3)))
        lines = ["  updates:"]
        for number, day in enumerate(days, start=1):
            progress = min(90, 30 * number)
            lines += [f"  - date: {day}", f"    text: {q('施工进展顺利')}", f"    progress: {progress}"]
        return lines

    def make_points(self) -> None:
        for i in range(self.counts["award"]):
            pid, joined, _withdrawn = self.rng.choice(self.partners)
            date = self.day(after=joined)
            points = self.rng.choice([5, 10, 20])
            self.earn(pid, date, points)
            self.files[f"points/awards/a{i:05d}.yaml"] = (
                f"partner: {pid}\ndate: {date}\npoints: {points}\nreason: {q('热心公益，表现突出')}\n"
            )
        # Redemptions in date order: each may spend what was earned by its date minus what
        # was spent before, so no balance ever drops below zero.
        later = START + dt.timedelta(days=self.span // 3)  # once partners have earned something
        dates = sorted(self.day(after=later) for _ in range(self.counts["redemption"]))
        totals = {pid: self._running_totals(pid) for pid in self.earnings}
        spent: dict[str, int] = defaultdict(int)
        made = 0
        for date in dates:
            for _ in range(20):  # look for a member who has points to spend on that date
                pid = self.member_on(date)
                days, sums = totals.get(pid, ([], []))
                index = bisect.bisect_right(days, date)
                available = (sums[index - 1] if index else 0) - spent[pid]
                if available >= 1:
                    break
            else:
                continue
            points = self.rng.randint(1, min(available, 50))
            spent[pid] += points
            self.files[f"points/redemptions/r{made:05d}.yaml"] = (
                f"partner: {pid}\ndate: {date}\npoints: {points}\nitem: {q(self.rng.choice(ITEMS))}\n"
            )
            made += 1

    def _running_totals(self, pid: str) -> tuple[list[dt.date], list[int]]:
        days, sums, running = [], [], 0
        for date, points in sorted(self.earnings[pid]):
            running += points
            days.append(date)
            sums.append(running)
        return days, sums

    def generate(self) -> dict[str, str]:
        """Make every file of the board: relative path -> text."""
        place = {**PLACE, **self.place}
        name = place["community"] + "公示栏" if "community" in self.place else DEFAULT_NAME
        self.files["site.yaml"] = (
            f"name: {q(name)}\ncommunity: {q(place['community'])}\n"
            f"street: {q(place['street'])}\nlanguage: zh-CN\nbase_url: {place['base_url']}\n"
            f"places: [{', '.join(PLACES)}]\n"
        )
        self.files["points/rules.yaml"] = "".join(f"{k}: {v}\n" for k, v in RULES.items())
        self.make_partners()
        self.make_projects()
        self.make_wishes()
        self.make_councils()
        self.make_points()
        return self.files


def write_board(files: dict[str, str], out: Path) -> None:
    """Write the files below ``out``."""
    for rel, text in sorted(files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and write the board."""
    parser = argparse.ArgumentParser(description="Generate a valid synthetic board for benchmarks.")
    parser.add_argument("count", type=int, help="number of records (about)")
    parser.add_argument("out", type=Path, help="folder to write the board into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--date", default="2024-12-31", help="build date the board is valid at")
    parser.add_argument("--force", action="store_true", help="replace an existing generated board")
    parser.add_argument("--community", help=f"community name (default: {PLACE['community']})")
    parser.add_argument("--street", help=f"street name (default: {PLACE['street']})")
    parser.add_argument("--base-url", help=f"the board's address (default: {PLACE['base_url']})")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        if not (args.force and (args.out / "site.yaml").is_file()):
            print(f"{args.out} is not empty; use --force to replace a generated board", file=sys.stderr)
            return 2
        shutil.rmtree(args.out)
    place = {key: value for key in PLACE if (value := getattr(args, key))}
    files = Generator(args.count, args.seed, dt.date.fromisoformat(args.date), place).generate()
    write_board(files, args.out)
    records = len(files) - 2
    print(f"wrote {records} records to {args.out}; check with: "
          f"python build.py check --content {args.out} --date {args.date}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
