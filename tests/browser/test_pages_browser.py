"""Every page type in a real browser, on a phone (375 px) and a desktop (1280 px).

A resident must never scroll sideways, the browser must report no error and no failed request,
nothing may be fetched from outside the site, and with JavaScript off every page reads and
navigates the same. A full-page screenshot of each page is kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import SCREENSHOTS, WIDTHS, page_types, settled

PAGE_TYPES = [
    "home",
    "partners",
    "partners-record",
    "partners-filter",
    "projects",
    "projects-record",
    "projects-filter",
    "wishes",
    "wishes-record",
    "wishes-filter",
    "councils",
    "councils-record",
    "councils-filter",
    "decisions",
    "points",
    "shop",
    "places",
    "places-record",
    "search",
    "404",
    "print",
]

# What a reader gets from a page: the visible text of <main> and where every link goes. The
# read-aloud controls are left out: they show only where a script finds speech synthesis.
READ_PAGE = """() => {
    const main = (document.querySelector('main') || document.body).cloneNode(true);
    main.querySelectorAll('.read-aloud').forEach(e => e.remove());
    document.body.appendChild(main);  // innerText needs the clone laid out
    const text = main.innerText.replace(/\\s+/g, ' ').trim();
    main.remove();
    return {main: text, links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))};
}"""


def overflow(page) -> dict[str, object]:
    """Measure sideways scrolling and name the widest elements that stick out."""
    return page.evaluate(
        """() => {
        const width = window.innerWidth;
        const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                 + ' ' + (e.textContent || '').trim().slice(0, 40));
        return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: width, wide};
    }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_fits_loads_cleanly_and_stays_on_site(demo_zh, open_tab, name, width):
    path = page_types(demo_zh.folder)[name]
    page, watch = open_tab(width=width)
    page.goto(demo_zh.root + path, wait_until=settled(name))
    measured = overflow(page)
    assert measured["scrollWidth"] <= measured["innerWidth"], f"{path} scrolls sideways: {measured}"
    assert watch.problems() == {}, path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_reads_and_navigates_the_same_without_javascript(demo_zh, open_tab, name):
    path = page_types(demo_zh.folder)[name]
    with_js, watch_js = open_tab(width=375)
    with_js.goto(demo_zh.root + path, wait_until=settled(name))
    without_js, watch_off = open_tab(width=375, javascript=False)
    without_js.goto(demo_zh.root + path, wait_until=settled(name))
    scripted, plain = with_js.evaluate(READ_PAGE), without_js.evaluate(READ_PAGE)
    if name == "search":
        # Searching needs the script; without it the page must say so and offer every link it
        # offers with the script (it may offer more: ways to browse instead of searching).
        assert set(scripted["links"]) <= set(plain["links"])
        assert plain["main"], "the search page is empty without JavaScript"
        assert without_js.locator("noscript").count() >= 1
    else:
        assert plain["links"] == scripted["links"]
        assert plain["main"] == scripted["main"]
    assert watch_js.problems() == {} and watch_off.problems() == {}


def test_links_without_javascript_lead_to_pages(demo_zh, open_tab):
    """Follow the home page's navigation with the script off: each link opens a page with a heading."""
    page, watch = open_tab(width=375, javascript=False)
    page.goto(demo_zh.root + "index.html")
    hrefs = page.eval_on_selector_all("header a[href], nav a[href]", "as => as.map(a => a.href)")
    assert len(hrefs) >= 5
    for href in sorted(set(hrefs)):
        page.goto(href)
        assert page.locator("h1").count() >= 1, href
    assert watch.problems() == {}
