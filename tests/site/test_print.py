"""The print edition (公示栏打印版): what the printed board says, and the PDF Chromium makes of it.

The HTML tests run everywhere. The PDF tests need Debian's chromium, fonts-noto-cjk,
poppler-utils and zbar; without them they are skipped with the reason, except when the
environment variable CI is set, where a missing tool fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from noticeboard.analysis.activity import busiest_month, events_in_period
from noticeboard.analysis.facts import BoardFacts
from noticeboard.cli import main
from noticeboard.content.check import check_content
from noticeboard.site import urls
from noticeboard.site.printing import choose_period, css_string
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
    headings = [h.text for h in page.find_all("h2")]
    for heading in ("本期实现的微心愿", "本期院落议事会决定", "积分前十名", "本期积分兑换"):
        assert heading in headings
    fulfilled = page.section("wishes_fulfilled-heading")
    assert "想学太极拳" in fulfilled.text and "东城街道综合文化站" in fulfilled.text
    assert (site / "print" / "index.html").read_bytes() == (site / "print" / "2022-08.html").read_bytes()
    assert (site / "print" / "index.html").stat().st_mode & 0o777 == 0o644  # a web server can read it


def test_every_item_and_the_header_carry_a_qr_code(tmp_path):
    site = site_folder(tmp_path)
    assert run_print(DEMO, site, "--period", "2022-05") == 0
    page = read_page(site / "print" / "2022-05.html")
    assert page.find("figure", cls="home-code").find("svg") is not None
    for table in page.find_all("table", cls="items"):
        for row in table.find("tbody").find_all("tr"):
            if not row.find_all("td", cls="none"):
                assert len(row.find_all("svg")) == 1, row.text


@pytest.mark.parametrize("length", [1, 40, 120, 400])
def test_qr_svg_is_what_segno_would_draw(length):
    import segno

    from noticeboard.site.memory import BuildStore
    from noticeboard.site.qr import ERROR_LEVEL, MASK, QUIET_ZONE, qr_svg

    url = "https://board.example/wishes/" + "a-1/"[: length % 4] + "x" * length
    label = '扫码 <b>"&'
    code = segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
    expected = code.svg_inline(
        scale=1, border=QUIET_ZONE, omitsize=True, svgclass="qr", lineclass=None, dark="#000", title=label
    )
    assert str(qr_svg(url, label, BuildStore())) == expected.replace(
        "<svg ", '<svg role="img" focusable="false" ', 1
    )


def test_no_qr_codes_and_the_reason_when_base_url_is_not_absolute(tmp_path):
    content = small_board(tmp_path, base_url="/")
    site = site_folder(tmp_path)
    assert run_print(content, site) == 0
    html = (site / "print" / "2022-08.html").read_text(encoding="utf-8")
    assert "<svg" not in html
    assert "未设置网址 base_url，无法生成二维码" in parse_html(html).find("p", cls="no-codes").text


def test_overdue_decision_is_marked_in_words_and_symbol(tmp_path):
    content = small_board(tmp_path, base_url="https://board.example.org/sub/")
    site = site_folder(tmp_path)
    assert run_print(content, site) == 0
    page = read_page(site / "print" / "2022-08.html")
    rows = {
        row.find("td").text: row for row in page.section("followups-heading").find("tbody").find_all("tr")
    }
    late = next(row for text, row in rows.items() if "修好3号院的路灯" in text)
    on_time = next(row for text, row in rows.items() if "在3号院种一棵树" in text)
    assert "⚠ 已逾期" in late.text and "◐ 落实中" in late.text
    assert "已逾期" not in on_time.text and "○ 待落实" in on_time.text
    assert "✗ 未通过" in page.section("decisions-heading").text
    fulfilled = page.section("wishes_fulfilled-heading").text
    assert "想要一把轮椅" in fulfilled and "阿尔法公司" in fulfilled
    codes = [svg.find("title").text for svg in page.find_all("svg")]
    assert "二维码：https://board.example.org/sub/wishes/2022-08-03-wheelchair/" in codes
    assert "二维码：https://board.example.org/sub/" in codes  # the board's home, in the header


def test_english_board_prints_in_english(tmp_path):
    content = make_board(tmp_path, {"site.yaml": "name: Test board\ncommunity: Test\nlanguage: en\n"})
    site = site_folder(tmp_path)
    assert run_print(content, site, "--paper", "A4") == 0
    html = (site / "print" / "2022-08.html").read_text(encoding="utf-8")
    page = parse_html(html)
    assert "Period covered 1 August 2022 – 27 August 2022" in page.find("header").text
    assert '"Page " counter(page) " of " counter(pages)' in html
    assert "size: A4 portrait" in html and 'class="paper-a4"' in html


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


# --- the PDF ------------------------------------------------------------------------------

TOOLS = ("/usr/bin/chromium", "pdftotext", "pdffonts", "pdftoppm")


def _missing_tools() -> list[str]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    try:
        import playwright.sync_api  # noqa: F401
        from pyzbar import pyzbar  # noqa: F401
    except ImportError as error:  # pyzbar also fails when Debian's libzbar0 is missing
        missing.append(str(error))
    return missing


@pytest.fixture(scope="module")
def busy_month_pdfs(tmp_path_factory) -> dict:
    """Print the demo's busiest month on A3 and A4 once for all PDF tests."""
    missing = _missing_tools()
    if missing:
        message = f"PDF tools missing: {', '.join(missing)} (apt-get install -y chromium fonts-noto-cjk "
        message += "poppler-utils libzbar0; pip install playwright pyzbar)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    board = check_content(DEMO, BUILD_DATE).board
    period = busiest_month(board)
    month = f"{period.start.year:04d}-{period.start.month:02d}"
    pdfs = {}
    for paper in ("A3", "A4"):
        site = site_folder(tmp_path_factory.mktemp(paper))
        assert run_print(DEMO, site, "--period", month, "--paper", paper, "--pdf") == 0
        pdfs[paper] = site / "print" / f"{month}.pdf"
    events = events_in_period(board, choose_period(BUILD_DATE, month).period, BoardFacts(board).tracker)
    return {"pdfs": pdfs, "events": events, "board": board, "month": month}


