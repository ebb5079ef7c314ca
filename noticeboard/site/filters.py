"""Static filter pages for the list pages: wishes by status, category and year, and so on.

Each list section has a few *facets* (wishes: status, category, year), named in the
record-type table (:data:`noticeboard.content.types.RECORD_TYPES`). Every value of a
facet gets a page listing exactly its records, at ``<section>/filter/<slug>/index.html``,
unless that page would repeat another one:

- a value whose records are the whole list gets no page (the list itself is that page);
- values of one facet with the very same records (two service categories offered by the
  same partners) share one page, whose heading names them all.

Slugs are ASCII so the folders survive any host, zip tool or file:// path: fixed keywords
as they are (``status-open``), years as numbers (``year-2022``), and free text such as a
Chinese category as the first 8 hex digits of the SHA-1 of its UTF-8 text
(``category-043e83d1`` for 助老服务), lengthened only if two values of a facet collide.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from noticeboard.content.model import Board, Date
from noticeboard.content.schema import enum_values
from noticeboard.content.types import SECTIONED, TYPES_BY_NAME, Facet, record_type_of
from noticeboard.site.urls import list_file, section

FILTER_FOLDER = "filter"
PLACES_FOLDER = "places"


def facet_values(facet: Facet, record: Any) -> list[str]:
    """The values a record has in a facet ("services.category": each service's category)."""
    name, _, inner = facet.field.partition(".")
    value = getattr(record, name)
    if inner:
        return sorted({getattr(item, inner) for item in value})
    if facet.kind == "year":
        return [str(value.year)]
    return [value]


def record_date(record: Any) -> Date:
    """The date a record is listed by: submitted, raised, held or joined."""
    return getattr(record, record_type_of(record).listed_by or "")  # type: ignore[no-any-return]


def records_of(board: Board, record_type: str) -> list[Any]:
    """A section's records, newest first (ties by id), as the filter pages list them."""
    listed_by = TYPES_BY_NAME[record_type].listed_by or "id"
    by_id = sorted(board.of(record_type), key=lambda r: r.id)
    return sorted(by_id, key=lambda r: getattr(r, listed_by), reverse=True)


@dataclass(frozen=True)
class FilterValue:
    """One value of a facet, its records, and the page that lists them (None: the whole list)."""

    dimension: str
    value: str
    count: int
    page: str | None  # site-relative file, e.g. "wishes/filter/status-open/index.html"
    label_group: str | None = None  # catalog group of keyword values; None: show the value


@dataclass(frozen=True)
class FilterDimension:
    """The values of one facet as a list page's navigation shows them."""

    key: str
    values: list[FilterValue]


@dataclass(frozen=True)
class FilterPage:
    """A page listing the records that share one or more values of a facet."""

    record_type: str
    dimension: str
    values: tuple[str, ...]  # more than one when values share the very same records
    records: tuple[Any, ...]
    path: str  # site-relative file
    label_group: str | None = None


@dataclass(frozen=True)
class FilterNavigation:
    """What a list page shows of its section's filters: the values per facet, with counts."""

    list_path: str
    navigation: list[FilterDimension]


@dataclass
class SectionFilters:
    """The filters of one list section: navigation values per facet and the pages."""

    record_type: str
    list_path: str  # the section's list page, e.g. "wishes/index.html"
    navigation: list[FilterDimension] = field(default_factory=list)
    pages: list[FilterPage] = field(default_factory=list)

    def links(self) -> FilterNavigation:
        """The navigation a list or filter page of this section shows."""
        return FilterNavigation(self.list_path, self.navigation)


def slug_text(value: str, length: int = 8) -> str:
    """A stable ASCII slug for free text: the first hex digits of its SHA-1."""
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:length]


def _slugs(facet: Facet, values: list[str]) -> dict[str, str]:
    if facet.kind in ("keyword", "year"):
        return {value: f"{facet.key}-{value}" for value in values}
    return text_slugs(facet.key, values)


def text_slugs(prefix: str, values: list[str]) -> dict[str, str]:
    """ASCII slugs for free-text values (``location-043e83d1``), lengthened together on a collision."""
    length = 8
    while len({slug_text(v, length) for v in values}) < len(values):
        length += 4  # a collision among these values: lengthen them all
    return {value: f"{prefix}-{slug_text(value, length)}" for value in values}


def _ordered(record_type: str, facet: Facet, groups: dict[str, list[Any]]) -> list[str]:
    if facet.kind == "keyword":
        order = enum_values(record_type, facet.field)
        known = [v for v in order if v in groups]
        return known + sorted(v for v in groups if v not in order)
    if facet.kind == "year":
        return sorted(groups, reverse=True)
    return sorted(groups, key=lambda v: (-len(groups[v]), v))


def section_filters(board: Board, record_type: str) -> SectionFilters:
    """Compute the filter navigation and pages of one section."""
    folder = section(record_type)
    records = records_of(board, record_type)
    all_ids = frozenset(r.id for r in records)
    result = SectionFilters(record_type, list_file(record_type))
    for facet in TYPES_BY_NAME[record_type].facets:
        groups: dict[str, list[Any]] = {}
        for record in records:
            for value in facet_values(facet, record):
                if value:
                    groups.setdefault(value, []).append(record)
        values = _ordered(record_type, facet, groups)
        slugs = _slugs(facet, values)
        page_of_set: dict[frozenset[str], FilterPage] = {}
        nav: list[FilterValue] = []
        for value in values:
            ids = frozenset(r.id for r in groups[value])
            if ids == all_ids:
                nav.append(FilterValue(facet.key, value, len(ids), None, facet.labels))
                continue
            page = page_of_set.get(ids)
            if page is None:
                path = f"{folder}/{FILTER_FOLDER}/{slugs[value]}/index.html"
                page = FilterPage(record_type, facet.key, (value,), tuple(groups[value]), path, facet.labels)
            else:
                page = replace(page, values=(*page.values, value))
            page_of_set[ids] = page
            nav.append(FilterValue(facet.key, value, len(ids), page.path, facet.labels))
        if any(item.page for item in nav):
            result.navigation.append(FilterDimension(facet.key, nav))
        result.pages.extend(page_of_set.values())
    return result


def all_filters(board: Board) -> dict[str, SectionFilters]:
    """The filters of every list section, by record type."""
    return {t.name: section_filters(board, t.name) for t in SECTIONED}


def place_paths(names: list[str]) -> dict[str, str]:
    """Each place's page, ``places/<slug>/index.html``: the slug is the hex of its text slug,
    the same as in its filter pages' ``place-<slug>`` (8号院: places/2c0b4b39/)."""
    return {
        name: f"{PLACES_FOLDER}/{slug.removeprefix('place-')}/index.html"
        for name, slug in text_slugs("place", names).items()
    }
