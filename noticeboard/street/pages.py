"""The street pages: which page gets which template and which ready-made values.

Every value a template shows is worked out here or in :mod:`noticeboard.street.summary` —
the status line of each community, the totals, the chart — so templates only format. Links to
a community's own board are absolute addresses (a board is another site); links between the
street's pages are relative, so the built folder works from disk, ``/`` or a sub-path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from noticeboard.paths import TEMPLATES
from noticeboard.site import i18n
from noticeboard.site.memory import BuildStore
from noticeboard.site.printing import css_string
from noticeboard.site.qr import qr_svg
from noticeboard.site.urls import absolute_url
from noticeboard.street.chart import wishes_chart
from noticeboard.street.config import Street
from noticeboard.street.exports import community_page
from noticeboard.street.render import StreetRenderer, translate
from noticeboard.street.summary import FIGURES, STALE, UNAVAILABLE, Community, OverdueDecision, Totals

# The street's main menu: (catalog key, page).
NAV = (
    ("nav.home", "index.html"),
    ("street.nav.wishes", "wishes/index.html"),
    ("street.nav.decisions", "decisions/index.html"),
)
PRINT_OVERDUE = 30  # the wall sheet lists the longest-overdue decisions; the site lists them all
# Problem codes the pages name in words; any other problem is "the data have errors".
_REASONS = ("unreachable", "not-a-board", "schema-version", "other-street")


@dataclass(frozen=True)
class StatusLine:
    """How a community's data stand, in words: current, a stale copy "as of", or unavailable."""

    status: str
    text: str
    note: str  # why it is stale or unavailable; "" when current


def status_line(community: Community, language: str) -> StatusLine:
    """The status of a community's data as the pages say it."""
    snap = community.snapshot
    reason = community.reason if community.reason in _REASONS else "other"
    if snap is None:
        return StatusLine(
            UNAVAILABLE,
            translate(language, "street.status.unavailable"),
            translate(language, f"street.reason.{reason}"),
        )
    date = _date(snap.build_date, language)
    if community.status == STALE:
        return StatusLine(
            STALE,
            translate(language, "street.status.stale", date=date),
            translate(language, f"street.reason.{reason}"),
        )
    return StatusLine(community.status, translate(language, "street.status.current", date=date), "")


def _date(value: dt.date, language: str) -> str:
    return i18n.format_date(value, language)


@dataclass(frozen=True)
class Row:
    """One community on the pages: it, its status and its page."""

    community: Community
    status: StatusLine
    page: str  # its page on the street board (site path)

    @property
    def name(self) -> str:
        return self.community.name


def street_pages(
    street: Street, communities: Sequence[Community], totals: Totals, build_date: dt.date
) -> dict[str, bytes]:
    """Render every page of the street board: site path -> bytes."""
    renderer = StreetRenderer(street, build_date)
    language = street.language
    rows = [Row(c, status_line(c, language), community_page(c.id) + "index.html") for c in communities]
    shared = {"nav": NAV, "figures": FIGURES}
    notes = _notes(rows, language)
    pages = {
        "index.html": renderer.render(
            "street/index.html",
            "index.html",
            rows=rows,
            totals=totals,
            notes=notes,
            chart=wishes_chart(communities),
            **shared,
        ),
        "wishes/index.html": renderer.render(
            "street/wishes.html", "wishes/index.html", rows=rows, count=totals.open_wishes, **shared
        ),
        "decisions/index.html": renderer.render(
            "street/decisions.html", "decisions/index.html", rows=rows, count=totals.overdue, **shared
        ),
    }
    for row in rows:
        pages[row.page] = renderer.render("street/community.html", row.page, row=row, **shared)
    pages["print/index.html"] = print_edition(renderer, street, rows, totals, build_date)
    pages["static/style.css"] = (TEMPLATES / "static" / "style.css").read_bytes()  # the board's
    pages["static/street.css"] = (TEMPLATES / "street" / "street.css").read_bytes()
    return pages


def _notes(rows: Sequence[Row], language: str) -> list[str]:
    """Say which communities are stale or unavailable, above the table."""
    separator = translate(language, "punct.list_sep")
    notes = []
    for status, key in ((STALE, "street.note.stale"), (UNAVAILABLE, "street.note.unavailable")):
        names = [row.name for row in rows if row.status.status == status]
        if names:
            notes.append(translate(language, key, names=separator.join(names)))
    return notes


class _Codes:
    """QR codes for the print edition: the street's home and each community's board."""

    def __init__(self, street: Street) -> None:
        self.language = street.language
        self.drawn = BuildStore()
        self.home = absolute_url(street.base_url, "")

    def of(self, url: str | None) -> Markup:
        if not url:
            return Markup("")
        return qr_svg(url, translate(self.language, "street.qr_label", url=url), self.drawn)


def print_edition(
    renderer: StreetRenderer, street: Street, rows: Sequence[Row], totals: Totals, build_date: dt.date
) -> bytes:
    """The print edition for the street office's wall: A3, black and white, QR codes."""
    overdue: list[tuple[Row, OverdueDecision]] = [
        (row, decision)
        for row in rows
        if row.community.snapshot
        for decision in row.community.snapshot.overdue
    ]
    overdue.sort(key=lambda item: (-item[1].days_overdue, item[0].community.id, item[1].council_id))
    language = street.language
    heading = translate(language, "street.site_name", street=street.name)
    printed = translate(language, "street.print.printed")
    running_head = f"{heading} · {printed} {_date(build_date, language)}"
    return renderer.render(
        "street/print.html",
        "print/index.html",
        rows=rows,
        totals=totals,
        overdue=overdue[:PRINT_OVERDUE],
        overdue_count=len(overdue),
        codes=_Codes(street),
        paper="A3",
        figures=FIGURES,
        running_head=css_string(running_head),
        page_numbers=Markup(translate(language, "print.page_numbers_css")),
    )
