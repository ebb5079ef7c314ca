"""Words a volunteer knows for fields and values, read out of a record type's JSON Schema.

The schemas give every field a Chinese ``title`` and list each fixed value's Chinese label
in its ``description`` ("状态：open 待认领、claimed 已认领 / status"). Messages use these to
say ``第 2 条决定的「完成日期」（done）`` rather than ``decisions[2].done``, and to turn a
value written in Chinese (``status: 已实现``) into the one to write (``fulfilled``).

Everything here takes the schema as plain data; :mod:`noticeboard.content.schema` reads
the files and caches the results per record type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from noticeboard.content.problems import KeyPath, field_label

Spec = Mapping[str, Any]  # one (sub)schema as JSON gives it

# How a list item is counted in Chinese: 第 2 条决定, 第 1 项服务.
_MEASURE_WORDS: dict[str, str] = {"决定": "条"}
_LABEL_SEPARATORS = re.compile(r"[、，,；;]")


class FieldWords(NamedTuple):
    """A key path said three ways: for programs, in Chinese, in English."""

    path: str  # decisions[2].done
    zh: str  # 第 2 条决定的「完成日期」（done）
    en: str  # decision 2's 'done'


def choice_labels(spec: Spec) -> dict[str, str]:
    """The Chinese label of each allowed value of an enum field: ``{"open": "待认领", ...}``.

    Read from the Chinese half of the field's description, after its first "：".
    """
    allowed = spec.get("enum") or ()
    text = str(spec.get("description", "")).split(" / ")[0].split("：", 1)[-1]
    labels: dict[str, str] = {}
    for part in _LABEL_SEPARATORS.split(text):
        value, _, label = part.strip().partition(" ")
        if value in allowed and label.strip():
            labels[value] = label.strip()
    return labels


def enum_labels_in(schema: Spec) -> dict[tuple[str, str], str]:
    """Every enum label of a record schema: (field name, value) -> label."""
    labels: dict[tuple[str, str], str] = {}

    def walk(properties: Spec) -> None:
        for key, spec in properties.items():
            for value, label in choice_labels(spec).items():
                labels[(key, value)] = label
            walk(spec.get("properties", {}))
            items = spec.get("items")
            if isinstance(items, Mapping):
                walk(items.get("properties", {}))

    walk(schema.get("properties", {}))
    return labels


def _child(spec: Spec, part: str | int) -> Spec:
    """The subschema of one step of a key path (an empty mapping when the schema has none)."""
    if isinstance(part, int):
        items = spec.get("items")
        return items if isinstance(items, Mapping) else {}
    found = spec.get("properties", {}).get(part)
    return found if isinstance(found, Mapping) else {}


def _singular(key: str) -> str:
    """One item of a list field: decisions -> decision, communities -> community."""
    return key[:-3] + "y" if key.endswith("ies") else key.removesuffix("s")


def field_words(schema: Spec, path: KeyPath) -> FieldWords:
    """Say a key path in words, naming each list item by its place and the field by its title.

    ``decisions[2].done`` becomes ``第 2 条决定的「完成日期」（done）`` and ``decision 2's 'done'``;
    ``attendees[2]`` becomes ``「参加的合伙人」（attendees）的第 2 项`` and ``'attendees' item 2``.
    A key the schema does not know is named as written.
    """
    last_key = max((i for i, part in enumerate(path) if isinstance(part, str)), default=-1)
    zh: list[str] = []
    en: list[str] = []
    spec: Spec = schema
    keys_since_item: list[str] = []
    for index, part in enumerate(path[: last_key + 1]):
        child = _child(spec, part)
        if isinstance(part, int):
            item_title = str(child.get("title") or spec.get("title") or "")
            list_key = keys_since_item[-1] if keys_since_item else ""
            measure = _MEASURE_WORDS.get(item_title, "项")
            zh.append(f"第 {part + 1} {measure}{item_title}")
            en.append(f"{_singular(list_key) or 'item'} {part + 1}")
            keys_since_item = []
        else:
            keys_since_item.append(part)
            if index == last_key:
                relative = ".".join(keys_since_item)
                title = child.get("title")
                zh.append(f"「{title}」（{relative}）" if title and title != part else f"「{relative}」")
                en.append(f"'{relative}'")
        spec = child
    trailing = [part for part in path[last_key + 1 :] if isinstance(part, int)]
    zh_text = "的".join(zh) + "".join(f"的第 {n + 1} 项" for n in trailing)
    en_text = "'s ".join(en) + "".join(f" item {n + 1}" for n in trailing)
    return FieldWords(field_label(path), zh_text, en_text)


# Words a volunteer may write for a common field instead of its English key (its label aside).
_COMMON_WORDS = {
    "标题": "title",
    "题目": "title",
    "名字": "name",
    "姓名": "name",
    "说明": "description",
    "描述": "description",
    "简介": "description",
    "日期": "date",
    "时间": "date",
}


def _label(spec: object) -> object:
    return spec.get("title") if isinstance(spec, dict) else None


def key_for_label(typed: str, spec: Spec) -> str | None:
    """The English key a field name written in Chinese stands for in an object of schema
    ``spec``: the one field labelled so (``类别`` → ``category``; of two that share a label,
    such as a council's 地点, the one the object requires), else a common word for a field
    the object has (``标题`` → ``title``); None when no field, or several, fit."""
    text, properties = typed.strip(), spec.get("properties", {})
    labelled = [key for key, field in properties.items() if _label(field) == text]
    if len(labelled) > 1:
        labelled = [key for key in labelled if key in spec.get("required", ())]
    if labelled:
        return labelled[0] if len(labelled) == 1 else None
    common = _COMMON_WORDS.get(text)
    return common if common in properties else None
