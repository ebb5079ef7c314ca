"""Compare two versions of a board and say, for a reviewer, what a change does.

The summary is Markdown in the board's language: records added, removed and changed
(field changes in plain words, enum values by their labels from the schemas), points
earned and spent by every affected partner with ranking moves, the headline statistics
before and after, and every problem ``check`` finds in the new version.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from noticeboard.analysis.rankings import Standing, rankings
from noticeboard.analysis.stats import compute_stats
from noticeboard.content.check import Checked
from noticeboard.content.load import load_content
from noticeboard.content.points import ledgers
from noticeboard.content.schema import JSONSchema, enum_labels, load_schema
from noticeboard.content.source import Source
from noticeboard.content.types import RECORD_TYPES, TYPES_BY_NAME
from noticeboard.content.validate import board_language, validate

LONG_TEXT = 60  # longer texts are reported as "changed", not quoted

WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "heading": "公示栏变更摘要",
        "compare": "对比 `{base}` → `{head}`",
        "worktree": "工作区",
        "records": "记录变更",
        "no_records": "没有记录变更。",
        "added": "新增",
        "removed": "删除",
        "changed": "修改",
        "edited": "{field}已修改",
        "unreadable": "文件有错误，无法读取（见检查结果）",
        "dropped": "去掉{field}",
        "item": "第 {n} 项",
        "sep": "，",
        "colon": "：",
        "quote": "「{}」",
        "points": "积分变化",
        "no_points": "没有合伙人的积分变化。",
        "points_head": "| 合伙人 | 获得 | 使用 | 余额 | 排名 |",
        "rank": "第 {}",
        "stats": "统计数字",
        "stats_head": "| 指标 | 之前 | 之后 |",
        "problems": "检查结果",
        "no_problems": "✅ 没有问题。",
        "some_problems": "❌ 发现 {n} 个问题，合并前请修正：",
    },
    "en": {
        "heading": "Board review summary",
        "compare": "Comparing `{base}` → `{head}`",
        "worktree": "working tree",
        "records": "Records",
        "no_records": "No records changed.",
        "added": "Added",
        "removed": "Removed",
        "changed": "Changed",
        "edited": "{field} edited",
        "unreadable": "the file has errors and cannot be read (see Check)",
        "dropped": "{field} removed",
        "item": "item {n}",
        "sep": ", ",
        "colon": ": ",
        "quote": "“{}”",
        "points": "Points",
        "no_points": "No partner's points change.",
        "points_head": "| Partner | Earned | Spent | Balance | Rank |",
        "rank": "#{}",
        "stats": "Statistics",
        "stats_head": "| Figure | Before | After |",
        "problems": "Check",
        "no_problems": "✅ No problems.",
        "some_problems": "❌ {n} problem(s) to fix before merging:",
    },
}


# The headline statistics by their keys in Stats.as_dict, in the summary's order.
STAT_LABELS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "partners_active": "在册合伙人",
        "projects_signed": "签约项目",
        "wishes_collected": "收集心愿",
        "wishes_fulfilled": "实现心愿",
        "councils_held": "召开议事会",
        "council_participants": "参会人次",
        "problems_solved": "解决难题",
    },
    "en": {
        "partners_active": "Active partners",
        "projects_signed": "Projects signed",
        "wishes_collected": "Wishes collected",
        "wishes_fulfilled": "Wishes fulfilled",
        "councils_held": "Councils held",
        "council_participants": "Council participants",
        "problems_solved": "Difficult problems solved",
    },
}


@dataclass(frozen=True)
class RecordChange:
    """One record added, removed or changed between two versions."""

    record_type: str
    record_id: str
    kind: str  # added | removed | changed
    name: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Version:
    """One version of the board: validated, plus every record file as read (valid or not)."""

    checked: Checked
    sources: dict[str, list[Source]]
    ids: dict[str, set[str]]  # every record file seen per type, readable or not


def read_version(folder: Path, display: str, build_date: dt.date) -> Version:
    """Load and validate a content folder, naming its files as ``display`` would."""
    loaded = load_content(folder, display_root=display)
    board, problems = validate(loaded, build_date)
    return Version(Checked(board, problems, board_language(loaded)), loaded.sources, loaded.ids)


def _words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["zh-CN"])


def _field_spec(record_type: str, path: tuple[str, ...]) -> JSONSchema:
    spec: JSONSchema = {"properties": load_schema(record_type).get("properties", {})}
    for key in path:
        spec = (
            spec.get("properties", {}).get(key) or spec.get("items", {}).get("properties", {}).get(key) or {}
        )
    return spec


def _field_name(record_type: str, path: tuple[str, ...], language: str) -> str:
    if language == "zh-CN":
        return _field_spec(record_type, path).get("title") or path[-1]
    return path[-1].replace("_", " ")


def _value(record_type: str, path: tuple[str, ...], value: object, language: str) -> str:
    """Write a field's value in plain words (enum labels, yes/no, lists, votes)."""
    if isinstance(value, bool):
        return ("是" if value else "否") if language == "zh-CN" else ("yes" if value else "no")
    if isinstance(value, list):
        return ("、" if language == "zh-CN" else ", ").join(str(v) for v in value) or "-"
    if isinstance(value, dict):  # votes: "赞成 5 反对 0 弃权 1"
        return " ".join(f"{_field_name(record_type, (*path, k), language)} {v}" for k, v in value.items())
    if language == "zh-CN" and isinstance(value, str):
        return enum_labels(record_type).get((path[-1], value), value)
    return str(value)


