"""The board pages producer: which page gets which template and which ready-made facts.

Everything a template shows is computed here or in :mod:`noticeboard.analysis` (counts,
filters, orderings); templates only format.
"""

from __future__ import annotations

from dataclasses import dataclass

from noticeboard.model import Board
from noticeboard.render import SiteContext
from noticeboard.stats import compute_stats

STATIC_FILES = ("style.css",)


@dataclass(frozen=True)
class NavItem:
    key: str
    path: str
    current: bool


@dataclass(frozen=True)
class Figure:
    key: str
    value: int


NAV = (
    ("nav.home", "index.html", ""),
    ("nav.partners", "partners/index.html", "partners/"),
    ("nav.projects", "projects/index.html", "projects/"),
    ("nav.wishes", "wishes/index.html", "wishes/"),
    ("nav.councils", "councils/index.html", "councils/"),
    ("nav.points", "points/index.html", "points/"),
)


def navigation(page_path: str) -> list[NavItem]:
    """The main menu, with the section of ``page_path`` marked current."""
    items = []
    for key, path, section in NAV:
        current = page_path.startswith(section) if section else page_path == "index.html"
        items.append(NavItem(key, path, current))
    return items


class Pages:
    """Collects rendered pages for one build."""

    def __init__(self, board: Board, ctx: SiteContext) -> None:
        self.board = board
        self.ctx = ctx
        self.files: dict[str, bytes] = {}

    def add(self, page_path: str, template: str, **values: object) -> None:
        """Render ``template`` as the page at ``page_path``."""
        self.files[page_path] = self.ctx.render(
            template,
            page_path,
            nav=navigation(page_path),
            canonical=self.ctx.absolute(page_path),
            **values,
        )


def static_files(ctx: SiteContext) -> dict[str, bytes]:
    """The stylesheet, copied as is."""
    return {f"static/{name}": (ctx.templates / "static" / name).read_bytes() for name in STATIC_FILES}


def home_page(pages: Pages) -> None:
    """The noticeboard home."""
    board = pages.board
    stats = compute_stats(board)
    pages.add(
        "index.html",
        "index.html",
        figures=[Figure(key, value) for key, value in stats.as_dict().items()],
        open_wishes=[w for w in board.wishes if w.status == "open"],
    )


def produce_pages(board: Board, ctx: SiteContext) -> dict[str, bytes]:
    """Render every board page plus the stylesheet."""
    pages = Pages(board, ctx)
    home_page(pages)
    pages.files.update(static_files(ctx))
    return pages.files
