"""The Atom feed of recent events (feed.xml) and the sitemap of every page (sitemap.xml).

Both carry the build date as their only time, so the same content and build date give
the same bytes. Page links are absolute when the site's base_url is; otherwise the feed
uses links relative to its own place at the site root (Atom resolves them against the
feed's address) and no sitemap is written, since a sitemap must list absolute URLs.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from noticeboard.content.model import Board, Council, Date
from noticeboard.site import i18n
from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles
from noticeboard.site.shortlinks import FOLDER as SHORT_LINKS
from noticeboard.site.urls import absolute_url, record_dir

ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_FILE = "feed.xml"
SITEMAP_FILE = "sitemap.xml"
MAX_SITEMAP_URLS = 50_000  # per file, by the sitemaps.org protocol
MAX_ENTRIES = 50
# Characters XML 1.0 cannot carry at all; content is untrusted, so drop them rather than fail.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# On one day, list events in this order (after date, newest first).
_EVENT_ORDER = (
    "wish-fulfilled",
    "decision-done",
    "decision-update",
    "project-completed",
    "project-signed",
    "council-held",
    "partner-joined",
)


@dataclass(frozen=True)
class Event:
    """Something that happened on the board, worth a feed entry."""

    date: Date
    event: str  # a key of _EVENT_ORDER
    record_type: str
    record_id: str
    title: str
    summary: str
    fragment: str = ""  # the part of the record's page it is about: decision-2
    key: str = ""  # what tells it from the record's other events of the kind (default: the event)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def events(board: Board, limit: int | None = None) -> list[Event]:
    """List the board's events up to the build date, newest first, worded in the board's language.

    With ``limit``, only the newest ``limit`` events (the others are never worded).
    """
    language = board.site.language if board.site.language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    separator = i18n.translate(language, "punct.list_sep")

    def names(ids: tuple[str, ...]) -> str:
        return separator.join(partner.name if (partner := board.partner(i)) else i for i in ids)

    def facts(event: str, record: Any) -> dict[str, Any]:
        if event == "wish-fulfilled":
            return {
                "title": record.title,
                "beneficiary": record.beneficiary,
                "who": names((record.claimed_by,)),
            }
        if event in ("project-signed", "project-completed"):
            return {"who": names(record.partners), "title": record.title, "category": record.category}
        if event in ("decision-update", "decision-done"):
            council, decision, update = record
            progress = update.progress if update is not None else None
            return {
                "council": council.title,
                "text": decision.text,
                "update": update.text if update is not None else "",
                "progress": i18n.translate(language, "feed.progress", value=progress)
                if progress is not None
                else "",
                "result": decision.result,
            }
        if event == "council-held":
            return {
                "title": record.title,
                "date": i18n.format_date(record.date, language),
                "location": record.location,
                "participants": record.participants,
                "decisions": len(record.decisions),
            }
        return {"title": record.name}  # partner-joined

    def make(when: Date, event: str, record_type: str, record_id: str, record: Any, key: str) -> Event:
        # Content goes in as parameters only, so braces in a title are never read as placeholders.
        words = "feed." + event.replace("-", "_")
        said = facts(event, record)
        title, summary = (i18n.translate(language, k, **said) for k in (words, words + "_summary"))
        fragment = key.partition("/")[0]
        return Event(when, event, record_type, record_id, title, summary, fragment, key.replace("/", "-"))

    # Event's first four fields, the record (for its words) and the event's key on the record's page.
    found: list[tuple[Date, str, str, str, Any, str]] = []
    for w in board.wishes:
        if w.status == "fulfilled" and w.fulfilled and w.claimed_by:
            found.append((w.fulfilled, "wish-fulfilled", "wish", w.id, w, ""))
    for p in board.projects:
        if p.status in ("signed", "completed") and p.signed:
            found.append((p.signed, "project-signed", "project", p.id, p, ""))
        if p.status == "completed" and p.completed:
            found.append((p.completed, "project-completed", "project", p.id, p, ""))
    for c in board.councils:
        if c.date <= board.build_date:
            found.append((c.date, "council-held", "council", c.id, c, ""))
            found += _decision_events(c)
    for partner in board.partners:
        found.append((partner.joined, "partner-joined", "partner", partner.id, partner, ""))
    found = [e for e in found if e[0] <= board.build_date]
    found.sort(key=lambda e: (-e[0].toordinal(), _EVENT_ORDER.index(e[1]), e[3], e[5]))
    return [make(*e) for e in found[:limit]]


def _decision_events(council: Council) -> list[tuple[Date, str, str, str, Any, str]]:
    """A council's follow-up events: each dated update of a decision, and each decision done.
    Their key is ``decision-N/update-K`` (or ``decision-N/done``): the page part, then the event."""
    found: list[tuple[Date, str, str, str, Any, str]] = []
    for d in council.decisions:
        anchor = f"decision-{d.number}"
        for number, update in enumerate(d.updates, start=1):
            record = (council, d, update)
            found.append(
                (update.date, "decision-update", "council", council.id, record, f"{anchor}/update-{number}")
            )
        if d.status == "done" and d.done:
            found.append(
                (d.done, "decision-done", "council", council.id, (council, d, None), f"{anchor}/done")
            )
    return found


def _timestamp(date: Date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _link(base_url: str, site_path: str, feed_path: str = FEED_FILE) -> str:
    """A page's address in a feed: absolute, else relative to the feed's own folder."""
    relative = "../" * feed_path.count("/") + site_path
    return absolute_url(base_url, site_path) or relative or "./"


def _entry_id(base_url: str, site_key: str, site_path: str, event: str) -> str:
    """A stable id: the page's absolute URL with the event as fragment, else a name-based UUID."""
    absolute = absolute_url(base_url, site_path)
    if absolute:
        return f"{absolute}#{event}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"noticeboard:{site_key}/{site_path}#{event}"))


