"""Find personal data that must never reach a public page.

We reject, never mask: masked fragments from several places can be pieced together,
and personal contact data does not belong in a public repository at all.

Detected: mainland mobile numbers (also with spaces, hyphens, a +86 prefix or
full-width digits), 18-digit resident ID numbers whose ISO 7064 MOD 11-2 check digit is
right (so ordinary long numbers pass), old 15-digit ID numbers (with a valid birth
date inside), and e-mail addresses.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_SEP = r"[ \t\-.]?"
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86" + _SEP + r")?1[3-9][0-9](?:" + _SEP + r"[0-9]){8}(?![0-9])")
_ID18 = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{14}(?![0-9A-Za-z])")
# Bounded like the parts of a real address (local part <= 64, labels <= 63): unbounded runs
# made a long line of letters or digits (a pasted base64 image) take quadratic time.
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24}"
)
# What every pattern above needs: an @, or eleven digits with at most one separator between
# two of them (a mobile number; ID numbers are longer runs of digits).
_CANDIDATE = re.compile(r"[0-9](?:[ \t\-.]?[0-9]){10}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Leak:
    """A piece of private data found in a text: its kind and a masked sample."""

    kind: str  # mobile | id18 | id15 | email
    sample: str
    offset: int  # where it starts in the original text


def id18_check_digit_ok(number: str) -> bool:
    """Verify the ISO 7064 MOD 11-2 check digit of an 18-digit resident ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _valid_birth_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _mask(text: str) -> str:
    digits = text.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


def _normal(text: str) -> str:
    # NFKC turns full-width digits, hyphens, spaces and @ into their ASCII forms.
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def may_leak(text: str) -> bool:
    """A quick test: when it says False, :func:`find_leaks` finds nothing in ``text``."""
    normal = _normal(text)
    return "@" in normal or _CANDIDATE.search(normal) is not None


def find_leaks(text: str) -> Iterator[Leak]:
    """Yield each piece of private data in ``text``."""
    normal = _normal(text)
    if "@" not in normal and _CANDIDATE.search(normal) is None:
        return
    leaks = list(_find_normal_leaks(normal))
    if leaks and len(normal) != len(text):  # NFKC expanded something (ﬁ, ㈱): map offsets back
        origins = _origins(text)
        leaks = [Leak(leak.kind, leak.sample, origins[min(leak.offset, len(origins) - 1)]) for leak in leaks]
    yield from leaks


def _origins(text: str) -> list[int]:
    """For each character of the NFKC form of ``text``, the index it came from in ``text``."""
    origins: list[int] = []
    for index, char in enumerate(text):
        origins.extend([index] * len(unicodedata.normalize("NFKC", char)))
    return origins or [0]


def _find_normal_leaks(normal: str) -> Iterator[Leak]:
    for match in _EMAIL.finditer(normal):
        local, _, domain = match.group().partition("@")
        yield Leak("email", f"{local[:1]}***@{domain}", match.start())
    for match in _ID18.finditer(normal):
        if id18_check_digit_ok(match.group()):
            yield Leak("id18", _mask(match.group()), match.start())
    for match in _ID15.finditer(normal):
        number = match.group()
        if _valid_birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])):
            yield Leak("id15", _mask(number), match.start())
    for match in _MOBILE.finditer(normal):
        yield Leak("mobile", _mask(re.sub(r"[^0-9]", "", match.group())[-11:]), match.start())
