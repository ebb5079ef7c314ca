"""Record templates made from the record schemas, and fresh ids for new record files.

The same templates feed ``python build.py new TYPE`` and the "propose a new …" links of the list
pages (prefilled in the code host's new-file page). A template is written from its record
type's JSON Schema: every field with its description as a comment, required fields as lines,
optional ones and those that belong only with a status commented out, list items and nested
fields at their indentation. So a new record type gets a template for free; what a schema
cannot say (a good example for each field, which optional lists to show open) is in the
tables below.

A template cannot pass ``check`` unedited: every value a volunteer must write is a placeholder
(:mod:`noticeboard.content.placeholders`) that ``check`` refuses; dates are the day it was made
and choices their first or usual value, which are real values. An optional line is written as
``#`` right before the YAML line at its indentation (``  #due: 2024-05-16``): deleting the one
``#`` gives valid YAML. A note is ``#`` and a space.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from noticeboard.content.model import Date
from noticeboard.content.placeholders import placeholder
from noticeboard.content.schema import load_schema
from noticeboard.content.types import RECORD_TYPES, TYPES_BY_NAME

TEMPLATE_TYPES = tuple(t.name for t in RECORD_TYPES)
FOLDERS = {t.name: t.folder for t in RECORD_TYPES}
MAX_ID_LENGTH = 64
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
Spec = dict[str, Any]

_PARTNER_ID = (
    "合伙人编号，即 content/partners/ 下的文件名",
    "a partner id, the file name in content/partners/",
)

# What to write in each field, with an example, per record type: "field" or "list.field" ->
# (Chinese, English). A field not listed asks in the words of its schema description.
_HINTS: dict[str, dict[str, tuple[str, str]]] = {
    "partner": {
        "name": ("名称或姓名，例如“某某便民服务店”", "the name, e.g. “Corner repair shop”"),
        "services.title": ("服务名称，例如“上门维修”", "the service, e.g. “Home repairs”"),
        "services.category": ("服务类别，例如“便民服务”", "its category, e.g. “daily services”"),
        "honors.title": ("荣誉名称，例如“年度优秀红色合伙人”", "the honour, e.g. “Partner of the year”"),
        "description": ("介绍这位合伙人能为社区做什么", "what this partner does for the community"),
    },
    "project": {
        "title": ("项目名称，例如“楼道照明改造”", "the project, e.g. “Stairwell lighting”"),
        "category": ("类别，例如“设施建设”，用于和合伙人的服务对接", "its category, e.g. “facilities”"),
        "partners": _PARTNER_ID,
        "points": (
            "每个合伙人完成后获得的积分；不写这一行就用积分规则",
            "points per partner; leave out for the rule",
        ),
        "description": ("说明居民的需求", "what residents need"),
    },
    "wish": {
        "title": ("心愿，一句话，例如“想请人上门理发”", "the wish in one line, e.g. “A haircut at home”"),
        "beneficiary": (
            "心愿人的公开称呼，例如“刘女士的父亲”“3号院的一位老人”；不写全名、门牌号和病情",
            "a public label, e.g. “Ms Liu's father”; no full name, door number or diagnosis",
        ),
        "category": ("类别，例如“助老服务”", "its category, e.g. “elderly care”"),
        "reported_by": ("收集人，例如“3号院楼长”", "who reported it, e.g. “building captain of yard 3”"),
        "claimed_by": _PARTNER_ID,
        "points": (
            "认领人获得的积分；不写这一行就用积分规则",
            "points for the claimer; leave out for the rule",
        ),
        "consent.by": ("谁同意公开，例如“心愿人本人”", "who agreed, e.g. “the beneficiary”"),
        "story": (
            "心愿背后的故事：需要什么帮助。写需要（“行动不便，需要上门理发”），不写病情",
            "the story: what help is needed (“cannot go out, needs a haircut at home”), not a diagnosis",
        ),
    },
    "council": {
        "title": ("议题或会议名称，例如“3号院停车议事会”", "the subject, e.g. “Yard 3 parking council”"),
        "location": ("地点，例如“3号院”", "the place, e.g. “Yard 3”"),
        "participants": ("参加人数，写数字，例如 12", "how many took part, a number, e.g. 12"),
        "attendees": _PARTNER_ID,
        "decisions.text": ("决定的内容", "what was decided"),
        "decisions.votes.for": ("赞成票数，写数字", "votes for, a number"),
        "decisions.votes.against": ("反对票数，写数字", "votes against, a number"),
        "decisions.votes.abstain": ("弃权票数，写数字", "abstentions, a number"),
        "decisions.owner": (
            "负责落实的人或单位，例如“社区居委会”",
            "who follows it up, e.g. “residents' committee”",
        ),
        "minutes": ("会议纪要", "the minutes"),
    },
    "award": {
        "partner": _PARTNER_ID,
        "points": ("积分，写数字", "points, a number"),
        "reason": ("奖励原因，例如“疫情期间连续值守”", "why, e.g. “Stood guard through the epidemic”"),
        "extra_reason": ("为什么在自动积分之外还要奖励", "why on top of the automatic points"),
    },
    "redemption": {
        "partner": _PARTNER_ID,
        "points": ("使用的积分，写数字", "points spent, a number"),
        "item": ("兑换的物品或服务，例如“洗衣液一瓶”", "what was received, e.g. “One bottle of detergent”"),
    },
}
# Choices written on a field's line instead of its first allowed value (or its default).
_CHOICES: dict[str, dict[str, object]] = {
    "partner": {"kind": "merchant", "status": "withdrawn"},
    "award": {"extra": True},
}
# Optional lists shown open (with one item) rather than commented: a partner's services are
# what the supply list is made of.
_OPEN_LISTS = {("partner", "services")}

# What each template says first, after its type.
_NOTES: dict[str, tuple[str, str]] = {
    "wish": ("不写全名、电话、门牌号或病情", "no full names, phone numbers, door numbers or diagnoses"),
    "award": (
        "心愿实现、项目完成、参加议事会和荣誉的积分是自动记的（积分规则 points/rules.yaml），不要再奖励一次；"
        "奖励原因说到它们时，要写 extra: true 和 extra_reason",
        "points for a fulfilled wish, a completed project, a council attended and an honour are counted "
        "automatically (points/rules.yaml): do not award them again; a reason naming one needs extra: true "
        "and extra_reason",
    ),
}
_HOW = (
    "把每个「【请填写：…】」换成真实内容（不换，检查会报错）。"
    "行首的 # 后面紧跟字段名的行是可选的：删掉这个 # 就启用那一行；# 后面有空格的是说明",
    "Replace every [fill in: …] with the real content (check refuses it until you do). A line "
    "whose # is followed directly by a field name is optional: delete that # to use it; "
    "a # followed by a space is a note",
)


def _text(value: str) -> str:
    """Write a text value as a YAML scalar that is always read back as the same text."""
    return json.dumps(value, ensure_ascii=False)


class _Writer:
    """Write one record type's template, field by field, from its schema."""

    def __init__(self, record_type: str, on: Date, title: str | None, language: str) -> None:
        self.type = record_type
        self.on = on
        self.title = title
        self.zh = language == "zh-CN"
        self.language = language
        self.lines: list[str] = []

    def hint(self, dotted: str, spec: Spec) -> str:
        words = _HINTS.get(self.type, {}).get(dotted)
        if words:
            return words[0] if self.zh else words[1]
        zh, _, en = str(spec.get("description", dotted)).partition(" / ")
        text = zh if self.zh else (en or zh)
        return re.sub(r"[（(]Markdown[）)]|，格式 YYYY-MM-DD", "", text).strip()

    def scalar(self, dotted: str, spec: Spec) -> str:
        """The value a field's line is written with."""
        choice = _CHOICES.get(self.type, {}).get(dotted)
        if "enum" in spec:
            return str(choice if choice is not None else spec.get("default", spec["enum"][0]))
        if spec.get("format") == "date":
            return self.on.isoformat()
        if spec.get("type") == "boolean":
            value = choice if choice is not None else spec.get("default", False)
            return "true" if value else "false"
        if dotted == TYPES_BY_NAME[self.type].title_field and self.title:
            return _text(self.title)
        return _text(placeholder(self.hint(dotted, spec), self.language))

    def comment(self, spec: Spec, note: str = "") -> str:
        """A field's note: a choice's description lists the choices; any other field says its
        name in both languages (what to write is in its placeholder)."""
        zh, _, en = str(spec.get("description", "")).partition(" / ")
        if "enum" in spec:
            words = f"{zh} / {en}" if en else zh
        else:
            en = re.sub(r"[（(]Markdown[）)]|，格式 YYYY-MM-DD|（.*?）", "", en).strip()
            words = " / ".join(part for part in (str(spec.get("title", "")), en) if part)
        words = "；".join(part for part in (note, words) if part)
        return f"  # {words}" if words else ""

    def fields(self, schema: Spec, indent: str, hashed: bool, prefix: str = "") -> None:
        """The lines of every field of an object schema (a record, a list item, the votes)."""
        required = set(schema.get("required", ())) | _required_unless_replaced(schema)
        when = _conditions(schema, self.zh)
        prose = TYPES_BY_NAME[self.type].prose if not prefix else None
        first = True
        for key, spec in schema.get("properties", {}).items():
            if key == prose:
                continue
            optional = hashed or key not in required
            if (self.type, key) in _OPEN_LISTS:
                optional = hashed
            lead = "- " if first and indent.endswith("- ") else ""
            pad = indent if lead or not indent.endswith("- ") else indent[:-2] + "  "
            if first and indent.endswith("- "):
                pad = indent[:-2]
            self.field(key, spec, pad, lead, optional, when.get(key, ""), prefix)
            first = False

    def field(self, key: str, spec: Spec, pad: str, lead: str, hashed: bool, note: str, prefix: str) -> None:
        dotted = f"{prefix}{key}"
        mark = "#" if hashed else ""
        inner = pad + ("  " if lead else "")
        if spec.get("type") == "object":
            self.lines.append(f"{pad}{mark}{lead}{key}:{self.comment(spec, note)}")
            self.fields(spec, inner + "  ", hashed, f"{dotted}.")
        elif spec.get("type") == "array":
            self.lines.append(f"{pad}{mark}{lead}{key}:{self.comment(spec, note)}")
            item = spec.get("items", {})
            if item.get("type") == "object":
                self.fields(item, inner + "- ", hashed, f"{dotted}.")
            else:
                self.lines.append(f"{inner}{mark}- {self.scalar(dotted, item)}")
        else:
            value = self.scalar(dotted, spec)
            self.lines.append(f"{pad}{mark}{lead}{key}: {value}{self.comment(spec, note)}")

    def write(self) -> str:
        schema = load_schema(self.type)
        title = str(schema.get("title", self.type))
        note = _NOTES.get(self.type)
        head = [f"# {title}" + (f" — {note[0] if self.zh else note[1]}" if note else "")]
        head.append(f"# {_HOW[0] if self.zh else _HOW[1]}")
        self.lines = head
        self.fields(schema, "", False)
        prose = TYPES_BY_NAME[self.type].prose
        if prose:
            spec = schema["properties"][prose]
            body = placeholder(self.hint(prose, spec), self.language)
            self.lines += [f"{prose}: |{self.comment(spec)}", f"  {body}"]
        return "\n".join(self.lines) + "\n"


