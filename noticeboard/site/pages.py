"""The board pages: which page gets which template and which ready-made values.

Everything a template shows is computed here or in :mod:`noticeboard.analysis` (counts,
filters, orderings) and passed in; templates only format. Record pages get their
``record_tools`` (edit link, history, disclosure) and list pages their ``new_link`` and
``section_filters`` from the build's :class:`~noticeboard.site.context.SiteContext`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from noticeboard.analysis.activity import ACTIVITY_SERIES, monthly_activity, points_by_month
from noticeboard.analysis.charts import bar_chart
from noticeboard.analysis.decisions import by_follow_up, is_overdue, latest_decisions
from noticeboard.analysis.partners import demand_matches, newest_partners
from noticeboard.analysis.rankings import RANKING_GROUPS, Standing
from noticeboard.analysis.wishes import open_wishes
from noticeboard.content.model import Board, Partner, Project, Wish
from noticeboard.content.points import LedgerLine
from noticeboard.content.schema import enum_values
from noticeboard.content.types import SECTIONED, TYPES_BY_NAME, record_type_of
from noticeboard.site import urls
from noticeboard.site.context import NO_PROSE, Producer, SiteContext
from noticeboard.site.figures import headline_figures
from noticeboard.site.files import UNCHANGED, SiteFiles
from noticeboard.site.filters import records_of
from noticeboard.site.follow import decision_progress, wish_steps
from noticeboard.site.page_values import (
    DecisionRow,
    DemandRow,
    Group,
    LedgerRow,
    StandingRow,
    SupplyGroup,
)
from noticeboard.site.places import produce_places
from noticeboard.site.shop import SHOP_PAGE, produce_shop
from noticeboard.site.theme import static_files as theme_assets
from noticeboard.site.tracker import produce_tracker, state_chart

AGREEMENT_STATUSES = ("signed", "completed", "cancelled")  # the projects that reached an agreement
HOME_OPEN_WISHES = 8  # the longest-waiting ones; the home page must stay small (< 100 KB)
SUGGESTIONS_SHOWN = 6  # per open project on the list page, so a big board's list stays readable
SUGGESTIONS_ON_PAGE = 30  # on the project's own page; the supply list has every offer
SUMMARY_LENGTH = 110  # characters of a page's description: what a link preview shows
_MARKUP = re.compile(r"[#*_`>|\[\]()~-]+")  # Markdown's marks, dropped from a summary


class Identified(Protocol):
    """A record: its page's address is made from its id."""

    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=Identified)


class Pages:
    """Collects the rendered pages of one producer."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.board = ctx.board
        self.facts = ctx.facts
        self.files: SiteFiles = {}

    def add(self, page_path: str, template: str, **values: Any) -> None:
        """Render ``template`` as the page at ``page_path``."""
        self.files[page_path] = self.ctx.render(template, page_path, **values)

    def add_list(self, record_type: str, template: str, **values: Any) -> None:
        """Render a record type's list page, with its filters and "propose a new one" link (or
        keep it: a list shows no record's prose, :meth:`SiteContext.kept`)."""
        page_path = urls.list_file(record_type)
        if self.ctx.kept(page_path, None):
            self.files[page_path] = UNCHANGED
            return
        self.add(
            page_path,
            template,
            record_type=record_type,
            new_link=self.ctx.provenance.new_url(record_type),
            section_filters=self.ctx.filters[record_type].links(),
            **values,
        )

    def to_make(self, record_type: str, records: Iterable[R]) -> Iterator[R]:
        """The records whose pages this build makes; the others' pages are kept as the last
        build made them (:meth:`SiteContext.kept`), without working out their values."""
        for record in records:
            page_path = urls.record_file(record_type, record.id)
            if self.ctx.kept(page_path, record):
                self.files[page_path] = UNCHANGED
            else:
                yield record

    def add_record(self, record_type: str, record: Any, template: str, **values: Any) -> None:
        """Render one record's page, with its edit link, history, disclosure delays and summary."""
        self.add(
            urls.record_file(record_type, record.id),
            template,
            record_type=record_type,
            record_tools=self.ctx.provenance.record_tools(record_type, record),
            description=summary(record),
            og_type="article",
            photos=self.ctx.pictures.pictures(getattr(record, "photos", ()), "page"),
            **{record_type: record},
            **values,
        )

    def partners(self, ids: tuple[str, ...] | list[str]) -> list[Partner]:
        """The partners of these ids, in the given order (unknown ids skipped)."""
        return [p for p in (self.board.partner(i) for i in ids) if p is not None]

    def standing_rows(self, standings: list[Standing]) -> list[StandingRow]:
        """Pair each standing with its partner."""
        return [StandingRow(self.board.partners_by_id[s.partner], s) for s in standings]


