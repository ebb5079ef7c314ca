"""The board as plain typed objects, built from records whose shape is already valid.

Every record keeps its :class:`~noticeboard.content.source.Source`, so later stages can say where
a value came from (errors, edit links, history). Defaults from the content model are
applied here, once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol, cast

from noticeboard.content.followthrough import Agreement, CatalogueItem, Update, progress_of
from noticeboard.content.source import Source

Date = dt.date


@dataclass(frozen=True)
class Disclosure:
    """How soon matters must be published (working days), and the non-working holidays."""

    working_days: int = 20
    holidays: tuple[Date, ...] = ()


@dataclass(frozen=True)
class Editor:
    """The form editor's settings (site.yaml ``editor``); blanks are worked out from ``repo_url``."""

    enabled: bool = True
    backend: str = ""  # github | gitlab | forgejo | gitea; "" from repo_url's host
    branch: str = "main"
    api_url: str = ""
    auth_url: str = ""
    app_id: str = ""
    open_authoring: bool = False


@dataclass(frozen=True)
class Site:
    name: str
    community: str
    street: str = ""
    district: str = ""
    language: str = "zh-CN"
    base_url: str = "/"
    repo_url: str = ""
    contact: str = ""
    phone: str = ""  # the office's public number
    disclosure: Disclosure = Disclosure()
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # search.synonyms: (word, its synonyms)
    editor: Editor = Editor()
    places: tuple[str, ...] = ()  # the courtyards, buildings and units records may name as place


@dataclass(frozen=True)
class Photo:
    """One of a record's photos: a file in content/media/ and what it shows (docs/photos.md)."""

    file: str  # relative to content/media/, POSIX style, as written
    alt: str  # what it shows, for screen readers and when images are off
    caption: str = ""
    taken: Date | None = None


@dataclass(frozen=True)
class Service:
    title: str
    category: str


@dataclass(frozen=True)
class Honor:
    date: Date
    title: str


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    kind: str
    joined: Date
    status: str
    withdrawn: Date | None
    services: tuple[Service, ...]
    honors: tuple[Honor, ...]
    description: str
    source: Source = field(compare=False, repr=False)
    address: str = ""  # public, organisations only (as the phone and hours)
    hours: str = ""
    phone: str = ""
    photos: tuple[Photo, ...] = ()

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def is_individual(self) -> bool:
        return self.kind == "individual"


@dataclass(frozen=True)
class Project:
    id: str
    title: str
    category: str
    raised: Date
    status: str
    partners: tuple[str, ...]
    signed: Date | None
    completed: Date | None
    points: int | None
    description: str
    source: Source = field(compare=False, repr=False)
    related: tuple[str, ...] = ()  # wishes/ID, councils/ID#N: see noticeboard.analysis.related
    place: str | None = None
    agreement: Agreement | None = None

    def agreement_expired(self, on: Date) -> bool:
        """Still marked signed although its agreement had ended before ``on`` (协议已到期)."""
        return self.status == "signed" and self.agreement is not None and self.agreement.expired(on)

    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class Wish:
    id: str
    title: str
    beneficiary: str
    category: str
    submitted: Date
    reported_by: str
    status: str
    claimed_by: str | None
    claimed: Date | None
    fulfilled: Date | None
    points: int | None
    story: str
    source: Source = field(compare=False, repr=False)
    related: tuple[str, ...] = ()  # projects/ID, councils/ID#N: see noticeboard.analysis.related
    place: str | None = None
    confirmed: Date | None = None  # the resident confirmed it was done (fulfilled only)
    disputed: str = ""  # what the resident says is still missing (fulfilled only)
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class Votes:
    for_: int
    against: int
    abstain: int

    @property
    def total(self) -> int:
        return self.for_ + self.against + self.abstain


@dataclass(frozen=True)
class Decision:
    index: int  # position in the council's list, 0-based
    text: str
    outcome: str
    votes: Votes | None
    difficult_problem: bool
    owner: str
    due: Date | None
    status: str | None  # None unless adopted; adopted defaults to "pending"
    done: Date | None
    related: tuple[str, ...] = ()  # wishes/ID, projects/ID
    updates: tuple[Update, ...] = ()  # the follow-up, in date order (adopted only)
    result: str = ""  # what was actually done (done only)

    @property
    def progress(self) -> int | None:
        """Percent done: 100 when done, else the latest update's figure; None when none is known."""
        return progress_of(self.updates, self.status == "done") if self.status else None

    photos: tuple[Photo, ...] = ()  # before / after

    @property
    def number(self) -> int:
        """Its place in the council's list, counted from 1 (councils/ID#N, the page's #decision-N)."""
        return self.index + 1


