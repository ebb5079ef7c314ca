"""The form editor (issue 18) in Chromium: the vendored Decap CMS, the generated configuration,
and ``decap-server`` (the editor's local back-end, from npm) writing into a throw-away git
repository holding the demo board — as a volunteer would use it, at a phone's width.

Each save goes through the editorial workflow (a ``cms/<collection>/<id>`` branch, which on
GitHub is a pull request); the file on that branch must have exactly the expected YAML and pass
``python build.py check``. The page runs under its own Content-Security-Policy, which reports no
violation; the privacy patterns refuse a mobile, ID and flat number in the browser's own
regular-expression engine.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import REPO, served
from tests.conftest import build_site
from tests.site.test_editor import PRIVATE, PUBLIC

DECAP_SERVER = REPO / "node_modules" / ".bin" / "decap-server"
LOCAL_SERVER = "http://127.0.0.1:8081"  # noticeboard.site.editor.backend.LOCAL_SERVER
BUILD_DATE = "2022-08-27"


@dataclass
class Editor:
    repo: Path  # the git repository decap-server writes into
    admin: str  # the admin page's address


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_decap_server(repo: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port)}
    environment.update(BIND_HOST="127.0.0.1", LOG_LEVEL="warn")
    process = subprocess.Popen([str(DECAP_SERVER)], env=environment, stdout=subprocess.DEVNULL)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1",
        data=b'{"action": "info"}',
        headers={"Content-Type": "application/json"},
    )
    for _ in range(150):
        try:
            with urllib.request.urlopen(request, timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise AssertionError("decap-server did not start")


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    if not DECAP_SERVER.exists():
        if os.environ.get("CI"):
            pytest.fail("decap-server missing: run npm ci")
        pytest.skip("decap-server missing: run npm ci")
    folder = tmp_path_factory.mktemp("editor")
    repo = folder / "repo"
    shutil.copytree(REPO / "content", repo / "content")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "demo board")
    site = folder / "site"
    assert build_site(repo / "content", site).ok
    port = free_port()  # the built page names decap-server's usual port; the test takes a free one
    for name in ("index.html", "config.yml"):
        path = site / "admin" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace(LOCAL_SERVER, f"http://127.0.0.1:{port}"), "utf-8"
        )
    process = start_decap_server(repo, port)
    try:
        with served(site) as root:
            yield Editor(repo, root + "admin/")
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def volunteer(open_tab, editor: Editor):
    """The editor at 375 px, logged in to the local back-end; CSP violations collected."""
    page, watch = open_tab(width=375)
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(editor.admin)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/#/collections/**")
    yield page, watch, violations
    assert violations == []


def set_text(locator, text: str) -> None:
    locator.click()
    locator.press("Control+a")
    locator.press("Delete")
    locator.type(text)


def choose(page, label: str, typed: str, option: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(typed)
    page.get_by_text(option, exact=True).last.click()


def errors(page) -> list[str]:
    return page.locator("[class*='ControlErrorsList'] li").all_inner_texts()


def save(page, collection: str) -> str:
    page.get_by_role("button", name="保存").first.click()
    try:
        page.wait_for_url(f"**/#/collections/{collection}/entries/**", timeout=30_000)
    except Exception as error:
        raise AssertionError(f"not saved: {errors(page)}") from error
    page.wait_for_timeout(1500)
    return page.url.rsplit("/", 1)[-1]


def saved_file(editor: Editor, entry: str, rel: str, tmp_path: Path) -> str:
    """The file on the entry's branch (its pull request), checked with the whole board."""
    branch = f"cms/{entry}"
    assert branch in git(editor.repo, "branch", "--format=%(refname:short)").split()
    assert git(editor.repo, "rev-parse", "main") != git(editor.repo, "rev-parse", branch)
    text = git(editor.repo, "show", f"{branch}:{rel}")
    checkout = tmp_path / "checkout"
    shutil.copytree(editor.repo / "content", checkout / "content")
    (checkout / rel).parent.mkdir(parents=True, exist_ok=True)
    (checkout / rel).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--date", BUILD_DATE],
        cwd=checkout,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return text


