"""What a value typed on a Chinese keyboard most likely meant, for messages that say what to write.

These run only on values the schema already refused: a date written ``2022年8月5日`` is
``2022-08-05``; ``“open”`` in quotation marks, ``ｏｐｅｎ`` in full-width letters or
``open`` with a full-width space around it is ``open``; ``已实现`` is the label of
``fulfilled``; ``15人`` and ``十五`` are 15; ``是`` is true. Each returns None when it cannot
tell for sure.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence

# Quotation marks a Chinese input method types: “…” ‘…’ 「…」 『…』.
CHINESE_QUOTES: dict[str, str] = {"“": "”", "‘": "’", "「": "」", "『": "』"}
FULL_WIDTH_SPACE = "\u3000"

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = r"[0-9]{1,2}|[〇零一二两三四五六七八九十]{1,3}"
_CHINESE_DATE = re.compile(
    rf"(?P<y>[0-9]{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?P<m>{_NUMBER})\s*月\s*(?P<d>{_NUMBER})\s*[日号]?"
)
_SEPARATED_DATE = re.compile(
    r"(?P<y>[0-9]{4})\s*(?P<sep>[-./])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*(?P<d>[0-9]{1,2})"
)
_COMPACT_DATE = re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})")
_TIME_AFTER = re.compile(r"(?:\s+|T)[0-9]{1,2}[:：][0-9]{2}(?:[:：][0-9]{2})?")


def unquoted(text: str) -> str | None:
    """The text inside a pair of Chinese quotation marks around the whole of ``text``, else None."""
    if len(text) >= 2 and CHINESE_QUOTES.get(text[0]) == text[-1]:
        return text[1:-1]
    return None


def plain(text: str) -> str:
    """``text`` as a plain ASCII-keyboard value: full-width letters, digits and spaces made
    half-width (NFKC), surrounding spaces and Chinese quotation marks taken off."""
    inner = unquoted(text.strip(" " + FULL_WIDTH_SPACE))
    text = inner if inner is not None else text
    return unicodedata.normalize("NFKC", text).strip()


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) > 1 and "十" not in text:  # a year written digit by digit: 二〇二二
        return int("".join(str(_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _DIGITS[text]
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def iso_date(text: str) -> str | None:
    """The ISO date (YYYY-MM-DD) a date written another common way means, if it is a real day.

    Takes ``2022年8月5日``, ``二〇二二年八月五日``, ``2022.8.5``, ``2022/8/5``, ``2022-8-5``,
    ``20220805``, full-width digits, and any of these followed by a time of day.
    """
    text = plain(text)
    match = None
    for pattern in (_CHINESE_DATE, _SEPARATED_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            break
    if match is None or (text[match.end() :] and not _TIME_AFTER.fullmatch(text[match.end() :])):
        return None
    try:
        year, month, day = (_chinese_number(match[part]) for part in ("y", "m", "d"))
        return dt.date(year, month, day).isoformat()
    except (KeyError, ValueError):
        return None


def choice(text: str, allowed: Sequence[str], labels: Mapping[str, str]) -> str | None:
    """The allowed value ``text`` stands for: the value itself written with full-width letters,
    spaces or quotation marks around it (``“open”``), or its Chinese label (``已实现``, also
    with or without 已/待: ``实现``). ``labels`` maps allowed values to their labels."""
    text = plain(text)
    if text.lower() in allowed:
        return text.lower()
    bare = text.lstrip("已待")
    found = [value for value, label in labels.items() if bare and bare == label.lstrip("已待")]
    return found[0] if len(found) == 1 else None


def close_label(text: str, labels: Mapping[str, str]) -> str | None:
    """The allowed value whose Chinese label alone looks like ``text`` (``进行中`` → the value
    labelled 落实中), as a guess to offer; None when none is close, or two are as close."""
    text = plain(text)
    scores = sorted(
        ((difflib.SequenceMatcher(None, text, label).ratio(), value) for value, label in labels.items()),
        reverse=True,
    )
    if not scores or scores[0][0] < 0.3 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


# A whole number written with its unit after it (15人, 10票, 20 元) or in Chinese numerals (十五).
_NUMBER_WITH_UNIT = re.compile(r"(?P<n>[0-9]{1,9})\s*[\u4e00-\u9fff]{1,2}")
_CHINESE_WHOLE = re.compile(r"[〇零一二两三四五六七八九十]{1,3}")


def whole_number(text: str) -> int | None:
    """The whole number ``text`` means: digits followed by a unit (``15人``, ``10票``), or
    Chinese numerals up to 99 (``十五``, ``二``), in either width; None otherwise."""
    text = plain(text)
    if match := _NUMBER_WITH_UNIT.fullmatch(text):
        return int(match["n"])
    if _CHINESE_WHOLE.fullmatch(text):
        try:
            return _chinese_number(text)
        except KeyError:  # 十十: no number
            return None
    return None


_YES = frozenset({"是", "对", "有", "需要", "真", "√", "✓"})
_NO = frozenset({"否", "不是", "不", "没有", "无", "不需要", "假", "×", "✗"})


def yes_no(text: str) -> bool | None:
    """The true or false a Chinese yes or no means (``是`` → true, ``否`` → false), else None."""
    text = plain(text)
    return True if text in _YES else False if text in _NO else None
