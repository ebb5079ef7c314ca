"""Turn a page's values into HTML: the Jinja2 environment, its filters and the shared chrome.

Templates format what they are given and compute nothing. They fail loudly: autoescape
is on for every template and an unknown name is an error (``StrictUndefined``), never an
empty cell on the public board.

A template sees only the values its producer gives it, the site settings (``site``,
``language``, ``build_date``) and pure helpers (``_``, ``url``, filters) — never the board.
That is what lets a cached build skip a page: its fingerprint
(:mod:`noticeboard.site.fingerprint`) covers everything the page is made from.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from noticeboard.content.model import Date, Site
from noticeboard.content.types import RECORD_TYPES, SECTIONED, record_type_of
from noticeboard.paths import Theme
from noticeboard.site import i18n
from noticeboard.site.files import UNCHANGED, Unchanged
from noticeboard.site.fingerprint import Fingerprinter, fingerprint
from noticeboard.site.jinja_ext import FixedTexts, isolate_direction_controls, time_tag
from noticeboard.site.markdown import render_markdown
from noticeboard.site.memory import PageMemory
from noticeboard.site.pictures import NO_PHOTOS, Pictures
from noticeboard.site.theme import ThemeLoader, all_templates_digest, guarded
from noticeboard.site.urls import absolute_url, record_path, relative_link

RECORD_CLASSES = tuple(t.model for t in RECORD_TYPES)  # digested once per build
ROW_VARIANTS = 4  # a row kept in this many variants, one per kind of page it shows on
# The header and footer every page shows, rendered apart once per section (see Renderer._shared).
CHROME = ("partials/site_header.html", "partials/site_footer.html")


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the main menu: its catalog key, its page, the folders that count as it."""

    key: str
    path: str
    folders: tuple[str, ...]  # pages in these folders mark the entry current; () only the page


# The main menu: home, one entry per record type with pages (in table order), the decision
# tracker, points, search.
NAV: tuple[MenuEntry, ...] = (
    MenuEntry("nav.home", "index.html", ()),
    *(MenuEntry(f"nav.{t.section}", f"{t.section}/index.html", (f"{t.section}/",)) for t in SECTIONED),
    MenuEntry("nav.decisions", "decisions/index.html", ("decisions/",)),
    MenuEntry("nav.points", "points/index.html", ("points/",)),
    MenuEntry("nav.search", "search/index.html", ("search/",)),
)


@dataclass(frozen=True, eq=False)  # compared by identity: a page's menu is one of a few shared tuples
class NavItem:
    key: str
    path: str
    current: bool


def navigation(page_path: str) -> tuple[NavItem, ...]:
    """The main menu, with the section of ``page_path`` marked current.

    The pages with the same section marked share one tuple, so the header and footer rendered
    for one of them are found for the others by a cheap key (see ``Renderer._shared``).
    """
    return _menu(
        tuple(
            page_path.startswith(entry.folders) if entry.folders else page_path == entry.path for entry in NAV
        )
    )


@functools.cache
def _menu(current: tuple[bool, ...]) -> tuple[NavItem, ...]:
    return tuple(NavItem(entry.key, entry.path, here) for entry, here in zip(NAV, current, strict=True))


@dataclass(frozen=True)
class Settings:
    """What every page shows besides its own values: the board's settings for this build."""

    site: Site
    language: str
    base_url: str
    build_date: Date
    theme: Theme  # the board's templates and assets, then the engine's
    description: str = ""  # what a page says of itself when it has nothing better (meta, Open Graph)

    def canonical(self, page_path: str) -> str | None:
        """The absolute URL of a page (clean folder URL), or None without an absolute base_url."""
        return absolute_url(self.base_url, page_path.removesuffix("index.html"))


@dataclass(frozen=True)
class KeptRow:
    """A rendered list row, and what its links were made for."""

    html: str
    made_on: str  # the page it was rendered for
    targets: tuple[str, ...]  # the site paths it links to
    absolute: bool  # its links are root-relative (the 404 page)


