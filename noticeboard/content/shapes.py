"""The data of each file as its schema admits it: what the model's builders read.

A file's data reaches :mod:`noticeboard.content.model` only once
``schemas/<name>.schema.json`` found its shape valid, so these types say what that schema
guarantees (dates are still ISO texts; enum values plain texts). The schemas stay the
single source of truth: tests/test_types.py checks that these types name the same fields,
and the same required ones.
"""

from __future__ import annotations

from typing import TypedDict

# Each type with optional keys is split in two, required keys first: typing.Required
# is Python 3.11+.


class _SiteRequired(TypedDict):
    name: str
    community: str


class DisclosureData(TypedDict, total=False):
    """``disclosure`` in site.yaml."""

    working_days: int
    holidays: list[str]


class SearchData(TypedDict, total=False):
    """``search`` in site.yaml: each word and the words it also finds."""

    synonyms: dict[str, list[str]]


class SiteData(_SiteRequired, total=False):
    """site.yaml."""

    street: str
    district: str
    language: str
    timezone: str
    base_url: str
    repo_url: str
    contact: str
    phone: str
    engine: str  # read before the board is (noticeboard.content.engine); the model keeps nothing of it
    disclosure: DisclosureData
    search: SearchData


class RulesData(TypedDict):
    """points/rules.yaml."""

    wish_fulfilled: int
    project_completed: int
    council_attendance: int
    honor: int


class ServiceData(TypedDict):
    """One of a partner's ``services``."""

    title: str
    category: str


class HonorData(TypedDict):
    """One of a partner's ``honors``."""

    date: str
    title: str


class _PhotoRequired(TypedDict):
    file: str
    alt: str


class PhotoData(_PhotoRequired, total=False):
    """One item of a record's (or a decision's) ``photos``."""

    caption: str
    taken: str


class _PartnerRequired(TypedDict):
    name: str
    kind: str
    joined: str


class PartnerData(_PartnerRequired, total=False):
    """A partner file."""

    status: str
    withdrawn: str
    services: list[ServiceData]
    honors: list[HonorData]
    address: str
    hours: str
    phone: str
    description: str
    photos: list[PhotoData]


class _ProjectRequired(TypedDict):
    title: str
    category: str
    raised: str
    status: str


class ProjectData(_ProjectRequired, total=False):
    """A project file."""

    partners: list[str]
    signed: str
    completed: str
    points: int
    related: list[str]
    description: str
    photos: list[PhotoData]


class _WishRequired(TypedDict):
    title: str
    beneficiary: str
    category: str
    submitted: str
    status: str


class ConsentData(TypedDict):
    """A wish's ``consent``: who agreed to publish sensitive details, and when."""

    by: str
    date: str


class WishData(_WishRequired, total=False):
    """A wish file."""

    reported_by: str
    claimed_by: str
    claimed: str
    fulfilled: str
    points: int
    related: list[str]
    consent: ConsentData
    story: str
    photos: list[PhotoData]


# "for" is a keyword: the functional form.
VotesData = TypedDict("VotesData", {"for": int, "against": int, "abstain": int})


class _DecisionRequired(TypedDict):
    text: str
    outcome: str


class DecisionData(_DecisionRequired, total=False):
    """One of a council's ``decisions``."""

    votes: VotesData
    difficult_problem: bool
    owner: str
    due: str
    status: str
    done: str
    related: list[str]
    photos: list[PhotoData]


class _CouncilRequired(TypedDict):
    title: str
    date: str
    location: str
    participants: int


class CouncilData(_CouncilRequired, total=False):
    """A council file."""

    attendees: list[str]
    decisions: list[DecisionData]
    minutes: str
    photos: list[PhotoData]


class _AwardRequired(TypedDict):
    partner: str
    date: str
    points: int
    reason: str


class AwardData(_AwardRequired, total=False):
    """A points award file."""

    extra: bool
    extra_reason: str


class RedemptionData(TypedDict):
    """A points redemption file."""

    partner: str
    date: str
    points: int
    item: str