def test_patterns_refuse_private_data_in_the_browsers_regex_engine(volunteer) -> None:
    page, _, _ = volunteer
    config = yaml.safe_load(urllib.request.urlopen(page.url.split("#")[0] + "config.yml").read())
    wishes = next(c for c in config["collections"] if c["name"] == "wishes")
    pattern = next(f for f in wishes["fields"] if f["name"] == "title")["pattern"][0]
    verdicts = page.evaluate(
        "([pattern, texts]) => texts.map(t => new RegExp(pattern).test(t))", [pattern, [*PRIVATE, *PUBLIC]]
    )
    assert verdicts == [False] * len(PRIVATE) + [True] * len(PUBLIC)


def test_a_volunteer_adds_a_wish_and_a_phone_number_is_refused(
    volunteer, editor: Editor, tmp_path: Path
) -> None:
    page, _, _ = volunteer
    page.goto(editor.admin + "#/collections/wishes/new")
    title = page.get_by_label("心愿", exact=True)
    set_text(title, "请打 13812345678 帮忙换灯泡")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("有事请打 138-1234-5678")
    page.get_by_role("button", name="保存").first.click()
    page.wait_for_timeout(800)
    shown = errors(page)
    assert any("手机号" in e for e in shown), shown
    assert len([e for e in shown if "手机号" in e]) == 2, shown  # the title and the story
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    set_text(title, "想要一台收音机")
    set_text(page.get_by_label("心愿人", exact=True), "5号楼的李爷爷")
    set_text(page.get_by_label("类别", exact=True), "文体活动")
    page.get_by_label("提出日期", exact=True).fill("2022-08-20")
    choose(page, "状态", "已认领", "已认领")
    choose(page, "认领人 (可选)", "安信", "安信智能安防科技有限公司")
    page.get_by_label("认领日期 (可选)").fill("2022-08-21")
    story = page.locator("[contenteditable=true]").first
    story.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("李爷爷的收音机坏了，很想听戏。")
    slug = save(page, "wishes")
    assert slug == "2022-08-20"
    text = saved_file(editor, f"wishes/{slug}", f"content/wishes/{slug}.yaml", tmp_path)
    assert text == (
        "title: 想要一台收音机\n"
        "beneficiary: 5号楼的李爷爷\n"
        "category: 文体活动\n"
        "submitted: 2022-08-20\n"
        "status: claimed\n"
        "claimed_by: anxin-security\n"
        "claimed: 2022-08-21\n"
        "photos: []\n"  # an optional list left empty: the editor writes [] (check accepts it)
        "story: 李爷爷的收音机坏了，很想听戏。\n"
    )


def test_a_volunteer_claims_a_wish_for_a_partner_then_marks_it_fulfilled(
    volunteer, editor: Editor, tmp_path: Path
) -> None:
    page, _, _ = volunteer
    slug = "2022-08-20-chinese-chess-lessons"
    page.goto(editor.admin + f"#/collections/wishes/entries/{slug}")
    page.get_by_label("心愿", exact=True).wait_for()
    choose(page, "状态", "已认领", "已认领")
    choose(page, "认领人 (可选)", "博雅", "博雅教育科技有限公司")
    page.get_by_label("认领日期 (可选)").fill("2022-08-21")
    assert save(page, "wishes") == slug
    rel = f"content/wishes/{slug}.yaml"
    first = saved_file(editor, f"wishes/{slug}", rel, tmp_path / "claimed")
    choose(page, "状态", "已实现", "已实现")
    page.get_by_label("实现日期 (可选)").fill("2022-08-25")
    story = page.locator("[contenteditable=true]").first
    story.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type("博雅的老师每周六教他下棋。")
    assert save(page, "wishes") == slug
    second = saved_file(editor, f"wishes/{slug}", rel, tmp_path / "fulfilled")
    original = (REPO / rel).read_text(encoding="utf-8")
    claimed = "status: claimed\nclaimed_by: boya-education\nclaimed: 2022-08-21\n"
    assert first == original.replace("status: open\n", claimed)  # one change, the rest of the file kept
    fulfilled = "status: fulfilled\nclaimed_by: boya-education\nclaimed: 2022-08-21\nfulfilled: 2022-08-25\n"
    head, _, story = second.partition("story: |-\n")
    assert head == original.replace("status: open\n", fulfilled).split("story: ")[0]
    # the Enter key makes a line break or a new paragraph, as the editor's timing has it
    assert [line.strip() for line in story.splitlines() if line.strip()] == [
        "小航今年九岁，特别想学下象棋。希望有会下棋的邻居或合伙人能教教他。",
        "博雅的老师每周六教他下棋。",
    ]


