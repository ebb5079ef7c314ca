"""Build the static full-text search index: character bigrams in sharded JSON.

Chinese has no spaces between words, so the index does not try to find words. Every pair of
adjacent characters (a *bigram*) of a record's text is a key; the same rule serves Latin
text ("shed" → "sh", "he", "ed"), so any substring of two or more characters is found, in
any script. ``templates/static/search.js`` splits a query the same way, fetches only the
shards holding its bigrams, intersects their posting lists and then checks each candidate's
stored text for the real substring, so "车棚" never matches "车…棚".

Files written under ``search/`` (all deterministic, keys sorted, no timestamps):

``meta.json``
    ``{"version", "docs", "shards", "chunk", "labels"}``: how to find the rest and the names
    of types and statuses; ``version`` is a hash of every other search file, used by the
    page to skip stale browser caches.
``index-<n>.json``
    ``{bigram: [doc numbers, delta encoded]}`` for the bigrams whose FNV-1a hash (over code
    points) modulo ``shards`` is ``n``.
``docs-<k>.json``
    documents ``k*chunk`` to ``(k+1)*chunk - 1``, newest first: type, title, date as shown,
    status, page and the normalised text used to verify a match.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import repeat

from noticeboard.content.model import Board, Council, Date, Partner, Project, Wish
from noticeboard.site import i18n
from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles
from noticeboard.site.urls import record_file, relative_link

INDEX_FOLDER = "search"
DOCS_PER_CHUNK = 100
TYPE_ORDER = ("wish", "project", "council", "partner")  # among records of the same date
# Aim for shards of roughly this many postings (~30–60 KB of JSON); the count is a power
# of two so that a board's shard layout changes rarely as it grows.
POSTINGS_PER_SHARD = 12_000
MAX_SHARDS = 1024


@dataclass(frozen=True)
class SearchDoc:
    """One searchable record: what a result shows, and the text it is found by."""

    type: str
    id: str
    title: str
    date: Date
    status: str
    text: str  # normalised: see normalize()

    @property
    def page(self) -> str:
        """The site-relative file of the record's page."""
        return record_file(self.type, self.id)


@dataclass(frozen=True)
class Labels:
    """How the index names types, statuses and dates in the board's language."""

    type_label: Callable[[str], str]
    status_label: Callable[[str, str], str]  # (record type, status) -> label
    date_label: Callable[[Date], str]
    kind_label: Callable[[str], str]


def normalize(text: str) -> str:
    """Fold width and case, and turn every run of non-word characters into one space.

    Must match ``normalize`` in search.js: NFKC, lower case, ``[^\\p{L}\\p{N}\\p{M}]+`` → " ".
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    if _MAYBE_MARK.search(folded) is None:  # every non-word character is a known non-mark
        return _NON_WORD.sub(" ", folded).strip(" ")
    return _NON_WORD.sub(_gap, folded).strip(" ")


# Python's \w is letters, numbers and "_"; combining marks (\p{M}) are words too for us, so
# a run that \w calls non-word is looked at again only when it holds a mark (rare: Indic
# scripts, leftovers of NFKC). The regex does the common case at C speed.
_NON_WORD = re.compile(r"[\W_]+")


def _no_marks(*ranges: tuple[int, int]) -> str:
    """A regex class body of the characters in ``ranges`` that are not combining marks."""
    spans: list[list[int]] = []
    for first, last in ranges:
        for code in range(first, last + 1):
            if unicodedata.category(chr(code))[0] == "M":
                continue
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])
    return "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in spans)


# A character that is neither a word character nor in the blocks most text draws its
# punctuation from (ASCII, Latin, general and CJK punctuation, arrows, enclosed forms), each
# checked here to hold no mark: only a text with one is looked at run by run (_gap).
_MAYBE_MARK = re.compile(
    "[^\\w"
    + _no_marks((0x0, 0x2FF), (0x2000, 0x206F), (0x2190, 0x21FF), (0x2460, 0x27BF), (0x3000, 0x303F))
    + "]"
)


def _gap(match: re.Match[str]) -> str:
    run = match.group()
    if not any(unicodedata.category(char)[0] == "M" for char in run):
        return " "
    out, gap = [], False
    for char in run:
        if unicodedata.category(char)[0] == "M":
            out.append(char)
            gap = False
        elif not gap:
            out.append(" ")
            gap = True
    return "".join(out)


def bigrams(normalized: str) -> set[str]:
    """Every pair of adjacent characters inside a word run of normalised text."""
    grams = set(map(operator.add, normalized, normalized[1:]))  # every pair, at C speed
    return {gram for gram in grams if " " not in gram}


class _WordBigrams(dict):
    """The bigrams of each word (a run between spaces), worked out the first time it is met.

    Names, categories and stock phrases recur across records: the index looks each word up
    instead of pairing up every character of every record again.
    """

    def __missing__(self, word: str) -> frozenset[str]:
        grams = self[word] = frozenset(map(operator.add, word, word[1:]))
        return grams

    def of(self, text: str) -> set[str]:
        """The bigrams of a text, as :func:`bigrams` finds them."""
        return set().union(*map(self.__getitem__, text.split(" ")))


def shard_of(bigram: str, shard_count: int) -> int:
    """The shard holding a bigram: 32-bit FNV-1a over its code points (as in search.js)."""
    value = 0x811C9DC5
    for char in bigram:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % shard_count


def shard_count_for(postings: int) -> int:
    """The number of shards for an index of this many postings: a power of two."""
    count = 1
    while count < MAX_SHARDS and postings > count * POSTINGS_PER_SHARD:
        count *= 2
    return count


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
    return SearchDoc("partner", partner.id, partner.name, partner.joined, partner.status, _text(fields))


def _project_doc(board: Board, project: Project, labels: Labels) -> SearchDoc:
    fields = [project.title, project.category, project.description]
    fields += _partner_names(board, project.partners)
    return SearchDoc("project", project.id, project.title, project.raised, project.status, _text(fields))


def _wish_doc(board: Board, wish: Wish, labels: Labels) -> SearchDoc:
    fields = [wish.title, wish.beneficiary, wish.category, wish.reported_by, wish.story]
    fields += _partner_names(board, [wish.claimed_by])
    return SearchDoc("wish", wish.id, wish.title, wish.submitted, wish.status, _text(fields))


def _council_doc(board: Board, council: Council, labels: Labels) -> SearchDoc:
    fields = [council.title, council.location]
    for decision in council.decisions:
        fields += [decision.text, decision.owner]
    fields.append(council.minutes)
    fields += _partner_names(board, council.attendees)
    status = "held" if council.date <= board.build_date else "upcoming"
    return SearchDoc("council", council.id, council.title, council.date, status, _text(fields))


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
    docs += [_partner_doc(board, partner, labels) for partner in board.partners]
    return sorted(docs, key=lambda doc: (-doc.date.toordinal(), TYPE_ORDER.index(doc.type), doc.id))


# --- the index files --------------------------------------------------------------------


_consume = deque(maxlen=0).extend  # run an iterator for its effects


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _delta(numbers: list[int]) -> list[int]:
    """Encode ascending numbers as gaps: [3, 7, 8] → [3, 4, 1] (shorter JSON)."""
    return list(map(operator.sub, numbers, [0, *numbers[:-1]]))


def _doc_entry(doc: SearchDoc, labels: Labels) -> dict[str, str]:
    return {
        "type": doc.type,
        "title": doc.title,
        "date": labels.date_label(doc.date),
        "status": doc.status,
        "page": doc.page,
        "text": doc.text,
    }


def _labels_of(docs: list[SearchDoc], labels: Labels) -> dict[str, dict]:
    """The names of the types and statuses the documents use (said once, not per document)."""
    types = sorted({doc.type for doc in docs})
    return {
        "types": {t: labels.type_label(t) for t in types},
        "statuses": {
            t: {s: labels.status_label(t, s) for s in sorted({d.status for d in docs if d.type == t})}
            for t in types
        },
    }


def index_files(docs: list[SearchDoc], labels: Labels) -> dict[str, bytes]:
    """Turn search documents into the files under ``search/`` (site-relative path → bytes)."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    word_bigrams = _WordBigrams()
    for number, doc in enumerate(docs):
        # postings[gram].append(number) for every gram, in C: numbers ascend, docs in order
        _consume(map(list.append, map(postings.__getitem__, word_bigrams.of(doc.text)), repeat(number)))
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
    }
    files[f"{INDEX_FOLDER}/meta.json"] = _json(meta)
    return files


