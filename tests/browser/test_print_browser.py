"""The printed board as Chromium prints it, on A3 and A4: nothing outside the page box; and
the print page and the short addresses of its QR codes on screen.

Two checks on paper: in print media emulation at the width of the page's content box no element
sticks out sideways, and in the PDF Chromium prints (``pdftotext -bbox``) every word lies on its
page. The PDFs are kept in test-artifacts/print/ for a person to look at. On screen: axe finds
nothing at all on the print page (not even "region", content outside landmarks), and a short
address opens its record without a script.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from noticeboard.content.check import check_content
from noticeboard.site.context import make_context
from noticeboard.site.printing import choose_period, render_edition
from noticeboard.site.shortlinks import board_links
from tests.browser.conftest import BUILD_DATE, REPO, Site, served
from tests.conftest import build_site

ARTIFACTS = REPO / "test-artifacts" / "print"
MM_TO_PX, MM_TO_PT = 96 / 25.4, 72 / 25.4
PAPER_MM = {"A3": (297, 420), "A4": (210, 297)}
SIDE_MARGINS_MM = 12 + 12  # @page margin in templates/print/print.css
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Iterator[Site]:
    """The demo board's editions for all of 2022 so far (many pages) on A3 and A4, served."""
    folder = tmp_path_factory.mktemp("print-browser") / "site"
    # The whole site first: the editions show the published photos of media/.
    assert build_site(REPO / "content", folder, BUILD_DATE).ok
    checked = check_content(REPO / "content", BUILD_DATE)
    assert checked.ok
    ctx = make_context(checked.board, None)
    edition = choose_period(BUILD_DATE, start="2022-01-01", end=BUILD_DATE.isoformat())
    for paper in PAPER_MM:
        html = render_edition(ctx, edition, paper)
        (folder / "print").mkdir(exist_ok=True)
        (folder / "print" / f"{paper}.html").write_bytes(html)
    with served(folder) as root:
        yield Site(folder, root, checked.language)


@pytest.mark.parametrize("paper", PAPER_MM)
def test_nothing_sticks_out_of_the_content_box_in_print_media(editions, open_tab, paper):
    content_px = int((PAPER_MM[paper][0] - SIDE_MARGINS_MM) * MM_TO_PX)
    page, watch = open_tab(width=content_px)
    page.emulate_media(media="print")
    page.goto(editions.root + f"print/{paper}.html")
    outside = page.evaluate(
        """(width) => [...document.querySelectorAll('body *')]
            .filter(e => { const r = e.getBoundingClientRect();
                           return r.width > 0 && (r.left < -1 || r.right > width + 1); })
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + '.' + e.className + ' '
                      + (e.textContent || '').trim().slice(0, 40))""",
        content_px,
    )
    assert outside == [], f"{paper}: elements wider than the {content_px}px content box"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= content_px
    assert watch.problems() == {}


def words_outside_the_content_box(bbox: str, side_margin_pt: float) -> tuple[int, list[str]]:
    """Count the pages of ``pdftotext -bbox`` output and list the words beyond a page's sides
    (into the side margins or off the paper) or above or below the paper."""
    pages = bbox.split("<page ")[1:]
    outside = []
    for number, chunk in enumerate(pages, start=1):
        width, height = map(float, PAGE.search("<page " + chunk).groups())
        left, right = side_margin_pt - 0.5, width - side_margin_pt + 0.5
        for x_min, y_min, x_max, y_max, word in WORD.findall(chunk):
            if float(x_min) < left or float(x_max) > right or float(y_min) < 0 or float(y_max) > height:
                outside.append(f"page {number}: {word!r} at ({x_min}, {y_min})–({x_max}, {y_max})")
    return len(pages), outside


@pytest.mark.parametrize("paper", PAPER_MM)
def test_the_printed_pdf_keeps_every_word_on_its_page(editions, open_tab, paper):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found (apt-get install -y poppler-utils)")
    page, watch = open_tab()
    page.goto(editions.root + f"print/{paper}.html")
    page.evaluate("document.fonts.ready.then(() => true)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"board-2022-{paper}.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    count, outside = words_outside_the_content_box(bbox.stdout, SIDE_MARGINS_MM / 2 * MM_TO_PT)
    assert count >= 2, "eight months of events take more than one page"
    assert outside == []
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size, info
    wanted = [mm * MM_TO_PT for mm in PAPER_MM[paper]]
    assert all(abs(float(got) - want) < 1.5 for got, want in zip(size.groups(), wanted, strict=True)), info
    assert watch.problems() == {}


def test_the_word_check_sees_words_in_the_margin_or_off_the_page():
    """Words beyond the content box are reported (so the check above can fail).

    Chromium shrinks a page whose layout is wider than the paper instead of cutting it, so a
    real overflow shows in the print media test above; this checks the PDF side on its own.
    """
    bbox = (
        '<page width="595.0" height="842.0">'
        '<word xMin="40.0" yMin="50.0" xMax="80.0" yMax="60.0">inside</word>'
        '<word xMin="540.0" yMin="50.0" xMax="580.0" yMax="60.0">margin</word>'
        '<word xMin="40.0" yMin="835.0" xMax="80.0" yMax="850.0">below</word>'
        "</page>"
    )
    count, outside = words_outside_the_content_box(bbox, 14 * MM_TO_PT)
    assert count == 1
    assert [line.split("'")[1] for line in outside] == ["margin", "below"]


# --- on screen: accessibility, and the short addresses the codes hold ----------------------


AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        reason = f"axe-core not installed at {AXE.relative_to(REPO)} (run: npm ci)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return str(AXE)


def _axe_findings(page, axe: str) -> list[str]:
    """Every axe violation on the open page, whatever its impact ("region" is moderate)."""
    page.add_script_tag(path=axe)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' '))}`)"""
    )
    return list(found)


@pytest.mark.parametrize(("language", "width"), [("zh", 375), ("zh", 1280), ("en", 1280)])
def test_the_print_page_has_no_axe_violation_at_all(request, open_tab, axe, language, width):
    site = request.getfixturevalue(f"demo_{language}")
    page, watch = open_tab(width=width)
    page.goto(site.root + "print/index.html")
    assert page.locator("svg.qr").count() > 10  # the codes are there, with their names
    assert _axe_findings(page, axe) == []
    assert watch.problems() == {}


def test_a_short_address_opens_its_record_and_has_no_axe_violation(demo_zh, open_tab, axe):
    links = board_links(check_content(REPO / "content", BUILD_DATE).board)
    short = demo_zh.root + links.path("wish", "2022-05-16-haircut")
    page, watch = open_tab(width=375, javascript=False)  # the refresh needs no script
    page.goto(short, wait_until="commit")
    page.wait_for_url(demo_zh.root + "wishes/2022-05-16-haircut/index.html")
    assert "理发" in page.title()
    assert watch.problems() == {}
    # the short page itself, held still by refusing the page it opens
    still, _ = open_tab(width=375)
    still.route("**/wishes/**", lambda route: route.fulfill(status=204))  # 204: stay on the page
    still.goto(short)
    still.wait_for_timeout(200)
    assert still.url == short and still.locator("main a").count() == 1
    assert _axe_findings(still, axe) == []
