"""Build the model's typed objects from shape-valid data, applying the content model's
defaults once (see :mod:`noticeboard.content.model` for the objects)."""

from __future__ import annotations

import datetime as dt
from typing import cast

from noticeboard.content.followthrough import Agreement, CatalogueItem, Update
from noticeboard.content.model import (
    Award,
    Council,
    Date,
    Decision,
    Disclosure,
    Editor,
    Honor,
    Partner,
    Photo,
    Project,
    Redemption,
    Rules,
    Service,
    Site,
    Votes,
    Wish,
)
from noticeboard.content.shapes import (
    AgreementData,
    AwardData,
    CatalogueData,
    CouncilData,
    DecisionData,
    EditorData,
    PartnerData,
    PhotoData,
    ProjectData,
    RedemptionData,
    RulesData,
    SiteData,
    WishData,
)
from noticeboard.content.source import Source


def iso_date(value: str) -> Date:
    """Turn an ISO date text (already validated) into a date."""
    return dt.date.fromisoformat(value)


def parse_date(value: str | None) -> Date | None:
    """Turn an optional ISO date text (already validated) into a date, or None."""
    return dt.date.fromisoformat(value) if value else None


def build_photos(items: list[PhotoData]) -> tuple[Photo, ...]:
    """Build a record's (or a decision's) photos from their shape-valid data."""
    return tuple(
        Photo(item["file"], item["alt"], item.get("caption", ""), parse_date(item.get("taken")))
        for item in items
    )


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
        phone=data.get("phone", ""),
        disclosure=Disclosure(
            working_days=disclosure.get("working_days", 20),
            holidays=tuple(sorted(iso_date(d) for d in disclosure.get("holidays", []))),
        ),
        synonyms=tuple((w, tuple(s)) for w, s in data.get("search", {}).get("synonyms", {}).items()),
        places=tuple(data.get("places", [])),
        editor=build_editor(data.get("editor", True)),
    )


def build_editor(setting: bool | EditorData) -> Editor:
    """The form editor's settings: ``editor: false`` turns it off, a mapping tunes it."""
    if isinstance(setting, bool):
        return Editor(enabled=setting)
    return Editor(
        backend=setting.get("backend", ""),
        branch=setting.get("branch", "main"),
        api_url=setting.get("api_url", ""),
        auth_url=setting.get("auth_url", ""),
        app_id=setting.get("app_id", ""),
        open_authoring=setting.get("open_authoring", False),
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
        address=data.get("address", ""),
        hours=data.get("hours", ""),
        phone=data.get("phone", ""),
        photos=build_photos(data.get("photos", [])),
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
        related=tuple(data.get("related", [])),
        place=data.get("place"),
        agreement=_agreement(data.get("agreement")),
        photos=build_photos(data.get("photos", [])),
    )


def _agreement(data: AgreementData | None) -> Agreement | None:
    if data is None:
        return None
    return Agreement(data["summary"], parse_date(data.get("until")))


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
        related=tuple(data.get("related", [])),
        place=data.get("place"),
        confirmed=parse_date(data.get("confirmed")),
        disputed=data.get("disputed", ""),
        photos=build_photos(data.get("photos", [])),
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
        related=tuple(data.get("related", [])),
        updates=tuple(
            Update(iso_date(u["date"]), u["text"], u.get("progress")) for u in data.get("updates", [])
        ),
        result=data.get("result", ""),
        photos=build_photos(data.get("photos", [])),
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
        place=data.get("place"),
        photos=build_photos(data.get("photos", [])),
    )


def build_award(source: Source) -> Award:
    """Build a points award from its shape-valid source."""
    data = cast(AwardData, source.data)
    group = "partners" in data
    partners = (
        tuple(data["partners"]) if "partners" in data else (data["partner"],) if "partner" in data else ()
    )
    return Award(
        source.id, partners, iso_date(data["date"]), data["points"], data["reason"], source, group=group
    )


def build_redemption(source: Source) -> Redemption:
    """Build a points redemption from its shape-valid source."""
    data = cast(RedemptionData, source.data)
    return Redemption(
        source.id,
        data["partner"],
        iso_date(data["date"]),
        data.get("points"),
        data.get("item", ""),
        source,
        catalogue_item=data.get("catalogue_item"),
    )


def build_catalogue(catalogue: dict[str, object]) -> tuple[CatalogueItem, ...]:
    """Build the points shop from shape-valid points/catalogue.yaml data."""
    data = cast(CatalogueData, catalogue)
    return tuple(
        CatalogueItem(
            index=index,
            id=item["id"],
            title=item["title"],
            points=item["points"],
            provider=item.get("provider"),
            stock=item.get("stock"),
            from_=parse_date(item.get("from")),
            until=parse_date(item.get("until")),
        )
        for index, item in enumerate(data["items"])
    )
