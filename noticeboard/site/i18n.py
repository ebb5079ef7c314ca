"""Every word the board's pages say, in Chinese and English, and dates written per language.

The catalog lives in ``noticeboard/locales/<language>.json`` (one flat object of keys to
texts, the same keys in every language), so a volunteer can correct a word without
reading Python. A key missing from a catalog is a build error, never an empty label.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"
LOCALES = Path(__file__).parent / "locales"

_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class MissingText(KeyError):
    """A page asked for a word the catalog does not have."""


@cache
def catalog(language: str) -> dict[str, str]:
    """Load the catalog of one language."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    with (LOCALES / f"{language}.json").open(encoding="utf-8") as file:
        texts: dict[str, str] = json.load(file)
    return texts


def translate(language: str, key: str, **params: object) -> str:
    """Look up a UI text and fill in its ``{name}`` placeholders."""
    try:
        text = catalog(language)[key]
    except KeyError:
        raise MissingText(f"no {language} text for {key!r} in noticeboard/locales/{language}.json") from None
    return text.format(**params) if params else text


def format_date(value: dt.date, language: str) -> str:
    """Write a date as residents read it: 2022年5月17日 / 17 May 2022."""
    if language == "zh-CN":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"


def format_month(year: int, month: int, language: str) -> str:
    """Write a month: 2022年5月 / May 2022."""
    if language == "zh-CN":
        return f"{year}年{month}月"
    return f"{_EN_MONTHS[month - 1]} {year}"


def format_short_month(year: int, month: int, language: str) -> str:
    """Write a month for a narrow chart label: 5月 / May (with the year at January)."""
    if language == "zh-CN":
        return f"{year % 100:02d}年{month}月" if month == 1 else f"{month}月"
    short = _EN_MONTHS[month - 1][:3]
    return f"{short} {year % 100:02d}" if month == 1 else short


def format_number(value: int | float, language: str, digits: int = 0) -> str:
    """Write a number with thousands separators (the same in both languages)."""
    return f"{value:,.{digits}f}"


def format_percent(value: float | None, language: str) -> str:
    """Write a share 0..1 as a whole percentage; a dash when there is nothing to divide."""
    if value is None:
        return "—"
    return f"{round(value * 100)}%"
