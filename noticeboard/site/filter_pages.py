"""The filter pages producer: one page per filter value that does not repeat another page
(see :mod:`noticeboard.site.filters` for which values get one)."""

from __future__ import annotations

from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles
from noticeboard.site.filters import FilterPage
from noticeboard.site.urls import section


def heading(page: FilterPage, ctx: SiteContext) -> str:
    """The page's heading: the section, the facet, the value(s) and the count."""
    names = [ctx.text(f"{page.label_group}.{v}") if page.label_group else v for v in page.values]
    return ctx.text(
        "filter.heading",
        section=ctx.text(f"nav.{section_key(page.record_type)}"),
        dimension=ctx.text(f"filter.dimension.{page.dimension}"),
        value=ctx.text("filter.joiner").join(names),
        count=len(page.records),
    )


def section_key(record_type: str) -> str:
    """The catalog key suffix naming a record type's section in the menu (``nav.wishes``)."""
    return section(record_type)


def produce_filters(ctx: SiteContext) -> SiteFiles:
    """Write one page per filter value that does not repeat another page."""
    files: SiteFiles = {}
    for record_type, filters in ctx.filters.items():
        back = ctx.text("filter.back", section=ctx.text(f"nav.{section_key(record_type)}"))
        for page in filters.pages:
            files[page.path] = ctx.render(
                "filter.html",
                page.path,
                page=page,
                heading=heading(page, ctx),
                back=back,
                record_type=record_type,
                list_path=filters.list_path,
                section_filters=filters.links(),
            )
    return files
