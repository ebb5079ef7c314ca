"""Short, stable addresses for the printed board's QR codes: ``q/<code>/`` opens a record's page.

A QR code on paper holds its address for as long as the sheet hangs on the wall, and a short
address makes a small code with big modules. A record's code is the start of a hash of its
type and id (``wish/2022-05-16-haircut``), written in lowercase Crockford base32 (digits and
letters without i, l, o, u): five characters, one of 33 million. It depends on the type and
id alone, so adding, changing or removing other records leaves it as it is, with one
exception: when the codes of two records start the same, each gets one more character, as
many as it takes (the same whatever order the records come in), and the start they share
becomes a page listing both, so a code printed before the collision still leads to its record.

``q/<code>/index.html`` is a tiny page: an immediate refresh to the record's page, a plain
link for browsers that do not follow it, the record's page as its canonical address and
``noindex``. They are made only when base_url is absolute (only then are QR codes printed),
and never listed in sitemap.xml. See docs/print.md.
"""

from __future__ import annotations

import base64
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from noticeboard.content.model import Board, Record
from noticeboard.content.types import RECORD_TYPES
from noticeboard.site import urls
from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles

FOLDER = "q"
CODE_LENGTH = 5  # 32**5 codes: 1,000 records collide with a chance of 1.5 %, 10,000 once or twice
TEMPLATE = "print/shortlink.html"
_RFC_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789abcdefghjkmnpqrstvwxyz")

RecordKey = tuple[str, str]  # (record type, record id)


def hashed(record_type: str, record_id: str) -> str:
    """The record's whole hash in Crockford base32 (52 characters); its code is a start of it."""
    digest = hashlib.sha256(f"{record_type}/{record_id}".encode()).digest()
    return base64.b32encode(digest).decode("ascii").rstrip("=").translate(_RFC_TO_CROCKFORD)


@dataclass(frozen=True)
class ShortLinks:
    """The code of every record with a page, and the code starts several records share."""

    codes: dict[RecordKey, str]
    shared: dict[str, tuple[RecordKey, ...]]  # a start two or more codes share -> those records

    def code(self, record_type: str, record_id: str) -> str:
        """The record's code (KeyError for a record without a page)."""
        return self.codes[(record_type, record_id)]

    def path(self, record_type: str, record_id: str) -> str:
        """The site folder the record's short address opens: ``q/avswy/``."""
        return f"{FOLDER}/{self.code(record_type, record_id)}/"


def assign(keys: Iterable[RecordKey], length: int = CODE_LENGTH) -> ShortLinks:
    """Give every record the shortest start of its hash, at least ``length`` long, that no
    other record's hash starts with; note each start that several share."""
    whole = {key: hashed(*key) for key in keys}
    codes: dict[RecordKey, str] = {}
    shared: dict[str, tuple[RecordKey, ...]] = {}
    groups: list[tuple[int, list[RecordKey]]] = [(length, sorted(whole))]
    while groups:
        size, members = groups.pop()
        by_start: dict[str, list[RecordKey]] = defaultdict(list)
        for key in members:
            by_start[whole[key][:size]].append(key)
        for start, keys_here in by_start.items():
            if len(keys_here) == 1:
                codes[keys_here[0]] = start
            elif size >= len(whole[keys_here[0]]):  # two ids, one SHA-256: not in this universe
                raise ValueError(f"records {keys_here} have the same hash")
            else:
                shared[start] = tuple(keys_here)
                groups.append((size + 1, keys_here))
    return ShortLinks(dict(sorted(codes.items())), dict(sorted(shared.items())))


def page_records(board: Board) -> dict[RecordKey, Record]:
    """Every record of the board that has a page, by type and id."""
    return {
        (record_type.name, record.id): record
        for record_type in RECORD_TYPES
        if record_type.section is not None
        for record in board.of(record_type.name)
    }


def board_links(board: Board, length: int = CODE_LENGTH) -> ShortLinks:
    """The short links of every record of the board that has a page."""
    return assign(page_records(board), length)


@dataclass(frozen=True)
class Target:
    """A record a short address leads to, and the word for its kind (微心愿)."""

    kind: str
    record: Record


def produce_short_links(ctx: SiteContext) -> SiteFiles:
    """Producer: ``q/<code>/index.html`` for every record with a page (base_url absolute only)."""
    if urls.absolute_url(ctx.base_url, "") is None:
        return {}
    records = page_records(ctx.board)
    links = assign(records, CODE_LENGTH)

    def target(key: RecordKey) -> Target:
        return Target(ctx.text(f"search.type.{key[0]}"), records[key])

    files: SiteFiles = {}
    for key, code in links.codes.items():
        files[f"{FOLDER}/{code}/index.html"] = ctx.render(
            TEMPLATE,
            f"{FOLDER}/{code}/index.html",
            targets=[target(key)],
            canonical=urls.absolute_url(ctx.base_url, urls.record_dir(*key)),
        )
    for start, keys in links.shared.items():  # codes printed before two records collided
        files[f"{FOLDER}/{start}/index.html"] = ctx.render(
            TEMPLATE, f"{FOLDER}/{start}/index.html", targets=[target(key) for key in keys], canonical=None
        )
    return files
