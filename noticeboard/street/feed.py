"""The street's Atom feed: every community's feed.xml merged, newest first.

A community's feed is untrusted XML from another host: a document type declaration (the way
to entity bombs and external entities) is refused before parsing, and only the elements a
board's feed has are read. Each entry keeps its id, so a feed reader that follows a board and
the street sees one event once; an entry whose id another community's feed already used (two
boards without an absolute address and with the same name) gets a name-based id of its own.
Relative links are made absolute against the board's address, or lead to the community's
page on the street board when the board has none: an Atom entry without content must link.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from urllib.parse import urljoin
from xml.sax.saxutils import escape, quoteattr

from noticeboard.site.feed import ATOM_NS, FEED_FILE
from noticeboard.site.urls import absolute_url
from noticeboard.street.config import Street
from noticeboard.street.render import translate
from noticeboard.street.summary import Community, FeedEntry

MAX_ENTRIES = 100
_A = "{" + ATOM_NS + "}"
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class FeedError(ValueError):
    """A feed.xml that is not a board's Atom feed; the message says where."""


def parse_feed(data: bytes, home: str | None) -> list[FeedEntry]:
    """Read the entries of a board's feed.xml; links made absolute against ``home``."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FeedError("a document type declaration is not allowed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise FeedError(str(error)) from None
    if root.tag != _A + "feed":
        raise FeedError(f"the root element is {root.tag}, not an Atom feed")
    entries = []
    for number, entry in enumerate(root.findall(_A + "entry"), start=1):
        entry_id, title, updated = (
            (entry.findtext(_A + name) or "").strip() for name in ("id", "title", "updated")
        )
        if not entry_id or not _TIMESTAMP.match(updated):
            raise FeedError(f"entry {number} has no id or no valid updated time")
        link = entry.find(_A + "link")
        href = link.get("href") if link is not None else None
        category = entry.find(_A + "category")
        entries.append(
            FeedEntry(
                id=entry_id,
                title=title,
                updated=updated,
                link=_absolute(href, home),
                category=category.get("term") if category is not None else None,
                summary=(entry.findtext(_A + "summary") or "").strip(),
            )
        )
    return entries


def _absolute(href: str | None, home: str | None) -> str | None:
    if not href:
        return None
    if href.startswith(("http://", "https://")):
        return href
    return urljoin(urljoin(home, FEED_FILE), href) if home else None


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def street_feed(street: Street, communities: Sequence[Community], build_date: dt.date) -> bytes:
    """Write the merged Atom feed: the newest :data:`MAX_ENTRIES` entries of every community."""
    root = absolute_url(street.base_url, "")
    key = f"noticeboard-street:{street.name}"
    feed_id = root or "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, key))
    merged: list[tuple[str, int, int, Community, FeedEntry]] = []
    for position, community in enumerate(communities):
        if community.snapshot is None:
            continue
        for order, entry in enumerate(community.snapshot.feed):
            merged.append((entry.updated, position, order, community, entry))
    # Newest first; on one day, communities in the street's order and each feed's own order.
    merged.sort(key=lambda item: (_negated(item[0]), item[1], item[2]))
    title = translate(street.language, "street.site_name", street=street.name)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<feed xmlns={quoteattr(ATOM_NS)} xml:lang={quoteattr(street.language)}>",
        f"  <id>{escape(feed_id)}</id>",
        f"  <title>{escape(_clean(title))}</title>",
        f"  <subtitle>{escape(_clean(' '.join(filter(None, (street.district, street.name)))))}</subtitle>",
        f"  <updated>{build_date.isoformat()}T00:00:00Z</updated>",
        f"  <author><name>{escape(_clean(street.name))}</name></author>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(root or "./")}/>',
    ]
    if root:
        lines.append(f'  <link rel="self" type="application/atom+xml" href={quoteattr(root + FEED_FILE)}/>')
    lines.append("  <generator>noticeboard</generator>")
    seen: set[str] = set()
    separator = "：" if street.language == "zh-CN" else ": "
    for _updated, _position, _order, community, entry in merged[:MAX_ENTRIES]:
        entry_id = entry.id
        if entry_id in seen:
            entry_id = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}/{community.id}/{entry.id}"))
        seen.add(entry_id)
        page = f"communities/{community.id}/"
        link = entry.link or absolute_url(street.base_url, page) or page
        lines += [
            "  <entry>",
            f"    <id>{escape(entry_id)}</id>",
            f"    <title>{escape(_clean(community.name + separator + entry.title))}</title>",
            f"    <updated>{escape(entry.updated)}</updated>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>',
        ]
        if entry.category:
            lines.append(f"    <category term={quoteattr(entry.category)}/>")
        lines += [f"    <summary>{escape(_clean(entry.summary))}</summary>", "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _negated(timestamp: str) -> tuple[int, ...]:
    """Sort key for newest first: the timestamp's digits, each negated (UTC offsets ignored)."""
    return tuple(-int(part) for part in re.findall(r"\d+", timestamp[:19]))