def _is_long(value: object) -> bool:
    return isinstance(value, str) and (len(value) > LONG_TEXT or "\n" in value)


def field_changes(
    record_type: str,
    old: dict[str, object],
    new: dict[str, object],
    language: str,
    path: tuple[str, ...] = (),
) -> list[str]:
    """Describe in plain words how one record's fields changed, status first."""
    w = _words(language)
    order: dict[str, int] = {}
    for key in [*new, *old]:  # the file's own order, new version first
        order.setdefault(key, len(order))
    keys = sorted(set(old) | set(new), key=lambda k: (k not in ("status", "outcome"), order[k], k))
    out: list[str] = []
    for key in keys:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        where = (*path, key)
        label = _field_name(record_type, where, language)
        if _is_list_of_dicts(before) or _is_list_of_dicts(after):
            out += _item_changes(record_type, where, _listed(before), _listed(after), language)
        elif after is None:
            out.append(w["dropped"].format(field=label))
        elif _is_long(before) or _is_long(after):
            out.append(w["edited"].format(field=label))
        elif before is None:
            out.append(f"{label} {_value(record_type, where, after, language)}")
        else:
            before_text, after_text = (_value(record_type, where, v, language) for v in (before, after))
            shown = f"{before_text} → {after_text}"
            out.append(shown if key in ("status", "outcome") else f"{label} {shown}")
    return out


def _is_list_of_dicts(value: object) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _listed(value: object) -> list[object]:
    """The items of a list; nothing for any other value (no list was written there)."""
    return value if isinstance(value, list) else []


def _item_changes(
    record_type: str, path: tuple[str, ...], old: list[object], new: list[object], language: str
) -> list[str]:
    """Compare list items (decisions, services, honours) place by place."""
    w = _words(language)
    label = _field_name(record_type, path, language)
    out = []
    for index in range(max(len(old), len(new))):
        before, after = _mapping_at(old, index), _mapping_at(new, index)
        if before == after:
            continue
        item = (after or before or {}).get("title") or (after or before or {}).get("text") or ""
        where = f"{label}{w['item'].format(n=index + 1)}" + (w["quote"].format(item) if item else "")
        if before is None:
            out.append(f"{w['added']}{where}")
        elif after is None:
            out.append(f"{w['removed']}{where}")
        else:
            inner = field_changes(record_type, before, after, language, path)
            out.append(f"{where}{w['colon']}{w['sep'].join(inner)}")
    return out


def _mapping_at(items: list[object], index: int) -> dict[str, object] | None:
    """The item at ``index`` when there is one and it is a mapping, else None."""
    item = items[index] if index < len(items) else None
    return item if isinstance(item, dict) else None


def _record_name(record_type: str, data: dict[str, object], record_id: str) -> str:
    """What names a record in the summary: its title field (from the record-type table), else its id."""
    title = data.get(TYPES_BY_NAME[record_type].title_field)
    return title if isinstance(title, str) else record_id


