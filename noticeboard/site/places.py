"""One page and one Atom feed per place (``places/<slug>/``), and the list of places.

A courtyard's residents follow their own news: the page lists the place's open decisions
with their progress, and its newest wishes, projects and councils (each list linking to the
filter page that has all of them); ``places/<slug>/feed.xml`` carries the events of those
records, as ``feed.xml`` does for the whole board.
"""

from __future__ import annotations

from dataclasses import dataclass

from noticeboard.analysis.places import Place
from noticeboard.site.context import SiteContext
from noticeboard.site.feed import Event, events, feed_xml
from noticeboard.site.figures import filter_page
from noticeboard.site.files import SiteFiles
from noticeboard.site.filters import PLACES_FOLDER
from noticeboard.site.page_values import Group
from noticeboard.site.tracker import cards, tracker_place_paths

PLACES_PAGE = f"{PLACES_FOLDER}/index.html"
SHOWN = 10  # of each kind of record on a place's page; its filter page lists them all


@dataclass(frozen=True)
class PlaceSection:
    """The newest records of one kind at a place, and where to see all of them."""

    key: str  # wishes | projects | councils
    items: list[object]
    count: int
    all_path: str | None  # the filter page listing all of them (None: all are shown)


def _section(ctx: SiteContext, key: str, record_type: str, place: str, records: list[object]) -> PlaceSection:
    more = filter_page(ctx, record_type, place) if len(records) > SHOWN else None
    return PlaceSection(key, records[:SHOWN], len(records), more)


def produce_places(ctx: SiteContext) -> SiteFiles:
    """The list of places, and each place's page and feed."""
    places = ctx.facts.places
    if not places:
        return {}
    paths = ctx.place_paths
    tracker_pages = tracker_place_paths(ctx)
    files: SiteFiles = {
        PLACES_PAGE: ctx.render("places/list.html", PLACES_PAGE, places=[(p, paths[p.name]) for p in places])
    }
    board_events = events(ctx.board)
    for place in places:
        path = paths[place.name]
        files[path] = ctx.render(
            "places/page.html",
            path,
            place=place,
            decisions=Group("decisions", cards(ctx, place.open_decisions)),
            sections=[
                _section(ctx, "wishes", "wish", place.name, list(place.wishes)),
                _section(ctx, "projects", "project", place.name, list(place.projects)),
                _section(ctx, "councils", "council", place.name, list(place.councils)),
            ],
            tracker_path=tracker_pages.get(place.name),
            feed_path=_feed(path),
        )
        files[_feed(path)] = _place_feed(ctx, place, path, board_events)
    return files


def _feed(page: str) -> str:
    return page.removesuffix("index.html") + "feed.xml"


def _place_feed(ctx: SiteContext, place: Place, page: str, board_events: list[Event]) -> bytes:
    """A place's Atom feed: the board's events of the records at the place."""
    records = {("wish", w.id) for w in place.wishes}
    records |= {("project", p.id) for p in place.projects}
    records |= {("council", c.id) for c in place.councils}
    mine = [e for e in board_events if (e.record_type, e.record_id) in records]
    title = ctx.text("places.feed_title", site=ctx.board.site.name, place=place.name)
    return feed_xml(ctx.board, ctx.base_url, ctx.build_date, mine, _feed(page), title)
