"""What every producer of one build gets: the board, its analyses, the settings, the renderer.

A *producer* makes some of the site's files from a :class:`SiteContext`: the board pages,
the open-data exports, the feed, the search index, the filter pages and the print edition
are each one (their table is :data:`noticeboard.pipeline.PRODUCERS`). Everything several
producers share is worked out once per build, here: the board's analyses
(:class:`~noticeboard.analysis.facts.BoardFacts`), its provenance (git history, edit links,
disclosure) and its filter pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from noticeboard.analysis.facts import BoardFacts
from noticeboard.analysis.places import place_names
from noticeboard.content.model import Board
from noticeboard.content.types import RECORD_TYPES
from noticeboard.paths import ENGINE_THEME, Theme
from noticeboard.site import i18n
from noticeboard.site.files import SiteFiles, Unchanged
from noticeboard.site.filters import SectionFilters, all_filters, place_paths
from noticeboard.site.memory import ColdMemory, PageMemory
from noticeboard.site.pictures import Pictures
from noticeboard.site.provenance import Provenance, read_provenance
from noticeboard.site.render import Renderer, Settings


class SiteContext:
    """One build's board, analyses and renderer (see module doc)."""

    def __init__(self, board: Board, settings: Settings, memory: PageMemory) -> None:
        self.board = board
        self.settings = settings
        self.facts = BoardFacts(board)
        self.pictures = Pictures(board.media)
        self.renderer = Renderer(settings, memory, self.pictures)

    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def build_date(self) -> Any:
        return self.settings.build_date

    @property
    def theme(self) -> Theme:
        """Where templates and assets come from: the board's own folders, then the engine's."""
        return self.settings.theme

    @cached_property
    def provenance(self) -> Provenance:
        """Edit links, change history and disclosure delays (reads git history once)."""
        return read_provenance(self.board, self.language)

    @cached_property
    def filters(self) -> dict[str, SectionFilters]:
        """The filter navigation and pages of every list section, by record type."""
        return all_filters(self.board)

    @cached_property
    def place_paths(self) -> dict[str, str]:
        """Each place's page (places/<slug>/index.html), by name."""
        return place_paths(place_names(self.board))

    def place_path(self, place: str | None) -> str | None:
        """The page of a record's place, if it has one."""
        return self.place_paths.get(place) if place else None

    def text(self, key: str, **params: object) -> str:
        """A UI text in the board's language."""
        return i18n.translate(self.language, key, **params)

    def render(self, template: str, page_path: str, **values: Any) -> bytes | Unchanged:
        """Render one page, or say it is unchanged since the last build (see Renderer.page)."""
        return self.renderer.page(template, page_path, values)

    @property
    def memory(self) -> PageMemory:
        """What this build may reuse from earlier builds."""
        return self.renderer.memory

    def kept(self, page_path: str, shows: Any | None) -> bool:
        """Tell whether a page is kept as the last build made it, so its values need not be
        worked out (``PageMemory.kept``: only the prose of records it does not show changed
        since; ``shows``: the record a record's page shows, None for a list)."""
        return self.renderer.memory.kept(page_path, shows)


NO_PROSE: frozenset[str] = frozenset()  # a producer that shows no record's prose
ALL_PROSE: frozenset[str] = frozenset(t.name for t in RECORD_TYPES if t.prose)


@dataclass(frozen=True)
class Producer:
    """A function that makes some of the site's files, and the name timings and errors use.

    ``typical_seconds``: its share of a cold build (seconds at 10,000 records, writing its
    files included: a producer of 9,000 small pages in 9,000 folders costs more than its
    rendering), which orders the producers' queue before a build has timed them (see
    :mod:`noticeboard.site.parallel`); only the proportions matter.

    ``shows_prose_of``: the record types whose prose (the Markdown body, ``RecordType.prose``)
    its files show in any form — the text, a summary, search words; None: it cannot say. An
    edit that changes only such text keeps the files of the producers that do not show it
    (:mod:`noticeboard.incremental.keeping`); tests/incremental/test_keeping.py checks every
    producer's claim on the demo board.
    """

    name: str
    make: Callable[[SiteContext], SiteFiles]
    typical_seconds: float = 0.1
    shows_prose_of: frozenset[str] | None = None

    def __call__(self, ctx: SiteContext) -> SiteFiles:
        return self.make(ctx)


def site_language(board: Board) -> str:
    """The language the pages speak: the board's, when the interface has it."""
    return board.site.language if board.site.language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def make_context(
    board: Board, base_url: str | None = None, memory: PageMemory | None = None, theme: Theme = ENGINE_THEME
) -> SiteContext:
    """Make the site context; ``base_url`` overrides site.yaml's; ``memory`` may know earlier
    builds (default: a cold build's); ``theme``: the board's own templates and assets over the
    engine's (:func:`noticeboard.paths.board_theme`; default: the engine's alone)."""
    settings = Settings(
        site=board.site,
        language=site_language(board),
        base_url=base_url if base_url is not None else board.site.base_url,
        build_date=board.build_date,
        theme=theme,
        description=i18n.translate(site_language(board), "home.intro", community=board.site.community),
    )
    return SiteContext(board, settings, memory or ColdMemory())
