"""The board as plain typed objects, built from records whose shape is already valid.

Every record keeps its :class:`~noticeboard.content.source.Source`, so later stages can say where
a value came from (errors, edit links, history). Defaults from the content model are
applied here, once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol, cast

from noticeboard.content.shapes import (
    AwardData,
    CouncilData,
    DecisionData,
    PartnerData,
    ProjectData,
    RedemptionData,
    RulesData,
    SiteData,
    WishData,
)
from noticeboard.content.source import Source

Date = dt.date


def iso_date(value: str) -> Date:
    """Turn an ISO date text (already validated) into a date."""
    return dt.date.fromisoformat(value)


def parse_date(value: str | None) -> Date | None:
    """Turn an optional ISO date text (already validated) into a date, or None."""
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Disclosure:
    """How soon matters must be published (working days), and the non-working holidays."""

    working_days: int = 20
    holidays: tuple[Date, ...] = ()


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
    disclosure: Disclosure = Disclosure()
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # search.synonyms: (word, its synonyms)


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


@dataclass(frozen=True)
class Rules:
    wish_fulfilled: int
    project_completed: int
    council_attendance: int
    honor: int


@dataclass(frozen=True)
class Award:
    id: str
    partner: str
    date: Date
    points: int
    reason: str
    source: Source = field(compare=False, repr=False)


@dataclass(frozen=True)
class Redemption:
    id: str
    partner: str
    date: Date
    points: int
    item: str
    source: Source = field(compare=False, repr=False)


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

    def record_count(self) -> int:
        """Count the records (all types, settings excluded)."""
        return sum(len(records) for records in self.records.values())


# --- building model objects from shape-valid data -------------------------------------
#
# Each builder runs only on data its schema found valid, so it reads the data as the shape
# noticeboard.content.shapes describes for that schema.


def build_site(settings: dict[str, object]) -> Site:
    """Build the board settings from shape-valid site.yaml data, applying defaults."""
    data = cast(SiteData, settings)
    disclosure = data.get("disclosure") or {}
    return Site(
        name=data["name"],
        community=data["community"],
        street=data.get("street", ""),
        district=data.get("district", ""),
        language=data.get("language", "zh-CN"),
        base_url=data.get("base_url", "/"),
        repo_url=data.get("repo_url", ""),
        contact=data.get("contact", ""),
        disclosure=Disclosure(
            working_days=disclosure.get("working_days", 20),
            holidays=tuple(sorted(iso_date(d) for d in disclosure.get("holidays", []))),
        ),
        synonyms=tuple((w, tuple(s)) for w, s in data.get("search", {}).get("synonyms", {}).items()),
    )


def build_rules(rules: dict[str, object]) -> Rules:
    """Build the points rules from shape-valid points/rules.yaml data."""
    data = cast(RulesData, rules)
    return Rules(
        wish_fulfilled=data["wish_fulfilled"],
        project_completed=data["project_completed"],
        council_attendance=data["council_attendance"],
        honor=data["honor"],
    )


def build_partner(source: Source) -> Partner:
    """Build a partner from its shape-valid source."""
    data = cast(PartnerData, source.data)
    return Partner(
        id=source.id,
        name=data["name"],
        kind=data["kind"],
        joined=iso_date(data["joined"]),
        status=data.get("status", "active"),
        withdrawn=parse_date(data.get("withdrawn")),
        services=tuple(Service(s["title"], s["category"]) for s in data.get("services", [])),
        honors=tuple(Honor(iso_date(h["date"]), h["title"]) for h in data.get("honors", [])),
        description=data.get("description", ""),
        source=source,
    )


def build_project(source: Source) -> Project:
    """Build a project from its shape-valid source."""
    data = cast(ProjectData, source.data)
    return Project(
        id=source.id,
        title=data["title"],
        category=data["category"],
        raised=iso_date(data["raised"]),
        status=data["status"],
        partners=tuple(data.get("partners", [])),
        signed=parse_date(data.get("signed")),
        completed=parse_date(data.get("completed")),
        points=data.get("points"),
        description=data.get("description", ""),
        source=source,
    )


def build_wish(source: Source) -> Wish:
    """Build a wish from its shape-valid source."""
    data = cast(WishData, source.data)
    return Wish(
        id=source.id,
        title=data["title"],
        beneficiary=data["beneficiary"],
        category=data["category"],
        submitted=iso_date(data["submitted"]),
        reported_by=data.get("reported_by", ""),
        status=data["status"],
        claimed_by=data.get("claimed_by"),
        claimed=parse_date(data.get("claimed")),
        fulfilled=parse_date(data.get("fulfilled")),
        points=data.get("points"),
        story=data.get("story", ""),
        source=source,
    )


def _build_decision(index: int, data: DecisionData) -> Decision:
    votes = data.get("votes")
    adopted = data["outcome"] == "adopted"
    return Decision(
        index=index,
        text=data["text"],
        outcome=data["outcome"],
        votes=Votes(votes["for"], votes["against"], votes["abstain"]) if votes else None,
        difficult_problem=data.get("difficult_problem", False),
        owner=data.get("owner", ""),
        due=parse_date(data.get("due")),
        status=data.get("status", "pending") if adopted else None,
        done=parse_date(data.get("done")),
    )


def build_council(source: Source) -> Council:
    """Build a council from its shape-valid source."""
    data = cast(CouncilData, source.data)
    return Council(
        id=source.id,
        title=data["title"],
        date=iso_date(data["date"]),
        location=data["location"],
        participants=data["participants"],
        attendees=tuple(data.get("attendees", [])),
        decisions=tuple(_build_decision(i, d) for i, d in enumerate(data.get("decisions", []))),
        minutes=data.get("minutes", ""),
        source=source,
    )


def build_award(source: Source) -> Award:
    """Build a points award from its shape-valid source."""
    data = cast(AwardData, source.data)
    return Award(source.id, data["partner"], iso_date(data["date"]), data["points"], data["reason"], source)


def build_redemption(source: Source) -> Redemption:
    """Build a points redemption from its shape-valid source."""
    data = cast(RedemptionData, source.data)
    return Redemption(
        source.id, data["partner"], iso_date(data["date"]), data["points"], data["item"], source
    )
