"""Compare two versions of a board and say, for a reviewer, what a change does.

The summary is Markdown in the board's language: records added, removed and changed
(follow-through events first — a decision's progress, a wish confirmed —, then field changes
in plain words, enum values by their labels from the schemas), points
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
from noticeboard.content.schema import load_schema
from noticeboard.content.source import Source
from noticeboard.content.types import RECORD_TYPES, TYPES_BY_NAME
from noticeboard.content.validate import board_language, validate
from noticeboard.history.describe import (
    PartnerName,
    all_fields,
    escape,
    field_name,
    prose_diff,
    texts_of,
    tolerated_words,
    value_words,
)
from noticeboard.history.review_events import follow_events
from noticeboard.history.review_words import STAT_LABELS, WORDS

LONG_TEXT = 60  # longer texts are reported as "changed", not quoted


@dataclass(frozen=True)
class RecordChange:
    """One record added, removed or changed between two versions."""

    record_type: str
    record_id: str
    kind: str  # added | removed | changed
    name: str
    details: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()  # Markdown lines under the record's line: its fields, a prose diff
    texts: tuple[str, ...] = ()  # the texts added or changed, for the privacy review


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


def _is_long(value: object) -> bool:
    return isinstance(value, str) and (len(value) > LONG_TEXT or "\n" in value)


def field_changes(
    record_type: str,
    old: dict[str, object],
    new: dict[str, object],
    language: str,
    path: tuple[str, ...] = (),
    partner_name: PartnerName | None = None,
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
        label = field_name(record_type, where, language)
        if _is_list_of_dicts(before) or _is_list_of_dicts(after):
            out += _item_changes(record_type, where, _listed(before), _listed(after), language, partner_name)
        elif after is None:
            out.append(w["dropped"].format(field=label))
        elif _is_long(before) or _is_long(after):
            out.append(w["edited"].format(field=label))
        elif before is None:
            out.append(f"{label} {value_words(record_type, where, after, language, partner_name)}")
        else:
            before_text, after_text = (
                value_words(record_type, where, v, language, partner_name) for v in (before, after)
            )
            shown = f"{before_text} → {after_text}"
            out.append(shown if key in ("status", "outcome") else f"{label} {shown}")
    return out


def _is_list_of_dicts(value: object) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def _listed(value: object) -> list[object]:
    """The items of a list; nothing for any other value (no list was written there)."""
    return value if isinstance(value, list) else []


def _item_changes(
    record_type: str,
    path: tuple[str, ...],
    old: list[object],
    new: list[object],
    language: str,
    partner_name: PartnerName | None = None,
) -> list[str]:
    """Compare list items (decisions, services, honours) place by place."""
    w = _words(language)
    label = field_name(record_type, path, language)
    out = []
    for index in range(max(len(old), len(new))):
        before, after = _mapping_at(old, index), _mapping_at(new, index)
        if before == after:
            continue
        item = (after or before or {}).get("title") or (after or before or {}).get("text") or ""
        sp = w["space"]
        where = f"{label}{sp}{w['item'].format(n=index + 1)}" + (w["quote"].format(item) if item else "")
        if before is None:
            out.append(f"{w['added']}{sp}{where}")
        elif after is None:
            out.append(f"{w['removed']}{sp}{where}")
        else:
            inner = field_changes(record_type, before, after, language, path, partner_name)
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
    """List the records added, removed and changed, by type then id: a new record with every
    field in words, a changed one with each change and a text diff of its prose."""
    changes = []
    partner_name = _partner_names(base, head)
    for record_type in (t.name for t in RECORD_TYPES):
        prose = TYPES_BY_NAME[record_type].prose
        old = {s.id: s.data for s in base.sources.get(record_type, [])}
        new = {s.id: s.data for s in head.sources.get(record_type, [])}
        head_ids = head.ids.get(record_type, set())
        for record_id in sorted(set(old) | set(new) | head_ids):
            before, after = old.get(record_id), new.get(record_id)
            if after is None and record_id in head_ids:  # the file is there but could not be read
                if before is None and record_id in base.ids.get(record_type, set()):
                    continue  # unreadable before and after: not this change's doing
                kind = "changed" if before is not None else "added"
                name = _record_name(record_type, before or {}, record_id)
                changes.append(
                    RecordChange(record_type, record_id, kind, name, (_words(language)["unreadable"],))
                )
                continue
            if before == after:
                continue
            name = _record_name(record_type, after or before or {}, record_id)
            if before is None and after is not None:
                lines = all_fields(record_type, after, language, partner_name, prose)
                texts = tuple(texts_of(after))
                changes.append(RecordChange(record_type, record_id, "added", name, (), tuple(lines), texts))
            elif after is None:
                changes.append(RecordChange(record_type, record_id, "removed", name))
            elif before is not None:
                events = follow_events(record_type, before, after, language)
                details = (*events, *field_changes(record_type, before, after, language, (), partner_name))
                edits, edited = _edited_texts(record_type, before, after, language)
                changes.append(
                    RecordChange(
                        record_type, record_id, "changed", name, details, tuple(edits), tuple(edited)
                    )
                )
    return changes


def _edited_texts(
    record_type: str, before: dict[str, object], after: dict[str, object], language: str
) -> tuple[list[str], list[str]]:
    """The diff of each long text a change edits, and every text it adds or edits."""
    lines: list[str] = []
    texts: list[str] = []
    for key, value in after.items():
        old = before.get(key)
        if value == old:
            continue
        texts += [t for t in texts_of(value) if t not in set(texts_of(old))]
        if isinstance(value, str) and isinstance(old, str) and (_is_long(value) or _is_long(old)):
            colon = _words(language)["colon"]
            lines += [
                f"- {escape(field_name(record_type, (key,), language))}{colon}",
                *prose_diff(old, value),
            ]
    return lines, texts


def _partner_names(base: Version, head: Version) -> PartnerName:
    """A partner's name by id, as the change leaves it (or as it was, for a partner removed)."""
    names: dict[str, str] = {}
    for version in (base, head):
        for source in version.sources.get("partner", []):
            name = source.data.get("name")
            if isinstance(name, str):
                names[source.id] = name
    return names.get