def _required_unless_replaced(schema: Spec) -> set[str]:
    """Fields required unless another field replaces them (an award's ``partner`` unless
    ``partners``; a redemption's ``item`` unless ``catalogue_item``): the template writes the
    usual one."""
    found: set[str] = set()
    for rule in schema.get("allOf", ()):
        if "required" in rule.get("if", {}).get("not", {}):
            found.update(rule.get("then", {}).get("required", ()))
    return found


def _conditions(schema: Spec, zh: bool) -> dict[str, str]:
    """When each conditional field of an object schema is written: "status 为 claimed / fulfilled 时填写"."""
    required: dict[str, tuple[str, list[str]]] = {}
    allowed: dict[str, tuple[str, list[str]]] = {}
    for rule in schema.get("allOf", ()):
        condition = rule.get("if", {}).get("properties", {})
        for status, spec in condition.items():
            values = [str(v) for v in spec.get("enum", [spec.get("const")])]
            for key in rule.get("then", {}).get("required", ()):
                required.setdefault(key, (status, values))
        for branch in ("then", "else"):
            for key, spec in rule.get(branch, {}).get("properties", {}).items():
                for status, values in spec.get("x-allowed-when", {}).items():
                    allowed.setdefault(key, (status, [str(v) for v in values]))
    words = {}
    for key, (status, values) in {**allowed, **required}.items():
        shown = " / ".join("true" if v == "True" else v for v in values)
        words[key] = f"{status} 为 {shown} 时填写" if zh else f"when {status} is {shown}"
    return words


