"""The board pages producer: which page gets which template and which ready-made facts.

Everything a template shows is computed here or in :mod:`noticeboard.analysis` (counts,
filters, orderings); templates only format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from noticeboard import analysis, urls
from noticeboard.chart import activity_chart
from noticeboard.model import Board, Date, Decision, Partner, Project, Wish
from noticeboard.points import LedgerLine, Standing, ledgers, rankings
from noticeboard.provenance import disclosure_months
from noticeboard.render import SiteContext
from noticeboard.stats import compute_stats

STATIC_FILES = ("style.css",)
WISH_STATUSES = ("open", "claimed", "fulfilled", "withdrawn")
PROJECT_STATUSES = ("signed", "completed", "cancelled")
HOME_OPEN_WISHES = 8  # the longest-waiting ones; the home page must stay small (< 100 KB)
SUGGESTIONS_SHOWN = 6  # per open project on the list page, so a big board's list stays readable
SUGGESTIONS_ON_PAGE = 30  # on the project's own page; the supply list has every offer


@dataclass(frozen=True)
class Figure:
    key: str
    value: int


@dataclass(frozen=True)
class Group:
    """A titled list of records (a section of a list page)."""

    key: str  # catalog key suffix and HTML anchor
    items: list

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class StandingRow:
    partner: Partner
    standing: Standing


@dataclass(frozen=True)
class LedgerRow:
    line: LedgerLine
    path: str | None  # the page of the record that earned or spent; None for awards, redemptions


@dataclass(frozen=True)
class DemandRow:
    """An open project with the first few matching partners; its page lists them all."""

    project: Project
    suggestions: list[Partner]
    more: int  # matching partners not shown on the list


@dataclass(frozen=True)
class SupplyGroup:
    """The offers of one service category; ``anchor`` links to it on the projects page."""

    anchor: str
    category: str
    offers: list[analysis.Offer]


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    overdue: bool


@dataclass(frozen=True)
class Step:
    """One step of a wish's story: submitted, claimed, fulfilled, withdrawn."""

    key: str
    date: Date | None
    partner: Partner | None = None
    who: str = ""


class Pages:
    """Collects the rendered pages of one build."""

    def __init__(self, board: Board, ctx: SiteContext) -> None:
        self.board = board
        self.ctx = ctx
        self.files: dict[str, bytes] = {}
        self.ledgers = ledgers(board)
        self.rankings = rankings(board, self.ledgers)

    def add(self, page_path: str, template: str, **values: object) -> None:
        """Render ``template`` as the page at ``page_path``."""
        self.files[page_path] = self.ctx.render(template, page_path, **values)

    def partners(self, ids: tuple[str, ...] | list[str]) -> list[Partner]:
        """The partners of these ids, in the given order (unknown ids skipped)."""
        return [p for p in (self.board.partner(i) for i in ids) if p is not None]

    def standing_rows(self, standings: list[Standing]) -> list[StandingRow]:
        """Pair each standing with its partner."""
        return [StandingRow(self.board.partners_by_id[s.partner], s) for s in standings]


def static_files(ctx: SiteContext) -> dict[str, bytes]:
    """The stylesheet, copied as is."""
    return {f"static/{name}": (ctx.templates / "static" / name).read_bytes() for name in STATIC_FILES}


def home_page(pages: Pages) -> None:
    """The noticeboard home: figures, waiting wishes, decisions, partners, points, activity."""
    board = pages.board
    stats = compute_stats(board)
    waiting = analysis.open_wishes(board)
    pages.add(
        "index.html",
        "index.html",
        figures=[Figure(key, value) for key, value in stats.as_dict().items()],
        open_wishes=Group("open", waiting[:HOME_OPEN_WISHES]),
        open_wish_count=len(waiting),
        latest_decisions=analysis.latest_decisions(board),
        newest_partners=analysis.newest_partners(board),
        top_ten=pages.standing_rows(analysis.top_points(board)),
        activity=activity_chart(analysis.monthly_activity(board)),
        disclosure_months=disclosure_months(pages.ctx),
    )


def partner_pages(pages: Pages) -> None:
    """The partner register by kind, and one profile per partner."""
    board = pages.board
    ordered = sorted(board.partners, key=lambda p: (not p.is_active, p.joined, p.id))
    groups = [
        Group("organizations", [p for p in ordered if not p.is_individual]),
        Group("individuals", [p for p in ordered if p.is_individual]),
    ]
    pages.add(
        "partners/index.html", "partners/list.html", groups=groups, section="partners", record_type="partner"
    )
    records = analysis.partner_records(board)
    standings = {s.partner: s for group in pages.rankings.values() for s in group}
    for partner in board.partners:
        record = records[partner.id]
        pages.add(
            urls.record_file("partner", partner.id),
            "partners/page.html",
            partner=partner,
            record=record,
            ledger=[LedgerRow(line, _ledger_target(line)) for line in record.ledger],
            standing=standings[partner.id],
            record_type="partner",
        )


def _ledger_target(line: LedgerLine) -> str | None:
    if line.record_type in urls.SECTIONS:
        path = urls.record_file(line.record_type, line.record_id)
        return path + "#honors" if line.kind == "honor" else path
    return None


