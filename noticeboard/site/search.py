"""Build the static full-text search index: character bigrams in sharded JSON.

Chinese has no spaces between words, so the index does not try to find words. Every pair of
adjacent characters (a *bigram*) of a record's text is a key; the same rule serves Latin
text ("shed" → "sh", "he", "ed"), so any substring of two or more characters is found, in
any script. ``templates/static/search.js`` splits a query the same way, fetches only the
shards holding its bigrams, intersects their posting lists and then checks each candidate's
stored text for the real substring, so "车棚" never matches "车…棚". Each character of a
record's *title* is a key too, so a one-character query finds the titles holding it; and
search.js also tries each query word's synonyms (the shipped list and site.yaml's, in
``meta.json``), so the index does not grow with them. Every adopted decision of a held
council is a document of its own, with its follow-up status, linking to its council's page.

Files written under ``search/`` (all deterministic, keys sorted, no timestamps):

``meta.json``
    ``{"version", "docs", "shards", "postings", "chunk", "labels", "synonyms"}``: how to find
    the rest, the names of types and statuses and the synonyms to try; ``version`` is a hash of
    every other search file, used by the page to skip stale browser caches; ``postings`` is how
    many (key, document) pairs the shards hold, which sets their number (a prose edit's patch
    reads it instead of every shard).
``index-<n>.json``
    ``{key: [doc numbers, delta encoded]}`` for the keys (bigrams of the text, single
    characters of the title) whose FNV-1a hash (over code points) modulo ``shards`` is ``n``.
``docs-<k>.json``
    documents ``k*chunk`` to ``(k+1)*chunk - 1``, newest first: type, title, date as shown,
    status, page (with a ``#decision-<n>`` anchor for a decision), the council a decision
    belongs to (``in``) and the normalised text used to verify a match.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from noticeboard.analysis.decisions import TrackedDecision, decision_tracker
from noticeboard.content.model import Board, Council, Date, Partner, Project, Wish
from noticeboard.content.types import SECTIONED, RecordType, record_type_of
from noticeboard.site import i18n
from noticeboard.site.context import SiteContext
from noticeboard.site.files import UNCHANGED, SiteFiles
from noticeboard.site.filters import FilterDimension
from noticeboard.site.search_files import (
    INDEX_FOLDER,
    META,
    Rewritten,
    chunk_file,
    document_keys,
    gaps,
    index_json,
    patched,
    shard_file,
    version_of,
)
from noticeboard.site.search_text import (
    Synonyms,
    WordBigrams,
    default_synonyms,
    normalize,
    shard_count_for,
    shard_of,
    synonym_table,
)
from noticeboard.site.urls import record_file, relative_link, section

DOCS_PER_CHUNK = 100
# Among records of the same date: these first, then other record types in table order.
TYPE_ORDER = ("wish", "project", "decision", "council", "partner")
OVERDUE = "-overdue"  # added to a decision's status when its follow-up is overdue


@dataclass(frozen=True)
class SearchDoc:
    """One searchable record: what a result shows, and the text it is found by."""

    type: str
    id: str
    title: str
    date: Date
    status: str
    text: str  # normalised: see normalize()
    page: str  # the site-relative file of its page, with an anchor for a decision
    within: str = ""  # the title of the record it is part of (a decision's council)


@dataclass(frozen=True)
class Labels:
    """How the index names types, statuses and dates in the board's language."""

    type_label: Callable[[str], str]
    status_label: Callable[[str, str], str]  # (record type, status) -> label
    date_label: Callable[[Date], str]
    kind_label: Callable[[str], str]


# --- what each record type is found by --------------------------------------------------


def _partner_names(board: Board, ids: Iterable[str | None]) -> list[str]:
    """Names of referenced partners (a reference is shown by name on the page)."""
    names = []
    for partner_id in ids:
        partner = board.partner(partner_id) if partner_id else None
        names.append(partner.name if partner else partner_id or "")
    return names


def _partner_doc(board: Board, partner: Partner, labels: Labels) -> SearchDoc:
    fields = [partner.name, labels.kind_label(partner.kind), partner.description]
    for service in partner.services:
        fields += [service.title, service.category]
    fields += [honor.title for honor in partner.honors]
    return _doc("partner", partner.id, partner.name, partner.joined, partner.status, fields)


def _project_doc(board: Board, project: Project, labels: Labels) -> SearchDoc:
    fields = [project.title, project.category, project.description]
    fields += _partner_names(board, project.partners)
    return _doc("project", project.id, project.title, project.raised, project.status, fields)


def _wish_doc(board: Board, wish: Wish, labels: Labels) -> SearchDoc:
    fields = [wish.title, wish.beneficiary, wish.category, wish.reported_by, wish.story]
    fields += _partner_names(board, [wish.claimed_by])
    return _doc("wish", wish.id, wish.title, wish.submitted, wish.status, fields)


def _council_doc(board: Board, council: Council, labels: Labels) -> SearchDoc:
    fields = [council.title, council.location]
    for decision in council.decisions:
        fields += [decision.text, decision.owner]
    fields.append(council.minutes)
    fields += _partner_names(board, council.attendees)
    status = "held" if council.date <= board.build_date else "upcoming"
    return _doc("council", council.id, council.title, council.date, status, fields)