def _pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True
    ).stdout


def _no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_pdf_page_count_size_and_numbers(busy_month_pdfs, paper):
    pdf = busy_month_pdfs["pdfs"][paper]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert {"A3": 3 <= pages <= 6, "A4": 4 <= pages <= 9}[paper], pages
    assert f"({paper})" in info
    text = _no_space(_pdftotext(pdf))
    assert f"第{pages}页/共{pages}页" in text and "第1页/共" in text


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_pdf_text_has_chinese_headings_and_every_fulfilled_wish(busy_month_pdfs, paper):
    text = _no_space(_pdftotext(busy_month_pdfs["pdfs"][paper]))
    for heading in (
        "万华社区共享联盟公示栏",
        "公示期",
        "数据概览",
        "本期实现的微心愿",
        "决定落实跟踪",
        "积分前十名",
    ):
        assert heading in text
    wishes = busy_month_pdfs["events"].wishes_fulfilled
    assert wishes
    for wish in wishes:
        assert _no_space(wish.title) in text, wish.title


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_pdf_fonts_are_all_embedded(busy_month_pdfs, paper):
    listing = subprocess.run(
        ["pdffonts", str(busy_month_pdfs["pdfs"][paper])], capture_output=True, text=True
    ).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        # columns: name type encoding emb sub uni object ID; Chromium embeds the CFF-based
        # Noto CJK glyphs as Type 3 fonts, which pdffonts lists without a name.
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), row
    assert _no_space("本期实现的微心愿") in _no_space(_pdftotext(busy_month_pdfs["pdfs"][paper]))


def test_pdf_is_the_same_file_when_printed_again(busy_month_pdfs):
    from noticeboard.site.pdf import render_pdf

    pdf = busy_month_pdfs["pdfs"]["A4"]
    again = render_pdf(pdf.with_suffix(".html"), BUILD_DATE)
    assert again == pdf.read_bytes()
    assert b"/CreationDate (D:20220827000000" in again


