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


class EditorData(TypedDict, total=False):
    """``editor`` in site.yaml, when it is not simply true or false."""

    backend: str
    branch: str
    api_url: str
    auth_url: str
    app_id: str
    open_authoring: bool


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
    editor: bool | EditorData
    places: list[str]


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


class _AgreementRequired(TypedDict):
    summary: str


class AgreementData(_AgreementRequired, total=False):
    """A project's ``agreement``: what each side promises, and until when."""

    until: str


class ProjectData(_ProjectRequired, total=False):
    """A project file."""

    place: str
    partners: list[str]
    signed: str
    completed: str
    agreement: AgreementData
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
    place: str
    claimed_by: str
    claimed: str
    fulfilled: str
    confirmed: str
    disputed: str
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


class _UpdateRequired(TypedDict):
    date: str
    text: str


class UpdateData(_UpdateRequired, total=False):
    """One of a decision's ``updates``: the follow-up after the vote."""

    progress: int


class DecisionData(_DecisionRequired, total=False):
    """One of a council's ``decisions``."""

    votes: VotesData
    difficult_problem: bool
    owner: str
    due: str
    status: str
    done: str
    updates: list[UpdateData]
    result: str
    related: list[str]
    photos: list[PhotoData]


class _CouncilRequired(TypedDict):
    title: str
    date: str
    location: str
    participants: int


class CouncilData(_CouncilRequired, total=False):
    """A council file."""

    place: str
    attendees: list[str]
    decisions: list[DecisionData]
    minutes: str
    photos: list[PhotoData]


class _AwardRequired(TypedDict):
    date: str
    points: int
    reason: str


class AwardData(_AwardRequired, total=False):
    """A points award file: ``partner`` (one) or ``partners`` (a group, each earning the points)."""

    partner: str
    partners: list[str]
    extra: bool
    extra_reason: str


class _RedemptionRequired(TypedDict):
    partner: str
    date: str


class RedemptionData(_RedemptionRequired, total=False):
    """A points redemption file: ``item`` and ``points``, or a ``catalogue_item`` of the points shop."""

    points: int
    item: str
    catalogue_item: str


class _CatalogueItemRequired(TypedDict):
    id: str
    title: str
    points: int


# "from" is a keyword: the functional form.
_CatalogueItemOptional = TypedDict(
    "_CatalogueItemOptional", {"provider": str, "stock": int, "from": str, "until": str}, total=False
)


class CatalogueItemData(_CatalogueItemRequired, _CatalogueItemOptional):
    """One item of the points shop."""


class CatalogueData(TypedDict):
    """points/catalogue.yaml: the points shop."""

    items: list[CatalogueItemData]
