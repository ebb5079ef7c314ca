"""Find personal data that must never reach a public page.

We reject, never mask: masked fragments from several places can be pieced together,
and personal contact data does not belong in a public repository at all.

Detected: mainland mobile numbers (also with spaces, hyphens, a +86 prefix or
full-width digits), 18-digit resident ID numbers whose ISO 7064 MOD 11-2 check digit is
right (so ordinary long numbers pass), old 15-digit ID numbers (with a valid birth
date inside), e-mail addresses, landlines (``010-6523 4567``, ``(0571) 8888 6666``, and
``6523 4567`` or a bare ``65234567`` beside a word such as 电话), and flat or room numbers
(``7号楼2单元301室``, ``301室``, ``3-2-301`` beside an address word such as 住 or 家).

Each leak has a kind, so a field that may hold one kind on purpose (a partner's public office
phone) can be exempted from that kind alone. :mod:`noticeboard.content.personal` finds names,
health and other sensitive details, which need the record's context.
"""

from __future__ import annotations

import bisect
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
# A landline: an area code (0 and two or three digits, maybe in brackets), then a local number of
# seven or eight digits whose first digit is 2-9; a local number alone when written 4+4 with a
# space or hyphen, or as a bare run beside a word that says it is a phone number.
_LANDLINE = re.compile(
    r"(?<![0-9])[(（]?0[1-9][0-9]{1,2}[)）]?[ \t\-]?[2-9][0-9]{2,3}[ \t\-]?[0-9]{4}(?![0-9])"
    r"|(?<![0-9./\-])[2-9][0-9]{3}[ \-][0-9]{4}(?![0-9.:/\-])"
)
_BARE_LOCAL = re.compile(r"(?<![0-9./\-])[2-9][0-9]{6,7}(?![0-9.:/\-])")
_PHONE_WORDS = re.compile(r"电话|座机|热线|致电|拨打|联系|tel|phone|☎", re.IGNORECASE)
_UNITS = "元万千百人户位个次件份斤米平年月日号岁天分"
# A flat: a building (号楼, 栋, 幢, 座, or a courtyard 号院) then a room of three or four digits,
# maybe after a unit (单元); a room number with 室; X-X-XXX beside an address word.
_ROOM = re.compile(
    r"(?:(?<![0-9])[0-9]{1,4}|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3})"
    r"[ \t]*(?:号楼|栋|幢|座|号院)"
    r"[ \t]*(?:[0-9]{1,2}[ \t]*单元[ \t]*)?[0-9]{3,4}(?![0-9])(?:[ \t]*(?:室|号|房))?"
    r"|(?<![0-9])[0-9]{1,2}[ \t]*单元[ \t]*[0-9]{3,4}(?![0-9])(?:[ \t]*(?:室|号|房))?"
)
# A room number alone (301室) is a home unless a public place is named just before it: the
# community centre's 101室, a clinic's 203室.
_ROOM_ALONE = re.compile(r"(?<![0-9])[0-9]{3,4}[ \t]*室")
_PUBLIC_PLACES = re.compile(
    r"中心|办公|会议|活动|服务|社区|居委会|党群|大厦|医院|卫生|诊所|学校|派出所|银行|站|馆|所"
)
_ROOM_WORD = re.compile(r"[0-9一二三四五六七八九十][ \t]*(?:室|号楼|栋|幢|座|号院|单元)")
_DASHED_ROOM = re.compile(r"(?<![0-9\-])[0-9]{1,2}-[0-9]{1,2}-[0-9]{3,4}(?![0-9\-])")
_ADDRESS_WORDS = ("住", "家", "门牌", "地址", "楼", "院", "小区", "单元")
# What every pattern above needs: an @, seven digits with at most one separator between two of
# them (phone and ID numbers), or a room (three digits and 室, a building or unit word, X-X-XXX).
_CANDIDATE = re.compile(
    r"[0-9](?:[ \t\-.)）]?[0-9]){6}|[0-9一二三四五六七八九十][ \t]*(?:室|号楼|栋|幢|座|号院|单元)"
    r"|[0-9]-[0-9]{1,2}-[0-9]"
)
# The kinds a form can refuse from the text alone, as it is typed: every match is private. (A
# landline needs a word beside it, a room number alone the absence of a public place before it,
# and an ID number's check digit is arithmetic: those stay with ``check``.) The form editor turns
# these into its field validation (noticeboard/site/editor/patterns.py).
FORM_PATTERNS: dict[str, re.Pattern[str]] = {
    "mobile": _MOBILE,
    "id18": _ID18,
    "id15": _ID15,
    "email": _EMAIL,
    "room": _ROOM,
}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Leak:
    """A piece of private data found in a text: its kind and a masked sample."""

    kind: str  # mobile | id18 | id15 | email | landline | room
    sample: str
    offset: int  # where it starts in the original text
    length: int = 1  # how many characters of the original text it covers


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


