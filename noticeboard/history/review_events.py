"""What a change does to the follow-through, in a reviewer's plain words: a decision's progress
(``进度 40% → 70%``), a result written, a resident's confirmation or dispute of a wish, a
co-construction agreement given or ending on a new date.

:mod:`noticeboard.history.review` puts these words first on a changed record's line, before
the field-by-field changes. They read the records as written (the raw YAML mappings of both
versions), so a record the checks refuse still gets its words.
"""

from __future__ import annotations

EVENT_WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "progress": "第 {n} 项决定进度 {before} → {after}",
        "result": "第 {n} 项决定写了落实结果",
        "confirmed": "居民已确认",
        "disputed": "居民有异议",
        "agreement": "共建协议到 {until}",
        "agreement_given": "写了共建协议",
    },
    "en": {
        "progress": "decision {n}: progress {before} → {after}",
        "result": "decision {n}: result written",
        "confirmed": "confirmed by the resident",
        "disputed": "disputed by the resident",
        "agreement": "agreement until {until}",
        "agreement_given": "agreement written",
    },
}


def _words(language: str) -> dict[str, str]:
    return EVENT_WORDS.get(language, EVENT_WORDS["zh-CN"])


def decision_progress(decision: object) -> int | None:
    """A decision's progress as written: 100 when done, else its latest update's, else none."""
    if not isinstance(decision, dict):
        return None
    if decision.get("status") == "done":
        return 100
    updates = decision.get("updates")
    for update in reversed(updates if isinstance(updates, list) else []):
        if isinstance(update, dict) and isinstance(update.get("progress"), int):
            return int(update["progress"])
    return None


def _percent(value: int | None) -> str:
    return "-" if value is None else f"{value}%"


def _decisions(data: dict[str, object]) -> list[object]:
    decisions = data.get("decisions")
    return decisions if isinstance(decisions, list) else []


def follow_events(
    record_type: str, before: dict[str, object], after: dict[str, object], language: str
) -> list[str]:
    """The follow-through events of a changed record, in plain words (none for most changes)."""
    w = _words(language)
    found: list[str] = []
    if record_type == "council":
        old, new = _decisions(before), _decisions(after)
        for index, decision in enumerate(new):
            previous = old[index] if index < len(old) else None
            was, now = decision_progress(previous), decision_progress(decision)
            if now != was and now is not None:
                found.append(w["progress"].format(n=index + 1, before=_percent(was), after=_percent(now)))
            had = isinstance(previous, dict) and previous.get("result")
            if isinstance(decision, dict) and decision.get("result") and not had:
                found.append(w["result"].format(n=index + 1))
    elif record_type == "wish":
        for key in ("confirmed", "disputed"):
            if after.get(key) and not before.get(key):
                found.append(w[key])
    elif record_type == "project":
        agreement, earlier = after.get("agreement"), before.get("agreement")
        if isinstance(agreement, dict) and agreement != earlier:
            until = agreement.get("until")
            old_until = earlier.get("until") if isinstance(earlier, dict) else None
            if until and until != old_until:
                found.append(w["agreement"].format(until=until))
            elif not isinstance(earlier, dict):
                found.append(w["agreement_given"])
    return found