def project_pages(pages: Pages) -> None:
    """Supply and demand docking, the agreements, and one page per project."""
    board = pages.board
    matches = analysis.demand_matches(board)
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
        Group(status, [p for p in newest_first if p.status == status]) for status in PROJECT_STATUSES
    ]
    supply = [
        SupplyGroup(f"supply-{number}", category, offers)
        for number, (category, offers) in enumerate(analysis.supply_list(board).items(), start=1)
    ]
    pages.add(
        "projects/index.html",
        "projects/list.html",
        demand=demand,
        supply=supply,
        agreements=agreements,
        record_type="project",
    )
    anchors = {group.category: group.anchor for group in supply}
    for project in board.projects:
        suggestions = matches.get(project.id, [])
        pages.add(
            urls.record_file("project", project.id),
            "projects/page.html",
            project=project,
            partners=pages.partners(project.partners),
            suggestions=suggestions[:SUGGESTIONS_ON_PAGE],
            more_suggestions=max(len(suggestions) - SUGGESTIONS_ON_PAGE, 0),
            supply_anchor=anchors.get(project.category),
            points=_project_points(board, project),
            record=project,
            record_type="project",
        )


def _project_points(board: Board, project: Project) -> int | None:
    """The points a completed project earned each of its partners."""
    if project.status != "completed":
        return None
    return project.points if project.points is not None else board.rules.project_completed


def wish_pages(pages: Pages) -> None:
    """The wishes by status (one section each), and one page per wish with its story."""
    board = pages.board
    newest_first = sorted(board.wishes, key=lambda w: (w.submitted, w.id), reverse=True)
    groups = [Group("open", analysis.open_wishes(board))]  # oldest first: they have waited longest
    groups += [Group(status, [w for w in newest_first if w.status == status]) for status in WISH_STATUSES[1:]]
    pages.add("wishes/index.html", "wishes/list.html", groups=groups, section="wishes", record_type="wish")
    for wish in board.wishes:
        pages.add(
            urls.record_file("wish", wish.id),
            "wishes/page.html",
            wish=wish,
            steps=_wish_steps(pages, wish),
            claimer=board.partner(wish.claimed_by) if wish.claimed_by else None,
            points=_wish_points(board, wish),
            record=wish,
            record_type="wish",
        )


def _wish_points(board: Board, wish: Wish) -> int | None:
    """The points a fulfilled wish earned its claimer (the rules' default unless it says)."""
    if wish.status != "fulfilled":
        return None
    return wish.points if wish.points is not None else board.rules.wish_fulfilled


def _wish_steps(pages: Pages, wish: Wish) -> list[Step]:
    claimer = pages.board.partner(wish.claimed_by) if wish.claimed_by else None
    steps = [Step("submitted", wish.submitted, who=wish.reported_by)]
    if wish.claimed:
        steps.append(Step("claimed", wish.claimed, partner=claimer))
    if wish.fulfilled:
        steps.append(Step("fulfilled", wish.fulfilled, partner=claimer))
    if wish.status == "withdrawn":
        steps.append(Step("withdrawn", None))
    return steps


def council_pages(pages: Pages) -> None:
    """Councils held and planned, one page per council, and the decision tracker."""
    board = pages.board
    newest_first = sorted(board.councils, key=lambda c: (c.date, c.id), reverse=True)
    groups = [
        Group("planned", [c for c in reversed(newest_first) if c.date > board.build_date]),
        Group("held", [c for c in newest_first if c.date <= board.build_date]),
    ]
    pages.add("councils/index.html", "councils/list.html", groups=groups, record_type="council")
    for council in board.councils:
        pages.add(
            urls.record_file("council", council.id),
            "councils/page.html",
            council=council,
            held=council.date <= board.build_date,
            attendees=pages.partners(council.attendees),
            decisions=[DecisionRow(d, analysis.is_overdue(d, board.build_date)) for d in council.decisions],
            record=council,
            record_type="council",
        )
    tracker = analysis.decision_tracker(board)
    pages.add(
        "decisions/index.html",
        "decisions.html",
        followups=Group("followups", analysis.open_followups(board)),
        done=Group("done", [t for t in tracker if t.decision.status == "done"]),
        rate=analysis.on_time_rate(board),
        solved=Group("solved", analysis.problems_solved(board)),
    )


def points_page(pages: Pages) -> None:
    """The rankings of organisations and of individuals, and the rules."""
    pages.add(
        "points/index.html",
        "points.html",
        groups=[
            Group(key, pages.standing_rows(pages.rankings[key])) for key in ("organizations", "individuals")
        ],
        rules=pages.board.rules,
    )


def not_found_page(pages: Pages) -> None:
    """The page a host shows for a missing address; its links work from any address."""
    pages.add("404.html", "404.html", absolute_links=True, canonical=None)


def _producer(
    name: str, *sections: Callable[[Pages], None]
) -> Callable[[Board, SiteContext], dict[str, bytes]]:
    def produce(board: Board, ctx: SiteContext) -> dict[str, bytes]:
        pages = Pages(board, ctx)
        for section in sections:
            section(pages)
        return pages.files

    produce.__name__ = produce.__qualname__ = name  # how parallel.py times it and errors name it
    produce.__doc__ = f"Render the pages of: {', '.join(section.__name__ for section in sections)}."
    return produce


# One producer per section, so that the two processes of a build (noticeboard.parallel)
# can share the pages out evenly; together they make every board page.
produce_front_pages = _producer("produce_front_pages", home_page, points_page, not_found_page)
produce_partner_pages = _producer("produce_partner_pages", partner_pages)
produce_project_pages = _producer("produce_project_pages", project_pages)
produce_wish_pages = _producer("produce_wish_pages", wish_pages)
produce_council_pages = _producer("produce_council_pages", council_pages)


def produce_static(board: Board, ctx: SiteContext) -> dict[str, bytes]:
    """The stylesheet."""
    return static_files(ctx)


PAGE_PRODUCERS = (
    produce_front_pages,
    produce_partner_pages,
    produce_project_pages,
    produce_wish_pages,
    produce_council_pages,
    produce_static,
)
