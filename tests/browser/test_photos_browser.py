"""The demo board's photos in a real browser (issue 17).

On every page that shows a photo, at 375 and 1280 px: every image loads (the WebP is the one
chosen), states its width and height and keeps its place (no layout shift while photos load,
measured by the browser's layout-shift entries), says what it shows (alt), and the page does
not scroll sideways; axe-core finds no serious violation. A decision's before and after stand
side by side on a wide screen and one under the other on a phone.

"No layout shift" is measured on the photos themselves: their boxes are measured while every
photo file is held back by the server, then again once all have loaded; nothing may have moved
or changed size. (The browser's layout-shift score is not used: the pages' own script shifts them a
little with or without photos.)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest

from tests.browser.conftest import QuietHandler
from tests.browser.test_a11y import axe_script, violations  # noqa: F401 - axe_script is a fixture

PAGES = [
    "projects/2022-02-yard12-ebike-shed/index.html",
    "projects/2021-12-elderly-meal-delivery/index.html",
    "wishes/2022-01-06-spring-couplets/index.html",
    "councils/2022-04-08-yard-3/index.html",
    "projects/index.html",
    "councils/index.html",
    "partners/xinyuan-electric/index.html",
]
HOLD_SECONDS = 20  # at the most: a photo file is sent once the test released it
RELEASE = threading.Event()
BOXES = """() => [...document.querySelectorAll('main img')].map(i => {
    const r = i.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top + scrollY),
    Math.round(r.width), Math.round(r.height)]; })"""
IMAGES = """() => [...document.querySelectorAll('main img')].map(i => ({
    src: i.currentSrc, complete: i.complete, natural: i.naturalWidth, alt: i.getAttribute('alt'),
    width: i.getAttribute('width'), height: i.getAttribute('height'),
    ratio: i.getBoundingClientRect().width / i.getBoundingClientRect().height,
    natural_ratio: i.naturalWidth / i.naturalHeight, fit: getComputedStyle(i).objectFit}))"""


class SlowPhotos(QuietHandler):
    """Serves the site, each photo file held back until :data:`RELEASE` is set (the test has
    measured the page laid out without them)."""

    def do_GET(self) -> None:
        if "/media/" in self.path:
            RELEASE.wait(HOLD_SECONDS)
        super().do_GET()


@pytest.fixture(scope="module")
def slow_root(demo_zh) -> Iterator[str]:
    """The demo board served with its photos held back."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SlowPhotos, directory=str(demo_zh.folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def _open(root: str, open_tab, path: str, width: int):
    """Open the page; return it, its watch and the photos' boxes before any photo arrived."""
    page, watch = open_tab(width=width)
    RELEASE.clear()  # this page's photos wait until it has been measured without them
    page.goto(root + path, wait_until="domcontentloaded")
    before = page.evaluate(BOXES)
    assert not page.evaluate(
        "[...document.querySelectorAll('main img')].some(i => i.complete && i.naturalWidth)"
    )
    RELEASE.set()
    for index in range(page.locator("main img").count()):  # lazy ones load when scrolled to
        page.locator("main img").nth(index).scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('main img')].every(i => i.complete)")
    page.evaluate("window.scrollTo(0, 0)")
    return page, watch, before


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_photos_load_keep_their_place_and_say_what_they_show(slow_root, open_tab, path, width):
    page, watch, before = _open(slow_root, open_tab, path, width)
    images = page.evaluate(IMAGES)
    assert images, f"{path} shows a photo"
    for image in images:
        assert image["complete"] and image["natural"] > 0, image
        assert image["src"].endswith(".webp"), image
        assert image["alt"] and image["alt"].strip(), image
        assert image["width"] and image["height"], image
        if image["fit"] != "cover":  # a thumbnail is cut to its box on purpose
            assert abs(image["ratio"] - image["natural_ratio"]) < 0.02, image
    assert page.evaluate(BOXES) == before, "no photo moved or changed size when the files arrived"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert watch.problems() == {}


@pytest.mark.parametrize("path", PAGES[:4])
def test_photo_pages_have_no_serious_accessibility_violation(slow_root, open_tab, axe_script, path):  # noqa: F811
    page, _, _ = _open(slow_root, open_tab, path, 375)
    assert violations(page, axe_script) == []


def test_before_and_after_side_by_side_on_wide_screens_stacked_on_phones(slow_root, open_tab):
    boxes = {}
    for width in (375, 1280):
        page, _, _ = _open(slow_root, open_tab, "councils/2022-04-08-yard-3/index.html", width)
        boxes[width] = page.evaluate(
            "() => [...document.querySelectorAll('.photos-pair .photo')]"
            ".map(f => f.getBoundingClientRect().toJSON())"
        )
    (wide_before, wide_after), (narrow_before, narrow_after) = boxes[1280], boxes[375]
    assert abs(wide_before["top"] - wide_after["top"]) < 1 and wide_after["left"] > wide_before["right"]
    assert (
        narrow_after["top"] >= narrow_before["bottom"]
        and abs(narrow_after["left"] - narrow_before["left"]) < 1
    )
