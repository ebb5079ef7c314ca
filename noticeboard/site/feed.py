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

from noticeboard.content.model import Board, Date
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
_EVENT_ORDER = ("wish-fulfilled", "project-completed", "project-signed", "council-held", "partner-joined")


@dataclass(frozen=True)
class Event:
    """Something that happened on the board, worth a feed entry."""

    date: Date
    event: str  # a key of _EVENT_ORDER
    record_type: str
    record_id: str
    title: str
    summary: str


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
        if event == "council-held":
            return {
                "title": record.title,
                "date": i18n.format_date(record.date, language),
                "location": record.location,
                "participants": record.participants,
                "decisions": len(record.decisions),
            }
        return {"title": record.name}  # partner-joined

    def make(when: Date, event: str, record_type: str, record_id: str, record: Any) -> Event:
        # Content goes in as parameters only, so braces in a title are never read as placeholders.
        key = "feed." + event.replace("-", "_")
        said = facts(event, record)
        title, summary = (i18n.translate(language, k, **said) for k in (key, key + "_summary"))
        return Event(when, event, record_type, record_id, title, summary)

    found: list[tuple[Date, str, str, str, Any]] = []  # Event's first four fields, and the record
    for w in board.wishes:
        if w.status == "fulfilled" and w.fulfilled and w.claimed_by:
            found.append((w.fulfilled, "wish-fulfilled", "wish", w.id, w))
    for p in board.projects:
        if p.status in ("signed", "completed") and p.signed:
            found.append((p.signed, "project-signed", "project", p.id, p))
        if p.status == "completed" and p.completed:
            found.append((p.completed, "project-completed", "project", p.id, p))
    for c in board.councils:
        if c.date <= board.build_date:
            found.append((c.date, "council-held", "council", c.id, c))
    for partner in board.partners:
        found.append((partner.joined, "partner-joined", "partner", partner.id, partner))
    found = [e for e in found if e[0] <= board.build_date]
    found.sort(key=lambda e: (-e[0].toordinal(), _EVENT_ORDER.index(e[1]), e[3]))
    return [make(*e) for e in found[:limit]]


def _timestamp(date: Date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _link(base_url: str, site_path: str) -> str:
    return absolute_url(base_url, site_path) or site_path or "./"


def _entry_id(base_url: str, site_key: str, site_path: str, event: str) -> str:
    """A stable id: the page's absolute URL with the event as fragment, else a name-based UUID."""
    absolute = absolute_url(base_url, site_path)
    if absolute:
        return f"{absolute}#{event}"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"noticeboard:{site_key}/{site_path}#{event}"))


def feed_xml(board: Board, base_url: str, build_date: Date) -> bytes:
    """Write the Atom 1.0 feed of the latest events."""
    site = board.site
    root = absolute_url(base_url, "")
    feed_id = root or "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"noticeboard:{site.name}"))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<feed xmlns={quoteattr(ATOM_NS)} xml:lang={quoteattr(site.language)}>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <title>{escape(_clean(site.name))}</title>",
        f"  <subtitle>{escape(_clean(' '.join(filter(None, (site.district, site.street, site.community)))))}"
        "</subtitle>",
        f"  <updated>{_timestamp(build_date)}</updated>",
        f"  <author><name>{escape(_clean(site.community or site.name))}</name></author>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(_link(base_url, ""))}/>',
    ]
    if root:
        lines.append(f'  <link rel="self" type="application/atom+xml" href={quoteattr(root + FEED_FILE)}/>')
    lines.append("  <generator>noticeboard</generator>")
    for e in events(board, MAX_ENTRIES):
        path = record_dir(e.record_type, e.record_id)
        lines += [
            "  <entry>",
            f"    <id>{escape(_entry_id(base_url, site.name, path, e.event))}</id>",
            f"    <title>{escape(_clean(e.title))}</title>",
            f"    <updated>{_timestamp(e.date)}</updated>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(_link(base_url, path))}/>',
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