def record_template(
    record_type: str,
    on: Date,
    *,
    title: str | None = None,
    language: str = "zh-CN",
) -> str:
    """Return the commented template of ``record_type`` dated ``on``; it names no real partner
    or resident, so it needs no board."""
    if record_type not in TYPES_BY_NAME:
        raise ValueError(f"unknown record type: {record_type}")
    return _Writer(record_type, on, title, language).write()


# Record types whose files go into a folder per year (councils/2022/), by the record's date.
FILED_BY_YEAR = ("council",)


def record_folder(record_type: str, on: Date) -> str:
    """The content-relative folder a new record goes to (councils are filed by year)."""
    folder = FOLDERS[record_type]
    return f"{folder}/{on.year}" if record_type in FILED_BY_YEAR else folder


def slugify(title: str | None) -> str:
    """Make an id fragment from the ASCII words of a title ("" when there are none)."""
    if not title:
        return ""
    return _NOT_SLUG.sub("-", title.lower()).strip("-")


def existing_ids(content_dir: Path, record_type: str) -> set[str]:
    """Ids already used by files of one record type (in any subfolder)."""
    folder = Path(content_dir) / FOLDERS[record_type]
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".md")}


def new_record_id(record_type: str, on: Date, title: str | None, taken: set[str]) -> str:
    """Return a fresh id: ``2024-05-16-haircut``, or ``2024-05-16-2`` for a non-ASCII title."""
    prefix = on.isoformat()
    slug = slugify(title)[: MAX_ID_LENGTH - len(prefix) - 4].strip("-")
    if slug:
        base = f"{prefix}-{slug}"
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


def suggested_filename(record_type: str, on: Date) -> str:
    """A valid file name for a new-file link, to be renamed by the volunteer."""
    return f"{on.isoformat()}-new-{record_type}.yaml"
