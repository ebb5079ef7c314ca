"""The home page's chart comparing communities: bar geometry for an inline SVG, made at build time.

One row per community: its name on a line of its own, then two bars drawn over each other —
the wishes collected (an outline) and the wishes fulfilled (solid) — with the figures beside.
The SVG has no viewBox: lengths are CSS pixels, so its text is drawn at the size the stylesheet
gives it (18 px) on any screen, never scaled down with the drawing; only the bars, whose widths
are percentages of the chart's width, follow the screen. The same figures are in a table beside
it, which is what screen readers and the print edition read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from noticeboard.street.summary import FIGURES, Community

COLLECTED, FULFILLED = FIGURES.index("wishes_collected"), FIGURES.index("wishes_fulfilled")
ROW = 64  # pixels per community: a line of text (18 px type), a bar, space
LABEL, BAR_TOP, BAR = 22, 32, 18  # baseline of the name, top of the bars, their height
LONGEST = 75.0  # the longest bar, in percent of the width: room for the figures after it


@dataclass(frozen=True)
class ChartRow:
    """One community's row of the chart."""

    name: str
    collected: int
    fulfilled: int
    share: float | None  # fulfilled / collected
    label_y: int
    bar_y: int
    collected_width: float  # percent of the chart's width
    fulfilled_width: float
    figures_x: float  # percent: where the figures start, after the longer bar
    figures_y: int


@dataclass(frozen=True)
class Chart:
    height: int
    bar_height: int
    rows: tuple[ChartRow, ...]


def wishes_chart(communities: Sequence[Community]) -> Chart:
    """Lay out the wishes of every community that has data, scaled to the most wishes collected."""
    shown = [c for c in communities if c.snapshot is not None]
    most = max((c.snapshot.figures[COLLECTED] for c in shown if c.snapshot), default=0) or 1
    rows = []
    for position, community in enumerate(shown):
        assert community.snapshot is not None
        collected = community.snapshot.figures[COLLECTED]
        fulfilled = community.snapshot.figures[FULFILLED]
        top = position * ROW
        collected_width = round(LONGEST * collected / most, 2)
        rows.append(
            ChartRow(
                name=community.name,
                collected=collected,
                fulfilled=fulfilled,
                share=fulfilled / collected if collected else None,
                label_y=top + LABEL,
                bar_y=top + BAR_TOP,
                collected_width=collected_width,
                fulfilled_width=round(LONGEST * fulfilled / most, 2),
                figures_x=round(collected_width + 1.5, 2),
                figures_y=top + BAR_TOP + BAR - 3,
            )
        )
    return Chart(height=max(len(rows), 1) * ROW, bar_height=BAR, rows=tuple(rows))
