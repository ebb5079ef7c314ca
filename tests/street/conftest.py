"""Street fixtures: three small boards built by the engine, STREET.yaml files, a loopback HTTP host.

The three boards (甲, 乙, 丙) are written so that the street's totals can be worked out by hand
(tests/street/test_totals.py says how). They are built once per session with the real pipeline,
so the street reads exactly what a published board holds. The HTTP host listens on 127.0.0.1
only, serves a folder and can be told to misbehave per path (a status, a delay, a redirect,
a body of its own).
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from noticeboard.street.build import StreetReport, build_street
from noticeboard.street.config import read_street
from noticeboard.street.fetch import Limits
from tests.conftest import BASE_FILES, build_site

DATE = dt.date(2022, 8, 27)
STREET = "东城街道"


def _site(name: str, community: str, slug: str, street: str = STREET) -> str:
    return (
        f"name: {name}\ncommunity: {community}\nstreet: {street}\ndistrict: 东城区\n"
        f"base_url: https://{slug}.example.org/\n"
    )


def _partner(name: str, joined: str = "2021-01-01") -> str:
    return f"name: {name}\nkind: enterprise\njoined: {joined}\n"


# 甲: 2 partners, 1 signed project; wishes open / claimed (4 days) / fulfilled (10 days);
# one council (20 people): one decision overdue, one done in 30 days (a difficult problem), one rejected.
BOARD_A = {
    "site.yaml": _site("甲社区公示栏", "甲社区", "jia"),
    "partners/alpha.yaml": _partner("阿尔法公司"),
    "partners/beta.yaml": _partner("贝塔商店", "2021-06-01"),
    "projects/p1.yaml": "title: 楼道清洁\ncategory: 环境改善\nraised: 2022-02-01\nstatus: signed\n"
    "partners: [alpha]\nsigned: 2022-03-01\n",
    "wishes/w1.yaml": "title: 配一副老花镜\nbeneficiary: 张奶奶\ncategory: 助老服务\nsubmitted: 2022-08-01\n"
    "status: open\n",
    "wishes/w2.yaml": "title: 修水龙头\nbeneficiary: 李爷爷\ncategory: 便民服务\nsubmitted: 2022-07-01\n"
    "status: claimed\nclaimed_by: alpha\nclaimed: 2022-07-05\n",
    "wishes/w3.yaml": "title: 理一次发\nbeneficiary: 王阿姨\ncategory: 助老服务\nsubmitted: 2022-06-01\n"
    "status: fulfilled\nclaimed_by: beta\nclaimed: 2022-06-11\nfulfilled: 2022-06-20\n",
    "councils/c1.yaml": "title: 1号院议事会\ndate: 2022-05-10\nlocation: 1号院\nparticipants: 20\n"
    "decisions:\n"
    "- text: 增设座椅\n  outcome: adopted\n  owner: 物业公司\n  due: 2022-07-01\n  status: pending\n"
    "- text: 修补路面\n  outcome: adopted\n  difficult_problem: true\n  due: 2022-09-01\n"
    "  status: done\n  done: 2022-06-09\n"
    "- text: 拆除车棚\n  outcome: rejected\n",
}
# 乙: 1 partner, no project; two open wishes, none claimed; one council (12 people) with two
# overdue decisions and none done.
BOARD_B = {
    "site.yaml": _site("乙社区公示栏", "乙社区", "yi"),
    "partners/alpha.yaml": None,
    "partners/gamma.yaml": _partner("伽马超市"),
    "wishes/w1.yaml": "title: 换一盏楼道灯\nbeneficiary: 刘大爷\ncategory: 设施建设\nsubmitted: 2022-08-20\n"
    "status: open\n",
    "wishes/w2.yaml": "title: 学用手机\nbeneficiary: 陈婆婆\ncategory: 教育培训\nsubmitted: 2022-05-01\n"
    "status: open\n",
    "councils/c1.yaml": "title: 2号院议事会\ndate: 2022-04-01\nlocation: 2号院\nparticipants: 12\n"
    "decisions:\n"
    "- text: 安装门禁\n  outcome: adopted\n  due: 2022-05-01\n  status: in-progress\n"
    "- text: 划定晾晒区\n  outcome: adopted\n  due: 2022-06-01\n  status: pending\n",
}
# 丙: 2 partners, 1 completed project; a wish fulfilled (claimed in 2 days) and one withdrawn;
# a council (30 people) whose difficult decision was done in 20 days, and one still to come.
BOARD_C = {
    "site.yaml": _site("丙社区公示栏", "丙社区", "bing"),
    "partners/alpha.yaml": None,
    "partners/delta.yaml": _partner("德尔塔医院"),
    "partners/epsilon.yaml": _partner("艾普西隆学校"),
    "projects/p1.yaml": "title: 健康义诊\ncategory: 医疗健康\nraised: 2022-01-10\nstatus: completed\n"
    "partners: [delta]\nsigned: 2022-02-01\ncompleted: 2022-04-01\n",
    "wishes/w1.yaml": "title: 买一台助行器\nbeneficiary: 赵叔叔\ncategory: 助老服务\nsubmitted: 2022-03-01\n"
    "status: fulfilled\nclaimed_by: delta\nclaimed: 2022-03-03\nfulfilled: 2022-03-10\n",
    "wishes/w2.yaml": "title: 陪老人复诊\nbeneficiary: 独居老人\ncategory: 医疗健康\nsubmitted: 2022-02-01\n"
    "status: withdrawn\n",
    "councils/c1.yaml": "title: 3号院议事会\ndate: 2022-01-15\nlocation: 3号院\nparticipants: 30\n"
    "decisions:\n"
    "- text: 疏通下水道\n  outcome: adopted\n  difficult_problem: true\n  due: 2022-03-01\n"
    "  status: done\n  done: 2022-02-04\n",
    "councils/c2.yaml": "title: 3号院秋季议事会\ndate: 2022-09-10\nlocation: 3号院\nparticipants: 10\n",
}
BOARDS = {"jia": ("甲社区", BOARD_A), "yi": ("乙社区", BOARD_B), "bing": ("丙社区", BOARD_C)}


def write_content(folder: Path, files: dict[str, str | None]) -> Path:
    """Write a board's content (BASE_FILES, changed by ``files``) into ``folder``."""
    for rel, text in {**BASE_FILES, **files}.items():
        if text is None:
            continue
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_boards(tmp_path_factory) -> Path:
    """The three boards built by the engine: ``<folder>/<id>/`` each holds a whole built site."""
    root = tmp_path_factory.mktemp("street-boards")
    for board_id, (_, files) in BOARDS.items():
        content = write_content(root / f"{board_id}-content", files)
        report = build_site(content, root / board_id, DATE)
        assert report.ok, report.checked.report() if report.checked else report
    return root


