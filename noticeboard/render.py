"""Turn page contexts into HTML: the Jinja2 environment, its filters, and the site context.

Templates format what they are given and compute nothing. They fail loudly: autoescape
is on for every template and an unknown name is an error (``StrictUndefined``), never an
empty cell on the public board.

Links between pages are relative and end in ``index.html`` (``../wishes/index.html``), so
the built folder works opened from disk, served from ``/`` or from a sub-path.

A template sees only the values its producer gives it, the site settings (``site``,
``language``, ``build_date``) and pure helpers (``_``, ``url``, filters) — never the board.
That is what lets a cached build skip a page: its fingerprint (:mod:`noticeboard.fingerprint`)
covers everything the page is made from. Features that add values to many pages (edit
links, history, filter navigation) do it through :data:`PAGE_FACTS`, so what they add is
fingerprinted too. Record pages include ``partials/record_tools.html``, list pages
``partials/list_tools.html`` and ``partials/filter_links.html``, the footer
``partials/footer_extra.html``, each only when the file exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from noticeboard import i18n, urls
from noticeboard.fingerprint import Fingerprinter, fingerprint
from noticeboard.jinja_extensions import FixedTexts, isolate_direction_controls
from noticeboard.keep import Keep
from noticeboard.markdown import render_markdown
from noticeboard.model import Award, Board, Council, Partner, Project, Redemption, Wish
from noticeboard.paths import TEMPLATES
from noticeboard.update import UNCHANGED, Unchanged

_RECORD_TYPES = {Partner: "partner", Project: "project", Wish: "wish", Council: "council"}
RECORD_CLASSES = (Partner, Project, Wish, Council, Award, Redemption)  # digested once per build

# The main menu: (catalog key, page, the site folders that count as this section).
NAV = (
    ("nav.home", "index.html", ()),
    ("nav.partners", "partners/index.html", ("partners/",)),
    ("nav.projects", "projects/index.html", ("projects/",)),
    ("nav.wishes", "wishes/index.html", ("wishes/",)),
    ("nav.councils", "councils/index.html", ("councils/", "decisions/")),
    ("nav.points", "points/index.html", ("points/",)),
    ("nav.search", "search/index.html", ("search/",)),
)


@dataclass(frozen=True)
class NavItem:
    key: str
    path: str
    current: bool


def navigation(page_path: str) -> list[NavItem]:
    """The main menu, with the section of ``page_path`` marked current."""
    return [
        NavItem(key, path, page_path.startswith(folders) if folders else page_path == path)
        for key, path, folders in NAV
    ]


@dataclass
class SiteContext:
    """What every producer knows about the build besides the board itself."""

    board: Board
    base_url: str
    language: str
    build_date: dt.date
    templates: Path = TEMPLATES
    renderer: Renderer | None = field(default=None, repr=False)
    # Incremental builds (noticeboard.cache): each page's fingerprint from the last build
    # into the same folder, and the fingerprints of this build, recorded only when asked.
    previous: dict[str, bytes] = field(default_factory=dict, repr=False)
    fingerprints: dict[str, bytes] | None = field(default=None, repr=False)
    # Computations that many pages share (provenance, filter navigation), once per build.
    shared: dict[str, object] = field(default_factory=dict, repr=False)

    def text(self, key: str, **params: object) -> str:
        """A UI text in the board's language."""
        return i18n.translate(self.language, key, **params)

    def absolute(self, site_path: str) -> str | None:
        """The absolute URL of a site path (clean folder URL), or None without an absolute base_url."""
        clean = site_path.removesuffix("index.html")
        return urls.absolute_url(self.base_url, clean)

    def share(self, name: str, compute: Callable[[], object]) -> object:
        """A value many pages of this build use, computed the first time it is asked for."""
        if name not in self.shared:
            self.shared[name] = compute()
        return self.shared[name]

    def render(self, template: str, page_path: str, **values: object) -> bytes | Unchanged:
        """Render one page (a template extending base.html) to UTF-8 bytes.

        Returns :data:`~noticeboard.update.UNCHANGED` instead when the page's fingerprint
        equals the last build's (only in a cached build, where ``previous`` is filled).
        """
        if self.renderer is None:
            self.renderer = Renderer(self)
        for add_facts in PAGE_FACTS:
            values.update(add_facts(self, page_path, values))
        if self.fingerprints is not None:
            made_of = self.renderer.fingerprint(template, page_path, values)
            if made_of is not None:
                self.fingerprints[page_path] = made_of
                if self.previous.get(page_path) == made_of:
                    return UNCHANGED
        return self.renderer.render(template, page_path, **values)


