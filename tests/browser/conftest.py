"""Browser fixtures: built boards served over HTTP on 127.0.0.1, Debian's Chromium via Playwright.

Every browser test here skips with the reason shown when Chromium or Playwright is missing on a
developer's machine; with the ``CI`` environment variable set a missing browser fails instead,
so CI cannot pass without running them. Sites are built once per test session.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from noticeboard.site.pdf import LAUNCH_ARGS  # the same flags as the PDF engine (see BROWSER.md)
from tests.conftest import build_site

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 30_000
BUILD_DATE = dt.date(2022, 8, 27)
BASE_URL = None  # site.yaml's absolute https://wanhua.example.org/: the print page carries QR codes
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
WIDTHS = (375, 1280)


def require_browser():
    """Return Playwright's ``sync_playwright``, or skip (fail under CI) saying what is missing."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "Playwright for Python is not installed (pip install playwright)"
    if missing is None and not Path(CHROMIUM).exists():
        missing = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    return sync_playwright


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1 in a thread; yield its root URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Site:
    """A built board and the URL it is served at."""

    folder: Path
    root: str
    language: str


def page_types(site: Path) -> dict[str, str]:
    """Name one page of every page type of a built site: name → site path."""
    pages = {
        "home": "index.html",
        "404": "404.html",
        "print": "print/index.html",
    }
    for section in ("partners", "projects", "wishes", "councils", "decisions", "points", "search"):
        if (site / section / "index.html").is_file():
            pages[section] = f"{section}/index.html"
    for section in ("partners", "projects", "wishes", "councils"):
        records = sorted(p.name for p in (site / section).iterdir() if (p / "index.html").is_file())
        records = [name for name in records if name != "filter"]
        if records:
            pages[f"{section}-record"] = f"{section}/{records[0]}/index.html"
        filters = site / section / "filter"
        if filters.is_dir():
            first = sorted(p.name for p in filters.iterdir() if (p / "index.html").is_file())[0]
            pages[f"{section}-filter"] = f"{section}/filter/{first}/index.html"
    places = site / "places"
    if places.is_dir():  # a board listing its places: their list and the first place's page
        pages["places"] = "places/index.html"
        first = sorted(p.name for p in places.iterdir() if (p / "index.html").is_file())[0]
        pages["places-record"] = f"places/{first}/index.html"
    if (site / "points" / "shop" / "index.html").is_file():
        pages["shop"] = "points/shop/index.html"
    return pages


def settled(name: str) -> str:
    """When a page of this type is ready to inspect: the search page fetches its index first."""
    return "networkidle" if name == "search" else "load"


def english_content(folder: Path) -> Path:
    """Copy the demo content into ``folder`` with ``language: en`` in its site.yaml."""
    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    site_yaml = content / "site.yaml"
    lines = [
        line
        for line in site_yaml.read_text(encoding="utf-8").splitlines()
        if not line.startswith("language:")
    ]
    site_yaml.write_text("\n".join([*lines, "language: en", ""]), encoding="utf-8")
    return content


def _built(content: Path, out: Path, language: str) -> Iterator[Site]:
    report = build_site(content, out, BUILD_DATE, BASE_URL)
    assert report.ok, report.checked.report()
    with served(out) as root:
        yield Site(out, root, language)


@pytest.fixture(scope="session")
def demo_zh(tmp_path_factory) -> Iterator[Site]:
    """The demo board (Chinese), built once and served."""
    yield from _built(REPO / "content", tmp_path_factory.mktemp("demo-zh") / "site", "zh")


@pytest.fixture(scope="session")
def demo_en(tmp_path_factory) -> Iterator[Site]:
    """The demo board with ``language: en``, built once and served."""
    folder = tmp_path_factory.mktemp("demo-en")
    yield from _built(english_content(folder), folder / "site", "en")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Not per session: Playwright's sync API allows one running instance per thread, and other
    tests (the search page, the PDF engine) start their own after these modules are done.
    """
    sync_playwright = require_browser()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a tab did that a resident would not want: errors, failures, requests off the site."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> dict[str, list[str]]:
        """Return the non-empty lists by name (empty dict when all is well)."""
        found = {
            "console errors": self.console_errors,
            "failed requests": self.failed,
            "requests outside the site": self.outside,
            "dialogs": self.dialogs,
        }
        return {name: items for name, items in found.items() if items}


@pytest.fixture
def open_tab(browser) -> Iterator[Callable[..., tuple[object, Watch]]]:
    """Open tabs that record console errors, failed requests, dialogs and outside requests.

    ``open_tab(width=375, javascript=True, print_media=False)`` returns ``(page, watch)``;
    anything requested from outside 127.0.0.1 is aborted and recorded.
    """
    contexts = []

    def opener(width: int = 1280, javascript: bool = True) -> tuple[object, Watch]:
        watch = Watch()
        context = browser.new_context(
            viewport={"width": width, "height": 800}, java_script_enabled=javascript
        )
        contexts.append(context)

        def route(route) -> None:
            if route.request.url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:
                watch.outside.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("console", lambda m: m.type == "error" and watch.console_errors.append(m.text))
        page.on("pageerror", lambda e: watch.console_errors.append(str(e)))
        page.on(
            "requestfailed",
            lambda r: r.url.startswith("http://127.0.0.1:") and watch.failed.append(f"{r.url} {r.failure}"),
        )
        page.on("response", lambda r: r.status >= 400 and watch.failed.append(f"{r.url} {r.status}"))

        def dialog(d) -> None:
            watch.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        return page, watch

    yield opener
    for context in contexts:
        context.close()