def home_page(pages: Pages) -> None:
    """The noticeboard home: figures, how to raise a wish, waiting wishes, decisions, partners,
    points, activity."""
    board, facts = pages.board, pages.facts
    waiting = open_wishes(board)
    months = monthly_activity(board)
    pages.add(
        "index.html",
        "index.html",
        figures=headline_figures(pages.ctx),
        open_wishes=Group("open", waiting[:HOME_OPEN_WISHES]),
        open_wish_count=len(waiting),
        latest_decisions=latest_decisions(facts.tracker),
        decisions_chart=state_chart(by_follow_up(facts.tracker)),
        newest_partners=newest_partners(board),
        top_ten=pages.standing_rows(facts.overall_ranking[:10]),
        activity=bar_chart([(m.month, m.counts()) for m in months], ACTIVITY_SERIES),
        activity_months=months,
        disclosure_months=pages.ctx.provenance.disclosure_months(),
        responses=facts.response_times,
        places=[(place, pages.ctx.place_paths[place.name]) for place in facts.places],
    )


def partner_pages(pages: Pages) -> None:
    """The partner register by kind, and one profile per partner."""
    board, facts = pages.board, pages.facts
    ordered = sorted(board.partners, key=lambda p: (not p.is_active, p.joined, p.id))
    groups = [
        Group("organizations", [p for p in ordered if not p.is_individual]),
        Group("individuals", [p for p in ordered if p.is_individual]),
    ]
    pages.add_list("partner", "partners/list.html", groups=groups, section="partners")
    shop = {r.id: r.catalogue_item for r in board.redemptions if r.catalogue_item}
    for partner in pages.to_make("partner", board.partners):
        record = facts.partner_records[partner.id]
        pages.add_record(
            "partner",
            partner,
            "partners/page.html",
            partner_record=record,
            ledger=[LedgerRow(line, _ledger_target(line, shop)) for line in record.ledger],
            standing=facts.standings[partner.id],
        )


def _ledger_target(line: LedgerLine, shop: dict[str, str]) -> str | None:
    """The page a ledger line links to: its record's, an honour's section, a shop item's."""
    if urls.has_page(line.record_type):
        path = urls.record_file(line.record_type, line.record_id)
        return path + "#honors" if line.kind == "honor" else path
    item = shop.get(line.record_id) if line.kind == "redemption" else None
    return f"{SHOP_PAGE}#item-{item}" if item else None


def project_pages(pages: Pages) -> None:
    """Supply and demand docking, the agreements, and one page per project."""
    board, facts = pages.board, pages.facts
    matches = demand_matches(board, facts.supply)
    demand = Group(
        "demand",
        [
            DemandRow(p, matches[p.id][:SUGGESTIONS_SHOWN], max(len(matches[p.id]) - SUGGESTIONS_SHOWN, 0))
            for p in sorted(board.projects, key=lambda p: (p.raised, p.id))
            if p.status == "open"
        ],
    )
    newest_first = sorted(board.projects, key=lambda p: (p.signed or p.raised, p.id), reverse=True)
    agreements = [
        Group(status, [p for p in newest_first if p.status == status]) for status in AGREEMENT_STATUSES
    ]
    supply = [
        SupplyGroup(f"supply-{number}", category, offers)
        for number, (category, offers) in enumerate(facts.supply.items(), start=1)
    ]
    pages.add_list("project", "projects/list.html", demand=demand, supply=supply, agreements=agreements)
    anchors = {group.category: group.anchor for group in supply}
    for project in pages.to_make("project", board.projects):
        suggestions = matches.get(project.id, [])
        pages.add_record(
            "project",
            project,
            "projects/page.html",
            partners=pages.partners(project.partners),
            suggestions=suggestions[:SUGGESTIONS_ON_PAGE],
            more_suggestions=max(len(suggestions) - SUGGESTIONS_ON_PAGE, 0),
            supply_anchor=anchors.get(project.category),
            points=_project_points(board, project),
            related=facts.links_of(project),
            place_path=pages.ctx.place_path(project.place),
            agreement_expired=project.agreement_expired(board.build_date),
        )


def _project_points(board: Board, project: Project) -> int | None:
    """The points a completed project earned each of its partners."""
    if project.status != "completed":
        return None
    return project.points if project.points is not None else board.rules.project_completed


def wish_pages(pages: Pages) -> None:
    """The wishes by status (one section each), and one page per wish with its story."""
    board, facts = pages.board, pages.facts
    newest_first = sorted(board.wishes, key=lambda w: (w.submitted, w.id), reverse=True)
    groups = [Group("open", open_wishes(board))]  # oldest first: they have waited longest
    statuses = enum_values("wish", "status")
    groups += [Group(status, [w for w in newest_first if w.status == status]) for status in statuses[1:]]
    pages.add_list(
        "wish", "wishes/list.html", groups=groups, section="wishes", responses=facts.response_times
    )
    for wish in pages.to_make("wish", board.wishes):
        claimer = board.partner(wish.claimed_by) if wish.claimed_by else None
        pages.add_record(
            "wish",
            wish,
            "wishes/page.html",
            steps=wish_steps(wish, claimer),
            claimer=claimer,
            points=_wish_points(board, wish),
            related=facts.links_of(wish),
            place_path=pages.ctx.place_path(wish.place),
        )


def _wish_points(board: Board, wish: Wish) -> int | None:
    """The points a fulfilled wish earned its claimer (the rules' default unless it says)."""
    if wish.status != "fulfilled":
        return None
    return wish.points if wish.points is not None else board.rules.wish_fulfilled


