"""The build, as a table of contents: check → site context → produce → write.

A *producer* makes some of the site's files from the site context: the board pages, the
open-data exports, the feed, the search index, the filter pages and the print edition are
each one. To add an output, write a producer and add one line to :data:`PRODUCERS`.

A build is cold or incremental. :func:`build` is the same table of contents either way:
each stage asks the build's :class:`Session` how to do its part — read every file afresh
or reuse what an earlier build judged, render every page or keep the unchanged ones,
write a new folder or change the files that differ. :class:`ColdBuild` is the plain cold
build; :class:`noticeboard.incremental.cache.BuildCache` is the incremental one. Both
give byte-identical sites; the incremental layer can be removed without changing a byte.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Protocol

from noticeboard.content.check import check_content
from noticeboard.content.reading import FreshReading, Reading
from noticeboard.output.lock import build_lock
from noticeboard.output.report import BuildReport, BuildRequest, failed
from noticeboard.output.write import check_output_folder, write_site
from noticeboard.paths import board_theme
from noticeboard.site.context import Producer, SiteContext, make_context
from noticeboard.site.exports import produce_exports
from noticeboard.site.feed import produce_feed, sitemap_files
from noticeboard.site.files import UNCHANGED, SiteFiles
from noticeboard.site.filter_pages import produce_filters
from noticeboard.site.memory import ColdMemory, PageMemory
from noticeboard.site.pages import PAGE_PRODUCERS
from noticeboard.site.parallel import run_producers
from noticeboard.site.photos import PHOTO_PRODUCERS
from noticeboard.site.printing import produce_print
from noticeboard.site.search import produce_search
from noticeboard.site.shortlinks import produce_short_links

PRODUCERS: tuple[Producer, ...] = (
    *PAGE_PRODUCERS,
    Producer("open data", produce_exports, 0.45),
    Producer("feed", produce_feed, 0.1),
    Producer("search index", produce_search, 0.4),
    Producer("filter pages", produce_filters, 0.5),
    Producer("print edition", produce_print, 1.9),
    Producer("short links", produce_short_links, 0.4),
    *PHOTO_PRODUCERS,
)


class ProducerClash(RuntimeError):
    """Two producers want to write the same file."""


class Session(Protocol):
    """How one build does each stage: afresh, or reusing what earlier builds made."""

    @property
    def reading(self) -> Reading:
        """How the content files are read and judged."""
        ...

    @property
    def memory(self) -> PageMemory:
        """What rendering may reuse."""
        ...

    def produce(self, ctx: SiteContext, producers: list[Producer]) -> list[SiteFiles]:
        """Run the producers; their files in producer order."""
        ...

    def write(self, files: SiteFiles) -> int:
        """Make the output folder hold exactly ``files``; return how many were written."""
        ...

    def finish(self, report: BuildReport) -> None:
        """Remember a good build."""
        ...


class Incremental(Protocol):
    """Starts builds: says when nothing changed since the last one, or opens a session."""

    def begin(self, request: BuildRequest) -> BuildReport | Session:
        """The report of the last good build when no input changed since, else a session."""
        ...


class ColdSession:
    """A cold build: every file read, every page rendered, a fresh site folder swapped in."""

    def __init__(self, request: BuildRequest) -> None:
        self.request = request
        self.reading: Reading = FreshReading()
        self.memory: PageMemory = ColdMemory()

    def produce(self, ctx: SiteContext, producers: list[Producer]) -> list[SiteFiles]:
        """Run the producers on both cores, shared out by their typical cost."""
        return run_producers(producers, ctx, {})[0]

    def write(self, files: SiteFiles) -> int:
        """Write every file into a fresh folder and swap it in."""
        return write_site(files, self.request.out_dir)  # type: ignore[arg-type]  # no page is UNCHANGED

    def finish(self, report: BuildReport) -> None:
        """Nothing is remembered."""


class ColdBuild:
    """The plain cold build: nothing is known from earlier builds."""

    def begin(self, request: BuildRequest) -> BuildReport | Session:
        """Always a fresh session."""
        return ColdSession(request)


def build(request: BuildRequest, incremental: Incremental | None = None) -> BuildReport:
    """Check the content and, if it is valid, write the whole site atomically into ``out_dir``.

    With an incremental cache, a build whose inputs did not change does nothing at all.
    """
    session = (incremental or ColdBuild()).begin(request)
    if isinstance(session, BuildReport):
        return session  # no input changed since the last good build into out_dir
    return build_session(request, session)


def build_session(request: BuildRequest, session: Session) -> BuildReport:
    """Check, produce and write one build (see module doc)."""
    started = time.perf_counter()
    checked = check_content(request.content_dir, request.build_date, session.reading)
    if not checked.ok:
        return failed(checked)
    check_output_folder(request.out_dir, request.content_dir)
    ctx = make_context(checked.board, request.base_url, session.memory, board_theme(request.content_dir))
    files = collect(session.produce(ctx, list(PRODUCERS)), PRODUCERS)
    files.update(sitemap_files(files, ctx))  # lists the pages every producer made
    with build_lock(request.out_dir):  # one writer per output folder: a second build stops here (exit 2)
        written = session.write(files)
        pages = sum(1 for path in files if path.endswith(".html"))
        kept = sum(1 for path, data in files.items() if data is UNCHANGED and path.endswith(".html"))
        report = BuildReport(
            checked,
            records=checked.board.record_count(),
            files=written,
            pages=pages,
            seconds=time.perf_counter() - started,
            rendered=pages - kept,
            language=checked.language,
        )
        session.finish(report)
    return report


def collect(outputs: Iterable[SiteFiles], producers: Iterable[Producer]) -> SiteFiles:
    """Merge the producers' files; a path made twice is an error."""
    files: SiteFiles = {}
    for producer, made in zip(producers, outputs, strict=True):
        for path, data in made.items():
            if path in files:
                raise ProducerClash(f"{producer.name} also writes {path}")
            files[path] = data
    return files
