"""Static filter pages for the list pages: wishes by status, category and year, and so on.

Each list section has a few *dimensions* (wishes: status, category, year). Every value of a
dimension gets a page listing exactly its records, at ``<section>/filter/<slug>/index.html``,
unless that page would repeat another one:

- a value whose records are the whole list gets no page (the list itself is that page);
- values of one dimension with the very same records (two service categories offered by the
  same partners) share one page, whose heading names them all.

Slugs are ASCII so the folders survive any host, zip tool or file:// path: fixed keywords
as they are (``status-open``), years as numbers (``year-2022``), and free text such as a
Chinese category as the first 8 hex digits of the SHA-1 of its UTF-8 text
(``category-043e83d1`` for 助老服务), lengthened only if two values of a dimension collide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from noticeboard.model import Board, Council, Date, Partner, Project, Wish
from noticeboard.render import PAGE_FACTS, SiteContext
from noticeboard.urls import SECTIONS

Record = Partner | Project | Wish | Council
FILTER_FOLDER = "filter"

# Fixed keyword values, in the order the schemas list them; other values sort by count.
WISH_STATUSES = ("open", "claimed", "fulfilled", "withdrawn")
PROJECT_STATUSES = ("open", "signed", "completed", "cancelled")
PARTNER_KINDS = ("enterprise", "merchant", "social-organization", "institution", "individual")


@dataclass(frozen=True)
class Dimension:
    """One way to split a section's records: which values a record has, and how to order them."""

    key: str  # "status", also the slug prefix
    values_of: Callable[[Record], Iterable[str]]
    keyword: bool = False  # values are ASCII keywords (used in slugs as they are)
    order: tuple[str, ...] = ()  # fixed order of keyword values
    newest_first: bool = False  # years: 2022 before 2021
    label_group: str | None = None  # catalog group naming keyword values ("wish_status")


def _year(date: Date) -> list[str]:
    return [str(date.year)]


DIMENSIONS: dict[str, tuple[Dimension, ...]] = {
    "wish": (
        Dimension("status", lambda w: [w.status], True, WISH_STATUSES, label_group="wish_status"),
        Dimension("category", lambda w: [w.category]),
        Dimension("year", lambda w: _year(w.submitted), keyword=True, newest_first=True),
    ),
    "council": (
        Dimension("year", lambda c: _year(c.date), keyword=True, newest_first=True),
        Dimension("location", lambda c: [c.location]),
    ),
    "project": (
        Dimension("status", lambda p: [p.status], True, PROJECT_STATUSES, label_group="project_status"),
        Dimension("category", lambda p: [p.category]),
    ),
    "partner": (
        Dimension("kind", lambda p: [p.kind], True, PARTNER_KINDS, label_group="partner_kind"),
        Dimension("service", lambda p: sorted({s.category for s in p.services})),
    ),
}


def record_date(record: Record) -> Date:
    """The date a record is listed by: submitted, raised, held or joined."""
    if isinstance(record, Wish):
        return record.submitted
    if isinstance(record, Project):
        return record.raised
    if isinstance(record, Council):
        return record.date
    return record.joined


def records_of(board: Board, record_type: str) -> list[Record]:
    """A section's records, newest first (ties by id), as the filter pages list them."""
    records = {
        "wish": board.wishes,
        "project": board.projects,
        "council": board.councils,
        "partner": board.partners,
    }[record_type]
    by_id = sorted(records, key=lambda r: r.id)
    return sorted(by_id, key=record_date, reverse=True)


@dataclass(frozen=True)
class FilterValue:
    """One value of a dimension, its records, and the page that lists them (None: the whole list)."""

    dimension: str
    value: str
    count: int
    page: str | None  # site-relative file, e.g. "wishes/filter/status-open/index.html"
    label_group: str | None = None  # catalog group of keyword values; None: show the value


@dataclass(frozen=True)
class FilterPage:
    """A page listing the records that share one or more values of a dimension."""

    record_type: str
    dimension: str
    values: tuple[str, ...]  # more than one when values share the very same records
    records: tuple[Record, ...]
    path: str  # site-relative file
    label_group: str | None = None


@dataclass
class SectionFilters:
    """The filters of one list section: navigation values per dimension and the pages."""

    record_type: str
    list_path: str  # the section's list page, e.g. "wishes/index.html"
    navigation: list[tuple[str, list[FilterValue]]] = field(default_factory=list)
    pages: list[FilterPage] = field(default_factory=list)


def slug_text(value: str, length: int = 8) -> str:
    """A stable ASCII slug for free text: the first hex digits of its SHA-1."""
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:length]