def council_pages(pages: Pages) -> None:
    """Councils held and planned, and one page per council (the tracker: noticeboard.site.tracker)."""
    board, facts, pictures = pages.board, pages.facts, pages.ctx.pictures
    newest_first = sorted(board.councils, key=lambda c: (c.date, c.id), reverse=True)
    groups = [
        Group("planned", [c for c in reversed(newest_first) if c.date > board.build_date]),
        Group("held", [c for c in newest_first if c.date <= board.build_date]),
    ]
    pages.add_list("council", "councils/list.html", groups=groups)
    for council in pages.to_make("council", board.councils):
        pages.add_record(
            "council",
            council,
            "councils/page.html",
            held=council.date <= board.build_date,
            attendees=pages.partners(council.attendees),
            decisions=[
                DecisionRow(
                    d,
                    is_overdue(d, board.build_date),
                    facts.links_of(council, d),
                    progress=decision_progress(d),
                    photos=pictures.pictures(d.photos, "pair" if len(d.photos) > 1 else "page"),
                )
                for d in council.decisions
            ],
            place_path=pages.ctx.place_path(council.place),
        )


def points_page(pages: Pages) -> None:
    """The rankings of organisations and of individuals, points by month, and the rules."""
    facts = pages.facts
    months = points_by_month(facts.ledgers, pages.board.build_date)
    pages.add(
        "points/index.html",
        "points.html",
        groups=[Group(key, pages.standing_rows(facts.rankings[key])) for key in RANKING_GROUPS],
        points_chart=bar_chart([(m.month, {"earned": m.earned}) for m in months], ("earned",)),
        points_months=months,
        rules=pages.board.rules,
        shop_path=SHOP_PAGE if pages.board.catalogue_source is not None else None,
    )


def summary(record: Any) -> str:
    """What a record's page says of itself to a link preview (WeChat, search engines): its
    title, then the start of its text, plain."""
    record_type = record_type_of(record)
    title = str(getattr(record, record_type.title_field))
    prose = str(getattr(record, record_type.prose, "") or "") if record_type.prose else ""
    plain = " ".join(_MARKUP.sub(" ", prose).split())
    if len(plain) > SUMMARY_LENGTH:
        plain = plain[: SUMMARY_LENGTH - 1] + "…"
    return f"{title}。{plain}" if plain and not title.endswith(("。", "！", "？", ".")) else f"{title}{plain}"


def not_found_page(pages: Pages) -> None:
    """The page a host shows for a missing address; its links work from any address."""
    pages.add("404.html", "404.html", absolute_links=True, canonical=None)


def static_files(ctx: SiteContext) -> SiteFiles:
    """The assets (stylesheets, the search script), the engine's and the board's, copied as is."""
    return {f"static/{rel}": path.read_bytes() for rel, path in theme_assets(ctx.theme).items()}


def record_type_pages(record_type: str) -> Callable[[Pages], None]:
    """The pages of a record type without pages of its own making: its list, newest first
    (``<section>/list.html`` with ``records``), and one page per record (``<section>/page.html``)."""

    def make(pages: Pages) -> None:
        folder = urls.section(record_type)
        pages.add_list(record_type, f"{folder}/list.html", records=records_of(pages.board, record_type))
        for record in pages.to_make(record_type, pages.board.of(record_type)):
            pages.add_record(record_type, record, f"{folder}/page.html")

    make.__name__ = f"{record_type}_pages"
    return make


def _pages_of(
    name: str, typical_seconds: float, shows: frozenset[str], *sections: Callable[[Pages], None]
) -> Producer:
    """A producer rendering the pages of some sections (``shows``: whose prose they show)."""

    def make(ctx: SiteContext) -> SiteFiles:
        pages = Pages(ctx)
        for section in sections:
            section(pages)
        return pages.files

    return Producer(name, make, typical_seconds, shows)


def _own(record_type: str) -> frozenset[str]:
    """A record type's pages show its own records' prose (the page, its summary) and no other's."""
    return frozenset({record_type}) if TYPES_BY_NAME[record_type].prose else NO_PROSE


# One producer per section, so that the two processes of a build can share the pages out
# evenly; together they make every board page.
PAGE_PRODUCERS = (
    _pages_of("front pages", 0.2, NO_PROSE, home_page, points_page, not_found_page),
    _pages_of("partner pages", 1.0, _own("partner"), partner_pages),
    _pages_of("project pages", 1.3, _own("project"), project_pages),
    _pages_of("wish pages", 1.5, _own("wish"), wish_pages),
    _pages_of("council pages", 1.5, _own("council"), council_pages),
    Producer("tracker pages", produce_tracker, 0.6, NO_PROSE),
    Producer("places", produce_places, 0.2, NO_PROSE),
    Producer("points shop", produce_shop, 0.0, NO_PROSE),
    *(
        _pages_of(f"{t.name} pages", 0.2, _own(t.name), record_type_pages(t.name))
        for t in SECTIONED
        if t.name not in ("partner", "project", "wish", "council")
    ),
    Producer("static files", static_files, 0.0, NO_PROSE),
)
