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
    ``{"version", "docs", "shards", "chunk", "labels", "synonyms"}``: how to find the rest,
    the names of types and statuses and the synonyms to try; ``version`` is a hash of every
    other search file, used by the page to skip stale browser caches.
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
import hashlib
import json
import operator
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from noticeboard.analysis.decisions import TrackedDecision, decision_tracker
from noticeboard.content.model import Board, Council, Date, Partner, Project, Wish
from noticeboard.content.types import SECTIONED, RecordType
from noticeboard.site import i18n
from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles
from noticeboard.site.filters import FilterDimension
from noticeboard.site.search_text import (
    Synonyms,
    WordBigrams,
    default_synonyms,
    lookup_keys,
    normalize,
    shard_count_for,
    shard_of,
    synonym_table,
    title_keys,
    variants,
)
from noticeboard.site.urls import record_file, relative_link, section

INDEX_FOLDER = "search"
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


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _delta(numbers: list[int]) -> list[int]:
    """Encode ascending numbers as gaps: [3, 7, 8] → [3, 4, 1] (shorter JSON)."""
    return list(map(operator.sub, numbers, [0, *numbers[:-1]]))


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
        keys = word_bigrams.of(doc.text) | title_keys(_normalize_field(doc.title))
        _consume(map(list.append, map(postings.__getitem__, keys), repeat(number)))
    shards = shard_count_for(sum(len(numbers) for numbers in postings.values()))
    shard_maps: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for gram, numbers in postings.items():
        shard_maps[shard_of(gram, shards)][gram] = _delta(numbers)

    files: dict[str, bytes] = {}
    for n, shard in enumerate(shard_maps):
        files[f"{INDEX_FOLDER}/index-{n}.json"] = _json(shard)
    for k, start in enumerate(range(0, len(docs), DOCS_PER_CHUNK)):
        chunk = [_doc_entry(doc, labels) for doc in docs[start : start + DOCS_PER_CHUNK]]
        files[f"{INDEX_FOLDER}/docs-{k}.json"] = _json(chunk)

    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + files[path])
    meta = {
        "version": digest.hexdigest()[:12],
        "docs": len(docs),
        "shards": shards,
        "chunk": DOCS_PER_CHUNK,
        "labels": _labels_of(docs, labels),
        "synonyms": synonyms or [],
    }
    files[f"{INDEX_FOLDER}/meta.json"] = _json(meta)
    return files


def search_index(board: Board, labels: Labels) -> dict[str, bytes]:
    """Build the whole search index of a board."""
    synonyms = synonym_table(default_synonyms(), board.site.synonyms)
    return index_files(collect_docs(board, labels), labels, synonyms)


def candidates(files: dict[str, bytes], keys: Iterable[str], meta: dict[str, Any]) -> set[int]:
    """Numbers of the documents holding every key (before the substring check)."""
    found: set[int] | None = None
    for key in keys:
        shard = json.loads(files[f"{INDEX_FOLDER}/index-{shard_of(key, meta['shards'])}.json"])
        numbers, total = set(), 0
        for gap in shard.get(key, []):  # postings are stored as gaps between document numbers
            total += gap
            numbers.add(total)
        found = numbers if found is None else found & numbers
    return found or set()


def query_index(files: dict[str, bytes], query: str) -> list[dict[str, str]]:
    """Search built index files the way search.js does; the matching document entries, newest
    first, each with the ``type_label`` and ``status_label`` the page shows.

    Each term of the query is tried as itself and as its synonyms (``variants``); a document
    matches when its text holds one spelling of every term. A query of one-character terms
    only looks them up in the titles; a one-character term beside longer ones narrows their
    matches to the texts holding it.
    """
    meta = json.loads(files[f"{INDEX_FOLDER}/meta.json"])
    synonyms = [(word, others) for word, others in meta["synonyms"]]
    spellings = [variants(term, synonyms) for term in normalize(query).split(" ") if term]
    in_titles = all(len(options[0]) == 1 for options in spellings)
    found: set[int] | None = None
    for options in spellings:
        keyed = [lookup_keys(spelling, in_titles) for spelling in options]
        if all(keyed):  # else a one-character spelling among longer terms: checked below
            numbers = set().union(*(candidates(files, keys, meta) for keys in keyed))
            found = numbers if found is None else found & numbers
    results = []
    for number in sorted(found or ()):
        chunk = json.loads(files[f"{INDEX_FOLDER}/docs-{number // meta['chunk']}.json"])
        entry = chunk[number % meta["chunk"]]
        texts = {True: normalize(entry["title"]), False: entry["text"]}  # where a spelling is looked for
        if all(any(s in texts[in_titles and len(s) == 1] for s in options) for options in spellings):
            names = meta["labels"]
            type_label, status_label = names["types"][entry["type"]], names["statuses"][entry["type"]]
            results.append({**entry, "type_label": type_label, "status_label": status_label[entry["status"]]})
    return results


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


def produce_search(ctx: SiteContext) -> SiteFiles:
    """Write the search page, its script and the index."""
    files: SiteFiles = {**search_index(ctx.board, site_labels(ctx))}  # its script: the static files
    site_root = relative_link(SEARCH_PAGE, "index.html").removesuffix("index.html")
    browse = browse_groups(ctx)
    files[SEARCH_PAGE] = ctx.render("search.html", SEARCH_PAGE, site_root=site_root, browse=browse)
    return files