@dataclass(frozen=True)
class Council:
    id: str
    title: str
    date: Date
    location: str
    participants: int
    attendees: tuple[str, ...]
    decisions: tuple[Decision, ...]
    minutes: str
    source: Source = field(compare=False, repr=False)
    place: str | None = None
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class Rules:
    wish_fulfilled: int
    project_completed: int
    council_attendance: int
    honor: int


@dataclass(frozen=True)
class Award:
    """Points awarded by hand: to one partner, or to each of a group (``partners``)."""

    id: str
    partners: tuple[str, ...]  # each earns the award's full points
    date: Date
    points: int
    reason: str
    source: Source = field(compare=False, repr=False)
    group: bool = False  # written as ``partners``: a group award


@dataclass(frozen=True)
class Redemption:
    """Points spent: on an ``item`` for ``points``, or on an item of the points shop."""

    id: str
    partner: str
    date: Date
    points: int | None  # None: the catalogue item's points (see noticeboard.content.points)
    item: str  # "" for a catalogue item: its title
    source: Source = field(compare=False, repr=False)
    catalogue_item: str | None = None  # the id of an item in points/catalogue.yaml


@dataclass(frozen=True)
class MediaFile:
    """A photo file in content/media/ that check found fit to publish (noticeboard.content.media)."""

    rel: str  # relative to content/media/, POSIX style
    path: str  # where it is on disk, for reading
    sha256: str  # of its bytes: what the published images are made from
    kind: str  # as its bytes say: jpeg | png | webp | heif
    width: int  # as shown, its orientation applied
    height: int
    alpha: bool  # it has transparent parts (published with a PNG fallback, not JPEG)


class Record(Protocol):
    """What every record has: its id (the file name) and the file it came from."""

    @property
    def id(self) -> str: ...

    @property
    def source(self) -> Source: ...


@dataclass
class Board:
    """All records of one board by record type (each list sorted by id), plus the build date.

    Each list holds the model class of its type (see noticeboard.content.types): the typed
    properties below say which.
    """

    site: Site
    rules: Rules
    build_date: Date
    records: dict[str, list[Record]] = field(default_factory=dict)  # record type name -> records
    site_source: Source | None = None
    catalogue: tuple[CatalogueItem, ...] = ()  # the points shop, points/catalogue.yaml (optional)
    catalogue_source: Source | None = None
    media: dict[str, MediaFile] = field(default_factory=dict)  # photo files the records show, by rel

    def of(self, type_name: str) -> list[Record]:
        """The records of one type (see noticeboard.content.types), sorted by id."""
        return self.records.setdefault(type_name, [])

    @property
    def partners(self) -> list[Partner]:
        return cast("list[Partner]", self.of("partner"))

    @property
    def projects(self) -> list[Project]:
        return cast("list[Project]", self.of("project"))

    @property
    def wishes(self) -> list[Wish]:
        return cast("list[Wish]", self.of("wish"))

    @property
    def councils(self) -> list[Council]:
        return cast("list[Council]", self.of("council"))

    @property
    def awards(self) -> list[Award]:
        return cast("list[Award]", self.of("award"))

    @property
    def redemptions(self) -> list[Redemption]:
        return cast("list[Redemption]", self.of("redemption"))

    def partner(self, partner_id: str) -> Partner | None:
        """Find a partner by id."""
        return self.partners_by_id.get(partner_id)

    @property
    def partners_by_id(self) -> dict[str, Partner]:
        cached: dict[str, Partner] | None = self.__dict__.get("_partners_by_id")
        if cached is None or len(cached) != len(self.partners):
            cached = {p.id: p for p in self.partners}
            self.__dict__["_partners_by_id"] = cached
        return cached

    def catalogue_item(self, item_id: str) -> CatalogueItem | None:
        """Find an item of the points shop by id (the first, should two share it)."""
        return next((item for item in self.catalogue if item.id == item_id), None)

    def record_count(self) -> int:
        """Count the records (all types, settings excluded)."""
        return sum(len(records) for records in self.records.values())


# --- building model objects from shape-valid data -------------------------------------
#
# Each builder runs only on data its schema found valid, so it reads the data as the shape
# noticeboard.content.shapes describes for that schema.
