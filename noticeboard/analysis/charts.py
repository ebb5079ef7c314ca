"""The home page's monthly activity strip: bar geometry for an inline SVG, made at build time.

The template draws the rectangles it is given; the same numbers go into a text table for
screen readers and print, so the chart itself is decoration (``aria-hidden``).
"""

from __future__ import annotations

from dataclasses import dataclass

from noticeboard.analysis.activity import MonthActivity

SERIES = ("wishes_collected", "wishes_fulfilled", "councils", "agreements_signed")
WIDTH, HEIGHT = 640, 220
TOP, BOTTOM, LEFT = 16, 28, 28  # room for the top label, month labels and the scale


@dataclass(frozen=True)
class Bar:
    series: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class MonthColumn:
    year: int
    month: int
    counts: MonthActivity
    label_x: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class ActivityChart:
    width: int
    height: int
    baseline: float
    label_y: float  # where the month names sit, under the bars
    top: float
    left: float
    maximum: int
    columns: tuple[MonthColumn, ...]
    series: tuple[str, ...] = SERIES


def _round(value: float) -> float:
    return round(value, 1)


def activity_chart(months: list[MonthActivity]) -> ActivityChart:
    """Lay out grouped bars, one group per month, scaled to the busiest month's largest count."""
    maximum = max((getattr(m, s) for m in months for s in SERIES), default=0) or 1
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    group = (WIDTH - LEFT) / max(len(months), 1)
    bar_width = group * 0.8 / len(SERIES)
    columns = []
    for position, activity in enumerate(months):
        year, month = (int(part) for part in activity.month.split("-"))
        start = LEFT + position * group + group * 0.1
        bars = []
        for index, series in enumerate(SERIES):
            value = getattr(activity, series)
            height = plot_height * value / maximum
            bars.append(
                Bar(
                    series,
                    value,
                    _round(start + index * bar_width),
                    _round(baseline - height),
                    _round(bar_width - 1),
                    _round(height),
                )
            )
        columns.append(MonthColumn(year, month, activity, _round(start + group * 0.4), tuple(bars)))
    return ActivityChart(WIDTH, HEIGHT, baseline, HEIGHT - 8, TOP, LEFT, maximum, tuple(columns))
