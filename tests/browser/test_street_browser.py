"""The street board in a real browser: every page type, on a phone (375 px) and a desktop.

A street with every state a community can be in (current, a stale copy, unavailable) is built
from the demo's boards, in Chinese and in English. Every page must be axe clean, never scroll
sideways, read and navigate the same without JavaScript (it has none), keep body text at 18 px
or more, chart labels at 16 px or more and every link a 44 px tap target. The print edition
prints on A3 in black and white, and each of its QR codes opens the page it stands for.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS, Site, served
from tests.browser.test_a11y import axe_script, violations  # noqa: F401  (axe_script: a fixture)
from tests.browser.test_pages_browser import READ_PAGE, overflow
from tests.conftest import REPO
from tests.street.conftest import run_street

DEMO = REPO / "examples" / "street"
DATE = dt.date(2022, 8, 27)
LATER = dt.date(2022, 8, 30)
PAGES = {
    "home": "index.html",
    "community": "communities/wanhua/index.html",
    "community-stale": "communities/qinghe/index.html",
    "community-unavailable": "communities/gone/index.html",
    "wishes": "wishes/index.html",
    "decisions": "decisions/index.html",
    "print": "print/index.html",
}


def _street(folder: Path, language: str) -> Path:
    """The demo street plus a community with no board, with qinghe's board gone after a first build."""
    shutil.copytree(DEMO / "boards", folder / "boards")
    text = (
        (DEMO / "street.yaml").read_text(encoding="utf-8").replace("language: zh-CN", f"language: {language}")
    )
    text += "  - id: gone\n    name: 消失社区\n    source: boards/gone\n"
    (folder / "street.yaml").write_text(text, encoding="utf-8")
    run_street(folder / "street.yaml", folder / "site", folder / "cache", DATE)
    shutil.rmtree(folder / "boards" / "qinghe")
    report = run_street(folder / "street.yaml", folder / "site", folder / "cache", LATER)
    assert [c.status for c in report.communities] == ["current", "stale", "current", "current", "unavailable"]
    return folder / "site"


def _served(tmp_path_factory, language: str) -> Iterator[Site]:
    site = _street(tmp_path_factory.mktemp(f"street-{language}"), language)
    with served(site) as root:
        yield Site(site, root, language)


@pytest.fixture(scope="module")
def street_zh(tmp_path_factory) -> Iterator[Site]:
    yield from _served(tmp_path_factory, "zh-CN")


@pytest.fixture(scope="module")
def street_en(tmp_path_factory) -> Iterator[Site]:
    yield from _served(tmp_path_factory, "en")


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(request, open_tab, axe_script, name, language):  # noqa: F811
    site = request.getfixturevalue(f"street_{language}")
    page, _ = open_tab(width=1280)
    page.goto(site.root + PAGES[name])
    assert violations(page, axe_script) == [], PAGES[name]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_loads_cleanly_and_stays_on_site(street_zh, open_tab, name, width):
    page, watch = open_tab(width=width)
    page.goto(street_zh.root + PAGES[name])
    measured = overflow(page)
    assert measured["scrollWidth"] <= measured["innerWidth"], f"{name} scrolls sideways: {measured}"
    assert watch.problems() == {}, name
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"street-{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("name", PAGES)
def test_page_needs_no_javascript(street_zh, open_tab, name):
    assert "<script" not in (street_zh.folder / PAGES[name]).read_text(encoding="utf-8")
    with_js, _ = open_tab(width=375)
    with_js.goto(street_zh.root + PAGES[name])
    without_js, watch = open_tab(width=375, javascript=False)
    without_js.goto(street_zh.root + PAGES[name])
    assert without_js.evaluate(READ_PAGE) == with_js.evaluate(READ_PAGE)
    assert watch.problems() == {}


# Every visible link and its rendered height; the type size of the body and of the chart's text.
MEASURE = """() => ({
    links: [...document.querySelectorAll('a[href]')]
        .filter(a => a.getClientRects().length && a.getBoundingClientRect().top >= 0)
        .map(a => ({text: a.textContent.trim().slice(0, 30), height: a.getBoundingClientRect().height})),
    body: parseFloat(getComputedStyle(document.body).fontSize),
    chart: [...document.querySelectorAll('.street-chart text')].map(t => ({
        size: parseFloat(getComputedStyle(t).fontSize),
        height: t.getBoundingClientRect().height,
    })),
})"""


@pytest.mark.parametrize("name", [name for name in PAGES if name != "print"])
def test_large_type_and_tap_targets_on_a_phone(street_zh, open_tab, name):
    page, _ = open_tab(width=375)
    page.goto(street_zh.root + PAGES[name])
    measured = page.evaluate(MEASURE)
    assert measured["body"] >= 18
    small = [link for link in measured["links"] if link["height"] < 44]
    assert small == [], small[:5]
    if name == "home":
        assert len(measured["chart"]) == 2 * 4  # a name and the figures for each community with data
        assert all(text["size"] >= 16 and text["height"] >= 16 for text in measured["chart"]), measured[
            "chart"
        ]


def test_the_chart_text_stays_large_on_the_narrowest_phone(street_zh, open_tab):
    page, _ = open_tab(width=320)
    page.goto(street_zh.root + "index.html")
    sizes = [text["height"] for text in page.evaluate(MEASURE)["chart"]]
    assert sizes and min(sizes) >= 16


@pytest.fixture(scope="module")
def street_pdf(street_zh, browser, tmp_path_factory) -> Path:
    """The print edition printed by Chromium as the board's is (noticeboard.site.pdf: CSS page size)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(street_zh.root + "print/index.html")
        data = page.pdf(prefer_css_page_size=True, print_background=True, display_header_footer=False)
    finally:
        context.close()
    pdf = tmp_path_factory.mktemp("street-pdf") / "street.pdf"
    pdf.write_bytes(data)
    return pdf


def _need(tool: str) -> None:
    if shutil.which(tool) is None:
        reason = f"{tool} not found (apt-get install -y poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def test_the_print_edition_is_a3_in_black_and_white(street_pdf, tmp_path):
    _need("pdfinfo")
    from PIL import Image

    info = subprocess.run(["pdfinfo", str(street_pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size: +84[12](\.\d+)? x 119[01](\.\d+)? pts \(A3\)", info), info
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(street_pdf), str(tmp_path / "page")], check=True)
    for image in sorted(tmp_path.glob("page-*.png")):
        with Image.open(image) as picture:
            saturation = picture.convert("RGB").convert("HSV").getchannel("S").getextrema()[1]
        assert saturation <= 24, image.name  # grey (anti-aliasing) at most: no colour


def test_every_qr_code_of_the_print_edition_opens_its_board(street_pdf, tmp_path):
    _need("pdftoppm")
    try:
        from PIL import Image
        from pyzbar import pyzbar
    except ImportError as error:  # pyzbar also fails when Debian's libzbar0 is missing
        if os.environ.get("CI"):
            pytest.fail(f"pyzbar cannot run: {error}")
        pytest.skip(f"pyzbar cannot run: {error} (apt-get install -y libzbar0)")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(street_pdf), str(tmp_path / "page")], check=True)
    found: set[str] = set()
    for image in sorted(tmp_path.glob("page-*.png")):
        with Image.open(image) as picture:
            found |= {symbol.data.decode("utf-8") for symbol in pyzbar.decode(picture.convert("L"))}
    assert found == {
        "https://dongcheng.example.org/street/",
        "https://wanhua.example.org/",
        "https://qinghe.example.org/",
        "https://mingde.example.org/",
        "https://anle.example.org/",
    }
