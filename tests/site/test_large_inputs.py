"""Large and strange inputs: many records, huge and deep values, hostile Markdown, every script.

No crash, no stall and no broken layout: thousands of records in one folder build; a body built
to make the Markdown parser quadratic or recurse too deep builds quickly, as text; long
unbroken Chinese titles and URL-like words wrap on a 375 px phone; emoji, right-to-left text
and zero-width characters show exactly as written; ids with invisible characters are refused.
The phone layout check of the same board is in tests/browser/test_large_inputs_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest

from tests.conftest import build_site, check, codes, make_board
from tests.pagetext import parse_html

DATE = dt.date(2022, 8, 27)

LONG_CHINESE = "社区老年人日间照料中心助餐点适老化改造暨智慧养老服务平台建设" * 8  # 240 characters, no break
LONG_WORD = "https://wanhua.example.org/" + "very-long-unbroken-path-segment" * 12
EMOJI = "👨‍👩‍👧‍👦🏳️‍🌈👍🏽🇨🇳"  # family (ZWJ), rainbow flag, skin tone, regional indicators
RTL = "مرحبا بالجيران שלום שכנים"
ZERO_WIDTH = "理\u200b发\u200c服\u200d务\u2060上门"
STRANGE_TITLES = {
    "long-chinese": LONG_CHINESE,
    "long-word": LONG_WORD,
    "emoji": f"{EMOJI} 给老人送{EMOJI}",
    "rtl": f"{RTL} 邻里互助",
    "zero-width": ZERO_WIDTH,
    "emoji-run": EMOJI * 40,
}


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _wish(title: str, day: int, status: str = "fulfilled", body: str = "") -> str:
    claimed = f"claimed_by: alpha\nclaimed: 2022-08-{day + 1:02d}\nfulfilled: 2022-08-{day + 2:02d}\n"
    return (
        f"---\ntitle: {_q(title)}\nbeneficiary: {_q(title)}\ncategory: {_q(title)}\n"
        f"submitted: 2022-08-{day:02d}\nstatus: {status}\n{claimed if status == 'fulfilled' else ''}---\n"
        f"{body or title}\n"
    )


def strange_site(folder: Path) -> Path:
    """Build a board whose wishes, partner and council carry every strange title; return the site."""
    files: dict[str, str | bytes | None] = {
        f"wishes/{name}.md": _wish(title, 1 + 2 * n, "fulfilled" if n % 2 else "open")
        for n, (name, title) in enumerate(sorted(STRANGE_TITLES.items()))
    }
    files["partners/alpha.yaml"] = (
        f"name: {_q(LONG_CHINESE)}\nkind: enterprise\njoined: 2021-01-01\n"
        f"services:\n- title: {_q(LONG_WORD)}\n  category: {_q(LONG_CHINESE)}\n"
        f"description: {_q(RTL + EMOJI)}\n"
    )
    files["councils/2022-08-10-long.yaml"] = (
        f"title: {_q(LONG_CHINESE)}\ndate: 2022-08-10\nlocation: {_q(LONG_WORD)}\nparticipants: 9\n"
        f"decisions:\n- text: {_q(LONG_CHINESE + LONG_WORD)}\n  outcome: adopted\n  owner: {_q(LONG_WORD)}\n"
        "  due: 2022-08-20\n"
    )
    report = build_site(make_board(folder, files), folder / "site", DATE)
    assert report.ok, report.checked.report()
    return folder / "site"


@pytest.fixture(scope="module")
def strange(tmp_path_factory) -> Path:
    return strange_site(tmp_path_factory.mktemp("strange"))


def test_strange_text_shows_exactly_as_written(strange):
    for name, title in STRANGE_TITLES.items():
        page = parse_html((strange / "wishes" / name / "index.html").read_text(encoding="utf-8"))
        assert page.find("h1").text == title, name


PHONE_PAGES = [
    "index.html",
    "wishes/index.html",
    "wishes/long-chinese/index.html",
    "wishes/long-word/index.html",
    "wishes/emoji-run/index.html",
    "partners/index.html",
    "partners/alpha/index.html",
    "projects/index.html",
    "councils/index.html",
    "councils/2022-08-10-long/index.html",
    "decisions/index.html",
    "points/index.html",
    "print/index.html",
]


def test_thousands_of_records_in_one_folder(tmp_path):
    count = 3000
    files: dict[str, str | bytes | None] = {
        f"wishes/w{n:05d}.yaml": (
            f"title: 第{n}个微心愿\nbeneficiary: 居民\ncategory: 便民服务\n"
            f"submitted: 2022-0{1 + n % 7}-{1 + n % 28:02d}\nstatus: open\n"
        )
        for n in range(count)
    }
    started = time.perf_counter()
    report = build_site(make_board(tmp_path, files), tmp_path / "site", DATE)
    assert report.ok, report.checked.report()
    assert time.perf_counter() - started < 120
    exported = json.loads((tmp_path / "site" / "data" / "wishes.json").read_bytes())
    records = exported["wishes"] if isinstance(exported, dict) else exported
    assert len(records) == count
    assert len(list((tmp_path / "site" / "wishes").glob("w*/index.html"))) == count
    last = parse_html((tmp_path / "site" / "wishes" / "w02999" / "index.html").read_text(encoding="utf-8"))
    assert last.find("h1").text == "第2999个微心愿"


HOSTILE_BODIES = {
    "open-brackets": "[" * 20_000 + "x",
    "many-links": "[a](b) " * 40_000,
    "deep-list": "".join("    " * i + "- a\n" for i in range(300)),
    "deep-quote": "> " * 5_000 + "x",
    "long-paragraph": "长" * 300_000,  # 900 kB: under the 1 MiB file limit
    "many-emphasis": "*a* _b_ " * 20_000,
}


def test_markdown_built_to_stall_the_parser_builds_quickly_as_text(tmp_path):
    files: dict[str, str | bytes | None] = {
        f"wishes/{name}.md": _wish(name, 1, "open", body) for name, body in HOSTILE_BODIES.items()
    }
    started = time.process_time()
    report = build_site(make_board(tmp_path, files), tmp_path / "site", DATE)
    assert report.ok, report.checked.report()
    assert time.process_time() - started < 20, "a hostile body stalled the build"
    page = parse_html((tmp_path / "site" / "wishes" / "deep-list" / "index.html").read_text(encoding="utf-8"))
    assert "- a" in page.find("div", "prose").text  # shown as text, not as 300 nested lists


def test_a_huge_council_builds(tmp_path):
    decisions = "".join(
        f"- text: 第{n}项决议：{LONG_CHINESE[:30]}\n  outcome: adopted\n  owner: 物业\n  due: 2022-09-30\n"
        for n in range(500)
    )
    files = {
        "councils/2022-08-10-big.yaml": (
            "title: 大型议事会\ndate: 2022-08-10\nlocation: 社区礼堂\nparticipants: 300\n"
            f"decisions:\n{decisions}"
        )
    }
    report = build_site(make_board(tmp_path, files), tmp_path / "site", DATE)
    assert report.ok, report.checked.report()
    page = parse_html((tmp_path / "site" / "councils" / "2022-08-10-big" / "index.html").read_text("utf-8"))
    assert "第499项决议" in page.text


INVISIBLE = {
    "zero-width-space": "\u200b",
    "zero-width-joiner": "\u200d",
    "word-joiner": "\u2060",
    "byte-order-mark": "\ufeff",
    "no-break-space": "\u00a0",
    "right-to-left-override": "\u202e",
    "soft-hyphen": "\u00ad",
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_ids_with_invisible_characters_are_refused(tmp_path, name):
    char = INVISIBLE[name]
    checked = check(
        make_board(tmp_path, {f"wishes/hair{char}cut.yaml": _wish("理发", 1, "open").split("---\n")[1]})
    )
    assert "invalid-id" in codes(checked)
    message = checked.report("text")
    assert "hair" in message and "cut" in message


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_references_with_invisible_characters_are_refused(tmp_path, name):
    char = INVISIBLE[name]
    wish = (
        _wish("理发", 1)
        .split("---\n")[1]
        .replace("claimed_by: alpha", f"claimed_by: {_q('al' + char + 'pha')}")
    )
    checked = check(make_board(tmp_path, {"wishes/haircut.yaml": wish}))
    assert not checked.ok
    assert "dangling-ref" in codes(checked) or "invalid-value" in codes(checked), codes(checked)


DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_direction_controls_in_text_cannot_reverse_what_follows(tmp_path):
    """A right-to-left override in a title would flip the status and date printed after it."""
    title = "修水管\u202e已实现"
    partner = _q("阿尔法公司\u2067")  # an unclosed right-to-left isolate
    files = {
        "wishes/tap.yaml": _wish(title, 1, "open").split("---\n")[1],
        "partners/alpha.yaml": f"name: {partner}\nkind: enterprise\njoined: 2021-01-01\n",
    }
    report = build_site(make_board(tmp_path, files), tmp_path / "site", DATE)
    assert report.ok, report.checked.report()
    page = parse_html((tmp_path / "site" / "wishes" / "tap" / "index.html").read_text(encoding="utf-8"))
    assert page.find("h1").text == "\u2068" + title + "\u2069"  # shown as written, inside an isolate
    for html in (p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")):
        outside_isolates = re.sub("\u2068[^\u2068\u2069]*\u2069", "", html)
        assert not set(outside_isolates) & set(DIRECTION_CONTROLS)
