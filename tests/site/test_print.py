"""The print edition (公示栏打印版): what the printed board says, as HTML.

The PDF Chromium makes of it is measured in tests/site/test_print_pdf.py.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from noticeboard.cli import main
from noticeboard.content.check import check_content
from noticeboard.site.printing import css_string
from noticeboard.site.shortlinks import board_links
from tests.conftest import BUILD_DATE, REPO, make_board
from tests.pagetext import parse_html, read_page

DEMO = REPO / "content"
DATE = BUILD_DATE.isoformat()
ARTIFACTS = REPO / "test-artifacts" / "print"
HOME = "https://wanhua.example.org/"

COUNCIL = """\
title: 3号院议事会
date: 2022-08-02
location: 3号院
participants: 12
decisions:
- text: 修好3号院的路灯
  outcome: adopted
  owner: 物业公司
  due: 2022-08-10
  status: in-progress
- text: 在3号院种一棵树
  outcome: adopted
  owner: 社区居委会
  due: 2022-12-01
- text: 把院门漆成红色
  outcome: rejected
"""

WISH = """\
title: 想要一把轮椅
beneficiary: 5号楼的王爷爷
category: 助老服务
submitted: 2022-08-03
status: fulfilled
claimed_by: alpha
claimed: 2022-08-04
fulfilled: 2022-08-09
"""


def wish_yaml(
    title: str, submitted: str, claimed: str | None = None, fulfilled: str | None = None, status: str = ""
) -> str:
    """A wish's file: open, claimed or fulfilled by alpha, as its dates say (or ``status``)."""
    status = status or ("fulfilled" if fulfilled else "claimed" if claimed else "open")
    text = (
        f"title: {title}\nbeneficiary: 居民\ncategory: 助老服务\nsubmitted: {submitted}\nstatus: {status}\n"
    )
    if claimed:
        text += f"claimed_by: alpha\nclaimed: {claimed}\n"
    return text + (f"fulfilled: {fulfilled}\n" if fulfilled else "")


def site_folder(tmp_path: Path) -> Path:
    """A folder that holds a built board, as `print` expects (only its index.html matters)."""
    site = tmp_path / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<!DOCTYPE html><title>board</title>", encoding="utf-8")
    return site


def run_print(content: Path, site: Path, *options: str) -> int:
    return main(["print", "--content", str(content), "--out", str(site), "--date", DATE, *options])


def small_board(tmp_path: Path, base_url: str | None = None) -> Path:
    site_yaml = "name: 测试公示栏\ncommunity: 测试社区\ncontact: 社区服务中心\n"
    if base_url is not None:
        site_yaml += f"base_url: {base_url}\n"
    return make_board(
        tmp_path,
        {
            "site.yaml": site_yaml,
            "councils/2022-08-02-yard-3.yaml": COUNCIL,
            "wishes/2022-08-03-wheelchair.yaml": WISH,
        },
    )


# --- the printed page (HTML) -------------------------------------------------------------


def test_demo_month_page_shows_header_period_and_sections(tmp_path, capsys):
    site = site_folder(tmp_path)
    assert run_print(DEMO, site) == 0
    assert "print/2022-08.html" in capsys.readouterr().out
    page = read_page(site / "print" / "2022-08.html")
    header = page.find("header", cls="masthead")
    assert "万华社区共享联盟公示栏" in header.text
    assert "公示期 2022年8月1日—2022年8月27日" in header.text
    assert "打印日期： 2022年8月27日" in header.text
    assert "万华社区党群服务中心" in header.text
    assert "wanhua.example.org" in header.find("figure", cls="home-code").text
    headings = [h.text for h in page.find_all("h2")]
    wishes = ("本期实现的微心愿 （1 项）", "已认领、正在落实的微心愿 （3 项）", "等待认领的微心愿 （4 项）")
    assert all(heading in headings for heading in wishes)
    assert "本期院落议事会决定 （6 项）" in headings and "积分前十名 （10 项）" in headings
    fulfilled = page.section("wishes_fulfilled-heading")
    assert "想学太极拳" in fulfilled.text and "东城街道综合文化站" in fulfilled.text
    assert (site / "print" / "index.html").read_bytes() == (site / "print" / "2022-08.html").read_bytes()
    assert (site / "print" / "index.html").stat().st_mode & 0o777 == 0o644  # a web server can read it


