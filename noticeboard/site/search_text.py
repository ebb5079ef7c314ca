"""How search text is cut into keys: normalisation, character bigrams and index shards.

``templates/static/search.js`` does exactly the same to a query, so the two must change
together (tests/site/test_search.py checks them against each other).
"""

from __future__ import annotations

import functools
import json
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

# Aim for shards of roughly this many postings (~30–60 KB of JSON); the count is a power
# of two so that a board's shard layout changes rarely as it grows.
POSTINGS_PER_SHARD = 12_000


MAX_SHARDS = 1024

# The synonyms every board starts from: groups of words, each finding the others.
DEFAULT_SYNONYMS = Path(__file__).with_name("search_synonyms.json")
MAX_VARIANTS = 8  # spellings of one query term tried at most, itself included


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


class WordBigrams(dict[str, frozenset[str]]):
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


def title_keys(normalized_title: str) -> set[str]:
    """The one-character keys of a title: every character but the spaces between words."""
    return set(normalized_title) - {" "}


def lookup_keys(variant: str, in_titles: bool) -> set[str]:
    """The index keys a spelling is looked up by: its bigrams, or itself in the title index
    when it is one character and the query has no longer term (``in_titles``)."""
    return {variant} if in_titles and len(variant) == 1 else bigrams(variant)


# --- synonyms ---------------------------------------------------------------------------

Synonyms = list[tuple[str, list[str]]]  # (word, the words it also finds), in the order they apply


@functools.cache
def default_synonyms() -> tuple[tuple[str, ...], ...]:
    """The groups of the shipped synonym list (search_synonyms.json)."""
    groups = json.loads(DEFAULT_SYNONYMS.read_text(encoding="utf-8"))
    return tuple(tuple(group) for group in groups)


def synonym_table(
    groups: Iterable[Sequence[str]], overrides: Iterable[tuple[str, Sequence[str]]] = ()
) -> Synonyms:
    """Merge synonym groups and a board's own entries into the table search.js applies.

    Each word of a group finds the others; a board's entry ``word: [...]`` replaces what the
    groups say about that word (``[]`` turns it off). Words are normalised like the text; a
    word that is not one word after that (empty, or holding a space) is left out, as is an
    alternative equal to its word. Longer words apply first; ties in code point order.
    """
    found: dict[str, list[str]] = {}
    for group in groups:
        words = list(dict.fromkeys(map(normalize, group)))
        for word in words:
            found.setdefault(word, []).extend(other for other in words if other != word)
    for word, others in overrides:
        found[normalize(word)] = [normalize(other) for other in others]
    table = []
    for word, others in found.items():
        alternatives = [other for other in dict.fromkeys(others) if other and other != word]
        if word and " " not in word and alternatives:
            table.append((word, alternatives))
    return sorted(table, key=lambda entry: (-len(entry[0]), entry[0]))


def variants(term: str, synonyms: Synonyms) -> list[str]:
    """The spellings a query term is searched by: itself, then each synonym put in place of
    the word it replaces (not chained, at most MAX_VARIANTS). A word inside a longer one that
    already applied is passed over ("剪头发" → "理发", not also "理发发"). As in search.js."""
    found, applied = [term], list[str]()
    for word, others in synonyms:
        if word not in term or any(word in longer for longer in applied):
            continue
        applied.append(word)
        for spelling in list(found):
            if word in spelling:
                for other in others:
                    candidate = spelling.replace(word, other)
                    if candidate not in found and len(found) < MAX_VARIANTS:
                        found.append(candidate)
    return found