@pytest.fixture
def boards(built_boards, tmp_path) -> Path:
    """A copy of the three built boards this test may change or remove."""
    folder = tmp_path / "boards"
    for board_id in BOARDS:
        shutil.copytree(built_boards / board_id, folder / board_id)
    return folder


def street_yaml(folder: Path, sources: dict[str, str], name: str = STREET, extra: str = "") -> Path:
    """Write ``folder/street.yaml`` listing ``sources`` (community id -> source) in that order."""
    lines = [f"name: {name}", "district: 东城区", "base_url: https://dongcheng.example.org/street/"]
    lines += extra.splitlines()
    lines.append("communities:")
    for community_id, source in sources.items():
        label = BOARDS[community_id][0] if community_id in BOARDS else community_id
        lines += [f"  - id: {community_id}", f"    name: {label}", f"    source: {source}"]
    path = folder / "street.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_street(
    path: Path, out: Path, cache: Path, build_date: dt.date = DATE, limits: Limits | None = None
) -> StreetReport:
    """Read STREET.yaml (which must be valid) and build the street into ``out``."""
    read = read_street(path)
    assert read.street is not None, read.report()
    return build_street(read.street, out, build_date, cache, limits)


# --- a loopback HTTP host -----------------------------------------------------------------


@dataclass
class Misbehaviour:
    """What the host does instead of serving a path's file."""

    status: int | None = None
    delay: float = 0.0
    location: str | None = None
    body: bytes | None = None
    trickle: bool = False  # send the body a byte at a time, slowly
    length: bool = True  # say the body's length (without, the body ends when the connection closes)


@dataclass
class Host:
    """A folder served on 127.0.0.1; ``rules`` maps a URL path to a misbehaviour."""

    root: str
    rules: dict[str, Misbehaviour] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


class _Handler(SimpleHTTPRequestHandler):
    host: Host

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.host.requests.append(self.path)
        rule = self.host.rules.get(self.path)
        if rule is None:
            return super().do_GET()
        if rule.delay:
            time.sleep(rule.delay)
        if rule.location:
            self.send_response(rule.status or 302)
            self.send_header("Location", rule.location)
            self.end_headers()
            return None
        body = rule.body or b""
        self.send_response(rule.status or 200)
        if rule.length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if rule.trickle:
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.05)
        else:
            self.wfile.write(body)
        return None


class _Server(ThreadingHTTPServer):
    # A listen queue of 64, not 5: readers connecting at once never wait for a SYN retried after 1 s.
    request_queue_size = 64
    daemon_threads = True


@pytest.fixture
def http_host(boards) -> Iterator[Host]:
    """Serve the boards folder on a free port of 127.0.0.1; yield the host (root URL ends in /)."""
    host = Host(root="")
    handler = type("Handler", (_Handler,), {"host": host})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(boards)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host.root = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield host
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
