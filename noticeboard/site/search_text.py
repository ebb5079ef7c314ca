"""How search text is cut into keys: normalisation, character bigrams and index shards.

``templates/static/search.js`` does exactly the same to a query, so the two must change
together (tests/site/test_search.py checks them against each other).
"""

from __future__ import annotations

import operator
import re
import unicodedata

# Aim for shards of roughly this many postings (~30–60 KB of JSON); the count is a power
# of two so that a board's shard layout changes rarely as it grows.
POSTINGS_PER_SHARD = 12_000


MAX_SHARDS = 1024


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