def _slugs(dimension: Dimension, values: list[str]) -> dict[str, str]:
    if dimension.keyword:
        return {value: f"{dimension.key}-{value}" for value in values}
    length = 8
    while len({slug_text(v, length) for v in values}) < len(values):
        length += 4  # a collision among this dimension's values: lengthen them all
    return {value: f"{dimension.key}-{slug_text(value, length)}" for value in values}


def _ordered(dimension: Dimension, groups: dict[str, list[Record]]) -> list[str]:
    if dimension.order:
        known = [v for v in dimension.order if v in groups]
        return known + sorted(v for v in groups if v not in dimension.order)
    if dimension.newest_first:
        return sorted(groups, reverse=True)
    return sorted(groups, key=lambda v: (-len(groups[v]), v))


def section_filters(board: Board, record_type: str) -> SectionFilters:
    """Compute the filter navigation and pages of one section."""
    section = SECTIONS[record_type]
    records = records_of(board, record_type)
    all_ids = frozenset(r.id for r in records)
    result = SectionFilters(record_type, f"{section}/index.html")
    for dimension in DIMENSIONS[record_type]:
        groups: dict[str, list[Record]] = {}
        for record in records:
            for value in dimension.values_of(record):
                if value:
                    groups.setdefault(value, []).append(record)
        values = _ordered(dimension, groups)
        slugs = _slugs(dimension, values)
        page_of_set: dict[frozenset[str], FilterPage] = {}
        nav: list[FilterValue] = []
        for value in values:
            ids = frozenset(r.id for r in groups[value])
            if ids == all_ids:
                nav.append(FilterValue(dimension.key, value, len(ids), None, dimension.label_group))
                continue
            page = page_of_set.get(ids)
            if page is None:
                path = f"{section}/{FILTER_FOLDER}/{slugs[value]}/index.html"
                page = FilterPage(
                    record_type, dimension.key, (value,), tuple(groups[value]), path, dimension.label_group
                )
            else:
                page = replace(page, values=(*page.values, value))
            page_of_set[ids] = page
            nav.append(FilterValue(dimension.key, value, len(ids), page.path, dimension.label_group))
        if any(item.page for item in nav):
            result.navigation.append((dimension.key, nav))
        result.pages.extend(page_of_set.values())
    return result


def all_filters(board: Board) -> dict[str, SectionFilters]:
    """The filters of every list section, by record type."""
    return {record_type: section_filters(board, record_type) for record_type in DIMENSIONS}


# --- the producer and the list pages' navigation -------------------------------------------


def _filters_by_context(ctx: SiteContext) -> dict[str, SectionFilters]:
    # Every list page and filter page of a build shares one computation.
    return ctx.share("section_filters", lambda: all_filters(ctx.board))  # type: ignore[return-value]


@dataclass(frozen=True)
class FilterNavigation:
    """What a list page shows of its section's filters: the values per dimension, with counts."""

    list_path: str
    navigation: list[tuple[str, list[FilterValue]]]


def filter_facts(ctx: SiteContext, page_path: str, values: dict) -> dict:
    """Give a list or filter page (one with ``record_type`` but no record) ``section_filters``."""
    record_type = values.get("record_type")
    if record_type not in DIMENSIONS or values.get(record_type) is not None:
        return {}
    section = _filters_by_context(ctx)[record_type]
    return {"section_filters": FilterNavigation(section.list_path, section.navigation)}


if filter_facts not in PAGE_FACTS:
    PAGE_FACTS.append(filter_facts)


def heading(page: FilterPage, ctx: SiteContext) -> str:
    """Name a filter page: its section, dimension, value(s) and count."""
    names = [ctx.text(f"{page.label_group}.{v}") if page.label_group else v for v in page.values]
    return ctx.text(
        "filter.heading",
        section=ctx.text(f"nav.{SECTIONS[page.record_type]}"),
        dimension=ctx.text(f"filter.dimension.{page.dimension}"),
        value=ctx.text("filter.joiner").join(names),
        count=len(page.records),
    )


def produce_filters(board: Board, ctx: SiteContext) -> dict[str, bytes]:
    """Write one page per filter value that does not repeat another page."""
    files: dict[str, bytes] = {}
    for record_type, section in _filters_by_context(ctx).items():
        back = ctx.text("filter.back", section=ctx.text(f"nav.{SECTIONS[record_type]}"))
        for page in section.pages:
            files[page.path] = ctx.render(
                "filter.html",
                page.path,
                page=page,
                heading=heading(page, ctx),
                back=back,
                record_type=record_type,
                list_path=section.list_path,
            )
    return files