def unreadable_files(head: Version) -> list[str]:
    """The record files of ``head`` that could not be read, each with its problems, as Markdown."""
    readable = {source.display for sources in head.sources.values() for source in sources}
    by_file: dict[str, list[str]] = {}
    for problem in head.checked.problems:
        if problem.file not in readable and problem.code not in ("missing-file",):
            by_file.setdefault(problem.file, []).append(
                f"  - {problem.line}:{problem.column} {escape(problem.message(head.checked.language))} "
                f"`[{problem.code}]`"
            )
    return [line for file, problems in sorted(by_file.items()) for line in (f"- `{file}`", *problems)]


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
        name = escape(partner.name if partner else partner_id)
        rows.append(f"| {name} | {earned:+d} | {spent:+d} | {balance} | {rank} |")
    return rows


def review_summary(
    base_version: Version, head_version: Version, base_name: str, head_name: str | None
) -> str:
    """Write the Markdown review summary of going from ``base`` to ``head``."""
    base, head = base_version.checked, head_version.checked
    language = head.language
    w = _words(language)
    out = [f"## {w['heading']}", "", w["compare"].format(base=base_name, head=head_name or w["worktree"]), ""]
    unreadable = unreadable_files(head_version)
    if unreadable:
        out += [f"### {w['unreadable_head']}", "", w["unreadable_intro"], "", *unreadable, ""]
    out += [f"### {w['records']}", ""]
    changes = record_changes(base_version, head_version, language)
    if not changes:
        out += [w["no_records"], ""]
    for record_type in dict.fromkeys(c.record_type for c in changes):
        out += [f"**{_type_name(record_type, language)}**", ""]
        for change in (c for c in changes if c.record_type == record_type):
            named = w["quote"].format(escape(change.name))
            line = f"- {w[change.kind]}{w['colon']}{_type_name(record_type, language)}{named}"
            if change.details:
                line += w["colon"] + escape(w["sep"].join(change.details))
            out.append(f"{line} (`{change.record_id}`)")
            out += [f"  {inner}" for inner in change.lines]
        out.append("")
    out += [f"### {w['privacy']}", ""]
    privacy = [
        f"- {_type_name(c.record_type, language)}{w['quote'].format(escape(c.name))}{w['colon']}"
        + w["sep"].join(found)
        for c in changes
        if (found := tolerated_words(c.texts, language))
    ]
    out += [w["privacy_intro"], "", *privacy, ""] if privacy else [w["no_privacy"], ""]
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
