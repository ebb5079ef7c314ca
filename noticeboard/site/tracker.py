"""The decision tracker (决议落实跟踪): where every adopted decision's follow-up stands.

One card per decision (a five-column table squeezed to a phone's width was unreadable),
grouped by state with overdue ones first, a bar of how many are in each state, the on-time
rate, the difficult problems solved, the co-construction agreements ending or expired, and one
page per place so a courtyard sees its own decisions. A council's place is its ``place``; a
council without one is placed by its ``location``, as before places were listed, so these pages
(``decisions/filter/place-<slug>/``, the slug of :func:`~noticeboard.site.filters.text_slugs`) keep
their addresses; a listed place's page links to its place page (``places/<slug>/``), and back.
A council's own page lists all of its decisions, so the tracker needs no page per council: each
card links to its council.
"""

from __future__ import annotations

from dataclasses import dataclass

from noticeboard.analysis.charts import BarChart, bar_chart
from noticeboard.analysis.decisions import (
    FOLLOW_UP_STATES,
    TrackedDecision,
    by_follow_up,
    follow_up_state,
    on_time_rate,
    problems_solved,
)
from noticeboard.analysis.related import Link
from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles
from noticeboard.site.filters import FILTER_FOLDER, text_slugs
from noticeboard.site.follow import decision_progress
from noticeboard.site.page_values import Group

TRACKER_FOLDER = "decisions"
TRACKER_PAGE = f"{TRACKER_FOLDER}/index.html"
CHART_ORDER = ("done", "in-progress", "pending", "overdue")  # the bar reads left to right
OPEN_STATES = tuple(state for state in FOLLOW_UP_STATES if state != "done")  # shown open; done ones folded


@dataclass(frozen=True)
class DecisionCard:
    """One decision on the tracker: the decision, its council, its state and related records."""

    tracked: TrackedDecision
    state: str  # one of FOLLOW_UP_STATES
    links: list[Link]
    progress: BarChart | None = None  # its follow-up's bar, when its updates say how far it is


@dataclass(frozen=True)
class PlaceLink:
    """A place the councils met at, with how many tracked decisions it has and its page."""

    place: str
    count: int
    path: str  # the place's tracker page
    current: bool  # the page being made is this place's
    place_path: str | None = None  # the place's own page (places/<slug>/), when it is a place


def cards(ctx: SiteContext, tracked: list[TrackedDecision]) -> list[DecisionCard]:
    """The cards of some tracked decisions, in the order given."""
    facts = ctx.facts
    return [
        DecisionCard(
            t, follow_up_state(t), facts.links_of(t.council, t.decision), decision_progress(t.decision)
        )
        for t in tracked
    ]


def state_chart(groups: dict[str, list[TrackedDecision]]) -> BarChart:
    """One bar: how many decisions are done, in progress, pending and overdue."""
    return bar_chart([("decisions", {state: len(groups[state]) for state in CHART_ORDER})], CHART_ORDER)


def places_of(tracker: list[TrackedDecision]) -> dict[str, list[TrackedDecision]]:
    """The tracked decisions by their council's place (else where it met), most decisions first."""
    places: dict[str, list[TrackedDecision]] = {}
    for tracked in tracker:
        places.setdefault(tracked.council.place or tracked.council.location, []).append(tracked)
    return dict(sorted(places.items(), key=lambda item: (-len(item[1]), item[0])))


def tracker_place_paths(ctx: SiteContext) -> dict[str, str]:
    """Each place's tracker page, by place."""
    places = list(places_of(ctx.facts.tracker))
    slugs = text_slugs("place", places)
    return {place: f"{TRACKER_FOLDER}/{FILTER_FOLDER}/{slugs[place]}/index.html" for place in places}


def produce_tracker(ctx: SiteContext) -> SiteFiles:
    """The tracker page and one tracker page per place."""
    tracker = ctx.facts.tracker
    places = places_of(tracker)
    paths = tracker_place_paths(ctx)
    place_pages = ctx.place_paths
    files: SiteFiles = {}
    for place, tracked in [("", tracker), *places.items()]:
        path = paths.get(place, TRACKER_PAGE)
        groups = by_follow_up(tracked)
        files[path] = ctx.render(
            "decisions.html",
            path,
            place=place,
            chart=state_chart(groups),
            rate=on_time_rate(tracked),
            states=[Group(state, cards(ctx, groups[state])) for state in OPEN_STATES],
            done=Group("done", cards(ctx, groups["done"])),
            solved=Group("solved", problems_solved(tracked)),
            places=[
                PlaceLink(p, len(t), paths[p], p == place, place_pages.get(p)) for p, t in places.items()
            ],
            place_path=place_pages.get(place),
            agreements=None if place else ctx.facts.agreements,
        )
    return files
