"""The home page's headline figures, each saying what it counts and linking to the list
that shows exactly that number ("签约共建项目 53" once sat beside "已签约 (15)" on the projects
page, with nothing saying that 53 = 15 still running + 38 completed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from noticeboard.site.context import SiteContext


@dataclass(frozen=True)
class HeadlineFigure:
    """One figure of the home page: its value, its label's key, what it is made of, and where to see it."""

    key: str  # stats.<key> names it
    value: int
    note: str  # what it counts, in words (its parts, or its definition)
    path: str  # the page (with an anchor) that lists exactly what it counts


def filter_page(ctx: SiteContext, record_type: str, value: str) -> str:
    """The page listing the records with a keyword value (their list page when that is all of them)."""
    section = ctx.filters[record_type]
    for dimension in section.navigation:
        for item in dimension.values:
            if item.value == value and item.page:
                return item.page
    return section.list_path


def headline_figures(ctx: SiteContext) -> list[HeadlineFigure]:
    """The seven figures of data/stats.json, in its order, with their notes and pages."""
    board, stats = ctx.board, ctx.facts.stats
    wishes = Counter(w.status for w in board.wishes)
    projects = Counter(p.status for p in board.projects)
    planned = sum(1 for c in board.councils if c.date > board.build_date)
    withdrawn = sum(1 for p in board.partners if not p.is_active)
    text = ctx.text
    notes = {
        "partners_active": text("figure.partners_active", withdrawn=withdrawn),
        "projects_signed": text(
            "figure.projects_signed", running=projects["signed"], done=projects["completed"]
        ),
        "wishes_collected": text(
            "figure.wishes_collected",
            open=wishes["open"],
            claimed=wishes["claimed"],
            fulfilled=wishes["fulfilled"],
            withdrawn=wishes["withdrawn"],
        ),
        "wishes_fulfilled": text("figure.wishes_fulfilled"),
        "councils_held": text("figure.councils_held", planned=planned),
        "council_participants": text("figure.council_participants", councils=stats.councils_held),
        "problems_solved": text("figure.problems_solved"),
    }
    paths = {
        "partners_active": filter_page(ctx, "partner", "active"),
        "projects_signed": "projects/index.html#signed",
        "wishes_collected": "wishes/index.html",
        "wishes_fulfilled": filter_page(ctx, "wish", "fulfilled"),
        "councils_held": "councils/index.html#held",
        "council_participants": "councils/index.html#held",
        "problems_solved": "decisions/index.html#solved",
    }
    return [HeadlineFigure(f.key, f.value, notes[f.key], paths[f.key]) for f in stats.figures()]