def record_changes(base: Version, head: Version, language: str) -> list[RecordChange]:
    """List the records added, removed and changed, by type then id."""
    changes = []
    for record_type in (t.name for t in RECORD_TYPES):
        old = {s.id: s.data for s in base.sources.get(record_type, [])}
        new = {s.id: s.data for s in head.sources.get(record_type, [])}
        head_ids = head.ids.get(record_type, set())
        for record_id in sorted(set(old) | set(new) | head_ids):
            before, after = old.get(record_id), new.get(record_id)
            if before == after:
                continue
            name = _record_name(record_type, after or before or {}, record_id)
            if after is None and record_id in head_ids:  # the file is there but could not be read
                kind = "changed" if before is not None else "added"
                changes.append(
                    RecordChange(record_type, record_id, kind, name, (_words(language)["unreadable"],))
                )
            elif before is None:
                changes.append(RecordChange(record_type, record_id, "added", name))
            elif after is None:
                changes.append(RecordChange(record_type, record_id, "removed", name))
            else:
                details = tuple(field_changes(record_type, before, after, language))
                changes.append(RecordChange(record_type, record_id, "changed", name, details))
    return changes


def _type_name(record_type: str, language: str) -> str:
    title = load_schema(record_type).get("title", record_type)
    zh, _, en = title.partition(" / ")
    return zh if language == "zh-CN" else (en or record_type)


def _standings(checked: Checked) -> dict[str, Standing]:
    """Each partner's totals and rank in its group."""
    groups = rankings(checked.board, ledgers(checked.board))
    return {s.partner: s for group in groups.values() for s in group}


def points_table(base: Checked, head: Checked, language: str) -> list[str]:
    """Rows for every partner whose points or rank changed."""
    w = _words(language)
    old_rank, new_rank = _standings(base), _standings(head)
    rows = []
    for partner_id in sorted(set(old_rank) | set(new_rank)):
        before, after = old_rank.get(partner_id), new_rank.get(partner_id)
        earned = (after.earned if after else 0) - (before.earned if before else 0)
        spent = (after.redeemed if after else 0) - (before.redeemed if before else 0)
        same_rank = before is not None and after is not None and before.rank == after.rank
        if not earned and not spent and same_rank:
            continue
        balance = f"{before.balance if before else 0} → {after.balance if after else 0}"
        ranks = [w["rank"].format(s.rank) if s else "-" for s in (before, after)]
        rank = ranks[1] if same_rank else " → ".join(ranks)
        partner = head.board.partner(partner_id) or base.board.partner(partner_id)
        name = _escape(partner.name if partner else partner_id)
        rows.append(f"| {name} | {earned:+d} | {spent:+d} | {balance} | {rank} |")
    return rows


def _escape(text: str) -> str:
    """Keep record texts from turning into Markdown (links, emphasis, HTML) in the summary."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text.replace("\n", " "))


def review_summary(
    base_version: Version, head_version: Version, base_name: str, head_name: str | None
) -> str:
    """Write the Markdown review summary of going from ``base`` to ``head``."""
    base, head = base_version.checked, head_version.checked
    language = head.language
    w = _words(language)
    out = [f"## {w['heading']}", "", w["compare"].format(base=base_name, head=head_name or w["worktree"]), ""]
    out += [f"### {w['records']}", ""]
    changes = record_changes(base_version, head_version, language)
    if not changes:
        out += [w["no_records"], ""]
    for record_type in dict.fromkeys(c.record_type for c in changes):
        out += [f"**{_type_name(record_type, language)}**", ""]
        for change in (c for c in changes if c.record_type == record_type):
            named = w["quote"].format(_escape(change.name))
            line = f"- {w[change.kind]}{w['colon']}{_type_name(record_type, language)}{named}"
            if change.details:
                line += w["colon"] + _escape(w["sep"].join(change.details))
            out.append(f"{line} (`{change.record_id}`)")
        out.append("")
    rows = points_table(base, head, language)
    out += [f"### {w['points']}", ""]
    out += [w["points_head"], "|---|---:|---:|---|---|", *rows, ""] if rows else [w["no_points"], ""]
    out += [f"### {w['stats']}", "", w["stats_head"], "|---|---:|---:|"]
    before, after = compute_stats(base.board).as_dict(), compute_stats(head.board).as_dict()
    for key, label in STAT_LABELS.get(language, STAT_LABELS["zh-CN"]).items():
        marker = "" if before[key] == after[key] else " ✱"
        out.append(f"| {label}{marker} | {before[key]} | {after[key]} |")
    out += ["", f"### {w['problems']}", ""]
    if head.ok:
        out.append(w["no_problems"])
    else:
        report = head.report("text")
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", report)), default=0))
        out += [w["some_problems"].format(n=len(head.problems)), "", f"{fence}text", report, fence]
    return "\n".join(out) + "\n"