def test_the_key_comes_first_and_every_status_word_stays_whole(tmp_path):
    site = site_folder(tmp_path)
    assert run_print(DEMO, site, "--period", "2022-05") == 0
    page = read_page(site / "print" / "2022-05.html")
    main = page.find("main")
    order = [node for node in main.iter() if node.tag in ("aside", "section")]
    assert order[1].tag == "aside" and "legend" in order[1].attrs["class"]  # after the figures
    key = order[1].text
    for word in ("✓ 通过", "✗ 未通过", "… 暂缓", "○ 待落实", "◐ 落实中", "● 已完成", "⚠ 已逾期"):
        assert word in key
    statuses = [span.text for span in page.find_all("span", cls="status")]
    assert "○ 待落实" in statuses and "✗ 未通过" in statuses
    css = (REPO / "templates" / "print" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"\.status, \.overdue, \.when \{ white-space: nowrap; \}", css)


def test_every_item_and_the_header_carry_a_qr_code_of_a_short_address(tmp_path):
    site = site_folder(tmp_path)
    assert run_print(DEMO, site, "--period", "2022-05") == 0
    page = read_page(site / "print" / "2022-05.html")
    assert page.find("figure", cls="home-code").find("svg") is not None
    links = board_links(check_content(DEMO, BUILD_DATE).board)
    short = {HOME + links.path(*key) for key in links.codes}
    cards = page.find_all("li", cls="card")
    # wishes, claimed, councils, follow-ups, projects, …, and the project completed in May (issue 17)
    assert len(cards) == 8 + 1 + 4 + 11 + 4 + 1 + 1 + 1
    for card in cards:
        (svg,) = card.find_all("svg")
        url = svg.find("title").text.removeprefix("二维码：")
        assert url in short or url == HOME + "points/", card.text
        assert svg.attrs["width"] == svg.attrs["height"] and re.fullmatch(r"\d+em", svg.attrs["width"])


def test_no_section_prints_empty(tmp_path):
    content = small_board(tmp_path, base_url="https://board.example.org/")
    site = site_folder(tmp_path)
    assert run_print(content, site) == 0
    page = read_page(site / "print" / "2022-08.html")
    headings = [h.attrs["id"] for h in page.find_all("h2")]
    assert headings == [
        "stats-heading",
        "wishes_fulfilled-heading",
        "decisions-heading",
        "followups-heading",
        "top_points-heading",
    ]
    for heading in page.find_all("h2")[1:]:
        assert re.search(r"（[1-9]\d* 项）", heading.text), heading.text
        assert page.section(heading.attrs["id"]).find_all("li", cls="card")
    assert "本期无" not in page.text and "（0 项）" not in page.text


def test_wishes_being_worked_on_and_waiting_are_those_of_the_periods_last_day(tmp_path):
    wishes = {
        # claimed in July, fulfilled in August: being worked on at the end of July
        "wishes/2022-07-01-ramp.yaml": wish_yaml("修一条坡道", "2022-07-01", "2022-07-20", "2022-08-09"),
        # claimed long ago and still open
        "wishes/2022-03-01-books.yaml": wish_yaml("想要几本大字书", "2022-03-01", "2022-03-02"),
        # raised in June, claimed in August: waiting at the end of July
        "wishes/2022-06-10-lamp.yaml": wish_yaml("想要一盏台灯", "2022-06-10", "2022-08-05"),
        # withdrawn: never listed
        "wishes/2022-06-11-gone.yaml": wish_yaml("撤回的心愿", "2022-06-11", status="withdrawn"),
    }
    content = make_board(tmp_path, {"site.yaml": "name: 测试\ncommunity: 测试\n", **wishes})
    site = site_folder(tmp_path)
    assert run_print(content, site, "--period", "2022-07") == 0
    july = read_page(site / "print" / "2022-07.html")
    claimed = july.section("wishes_claimed-heading").text
    assert "修一条坡道" in claimed and "想要几本大字书" in claimed and "认领：阿尔法公司，7月20日" in claimed
    assert "想要一盏台灯" in july.section("wishes_waiting-heading").text
    assert "撤回的心愿" not in july.text and not july.find_all(id="wishes_fulfilled-heading")
    assert run_print(content, site, "--period", "2022-08") == 0
    august = read_page(site / "print" / "2022-08.html")
    assert "修一条坡道" in august.section("wishes_fulfilled-heading").text
    assert "想要一盏台灯" in august.section("wishes_claimed-heading").text
    assert "想要几本大字书" in august.section("wishes_claimed-heading").text
    assert not august.find_all(id="wishes_waiting-heading")


