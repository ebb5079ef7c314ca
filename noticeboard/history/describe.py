"""A record in a reviewer's words: every field, partners by name, prose as a text diff, and the
personal-looking words the privacy rules let through.

Used by :mod:`noticeboard.history.review` for the records a change adds or edits. Everything a
record says is escaped, so a title cannot turn into a link or a heading in the summary.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from noticeboard.content.personal import personal_words
from noticeboard.content.schema import JSONSchema, enum_labels, load_schema

# Fields that hold partner ids, at any depth: the summary names the partner beside its id.
PARTNER_FIELDS = {"partner", "partners", "claimed_by", "attendees"}
MAX_DIFF_LINES = 60  # a prose diff longer than this is cut, with a count of what was left out

PartnerName = Callable[[str], str | None]  # partner id -> its name on either version, if any

_KIND_WORDS = {
    "zh-CN": {"name": "称呼", "relation": "亲属", "age": "年龄", "place": "地点"},
    "en": {"name": "form of address", "relation": "relation", "age": "age", "place": "place"},
}


def escape(text: str) -> str:
    """Keep record texts from turning into Markdown (links, emphasis, HTML) in the summary."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text.replace("\n", " "))


def field_spec(record_type: str, path: tuple[str, ...]) -> JSONSchema:
    spec: JSONSchema = {"properties": load_schema(record_type).get("properties", {})}
    for key in path:
        spec = (
            spec.get("properties", {}).get(key) or spec.get("items", {}).get("properties", {}).get(key) or {}
        )
    return spec


def field_name(record_type: str, path: tuple[str, ...], language: str) -> str:
    """A field in words: its schema title in Chinese, its key (spaced) in English."""
    if language == "zh-CN":
        return str(field_spec(record_type, path).get("title") or path[-1])
    return path[-1].replace("_", " ")


def partner_shown(partner_id: str, partner_name: PartnerName | None) -> str:
    """A partner id with the partner's name before it: 万华便民理发店 (wanhua-barbershop)."""
    name = partner_name(partner_id) if partner_name else None
    return f"{name} ({partner_id})" if name else partner_id


def value_words(
    record_type: str,
    path: tuple[str, ...],
    value: object,
    language: str,
    partner_name: PartnerName | None = None,
) -> str:
    """Write a field's value in plain words (enum labels, yes/no, lists, votes, partners by name)."""
    if isinstance(value, bool):
        return ("是" if value else "否") if language == "zh-CN" else ("yes" if value else "no")
    is_partner = path[-1] in PARTNER_FIELDS
    if isinstance(value, list):
        items = [partner_shown(str(v), partner_name) if is_partner else str(v) for v in value]
        return ("、" if language == "zh-CN" else ", ").join(items) or "-"
    if isinstance(value, dict):  # votes: "赞成 5 反对 0 弃权 1"
        return " ".join(f"{field_name(record_type, (*path, k), language)} {v}" for k, v in value.items())
    if isinstance(value, str) and is_partner:
        return partner_shown(value, partner_name)
    if language == "zh-CN" and isinstance(value, str):
        return enum_labels(record_type).get((path[-1], value), value)
    return str(value)


def all_fields(
    record_type: str,
    data: dict[str, object],
    language: str,
    partner_name: PartnerName | None = None,
    prose: str | None = None,
    path: tuple[str, ...] = (),
) -> list[str]:
    """Every field of a new record as Markdown list lines, nested items indented, prose quoted."""
    colon = "：" if language == "zh-CN" else ": "
    lines: list[str] = []
    for key, value in data.items():
        where = (*path, key)
        label = field_name(record_type, where, language)
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            lines.append(f"- {escape(label)}{colon}")
            for number, item in enumerate(value, 1):
                if isinstance(item, dict):
                    inner = all_fields(record_type, item, language, partner_name, None, where)
                    lines.append(f"  - {number}.")
                    lines += [f"    {line}" for line in inner]
        elif isinstance(value, str) and (key == prose or "\n" in value.strip()):
            lines.append(f"- {escape(label)}{colon}")
            lines += quoted(value)
        else:
            shown = value_words(record_type, where, value, language, partner_name)
            lines.append(f"- {escape(label)}{colon}{escape(shown)}")
    return lines


def quoted(text: str, indent: str = "  ") -> list[str]:
    """A text as a Markdown quote under a list item, each line escaped."""
    return [
        f"{indent}> {escape(line)}" if line.strip() else f"{indent}>" for line in text.strip().split("\n")
    ]


def prose_diff(before: str, after: str, indent: str = "  ") -> list[str]:
    """The line-by-line difference of two texts as a fenced ``diff`` block."""
    lines = list(
        difflib.unified_diff(before.strip().split("\n"), after.strip().split("\n"), lineterm="", n=1)
    )[2:]
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"… (+{len(lines) - MAX_DIFF_LINES})"]
    body = "\n".join(lines)
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
    return [f"{indent}{fence}diff", *(f"{indent}{line}" for line in lines), f"{indent}{fence}"]


def texts_of(value: object) -> Iterable[str]:
    """Every text below a value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item)


def tolerated_words(texts: Iterable[str], language: str) -> list[str]:
    """The personal-looking words in some texts that no rule refused, each once, with its kind."""
    words = _KIND_WORDS.get(language, _KIND_WORDS["zh-CN"])
    seen: dict[str, str] = {}
    for text in texts:
        for found in personal_words(text):
            seen.setdefault(found.word, words[found.kind])
    open_, close = ("（", "）") if language == "zh-CN" else (" (", ")")
    return [f"{escape(word)}{open_}{kind}{close}" for word, kind in seen.items()]
