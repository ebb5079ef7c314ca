"""The search index's files: how they are written, and how a prose edit patches them.

The files and their layout are described in :mod:`noticeboard.site.search`. Building them
means normalising and pairing up the text of every record (12,500 documents at 10,000
records: 0.3–0.4 s). A prose edit — a wish's story, a project's description rewritten,
nothing else (``PageMemory.prose_edited``) — changes the text of the edited records' own
documents and nothing else: the same documents in the same order, with the same titles,
dates and statuses. :func:`patched` takes the last build's files and, for each rewritten
document, takes its number out of the postings of the keys its old text had and puts it into
those of the keys of its new text, rewrites its entry in its chunk, and the version and the
count of postings in ``meta.json``. Every other file is the last build's, kept. The result is
byte for byte what building the whole index gives (``tests/site/test_search_patch.py`` holds
it to that); when anything is not as expected (a file missing or malformed, a document not found or with
another title, the number of shards changing) it gives None and the whole index is built.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import operator
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from noticeboard.site.files import UNCHANGED, SiteFiles
from noticeboard.site.search_text import WordBigrams, normalize, shard_count_for, shard_of, title_keys

INDEX_FOLDER = "search"
META = f"{INDEX_FOLDER}/meta.json"


def index_json(value: object) -> bytes:
    """One index file's bytes: compact JSON, keys sorted, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def gaps(numbers: list[int]) -> list[int]:
    """Encode ascending numbers as gaps: [3, 7, 8] → [3, 4, 1] (shorter JSON)."""
    return list(map(operator.sub, numbers, [0, *numbers[:-1]]))


def document_keys(text: str, normalized_title: str, word_bigrams: WordBigrams) -> set[str]:
    """The keys a document is found by: the bigrams of its text, the characters of its title."""
    return word_bigrams.of(text) | title_keys(normalized_title)


def shard_file(number: int) -> str:
    return f"{INDEX_FOLDER}/index-{number}.json"


def chunk_file(number: int) -> str:
    return f"{INDEX_FOLDER}/docs-{number}.json"


def version_of(files: dict[str, bytes]) -> str:
    """The version ``meta.json`` gives: a digest of every other index file."""
    digest = hashlib.sha1()
    for path in sorted(files):
        digest.update(path.encode("utf-8") + b"\0" + files[path])
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Rewritten:
    """A document whose text a prose edit changed, as this build makes it."""

    type: str
    page: str  # its page, which names it among the documents
    title: str
    text: str  # normalised


def patched(earlier: Callable[[str], bytes | None], rewritten: list[Rewritten]) -> SiteFiles | None:
    """The index files with ``rewritten``'s documents changed (see the module doc), the
    unchanged ones as :data:`~noticeboard.site.files.UNCHANGED`; None when it cannot be patched.
    ``earlier(path)``: the bytes of a file as the last build wrote it (None: not there)."""
    try:
        return _patched(earlier, rewritten)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):  # a malformed file
        return None


def _patched(earlier: Callable[[str], bytes | None], rewritten: list[Rewritten]) -> SiteFiles | None:
    meta_bytes = earlier(META)
    if meta_bytes is None:
        return None
    meta = json.loads(meta_bytes)
    shards, chunk, docs = int(meta["shards"]), int(meta["chunk"]), int(meta["docs"])
    paths = [shard_file(n) for n in range(shards)] + [chunk_file(k) for k in range(-(-docs // chunk))]
    old = {path: earlier(path) for path in paths}
    if any(data is None for data in old.values()):
        return None
    files: dict[str, bytes] = {path: data for path, data in old.items() if data is not None}
    total = int(meta["postings"])  # parsing the 64 shards of 10,000 records to count them: 0.05 s
    index: dict[int, dict[str, list[int]]] = {}  # shards decoded into document numbers, when touched

    def postings(key: str) -> dict[str, list[int]]:
        number = shard_of(key, shards)
        changed.add(shard_file(number))
        if number not in index:
            stored: dict[str, list[int]] = json.loads(files[shard_file(number)])
            index[number] = {key: numbers_of(listed) for key, listed in stored.items()}
        return index[number]

    changed: set[str] = set()
    word_bigrams = WordBigrams()
    for document in rewritten:
        found = _find(files, document, chunk)
        if found is None:
            return None
        number, entries = found
        entry = entries[number % chunk]
        if entry["text"] == document.text:
            continue
        title = normalize(entry["title"])
        before = document_keys(entry["text"], title, word_bigrams)
        after = document_keys(document.text, title, word_bigrams)
        for key in before - after:
            _leave(postings(key), key, number)
        for key in after - before:
            bisect.insort(postings(key).setdefault(key, []), number)
        total += len(after) - len(before)
        entry["text"] = document.text
        files[chunk_file(number // chunk)] = index_json(entries)
        changed.add(chunk_file(number // chunk))
    if shard_count_for(total) != shards:
        return None  # the index grew past a shard count: every key moves
    for number, shard in index.items():
        files[shard_file(number)] = index_json({key: gaps(numbers) for key, numbers in shard.items()})
    made: SiteFiles = {path: files[path] if path in changed else UNCHANGED for path in paths}
    if changed:
        made[META] = index_json({**meta, "postings": total, "version": version_of(files)})
    else:
        made[META] = UNCHANGED
    return made


def _find(files: dict[str, bytes], document: Rewritten, chunk: int) -> tuple[int, list[Any]] | None:
    """The number of a document and the entries of its chunk, found by its page; None when it
    is not there or not as this build names it."""
    needle = index_json({"page": document.page})[1:-1]  # "page":"wishes/x/index.html"
    for path, data in files.items():
        if path.startswith(f"{INDEX_FOLDER}/docs-") and needle in data:
            entries: list[Any] = json.loads(data)
            for offset, entry in enumerate(entries):
                if entry["page"] == document.page and entry["type"] == document.type:
                    if entry["title"] != document.title:
                        return None
                    chunk_number = int(path.removeprefix(f"{INDEX_FOLDER}/docs-").removesuffix(".json"))
                    return chunk_number * chunk + offset, entries
    return None


def _leave(shard: dict[str, list[int]], key: str, number: int) -> None:
    """Take a document's number out of a key's postings (and the key out, if it has no other)."""
    numbers = shard[key]
    numbers.remove(number)
    if not numbers:
        del shard[key]


def numbers_of(gap_list: list[int]) -> list[int]:
    """Decode gaps back into ascending numbers: [3, 4, 1] → [3, 7, 8]."""
    return list(accumulate(gap_list))