@pytest.mark.parametrize("length", [1, 40, 120, 400])
def test_qr_svg_draws_the_matrix_as_segno_would(length):
    import segno

    from noticeboard.site.memory import BuildStore
    from noticeboard.site.qr import ERROR_LEVEL, QUIET_ZONE, qr_matrix, qr_svg

    url = "https://board.example/wishes/" + "a-1/"[: length % 4] + "x" * length
    label = '扫码 <b>"&'
    code = segno.make(url, error=ERROR_LEVEL, micro=False)
    matrix = qr_matrix(url)
    # Draw zxing-cpp's modules with segno's own SVG writer: ours must come out byte for byte.
    code.matrix = tuple(bytearray(row) for row in matrix)
    expected = code.svg_inline(
        scale=1, border=QUIET_ZONE, omitsize=True, svgclass="qr", lineclass=None, dark="#000", title=label
    )
    size = len(matrix) + 2 * QUIET_ZONE
    assert QUIET_ZONE == 4
    assert str(qr_svg(url, label, BuildStore())) == expected.replace(
        "<svg ", '<svg role="img" focusable="false" ', 1
    ).replace(' class="qr">', f' width="{size}em" height="{size}em" class="qr">', 1)


@pytest.mark.parametrize("url", ["https://board.example/q/avswy/", "https://b.example/w/" + "长" * 60 + "/"])
def test_qr_matrix_reads_back_as_its_text(url):
    from PIL import Image
    from pyzbar.pyzbar import decode

    from noticeboard.site.qr import QUIET_ZONE, qr_matrix

    matrix = qr_matrix(url)
    assert len(matrix) >= 21 and all(len(row) == len(matrix) for row in matrix)
    side = len(matrix) + 2 * QUIET_ZONE
    image = Image.new("L", (side, side), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.putpixel((x + QUIET_ZONE, y + QUIET_ZONE), 0)
    (found,) = decode(image.resize((side * 8, side * 8), Image.NEAREST))
    assert found.data.decode("utf-8") == url


def test_no_qr_codes_and_the_reason_when_base_url_is_not_absolute(tmp_path):
    content = small_board(tmp_path, base_url="/")
    site = site_folder(tmp_path)
    assert run_print(content, site) == 0
    html = (site / "print" / "2022-08.html").read_text(encoding="utf-8")
    assert "<svg" not in html
    page = parse_html(html)
    assert "未设置网址 base_url，无法生成二维码" in page.find("main").find("p", cls="no-codes").text


def test_overdue_decision_is_marked_in_words_and_symbol(tmp_path):
    content = small_board(tmp_path, base_url="https://board.example.org/sub/")
    site = site_folder(tmp_path)
    assert run_print(content, site) == 0
    page = read_page(site / "print" / "2022-08.html")
    followups = page.section("followups-heading").find_all("li")
    cards = {card.find("p", cls="title").text: card for card in followups}
    late, on_time = cards["修好3号院的路灯"], cards["在3号院种一棵树"]
    assert "⚠ 已逾期" in late.text and "◐ 落实中" in late.text and "期限：8月10日" in late.text
    assert "已逾期" not in on_time.text and "○ 待落实" in on_time.text
    council = page.section("decisions-heading")
    assert "✗ 未通过" in council.text and "赞成" not in council.text  # no votes recorded
    fulfilled = page.section("wishes_fulfilled-heading").text
    assert "想要一把轮椅" in fulfilled and "阿尔法公司" in fulfilled
    codes = [svg.find("title").text for svg in page.find_all("svg")]
    links = board_links(check_content(content, BUILD_DATE).board)
    assert f"二维码：https://board.example.org/sub/{links.path('wish', '2022-08-03-wheelchair')}" in codes
    assert "二维码：https://board.example.org/sub/" in codes  # the board's home, in the header
    assert "二维码：https://board.example.org/sub/points/" in codes  # beside the ranking


def test_english_board_prints_in_english(tmp_path):
    content = make_board(tmp_path, {"site.yaml": "name: Test board\ncommunity: Test\nlanguage: en\n"})
    site = site_folder(tmp_path)
    assert run_print(content, site, "--paper", "A4") == 0
    html = (site / "print" / "2022-08.html").read_text(encoding="utf-8")
    page = parse_html(html)
    assert "Period covered 1 August 2022 – 27 August 2022" in page.find("header").text
    assert '"Page " counter(page) " of " counter(pages)' in html
    assert "size: A4 portrait" in html and 'class="paper-a4"' in html
    assert "font-size: 12pt" in html  # the page numbers and running head on A4


def test_range_period_is_named_by_its_dates_and_index_keeps_the_latest(tmp_path, capsys):
    site = site_folder(tmp_path)
    assert run_print(DEMO, site, "--from", "2022-06-01", "--to", "2022-08-27") == 0
    assert run_print(DEMO, site, "--period", "2022-03") == 0
    folder = site / "print"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2022-03.html",
        "2022-06-01_2022-08-27.html",
        "index.html",
    ]
    assert (folder / "index.html").read_bytes() == (folder / "2022-06-01_2022-08-27.html").read_bytes()
    assert "公示期 2022年6月1日—2022年8月27日" in read_page(folder / "index.html").find("header").text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--period", "2022-13"], "--period must be a month written YYYY-MM"),
        (["--from", "2022-06-01"], "--from and --to go together"),
        (["--period", "2022-08", "--from", "2022-08-01", "--to", "2022-08-02"], "either --period or"),
        (["--from", "2022-08-05", "--to", "2022-08-01"], "is before --from"),
        (["--period", "2022-09"], "after the build date"),
    ],
)
def test_bad_period_is_a_usage_error(tmp_path, capsys, options, message):
    site = site_folder(tmp_path)
    assert run_print(DEMO, site, *options) == 2
    assert message in capsys.readouterr().err
    assert not (site / "print").exists()


