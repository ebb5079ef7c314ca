"""Bar charts as rows of labelled bars, laid out at build time and drawn in HTML.

A chart drawn as one scaled SVG shrinks its labels with the screen (5.8 px month names at
375 px). Here every label and value is text at the page's own size, and each bar is made of
segments whose width is a whole percent of the longest bar, which the stylesheet draws from a
class (``w-0`` … ``w-100``: no style attribute, so a Content-Security-Policy needs none). A
segment shows its value inside when it is wide enough to hold it; the row's total is written
beside every bar, and the same numbers go into a table beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_LABELLED_WIDTH = 8  # percent: narrower segments leave their number to the total and the table


@dataclass(frozen=True)
class Segment:
    """One series' part of a bar."""

    series: str  # a catalog key suffix and a CSS class: bar-<series>
    value: int
    width: int  # percent of the chart's longest bar, 0–100
    labelled: bool  # wide enough to show its value inside


@dataclass(frozen=True)
class BarRow:
    """One bar: what it stands for (a key the template names), its segments and its total."""

    key: str  # e.g. "2022-08" for a month, or a series name
    segments: tuple[Segment, ...]
    total: int


@dataclass(frozen=True)
class BarChart:
    """Rows of stacked bars over the same series, scaled to the largest total."""

    series: tuple[str, ...]
    rows: tuple[BarRow, ...]
    maximum: int


def bar_chart(rows: Sequence[tuple[str, dict[str, int]]], series: Sequence[str]) -> BarChart:
    """Lay out stacked bars: ``rows`` are (key, {series: value}), ``series`` the stacking order."""
    maximum = max((sum(values.get(s, 0) for s in series) for _, values in rows), default=0)
    laid_out = []
    for key, values in rows:
        segments = []
        start = 0.0
        for name in series:
            value = values.get(name, 0)
            # Round the ends, not the widths, so a bar's segments add up to its rounded length.
            end = start + (100 * value / maximum if maximum else 0)
            width = round(end) - round(start)
            segments.append(Segment(name, value, width, value > 0 and width >= MIN_LABELLED_WIDTH))
            start = end
        laid_out.append(BarRow(key, tuple(segments), sum(values.get(s, 0) for s in series)))
    return BarChart(tuple(series), tuple(laid_out), maximum)


PROGRESS_SERIES = ("done", "left")  # a follow-up's bar: the part done, then the part left


def progress_bar(percent: int) -> BarChart:
    """One bar of a whole (100): the part of a follow-up done, then the part left."""
    return bar_chart([("progress", {"done": percent, "left": 100 - percent})], PROGRESS_SERIES)