def find_leaks(text: str, *, place: bool = False) -> Iterator[Leak]:
    """Yield each piece of private data in ``text``; ``place``: the text names a place (a
    courtyard, building or unit), where ``3-2-301`` is a flat without any word beside it."""
    normal = _normal(text)
    if "@" not in normal and _CANDIDATE.search(normal) is None:
        return
    leaks = _without_overlaps(_find_normal_leaks(normal, place))
    if leaks and len(normal) != len(text):  # NFKC expanded something (ﬁ, ㈱): map offsets back
        origins = _origins(text)
        last = len(origins) - 1
        leaks = [
            Leak(
                leak.kind,
                leak.sample,
                origins[min(leak.offset, last)],
                origins[min(leak.offset + leak.length - 1, last)] - origins[min(leak.offset, last)] + 1,
            )
            for leak in leaks
        ]
    yield from leaks


def _without_overlaps(leaks: Iterator[Leak]) -> list[Leak]:
    """One leak per stretch of text: a mobile number is not also a landline, a resident ID number
    not also a phone number (the kinds found first win, in the order found)."""
    kept: list[Leak] = []
    starts: list[int] = []  # of kept leaks, sorted, with their ends alongside
    ends: list[int] = []
    for leak in leaks:
        end = leak.offset + leak.length
        at = bisect.bisect_left(starts, leak.offset)
        if (at > 0 and ends[at - 1] > leak.offset) or (at < len(starts) and starts[at] < end):
            continue
        starts.insert(at, leak.offset)
        ends.insert(at, end)
        kept.append(leak)
    return sorted(kept, key=lambda leak: leak.offset)


def _origins(text: str) -> list[int]:
    """For each character of the NFKC form of ``text``, the index it came from in ``text``."""
    origins: list[int] = []
    for index, char in enumerate(text):
        origins.extend([index] * len(unicodedata.normalize("NFKC", char)))
    return origins or [0]


def _find_normal_leaks(normal: str, place: bool = False) -> Iterator[Leak]:
    for match in _EMAIL.finditer(normal):
        local, _, domain = match.group().partition("@")
        yield Leak("email", f"{local[:1]}***@{domain}", match.start(), len(match.group()))
    for match in _ID18.finditer(normal):
        if id18_check_digit_ok(match.group()):
            yield Leak("id18", _mask(match.group()), match.start(), 18)
    for match in _ID15.finditer(normal):
        number = match.group()
        if _valid_birth_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])):
            yield Leak("id15", _mask(number), match.start(), 15)
    for match in _MOBILE.finditer(normal):
        digits = re.sub(r"[^0-9]", "", match.group())[-11:]
        yield Leak("mobile", _mask(digits), match.start(), len(match.group()))
    yield from _landlines(normal)
    yield from _rooms(normal, place)


def _landlines(normal: str) -> Iterator[Leak]:
    for match in _LANDLINE.finditer(normal):
        digits = re.sub(r"[^0-9]", "", match.group())
        if match.group()[:1] not in "0(（" and (_years(match.group()) or _counted(normal, match.end())):
            continue  # 2021-2022 is two years, 2000-3000元 a range of amounts
        yield Leak("landline", _mask(digits), match.start(), len(match.group()))
    for match in _BARE_LOCAL.finditer(normal):
        near = normal[max(0, match.start() - 8) : match.start()]
        if _PHONE_WORDS.search(near) and not _counted(normal, match.end()):
            yield Leak("landline", _mask(match.group()), match.start(), len(match.group()))


def _years(text: str) -> bool:
    """Whether a 4+4 number is two years ("2021-2022", "1998 2008")."""
    halves = re.findall(r"[0-9]{4}", text)
    return len(halves) == 2 and all(1900 <= int(half) <= 2099 for half in halves)


def _counted(text: str, end: int) -> bool:
    """Whether a number is followed by a unit (元, 人, 户, 年 ...): a count or an amount."""
    rest = text[end : end + 2].lstrip(" ")
    return rest[:1] in _UNITS if rest else False


def _rooms(normal: str, place: bool = False) -> Iterator[Leak]:
    if _ROOM_WORD.search(normal) is None and _DASHED_ROOM.search(normal) is None:
        return
    for match in _ROOM.finditer(normal):
        yield Leak("room", _mask_room(match.group()), match.start(), len(match.group()))
    for match in _ROOM_ALONE.finditer(normal):
        if not _PUBLIC_PLACES.search(normal, max(0, match.start() - 10), match.start()):
            yield Leak("room", _mask_room(match.group()), match.start(), len(match.group()))
    for match in _DASHED_ROOM.finditer(normal):
        near = normal[max(0, match.start() - 8) : match.start()]
        if place or any(word in near for word in _ADDRESS_WORDS):
            yield Leak("room", _mask_room(match.group()), match.start(), len(match.group()))


def _mask_room(text: str) -> str:
    """A flat with its room's digits hidden: 7号楼2单元***室."""
    return re.sub(r"[0-9]{3,4}(?=[^0-9]*$)", lambda m: "*" * len(m.group()), text)