def test_invalid_content_prints_nothing_and_exits_like_check(tmp_path, capsys):
    content = make_board(tmp_path, {"wishes/bad.yaml": "title: 缺字段\n"})
    site = site_folder(tmp_path)
    assert run_print(content, site) == 1
    assert "wishes/bad.yaml" in capsys.readouterr().out
    assert not (site / "print").exists()


def test_print_needs_a_built_site(tmp_path, capsys):
    assert run_print(DEMO, tmp_path / "nothing-here") == 2
    assert "build it first" in capsys.readouterr().err


def test_pdf_without_chromium_names_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NOTICEBOARD_CHROMIUM", str(tmp_path / "no-such-browser"))
    site = site_folder(tmp_path)
    assert run_print(DEMO, site, "--pdf") == 2
    err = capsys.readouterr().err
    assert "apt-get install -y chromium fonts-noto-cjk" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (site / "print").exists()


def test_pdf_without_playwright_names_what_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NOTICEBOARD_CHROMIUM", shutil.which("true") or "/bin/true")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import now fails
    assert run_print(DEMO, site_folder(tmp_path), "--pdf") == 2
    err = capsys.readouterr().err
    assert "pip install playwright" in err and "Traceback" not in err


def test_same_content_and_date_give_the_same_bytes(tmp_path):
    first, second = site_folder(tmp_path / "a"), site_folder(tmp_path / "b")
    assert run_print(DEMO, first) == 0 and run_print(DEMO, second) == 0
    assert (first / "print/2022-08.html").read_bytes() == (second / "print/2022-08.html").read_bytes()


def test_board_name_cannot_break_out_of_the_css_page_header():
    quoted = css_string('公示栏"</style><script>x</script>\\')
    assert "<" not in quoted and '"' not in quoted[1:-1] and "\\" not in quoted.replace("\\0000", "")
    assert quoted.startswith('"公示栏\\000022')


def test_content_is_escaped_everywhere_on_the_printed_page(tmp_path):
    payload = '"</style><script>alert(1)</script><img src=x onerror=alert(2)>'
    wish = WISH.replace("title: 想要一把轮椅", "title: '" + payload.replace("'", "''") + "'")
    content = make_board(
        tmp_path,
        {
            "site.yaml": f"name: '公示栏{payload}'\ncommunity: 测试社区\nbase_url: https://b.example.org/\n",
            "wishes/2022-08-03-wheelchair.yaml": wish,
        },
    )
    site = site_folder(tmp_path)
    assert run_print(content, site) == 0
    html = (site / "print" / "2022-08.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and html.count("</style>") == 1
    assert payload in read_page(site / "print" / "2022-08.html").find("h1").text


def test_the_normal_build_links_to_the_print_edition(tmp_path):
    out = tmp_path / "site"
    assert main(["build", "--content", str(DEMO), "--out", str(out), "--date", DATE]) == 0
    assert (out / "print" / "index.html").is_file() and (out / "print" / "2022-08.html").is_file()
    footer = read_page(out / "wishes" / "index.html").find("footer")
    assert any(a.attrs.get("href") == "../print/index.html" for a in footer.find_all("a"))


def test_print_writes_the_short_addresses_a_site_built_without_them_lacks(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["build", "--content", str(DEMO), "--out", str(out), "--date", DATE, "--base-url", "/"]) == 0
    assert not (out / "q").exists()  # no absolute address, no codes, no short addresses
    assert run_print(DEMO, out, "--base-url", "https://elsewhere.example.org/") == 0
    assert "210 short-address pages" in capsys.readouterr().out
    links = board_links(check_content(DEMO, BUILD_DATE).board)
    page = read_page(out / links.path("wish", "2022-05-16-haircut") / "index.html")
    assert (
        page.find("link", rel="canonical").attrs["href"].startswith("https://elsewhere.example.org/wishes/")
    )
    before = (out / links.path("wish", "2022-05-16-haircut") / "index.html").stat().st_mtime_ns
    assert run_print(DEMO, out, "--period", "2022-05") == 0  # site.yaml's address: pages kept as they are
    assert "short-address" not in capsys.readouterr().out
    assert (out / links.path("wish", "2022-05-16-haircut") / "index.html").stat().st_mtime_ns == before