def _decision_doc(tracked: TrackedDecision) -> SearchDoc:
    """An adopted decision: found by its text, owner and place; shown with its council and status."""
    council, decision = tracked.council, tracked.decision
    fields = [decision.text, decision.owner, council.location]  # the council's title finds the council
    status = (decision.status or "pending") + (OVERDUE if tracked.overdue else "")
    page = f"{record_file('council', council.id)}#decision-{decision.index + 1}"
    doc_id = f"{council.id}/{decision.index:06d}"  # in order after the council's other decisions
    text = _text(fields)
    return SearchDoc("decision", doc_id, decision.text, council.date, status, text, page, council.title)


def _doc(kind: str, record_id: str, title: str, date: Date, status: str, fields: list[str]) -> SearchDoc:
    return SearchDoc(kind, record_id, title, date, status, _text(fields), record_file(kind, record_id))


def _text(fields: Iterable[str]) -> str:
    """Normalise the fields as one text: ``normalize("\\n".join(fields))``."""
    # Field by field, the same: a line break is a gap no step reaches across (NFKC composes
    # nothing with it, a final sigma ends at it). So names and categories fold only once.
    return " ".join(filter(None, map(_normalize_field, filter(None, fields))))


def _normalize_field(field: str) -> str:
    """Normalise one field, remembering the short ones (names, categories, titles recur)."""
    return _normalize_short(field) if len(field) <= SHORT_FIELD else normalize(field)


SHORT_FIELD = 100  # characters
_normalize_short = functools.lru_cache(maxsize=4096)(normalize)  # at most a few MB, even in serve


def collect_docs(board: Board, labels: Labels) -> list[SearchDoc]:
    """Every record that has a page, as a search document, newest first.

    The order is the order of results: search.js shows the first matches it verifies, so a
    common query reads only the first few chunks instead of the whole index.
    """
    docs = [_wish_doc(board, wish, labels) for wish in board.wishes]
    docs += [_project_doc(board, project, labels) for project in board.projects]
    docs += [_council_doc(board, council, labels) for council in board.councils]
    docs += [_decision_doc(tracked) for tracked in decision_tracker(board)]
    docs += [_partner_doc(board, partner, labels) for partner in board.partners]
    for record_type in SECTIONED:
        if record_type.name not in TYPE_ORDER:
            docs += [_record_doc(record_type, record) for record in board.of(record_type.name)]
    others = [t.name for t in SECTIONED if t.name not in TYPE_ORDER]
    order = {name: rank for rank, name in enumerate((*TYPE_ORDER, *others))}
    return sorted(docs, key=lambda doc: (-doc.date.toordinal(), order[doc.type], doc.id))


_OWN_DOCUMENTS: dict[str, Callable[[Board, Any, Labels], SearchDoc]] = {
    "wish": _wish_doc,
    "project": _project_doc,
    "council": _council_doc,
    "partner": _partner_doc,
}


def record_doc(board: Board, record: Any, labels: Labels) -> SearchDoc | None:
    """A record's own document, as :func:`collect_docs` makes it (a council's decisions are
    documents of their own); None for a record of a type without pages."""
    record_type = record_type_of(record)
    make = _OWN_DOCUMENTS.get(record_type.name)
    if make is not None:
        return make(board, record, labels)
    return _record_doc(record_type, record) if record_type in SECTIONED else None


def _record_doc(record_type: RecordType, record: Any) -> SearchDoc:
    """A record of a type without a document of its own: found by every text it holds."""
    title = getattr(record, record_type.title_field)
    date = getattr(record, record_type.listed_by or "")
    status = getattr(record, "status", None) or ""
    return _doc(record_type.name, record.id, title, date, status, _texts_in(record))