def _expected_urls(events, board) -> set[str]:
    def url(record_type: str, record_id: str) -> str:
        return urls.absolute_url(board.site.base_url, urls.record_dir(record_type, record_id))

    expected = {HOME}
    expected |= {url("wish", w.id) for w in [*events.wishes_fulfilled, *events.wishes_waiting]}
    expected |= {url("council", t.council.id) for t in [*events.decisions, *events.followups]}
    expected |= {url("project", p.id) for p in events.agreements_signed}
    expected |= {url("partner", p.id) for p in [*events.partners_joined, *events.partners_withdrew]}
    expected |= {url("partner", r.partner) for r in events.redemptions}
    expected |= {url("partner", s.partner) for s in BoardFacts(board).overall_ranking[:10]}
    return expected


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_every_qr_code_in_the_pdf_decodes_to_its_page(busy_month_pdfs, paper, tmp_path):
    from PIL import Image
    from pyzbar import pyzbar

    pdf = busy_month_pdfs["pdfs"][paper]
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    found: set[str] = set()
    for image in images:
        with Image.open(image) as picture:
            found |= {symbol.data.decode("utf-8") for symbol in pyzbar.decode(picture.convert("L"))}
    expected = _expected_urls(busy_month_pdfs["events"], busy_month_pdfs["board"])
    assert expected - found == set()
    assert found - expected == set()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # page 1 for a person to look at
    shutil.copyfile(images[0], ARTIFACTS / f"{busy_month_pdfs['month']}-{paper}-page1.png")


def _page_texts(pdf: Path) -> list[str]:
    """The text of each page in drawing order (-raw keeps each table cell's text together)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return [
        _no_space(
            subprocess.run(
                ["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
                capture_output=True,
                text=True,
            ).stdout
        )
        for n in range(1, pages + 1)
    ]


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_long_sections_repeat_their_heading_and_keep_items_whole(busy_month_pdfs, paper):
    pages = _page_texts(busy_month_pdfs["pdfs"][paper])
    heading, next_heading = "决定落实跟踪", "本期签订的共建项目协议"
    first = next(n for n, text in enumerate(pages) if heading in text)
    last = next(n for n, text in enumerate(pages) if next_heading in text)
    section = range(first, last + 1)
    assert len(section) >= 2, "the follow-up table should span a page break in the busiest month"
    for n in section:  # the heading is repeated on every page the section reaches
        assert heading in pages[n], f"page {n + 1}"
    for item in busy_month_pdfs["events"].followups:
        # the decision and its council (the row's second line) are printed on one page
        assert any(
            _no_space(item.decision.text) in pages[n] and _no_space(item.council.title) in pages[n]
            for n in section
        ), item.decision.text


def test_long_words_wrap_inside_the_page(tmp_path):
    if _missing_tools():
        if os.environ.get("CI"):
            pytest.fail(f"browser tools missing: {_missing_tools()}")
        pytest.skip(f"browser tools missing: {_missing_tools()}")
    from playwright.sync_api import sync_playwright

    from noticeboard.site.pdf import LAUNCH_ARGS

    long_word = "https://example.org/" + "x" * 300
    wish = WISH.replace("title: 想要一把轮椅", f"title: {long_word}").replace(
        "beneficiary: 5号楼的王爷爷", "beneficiary: " + "王" * 200
    )
    content = make_board(tmp_path, {"wishes/2022-08-03-wheelchair.yaml": wish})
    site = site_folder(tmp_path)
    assert run_print(content, site, "--paper", "A4") == 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
        try:
            # A4 minus the 14 mm side margins, in CSS pixels (96 per inch)
            page = browser.new_page(viewport={"width": round((210 - 28) / 25.4 * 96), "height": 1000})
            page.emulate_media(media="print")
            page.goto((site / "print" / "2022-08.html").as_uri())
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
        finally:
            browser.close()
    assert widths[0] <= widths[1], widths