def search_index(board: Board, labels: Labels) -> dict[str, bytes]:
    """Build the whole search index of a board."""
    return index_files(collect_docs(board, labels), labels)


def candidates(files: dict[str, bytes], grams: list[str] | set[str], meta: dict) -> set[int]:
    """Numbers of the documents holding every bigram (before the substring check)."""
    found: set[int] | None = None
    for gram in grams:
        shard = json.loads(files[f"{INDEX_FOLDER}/index-{shard_of(gram, meta['shards'])}.json"])
        numbers, total = set(), 0
        for gap in shard.get(gram, []):  # postings are stored as gaps between document numbers
            total += gap
            numbers.add(total)
        found = numbers if found is None else found & numbers
    return found or set()


def query_index(files: dict[str, bytes], query: str) -> list[dict[str, str]]:
    """Search built index files the way search.js does: all bigrams, then every term as substring.

    Returns the matching document entries, newest first, each with the ``type_label`` and
    ``status_label`` the page shows; a query without a term of two or more characters
    matches nothing.
    """
    terms = [term for term in normalize(query).split(" ") if term]
    grams = sorted(set().union(*(bigrams(term) for term in terms))) if terms else []
    if not grams:
        return []
    meta = json.loads(files[f"{INDEX_FOLDER}/meta.json"])
    found = []
    for number in sorted(candidates(files, grams, meta)):
        chunk = json.loads(files[f"{INDEX_FOLDER}/docs-{number // meta['chunk']}.json"])
        entry = chunk[number % meta["chunk"]]
        if all(term in entry["text"] for term in terms):
            names = meta["labels"]
            type_label, status_label = names["types"][entry["type"]], names["statuses"][entry["type"]]
            found.append({**entry, "type_label": type_label, "status_label": status_label[entry["status"]]})
    return found


# --- the producer -----------------------------------------------------------------------

SEARCH_PAGE = f"{INDEX_FOLDER}/index.html"
SEARCH_ASSETS = ("static/search.js", "static/search.css")


def site_labels(ctx: SiteContext) -> Labels:
    """Labels from the board's language catalog."""
    return Labels(
        type_label=lambda record_type: ctx.text(f"search.type.{record_type}"),
        status_label=lambda record_type, status: ctx.text(f"{record_type}_status.{status}"),
        date_label=lambda date: i18n.format_date(date, ctx.language),
        kind_label=lambda kind: ctx.text(f"partner_kind.{kind}"),
    )


def produce_search(ctx: SiteContext) -> SiteFiles:
    """Write the search page, its script and the index."""
    files: SiteFiles = {**search_index(ctx.board, site_labels(ctx))}
    for asset in SEARCH_ASSETS:
        files[asset] = (ctx.templates / asset).read_bytes()
    site_root = relative_link(SEARCH_PAGE, "index.html").removesuffix("index.html")
    files[SEARCH_PAGE] = ctx.render("search.html", SEARCH_PAGE, site_root=site_root)
    return files
