"""Print a finished HTML page to PDF with headless Chromium, driven by Playwright.

Chromium is the engine because the browser tests need it anyway, it implements CSS paged
media with page-margin boxes ("第 N 页 / 共 M 页") and finds the system's Noto CJK fonts
itself. See docs/print.md for the reasoning and the system packages.

The page is opened from a file:// URL and every other request is refused but for the files
of the folders it is allowed (the site's published photos, ``media/``), so printing never
reaches the network. Chromium writes the time of printing into the PDF; we overwrite it
with the build date (same length, so the file's byte offsets stay valid), which makes the
PDF of the same content and build date the same file on every run on the same machine.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from noticeboard.errors import UsageError

if TYPE_CHECKING:  # Playwright is optional: only --pdf needs it
    from playwright.sync_api import Route
    from playwright.sync_api._context_manager import PlaywrightContextManager

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "apt-get install -y chromium fonts-noto-cjk; pip install playwright"
PAGE_TIMEOUT_MS = 60_000
# Chromium (Skia) writes e.g. /CreationDate (D:20261128094100+00'00')
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")


class EngineMissing(UsageError):
    """The PDF engine (Chromium or Playwright) is not installed."""


def find_chromium() -> Path:
    """Locate the Chromium executable (NOTICEBOARD_CHROMIUM overrides); raise EngineMissing."""
    override = os.environ.get("NOTICEBOARD_CHROMIUM")
    candidates = (override,) if override else CHROMIUM_CANDIDATES
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    found = None if override else shutil.which("chromium")
    if found:
        return Path(found)
    raise EngineMissing(f"--pdf needs the Chromium browser, which was not found; install it: {INSTALL_HINT}")


def _playwright() -> Callable[[], PlaywrightContextManager]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise EngineMissing(
            f"--pdf needs Playwright for Python, which is not installed; install it: {INSTALL_HINT}"
        ) from None
    return sync_playwright


def require_engine() -> Path:
    """Check that Chromium and Playwright are installed; return the browser's path."""
    chromium = find_chromium()
    _playwright()
    return chromium


class PrintFailed(RuntimeError):
    """Chromium is installed but could not print the page."""


def render_pdf(html_file: Path, build_date: dt.date, allowed: tuple[Path, ...] = ()) -> bytes:
    """Print ``html_file`` to PDF with the page size its CSS asks for; return the PDF bytes.

    The page may load the files below the ``allowed`` folders (its photos) and nothing else.
    """
    chromium = require_engine()
    from playwright.sync_api import Error as PlaywrightError

    try:
        folders = tuple(folder.resolve().as_uri() + "/" for folder in allowed)
        pdf = _print(chromium, html_file.resolve().as_uri(), folders)
    except PlaywrightError as error:
        # Playwright's messages run to many lines of call log; the first one says what failed.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise PrintFailed(f"Chromium ({chromium}) could not print {html_file}: {first_line}") from None
    return stamp_build_date(pdf, build_date)


def _print(chromium: Path, url: str, folders: tuple[str, ...] = ()) -> bytes:
    sync_playwright = _playwright()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()

            # Only the page itself and its photos may load: no fonts or anything else from outside.
            def allow(route: Route) -> None:
                wanted = route.request.url
                if wanted == url or (wanted.startswith(folders) and "/../" not in wanted):
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", allow)
            page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
            page.evaluate("document.fonts.ready.then(() => true)")
            pdf: bytes = page.pdf(
                prefer_css_page_size=True, print_background=True, display_header_footer=False
            )
        finally:
            browser.close()
    return pdf


def stamp_build_date(pdf: bytes, build_date: dt.date) -> bytes:
    """Replace the PDF's creation and modification times with the build date, same length."""
    stamp = build_date.strftime("%Y%m%d000000").encode()
    return _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp + m.group(3) + b")", pdf)