def feed_xml(
    board: Board,
    base_url: str,
    build_date: Date,
    chosen: list[Event] | None = None,
    feed_path: str = FEED_FILE,
    title: str | None = None,
) -> bytes:
    """Write an Atom 1.0 feed: the board's latest events at ``feed.xml``, or some ``chosen``
    events (a place's) at ``feed_path`` under their own ``title``."""
    site = board.site
    page = feed_path.removesuffix(FEED_FILE)  # the folder the feed belongs to: "" or places/<slug>/
    root = absolute_url(base_url, page)
    key = site.name + (f"/{page}" if page else "")
    feed_id = root or "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"noticeboard:{key}"))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<feed xmlns={quoteattr(ATOM_NS)} xml:lang={quoteattr(site.language)}>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <title>{escape(_clean(title or site.name))}</title>",
        f"  <subtitle>{escape(_clean(' '.join(filter(None, (site.district, site.street, site.community)))))}"
        "</subtitle>",
        f"  <updated>{_timestamp(build_date)}</updated>",
        f"  <author><name>{escape(_clean(site.community or site.name))}</name></author>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(_link(base_url, page, feed_path))}/>',
    ]
    if root:
        lines.append(f'  <link rel="self" type="application/atom+xml" href={quoteattr(root + FEED_FILE)}/>')
    lines.append("  <generator>noticeboard</generator>")
    for e in events(board, MAX_ENTRIES) if chosen is None else chosen[:MAX_ENTRIES]:
        path = record_dir(e.record_type, e.record_id)
        link = _link(base_url, path, feed_path) + (f"#{e.fragment}" if e.fragment else "")
        lines += [
            "  <entry>",
            f"    <id>{escape(_entry_id(base_url, site.name, path, e.key or e.event))}</id>",
            f"    <title>{escape(_clean(e.title))}</title>",
            f"    <updated>{_timestamp(e.date)}</updated>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
            f"    <category term={quoteattr(e.event)}/>",
            f"    <summary>{escape(_clean(e.summary))}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def produce_feed(ctx: SiteContext) -> SiteFiles:
    """Producer for the build pipeline: feed.xml."""
    return {FEED_FILE: feed_xml(ctx.board, ctx.base_url, ctx.build_date)}


# --- sitemap ---------------------------------------------------------------------------


def page_address(site_path: str) -> str:
    """The clean, URL-quoted address of a page file: ``wishes/x/index.html`` -> ``wishes/x/``."""
    if site_path == "index.html":
        site_path = ""
    elif site_path.endswith("/index.html"):
        site_path = site_path[: -len("index.html")]
    return quote(site_path, safe="/-._~")


def is_listed_page(site_path: str) -> bool:
    """Whether a built file is a page a search engine should find (not 404, not static, not
    the short addresses of the printed QR codes, which only lead to other pages, not the form
    editor's page under admin/)."""
    return (
        site_path.endswith(".html")
        and site_path != "404.html"
        and not site_path.startswith(("static/", f"{SHORT_LINKS}/", "admin/"))
    )


def _xml(root_element: str, rows: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f"<{root_element} xmlns={quoteattr(SITEMAP_NS)}>"]
    lines += rows
    lines.append(f"</{root_element}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemaps(
    base_url: str, html_paths: list[str], build_date: Date, limit: int = MAX_SITEMAP_URLS
) -> dict[str, bytes]:
    """Write sitemap.xml over the given pages, split behind a sitemap index past ``limit`` URLs.

    Empty when base_url is not absolute: a sitemap must list full addresses.
    """
    root = absolute_url(base_url, "")
    if root is None or not urlsplit(root).netloc:
        return {}
    addresses = sorted({root + page_address(p) for p in html_paths if is_listed_page(p)})
    lastmod = build_date.isoformat()
    rows = [f"  <url><loc>{escape(a)}</loc><lastmod>{lastmod}</lastmod></url>" for a in addresses]
    if len(rows) <= limit:
        return {SITEMAP_FILE: _xml("urlset", rows)}
    # The protocol allows 50,000 URLs per file; a bigger board gets numbered parts and an index.
    parts = {
        f"sitemap-{number}.xml": _xml("urlset", rows[start : start + limit])
        for number, start in enumerate(range(0, len(rows), limit), start=1)
    }
    index = [
        f"  <sitemap><loc>{escape(root + name)}</loc><lastmod>{lastmod}</lastmod></sitemap>" for name in parts
    ]
    return {SITEMAP_FILE: _xml("sitemapindex", index), **parts}


def sitemap_xml(base_url: str, html_paths: list[str], build_date: Date) -> bytes | None:
    """Write the one-file sitemap of the given pages; None when base_url is not absolute."""
    return sitemaps(base_url, html_paths, build_date, limit=len(html_paths) or 1).get(SITEMAP_FILE)


def sitemap_files(files: SiteFiles, ctx: SiteContext) -> SiteFiles:
    """sitemap.xml over the pages every other producer made (none without an absolute base_url)."""
    return {**sitemaps(ctx.base_url, list(files), ctx.build_date)}
