"""Search built index files the way ``templates/static/search.js`` does, for tests and tools.

The index's layout is :mod:`noticeboard.site.search`'s module doc; this module reads it as the
page's script would, so a test can ask "what does a resident find for 车棚?" of real files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from noticeboard.site.search_files import INDEX_FOLDER
from noticeboard.site.search_text import lookup_keys, normalize, shard_of, variants


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
