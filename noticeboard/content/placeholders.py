"""Template placeholders: the values a record template is written with, which ``check`` refuses.

A template must not pass ``check`` unedited, or it would publish an invented record (a council
"adopted 8-1-1", an award to a real partner). Every value a volunteer must write is therefore a
*placeholder*: the words "【请填写：…】" (English boards: "[fill in: …]") around what to write
and an example. We recognise the reserved opening, never a template's example texts:

- an example can be true (a real wish may well be "想请人上门理发"); a marker cannot be;
- a half-edited value ("【请填写：心愿】给父亲理发") is still caught, an edited example is not;
- a template made for a new record type is covered without a list to keep up to date.

The opening needs the brackets *and* the words: "【通知】…" in a real title is not a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from noticeboard.content.problems import KeyPath

_MARK = re.compile(r"【请填写|\[fill in\b", re.IGNORECASE)
_INSIDE = re.compile(r"(?:【请填写[：:]?|\[fill in:?)\s*(?P<hint>[^】\]]*)[】\]]?", re.IGNORECASE)


def placeholder(hint: str, language: str) -> str:
    """The placeholder asking for ``hint`` ("心愿，一句话，例如“想请人上门理发”")."""
    return f"【请填写：{hint}】" if language == "zh-CN" else f"[fill in: {hint}]"


def find_placeholder(text: str) -> int:
    """Where a placeholder starts in ``text``, or -1."""
    match = _MARK.search(text)
    return match.start() if match else -1


def hint_of(text: str, offset: int) -> str:
    """What the placeholder at ``offset`` asks for, as its words say it."""
    match = _INSIDE.match(text, offset)
    return match.group("hint").strip() if match else ""


def placeholders_in(value: object, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str, int]]:
    """Every text below ``value`` still holding a placeholder: (key path, text, offset)."""
    if isinstance(value, str):
        offset = find_placeholder(value)
        if offset >= 0:
            yield path, value, offset
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from placeholders_in(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from placeholders_in(item, (*path, index))