def test_a_volunteer_adds_a_council_with_two_decisions_and_votes(
    volunteer, editor: Editor, tmp_path: Path
) -> None:
    page, _, _ = volunteer
    page.goto(editor.admin + "#/collections/councils/new")
    set_text(page.get_by_label("名称", exact=True), "3号院加装扶手议事会")
    page.get_by_label("日期", exact=True).fill("2022-08-26")
    set_text(page.get_by_label("地点", exact=True), "3号院")
    set_text(page.get_by_label("参加人数", exact=True), "9")
    for number, (text, outcome, votes) in enumerate(
        (
            ("在3号院楼道加装扶手", "通过", ("7", "1", "1")),
            ("扶手费用由维修基金支付", "否决", ("3", "5", "1")),
        )
    ):
        page.get_by_role("button", name="新增决定").click()
        set_text(page.get_by_label("内容", exact=True).nth(number), text)
        box = page.get_by_label("结果", exact=True).nth(number)
        box.click()
        box.fill(outcome)
        page.get_by_text(outcome, exact=True).last.click()
        for label, value in zip(("赞成 (可选)", "反对 (可选)", "弃权 (可选)"), votes, strict=True):
            set_text(page.get_by_label(label, exact=True).nth(number), value)
    slug = save(page, "councils")
    text = saved_file(editor, f"councils/2022/{slug}", f"content/councils/2022/{slug}.yaml", tmp_path)
    decisions = [
        ("在3号院楼道加装扶手", "adopted", (7, 1, 1)),
        ("扶手费用由维修基金支付", "rejected", (3, 5, 1)),
    ]
    assert (
        text
        == "title: 3号院加装扶手议事会\ndate: 2022-08-26\nlocation: 3号院\nparticipants: 9\ndecisions:\n"
        + "".join(
            f"  - difficult_problem: false\n    updates: []\n    photos: []\n"
            f"    text: {words}\n    outcome: {outcome}\n"
            f"    votes:\n      for: {yes}\n      against: {no}\n      abstain: {abstain}\n"
            for words, outcome, (yes, no, abstain) in decisions
        )
        + "photos: []\n"  # optional lists left empty are written as [] (check accepts them)
    )


def test_a_volunteer_withdraws_a_partner(volunteer, editor: Editor, tmp_path: Path) -> None:
    page, _, _ = volunteer
    page.goto(editor.admin + "#/collections/partners/entries/chen-limin")
    page.get_by_label("名称", exact=True).first.wait_for()
    choose(page, "状态 (可选)", "已退出", "已退出")
    page.get_by_label("退出日期 (可选)").fill("2022-08-26")
    assert save(page, "partners") == "chen-limin"
    rel = "content/partners/chen-limin.yaml"
    text = saved_file(editor, "partners/chen-limin", rel, tmp_path)
    original = (REPO / rel).read_text(encoding="utf-8")
    assert text == (
        original.replace("status: active\n", "status: withdrawn\nwithdrawn: 2022-08-26\n")
        .replace("\n- ", "\n  - ")  # Decap indents list items
        .replace("\n  category", "\n    category")
    )


def test_axe_finds_no_serious_violation_in_the_forms(volunteer, editor: Editor) -> None:
    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.skip("axe-core missing: run npm ci")
    page, _, _ = volunteer
    found: dict[str, list[str]] = {}
    for form in ("wishes", "councils", "partners"):
        page.goto(editor.admin + f"#/collections/{form}/new")
        page.get_by_role("button", name="保存").first.wait_for()
        page.wait_for_timeout(500)
        page.evaluate(
            axe.read_text(encoding="utf-8")
        )  # evaluated, not a <script>: the page's CSP stays whole
        result = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' '))}`)"""
        )
        if result:
            found[form] = result
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
