"""The record types of a board: ONE table that every stage reads.

Each :class:`RecordType` says where its files live, which schema checks them, which
field a Markdown body fills, how its model object is built, where its pages go, which
open-data file lists it and how its list pages are filtered. Loading, validation, the
model, URLs, pages, filters, search, exports and the review summary all read this table;
none keeps a list of types of its own.

To add a record type (docs/architecture.md walks through it): its schema in
``schemas/<name>.schema.json``, its model class and builder in :mod:`noticeboard.content.model`,
one entry below, and its templates ``templates/<section>/page.html`` and ``list.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from noticeboard.content.builders import (
    build_award,
    build_council,
    build_partner,
    build_project,
    build_redemption,
    build_wish,
)
from noticeboard.content.model import Award, Council, Partner, Project, Record, Redemption, Wish
from noticeboard.content.source import Source


@dataclass(frozen=True)
class Facet:
    """One way to split a section's records on its filter pages (wishes by status, by year...).

    ``kind`` says what the values are: ``keyword`` (ASCII words from the schema's list, in
    its order, named by the catalog group ``labels``), ``year`` (the year of a date field,
    newest first) or ``text`` (free text, most common first).
    """

    key: str  # the slug prefix and the catalog key filter.dimension.<key>
    field: str  # the model attribute holding the values ("services.category": each service's)
    kind: str = "text"  # keyword | year | text
    labels: str | None = None  # catalog group naming keyword values, e.g. "wish_status"


@dataclass(frozen=True)
class RecordType:
    """A kind of record: its files, schema, model, pages and open data (see module doc)."""

    name: str  # "wish": the schema name (schemas/wish.schema.json) and the word for it in code
    folder: str  # where its files live in the content folder, POSIX style
    model: type[Record]  # its class in noticeboard.content.model
    build: Callable[[Source], Record]  # makes the model object from a shape-valid source
    title_field: str  # the field that names a record in lists, feeds and review summaries
    prose: str | None = None  # the field a Markdown body fills; None: YAML files only
    section: str | None = None  # the site folder of its pages; None: no pages of its own
    export: str | None = None  # its open-data file data/<export>.json; None: exported elsewhere
    listed_by: str | None = None  # the date field lists, search and year filters order it by
    facets: tuple[Facet, ...] = ()  # how its list pages are filtered


RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        "partner",
        "partners",
        Partner,
        build_partner,
        "name",
        prose="description",
        section="partners",
        export="partners",
        listed_by="joined",
        facets=(
            Facet("status", "status", "keyword", "partner_status"),
            Facet("kind", "kind", "keyword", "partner_kind"),
            Facet("service", "services.category"),
        ),
    ),
    RecordType(
        "project",
        "projects",
        Project,
        build_project,
        "title",
        prose="description",
        section="projects",
        export="projects",
        listed_by="raised",
        facets=(
            Facet("status", "status", "keyword", "project_status"),
            Facet("category", "category"),
            Facet("place", "place"),
        ),
    ),
    RecordType(
        "wish",
        "wishes",
        Wish,
        build_wish,
        "title",
        prose="story",
        section="wishes",
        export="wishes",
        listed_by="submitted",
        facets=(
            Facet("status", "status", "keyword", "wish_status"),
            Facet("category", "category"),
            Facet("year", "submitted", "year"),
            Facet("place", "place"),
        ),
    ),
    RecordType(
        "council",
        "councils",
        Council,
        build_council,
        "title",
        prose="minutes",
        section="councils",
        export="councils",
        listed_by="date",
        facets=(Facet("year", "date", "year"), Facet("place", "place"), Facet("location", "location")),
    ),
    RecordType("award", "points/awards", Award, build_award, "reason"),
    RecordType("redemption", "points/redemptions", Redemption, build_redemption, "item"),
)
# Files that are not records: the board's settings and its points rules (type name, path).
SINGLE_FILES: tuple[tuple[str, str], ...] = (("site", "site.yaml"), ("rules", "points/rules.yaml"))
# Files that are not records and that a board may leave out: the points shop.
OPTIONAL_FILES: tuple[tuple[str, str], ...] = (("catalogue", "points/catalogue.yaml"),)

TYPES_BY_NAME: dict[str, RecordType] = {t.name: t for t in RECORD_TYPES}
TYPES_BY_MODEL: dict[type[Record], RecordType] = {t.model: t for t in RECORD_TYPES}
SECTIONED: tuple[RecordType, ...] = tuple(t for t in RECORD_TYPES if t.section)


def record_type_of(record: Record) -> RecordType:
    """The record type of a model object."""
    return TYPES_BY_MODEL[type(record)]
