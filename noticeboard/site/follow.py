"""The follow-through as the pages show it: a wish's steps with the days between them, a
decision's progress bar, and where a record's place has its page. Values only; the templates
format them (partials/follow_up.html, partials/response_times.html)."""

from __future__ import annotations

from noticeboard.analysis.charts import BarChart, progress_bar
from noticeboard.content.model import Date, Decision, Partner, Wish
from noticeboard.site.page_values import Step


def wish_steps(wish: Wish, claimer: Partner | None) -> list[Step]:
    """A wish's story as dated steps — raised, claimed, fulfilled, confirmed (or disputed) —
    each with the days since the step before it."""
    steps = [Step("submitted", wish.submitted, who=wish.reported_by)]
    if wish.claimed:
        steps.append(Step("claimed", wish.claimed, partner=claimer))
    if wish.fulfilled:
        steps.append(Step("fulfilled", wish.fulfilled, partner=claimer))
    if wish.confirmed:
        steps.append(Step("confirmed", wish.confirmed))
    if wish.disputed:
        steps.append(Step("disputed", None, text=wish.disputed))
    if wish.status == "withdrawn":
        steps.append(Step("withdrawn", None))
    previous: Date | None = None
    timed = []
    for step in steps:
        days = (step.date - previous).days if step.date and previous else None
        timed.append(Step(step.key, step.date, step.partner, step.who, step.text, days))
        previous = step.date or previous
    return timed


def decision_progress(decision: Decision) -> BarChart | None:
    """The bar of an adopted decision's progress, when its updates (or done) say one."""
    percent = decision.progress
    return progress_bar(percent) if percent is not None else None