def make_context(board: Board, base_url: str | None = None) -> SiteContext:
    """Make the site context; ``base_url`` overrides site.yaml's."""
    language = board.site.language if board.site.language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    return SiteContext(
        board=board,
        base_url=base_url if base_url is not None else board.site.base_url,
        language=language,
        build_date=board.build_date,
    )


def relative_link(from_page: str, to_path: str) -> str:
    """A link from one site file to another, relative (``../wishes/index.html``).

    Both are site-relative POSIX paths without ``..`` (producers guarantee it), so plain
    string work suffices; posixpath.relpath would consult the working directory each call.
    """
    if to_path.endswith("/") or to_path == "":
        to_path += "index.html"
    from_dir = from_page.split("/")[:-1]
    to_parts = to_path.split("/")
    common = 0
    while common < len(from_dir) and common < len(to_parts) - 1 and from_dir[common] == to_parts[common]:
        common += 1
    return "../" * (len(from_dir) - common) + "/".join(to_parts[common:])


def record_path(record: object) -> str:
    """The site file of a record's page."""
    record_type = _RECORD_TYPES.get(type(record))
    if record_type is None:
        raise TypeError(f"{type(record).__name__} records have no page")
    return urls.record_file(record_type, record.id)  # type: ignore[attr-defined]


# Rendered list rows by (site digest, template digest, variable, record digest): each a list
# of variants, one per kind of page it shows on, as (html, page made on, links, absolute?).
ROWS = Keep("rows", limit=20_000)  # about 10 MB: a 10,000-record board has about 9,000 rows
ROW_VARIANTS = 4

PageFacts = Callable[[SiteContext, str, dict], dict]

# Features that add values to pages (edit links and history, filter navigation) register a
# function (ctx, page path, the page's values) -> values to add; what they add becomes part
# of the page's fingerprint like any other value.
PAGE_FACTS: list[PageFacts] = []


class _BuildLoader(jinja2.FileSystemLoader):
    """The templates folder, remembering which optional partials it does not hold.

    ``{% include ... ignore missing %}`` of an absent partial would search the folder on
    every page (9,000 times at 10k records); one build's templates do not change.
    """

    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self.missing: set[str] = set()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple:
        """Find a template's source, or fail at once for one already found missing."""
        if template in self.missing:
            raise jinja2.TemplateNotFound(template)
        try:
            return super().get_source(environment, template)
        except jinja2.TemplateNotFound:
            self.missing.add(template)
            raise