class _Environment(jinja2.Environment):
    """A Jinja environment that knows which links the rows being rendered make."""

    link_log: list[list[str]]  # one list per row being rendered (rows nest in rows)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict, not Jinja's ChainMap over the environment's.

        The renderer sets its globals before it loads a template and never changes them (as
        Jinja asks). Jinja copies a template's globals into every render's context and compares
        them with the importer's on every ``{% import %}``: over a ChainMap both are Python
        loops, about a sixth of the rendering at 10,000 records.
        """
        return {**self.globals, **(d or {})}


def _compiled_templates(folder: str | None, language: str) -> jinja2.BytecodeCache | None:
    """Templates compiled by an earlier build, kept in ``folder`` (from the build cache).

    :class:`~noticeboard.site.jinja_ext.FixedTexts` writes the board's texts into the compiled
    code, so the files are named by the language and a digest of its texts as well as by the
    template (Jinja itself checks each against its template's source).
    """
    if folder is None:
        return None
    texts = hashlib.sha256(json.dumps(i18n.catalog(language), sort_keys=True).encode()).hexdigest()[:12]
    return jinja2.FileSystemBytecodeCache(folder, f"{language}-{texts}-%s.cache")


class Renderer:
    """The Jinja2 environment of one build: renders pages, list rows and the shared chrome."""

    def __init__(self, settings: Settings, memory: PageMemory, pictures: Pictures = NO_PHOTOS) -> None:
        self.settings = settings
        self.memory = memory
        self.env = _Environment(
            bytecode_cache=_compiled_templates(memory.compiled, settings.language),
            loader=ThemeLoader(settings.theme),  # the board's overrides, then the engine's templates
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one build, templates do not change: skip a stat() per include
            cache_size=-1,  # a plain dict: Jinja's LRU cache scans a queue on every include
            finalize=isolate_direction_controls,
            extensions=[FixedTexts],
        )
        self.env.link_log = []
        language = settings.language
        self.env.globals.update(
            _=lambda key, **params: i18n.translate(language, key, **params),
            url=_url,
            row=jinja2.pass_context(
                lambda context, template, **record: self._row(context, template, **record)
            ),
            site=settings.site,
            language=language,
            og_locale=language.replace("-", "_"),  # Open Graph writes zh_CN
            build_date=settings.build_date,
            # "/board/" when the site is served from /board/: root-relative links (404 page)
            link_prefix=urlsplit(settings.base_url).path.strip("/"),
        )
        self.env.filters.update(
            date=lambda value: i18n.format_date(value, language) if value else "",
            time_tag=time_tag(language),
            month=lambda when: i18n.format_month(when.year, when.month, language),
            month_of=lambda label: i18n.format_month(int(label[:4]), int(label[5:7]), language),  # "2022-08"
            tel=tel_href,
            held=lambda council: council.date <= settings.build_date,
            short_month=lambda when: i18n.format_short_month(when.year, when.month, language),
            number=lambda value: i18n.format_number(value, language),
            percent=lambda value: i18n.format_percent(value, language),
            label=lambda value, group: i18n.translate(language, f"{group}.{value}"),
            markdown=lambda text: Markup(render_markdown(text)),
            href=_href,
            title_of=lambda record: getattr(record, record_type_of(record).title_field),
            type_of=lambda record: record_type_of(record).name,
            listed_on=lambda record: getattr(record, record_type_of(record).listed_by or ""),
            thumb=pictures.thumb,  # a record's first photo as a list row shows it, or None
        )
        self._chrome: dict[tuple[object, ...], Markup] = {}
        self._digests: dict[str, bytes] = {}
        # Everything every page shows besides its own values: the globals above.
        self._site_digest = fingerprint(language, settings.base_url, settings.build_date, settings.site)
        self._fingerprint = Fingerprinter(RECORD_CLASSES, pictures.made_of)

    def page(self, template: str, page_path: str, values: dict[str, Any]) -> bytes | Unchanged:
        """Render one page (a template extending base.html) to UTF-8 bytes, or say it is
        :data:`~noticeboard.site.files.UNCHANGED` when the memory has it from the last build."""
        unchanged = guarded(
            self.settings.theme,
            page_path,
            lambda: self.memory.unchanged(page_path, lambda: self.fingerprint(template, page_path, values)),
        )
        if unchanged:
            return UNCHANGED
        return self.render(template, page_path, values)

    def render(self, template: str, page_path: str, values: Mapping[str, Any]) -> bytes:
        """Render a template for the page at ``page_path`` (site-relative).

        ``absolute_links=True`` (the 404 page, served at any address) makes links root-relative
        from base_url's path, so they work at any depth and never ask another host. A board's
        override that fails says where in one line (:class:`~noticeboard.site.theme.TemplateFailure`).
        """
        return guarded(self.settings.theme, page_path, lambda: self._render(template, page_path, values))

    def _render(self, template: str, page_path: str, values: Mapping[str, Any]) -> bytes:
        page = {
            "absolute_links": False,
            "nav": navigation(page_path),
            "canonical": self.settings.canonical(page_path),
            "description": self.settings.description,
            "og_type": "website",
            **values,
        }
        header, footer = CHROME
        page["site_header"] = self._shared(header, page_path, page)
        page["site_footer"] = self._shared(footer, page_path, page)
        html = self.env.get_template(template).render(page_path=page_path, **page)
        return html.encode("utf-8")

    def fingerprint(self, template: str, page_path: str, values: Mapping[str, Any]) -> bytes | None:
        """The fingerprint of a page: its template, the shared header and footer, the site
        settings, its path and its values."""
        made_with = (self.template_digest(template), *map(self.template_digest, CHROME))
        return self._fingerprint(self._site_digest, made_with, page_path, dict(values))

    def _row(self, context: jinja2.runtime.Context, template: str, **record: object) -> Markup:
        """One record's row in a list: ``{{ row("partials/wish_row.html", wish=w) -}}``.

        A wish's row shows on its list, on three or four filter pages and on its claimer's
        page, and most rows are the same from one build to the next. A row sees only its
        record and the page's path (for links), so it is kept by the digests of its template,
        the site settings and the record (``memory.rows``), and reused on another page when
        every link in it comes out the same from there.
        """
        ((name, value),) = record.items()
        page_path, absolute = context["page_path"], context["absolute_links"]
        made_of = self._fingerprint.record_digest(value)
        key = (self._site_digest, self.template_digest(template), name, made_of)
        variants: list[KeptRow] = (self.memory.rows.get(key) if made_of is not None else None) or []
        for kept in variants:
            if kept.absolute == absolute and (
                absolute
                or all(relative_link(kept.made_on, t) == relative_link(page_path, t) for t in kept.targets)
            ):
                return Markup(kept.html)
        targets: list[str] = []
        self.env.link_log.append(targets)
        try:
            html = self.env.get_template(template).render(
                page_path=page_path, absolute_links=absolute, **record
            )
        finally:
            self.env.link_log.pop()
        if made_of is not None:
            row = KeptRow(html, page_path, tuple(targets), absolute)
            self.memory.rows.put(key, [*variants[-ROW_VARIANTS + 1 :], row])
        return Markup(html)

    def template_digest(self, name: str) -> bytes:
        """Digest a template's source together with every template it extends or includes."""
        if name not in self._digests:
            self._digests[name] = b""  # a template that includes itself stops here
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                self._digests[name] = hashlib.sha256(f"missing {name}".encode()).digest()
                return self._digests[name]
            digest = hashlib.sha256(source.encode())
            for used in self._uses(source, digest.hexdigest(), name, filename):
                # A name computed at render time could be any template: then all of them count.
                digest.update(self.template_digest(used) if used is not None else self._all_templates())
            self._digests[name] = digest.digest()
        return self._digests[name]

    def _uses(self, source: str, source_digest: str, name: str, filename: str | None) -> list[str | None]:
        """The templates ``source`` uses (:func:`_templates_used`), sorted. Finding them means
        parsing it, so the page memory keeps them by the source's digest (``PageMemory.uses``)."""
        kept: list[str | None] | None = self.memory.uses.get(source_digest)
        if kept is None:
            kept = sorted(_templates_used(self.env.parse(source, name, filename)), key=str)
            self.memory.uses.put(source_digest, kept)
        return kept

    def _all_templates(self) -> bytes:
        if "" not in self._digests:
            self._digests[""] = all_templates_digest(self.settings.theme)
        return self._digests[""]

    def _shared(self, template: str, page_path: str, values: Mapping[str, Any]) -> Markup:
        """The site header or footer for this page, rendered once per folder and menu state.

        They say the same on every page of a section at one depth, so 9,000 pages need a few
        dozen renders instead of 9,000.
        """
        # They link only to top-level pages (index.html, <folder>/index.html), so a relative
        # link depends on the page's depth and first folder alone ("wishes/a/" = "wishes/b/").
        folders = page_path.split("/")[:-1]
        where = (len(folders), folders[0] if folders else "")
        key = (template, where, values["absolute_links"], tuple(values["nav"]))  # NavItems hash by identity
        shared = self._chrome.get(key)
        if shared is None:
            html = self.env.get_template(template).render(
                page_path=page_path, nav=values["nav"], absolute_links=values["absolute_links"]
            )
            shared = self._chrome[key] = Markup(html.removesuffix("\n"))
        return shared


def _templates_used(tree: nodes.Template) -> set[str | None]:
    """The templates a template extends, includes or imports, and renders rows with
    (``row("partials/wish_row.html", ...)``); None for a name computed at render time."""
    used: set[str | None] = set(meta.find_referenced_templates(tree))
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "row":
            first = call.args[0] if call.args else None
            used.add(first.value if isinstance(first, nodes.Const) and isinstance(first.value, str) else None)
    return used


def tel_href(number: str) -> str:
    """A ``tel:`` link for a public phone number as written (``010-6512 3456 转 8``)."""
    main, _, extension = number.partition("转")
    digits = "".join(c for c in main if c.isdigit() or c == "+")
    extension_digits = "".join(c for c in extension if c.isdigit())
    return f"tel:{digits}" + (f",{extension_digits}" if extension_digits else "")


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, site_path: str) -> str:
    """Link from the page being rendered to a site path."""
    for targets in context.environment.link_log:  # type: ignore[attr-defined]  # rows being made
        targets.append(site_path)
    if context["absolute_links"]:
        # Root-relative, not absolute: an intranet mirror or a preview must not fetch the public host.
        prefix = context["link_prefix"]
        return f"/{prefix}/{site_path}" if prefix else f"/{site_path}"
    return relative_link(context["page_path"], site_path)


@jinja2.pass_context
def _href(context: jinja2.runtime.Context, record: Any) -> str:
    """Link from the page being rendered to a record's page."""
    return _url(context, record_path(record))