def _texts_in(value: Any) -> list[str]:
    """Every text below a model object (its Source aside), in field order."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [text for item in value for text in _texts_in(item)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            text
            for field in dataclasses.fields(value)
            if field.name != "source"
            for text in _texts_in(getattr(value, field.name))
        ]
    return []


# --- the index files --------------------------------------------------------------------


_ignored: deque[object] = deque(maxlen=0)
_consume = _ignored.extend  # run an iterator for its effects


def _doc_entry(doc: SearchDoc, labels: Labels) -> dict[str, str]:
    entry = {
        "type": doc.type,
        "title": doc.title,
        "date": labels.date_label(doc.date),
        "status": doc.status,
        "page": doc.page,
        "text": doc.text,
    }
    return {**entry, "in": doc.within} if doc.within else entry


def _labels_of(docs: list[SearchDoc], labels: Labels) -> dict[str, dict[str, Any]]:
    """The names of the types and statuses the documents use (said once, not per document)."""
    types = sorted({doc.type for doc in docs})
    return {
        "types": {t: labels.type_label(t) for t in types},
        "statuses": {
            t: {
                s: labels.status_label(t, s) if s else ""
                for s in sorted({d.status for d in docs if d.type == t})
            }
            for t in types
        },
    }


def index_files(docs: list[SearchDoc], labels: Labels, synonyms: Synonyms | None = None) -> dict[str, bytes]:
    """Turn search documents into the files under ``search/`` (site-relative path → bytes)."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    word_bigrams = WordBigrams()
    for number, doc in enumerate(docs):
        # postings[key].append(number) for every key, in C: numbers ascend, docs in order
        keys = document_keys(doc.text, _normalize_field(doc.title), word_bigrams)
        _consume(map(list.append, map(postings.__getitem__, keys), repeat(number)))
    total = sum(len(numbers) for numbers in postings.values())
    shards = shard_count_for(total)
    shard_maps: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for gram, numbers in postings.items():
        shard_maps[shard_of(gram, shards)][gram] = gaps(numbers)

    files: dict[str, bytes] = {}
    for n, shard in enumerate(shard_maps):
        files[shard_file(n)] = index_json(shard)
    for k, start in enumerate(range(0, len(docs), DOCS_PER_CHUNK)):
        chunk = [_doc_entry(doc, labels) for doc in docs[start : start + DOCS_PER_CHUNK]]
        files[chunk_file(k)] = index_json(chunk)
    meta = {
        "version": version_of(files),
        "docs": len(docs),
        "shards": shards,
        "postings": total,
        "chunk": DOCS_PER_CHUNK,
        "labels": _labels_of(docs, labels),
        "synonyms": synonyms or [],
    }
    files[META] = index_json(meta)
    return files


def search_index(board: Board, labels: Labels) -> dict[str, bytes]:
    """Build the whole search index of a board."""
    synonyms = synonym_table(default_synonyms(), board.site.synonyms)
    return index_files(collect_docs(board, labels), labels, synonyms)


# --- the producer -----------------------------------------------------------------------

SEARCH_PAGE = f"{INDEX_FOLDER}/index.html"
SEARCH_ASSETS = ("static/search.js", "static/search.css")  # published with the other assets (pages.py)


# Facets whose values are what a record is about: offered on the search page to browse by.
CATEGORY_FACETS = ("category", "service")


@dataclass(frozen=True)
class BrowseGroup:
    """One list's values of a category facet, linked to their filter pages."""

    section: str  # the list's menu key suffix, e.g. "wishes"
    list_path: str  # where a value holding the whole list links
    dimension: FilterDimension


def site_labels(ctx: SiteContext) -> Labels:
    """Labels from the board's language catalog."""
    return Labels(
        type_label=lambda record_type: ctx.text(f"search.type.{record_type}"),
        status_label=lambda record_type, status: _status_label(ctx, record_type, status),
        date_label=lambda date: i18n.format_date(date, ctx.language),
        kind_label=lambda kind: ctx.text(f"partner_kind.{kind}"),
    )


def _status_label(ctx: SiteContext, record_type: str, status: str) -> str:
    if status.endswith(OVERDUE):  # a decision whose follow-up is late
        plain = ctx.text(f"{record_type}_status.{status.removesuffix(OVERDUE)}")
        return ctx.text("search.overdue", status=plain)
    return ctx.text(f"{record_type}_status.{status}")


def _type_rank(record_type: str) -> int:
    return TYPE_ORDER.index(record_type) if record_type in TYPE_ORDER else len(TYPE_ORDER)


def browse_groups(ctx: SiteContext) -> list[BrowseGroup]:
    """The category filter pages of the lists (wishes, projects, partners first), for a
    search that found nothing."""
    return [
        BrowseGroup(section(record_type), filters.list_path, dimension)
        for record_type, filters in sorted(ctx.filters.items(), key=lambda item: _type_rank(item[0]))
        for dimension in filters.navigation
        if dimension.key in CATEGORY_FACETS
    ]


def patched_index(ctx: SiteContext, labels: Labels) -> SiteFiles | None:
    """The last build's index with the documents of the records whose prose alone changed
    since made anew (:mod:`noticeboard.site.search_files`); None when that is not the edit."""
    memory = ctx.memory
    edited = memory.prose_edited
    if edited is None:
        return None
    records = [record for records in ctx.board.records.values() for record in records]
    docs = [record_doc(ctx.board, record, labels) for record in records if record.source.filename in edited]
    return patched(memory.earlier, [Rewritten(d.type, d.page, d.title, d.text) for d in docs if d])


def produce_search(ctx: SiteContext) -> SiteFiles:
    """Write the search page, its script and the index."""
    labels = site_labels(ctx)
    index = patched_index(ctx, labels)
    # Its script is published with the other static files.
    files: SiteFiles = {**(index if index is not None else search_index(ctx.board, labels))}
    if ctx.kept(SEARCH_PAGE, None):  # the page shows no record's prose (its index does)
        files[SEARCH_PAGE] = UNCHANGED
        return files
    site_root = relative_link(SEARCH_PAGE, "index.html").removesuffix("index.html")
    browse = browse_groups(ctx)
    files[SEARCH_PAGE] = ctx.render("search.html", SEARCH_PAGE, site_root=site_root, browse=browse)
    return files