class Renderer:
    """A Jinja2 environment bound to one site context."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.env = jinja2.Environment(
            loader=_BuildLoader(str(ctx.templates)),
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
        language = ctx.language
        self.env.globals.update(
            _=lambda key, **params: i18n.translate(language, key, **params),
            url=_url,
            site=ctx.board.site,
            language=language,
            build_date=ctx.build_date,
            # "/board/" when the site is served from /board/: root-relative links (404 page)
            link_prefix=urlsplit(ctx.base_url).path.strip("/"),
        )
        self.env.filters.update(
            date=lambda value: i18n.format_date(value, language) if value else "",
            month=lambda when: i18n.format_month(when.year, when.month, language),
            short_month=lambda when: i18n.format_short_month(when.year, when.month, language),
            number=lambda value: i18n.format_number(value, language),
            percent=lambda value: i18n.format_percent(value, language),
            label=lambda value, group: i18n.translate(language, f"{group}.{value}"),
            markdown=lambda text: Markup(render_markdown(text)),
            href=_href,
        )
        self._chrome: dict[tuple, Markup] = {}
        self.env.link_log = []  # type: ignore[attr-defined]  # see _url and _row
        self.env.globals["row"] = jinja2.pass_context(
            lambda context, template, **record: self._row(context, template, **record)
        )
        self._digests: dict[str, bytes] = {}
        # Everything every page shows besides its own values: the globals above.
        self._site_digest = fingerprint(language, ctx.base_url, ctx.build_date, ctx.board.site)
        self._fingerprint = Fingerprinter(RECORD_CLASSES)

    def _row(self, context: jinja2.runtime.Context, template: str, **record: object) -> Markup:
        """One record's row in a list: ``{{ row("partials/wish_row.html", wish=w) -}}``.

        A wish's row shows on its list, on three or four filter pages and on its claimer's
        page, and most rows are the same from one build to the next. A row sees only its
        record and the page's path (for links), so it is kept by the digests of its template,
        the site settings and the record (:data:`ROWS`, across builds: :mod:`noticeboard.keep`),
        and reused on another page when every link in it comes out the same from there.
        """
        ((name, value),) = record.items()
        page_path, absolute = context["page_path"], context["absolute_links"]
        made_of = self._fingerprint.record_digest(value)
        key = (self._site_digest, self.template_digest(template), name, made_of)
        variants = (ROWS.get(key) if made_of is not None else None) or []
        for html, made_on, targets, made_absolute in variants:
            if made_absolute == absolute and (
                absolute or all(relative_link(made_on, t) == relative_link(page_path, t) for t in targets)
            ):
                return Markup(html)
        targets: list[str] = []
        self.env.link_log.append(targets)  # type: ignore[attr-defined]
        try:
            html = Markup(
                self.env.get_template(template).render(page_path=page_path, absolute_links=absolute, **record)
            )
        finally:
            self.env.link_log.pop()  # type: ignore[attr-defined]
        if made_of is not None:
            ROWS.put(key, [*variants[-ROW_VARIANTS + 1 :], (str(html), page_path, tuple(targets), absolute)])
        return html

    def fingerprint(self, template: str, page_path: str, values: dict) -> bytes | None:
        """The fingerprint of a page: its template, the site settings, its path and its values."""
        return self._fingerprint(self._site_digest, self.template_digest(template), page_path, values)

    def template_digest(self, name: str) -> bytes:
        """Digest a template's source together with every template it extends or includes."""
        if name not in self._digests:
            self._digests[name] = b""  # a template that includes itself stops here
            try:
                source = self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                self._digests[name] = hashlib.sha256(f"missing {name}".encode()).digest()
                return self._digests[name]
            digest = hashlib.sha256(source.encode())
            for used in sorted(_templates_used(self.env.parse(source)), key=str):
                # A name computed at render time could be any template: then all of them count.
                digest.update(self.template_digest(used) if used is not None else self._all_templates())
            self._digests[name] = digest.digest()
        return self._digests[name]

    def _all_templates(self) -> bytes:
        digest = hashlib.sha256()
        for path in sorted(self.ctx.templates.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(self.ctx.templates).as_posix().encode() + path.read_bytes())
        return digest.digest()

    def _shared(self, template: str, page_path: str, values: dict) -> Markup:
        """The site header or footer for this page, rendered once per folder and menu state.

        They say the same on every page of a section at one depth, so 9,000 pages need a few
        dozen renders instead of 9,000.
        """
        # They link only to top-level pages (index.html, <folder>/index.html), so a relative
        # link depends on the page's depth and first folder alone ("wishes/a/" = "wishes/b/").
        folders = page_path.split("/")[:-1]
        where = (len(folders), folders[0] if folders else "")
        key = (template, where, values["absolute_links"], tuple(values["nav"]))
        shared = self._chrome.get(key)
        if shared is None:
            html = self.env.get_template(template).render(
                page_path=page_path, nav=values["nav"], absolute_links=values["absolute_links"]
            )
            shared = self._chrome[key] = Markup(html.removesuffix("\n"))
        return shared

    def render(self, template: str, page_path: str, **values: object) -> bytes:
        """Render a template for the page at ``page_path`` (site-relative).

        ``absolute_links=True`` (the 404 page, served at any address) makes links root-relative
        from base_url's path, so they work at any depth and never ask another host.
        """
        values.setdefault("absolute_links", False)
        values.setdefault("nav", navigation(page_path))
        values.setdefault("canonical", self.ctx.absolute(page_path))
        values["site_header"] = self._shared("partials/site_header.html", page_path, values)
        values["site_footer"] = self._shared("partials/site_footer.html", page_path, values)
        html = self.env.get_template(template).render(page_path=page_path, **values)
        return html.encode("utf-8")


def _templates_used(tree: nodes.Template) -> set[str | None]:
    """The templates a template extends, includes or imports, and renders rows with
    (``row("partials/wish_row.html", ...)``); None for a name computed at render time."""
    used = set(meta.find_referenced_templates(tree))
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "row":
            first = call.args[0] if call.args else None
            used.add(first.value if isinstance(first, nodes.Const) and isinstance(first.value, str) else None)
    return used


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
def _href(context: jinja2.runtime.Context, record: object) -> str:
    """Link from the page being rendered to a record's page."""
    return _url(context, record_path(record))
