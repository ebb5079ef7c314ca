"""What each problem code says, in the board's languages.

Messages are written for volunteers: they name the field, say what is expected and,
where we can guess, what was probably meant. Parameters are filled in with
``str.format``; optional hints are appended when their parameter is present.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from noticeboard.content.followup_messages import FOLLOWUP_MESSAGES, FOLLOWUP_VARIANTS
from noticeboard.content.photo_messages import PHOTO_MESSAGES, PHOTO_VARIANTS
from noticeboard.content.privacy_messages import PRIVACY_MESSAGES, PRIVACY_VARIANTS, privacy_words
from noticeboard.content.slip_messages import SLIP_MESSAGES, SLIP_VARIANTS
from noticeboard.content.value_messages import VALUE_MESSAGES, VALUE_VARIANTS, value_words

LANGUAGES = ("zh-CN", "en")

# code -> (zh-CN, en)
MESSAGES: dict[str, tuple[str, str]] = {
    "missing-file": ("缺少必需的文件 {file}", "the required file {file} is missing"),
    "unreadable-file": ("无法读取文件：{detail}", "cannot read the file: {detail}"),
    "unexpected-file": (
        "这里只能放 {allowed} 文件；请改扩展名或移走它",
        "only {allowed} files belong here; rename or move this file",
    ),
    "misplaced-file": (
        "这个文件不在公示栏读取的文件夹里，不会被发布；记录应放在 {folders_zh} 文件夹里",
        "this file is outside the folders the board reads and would not be published; records belong "
        "in {folders_en}",
    ),
    "symlink-escape": (
        "这个链接指向内容文件夹以外的地方，已拒绝读取",
        "this link points outside the content folder and was not read",
    ),
    "file-too-large": (
        "文件太大（{size} 字节，上限 {limit} 字节）",
        "the file is too large ({size} bytes, limit {limit})",
    ),
    "encoding": (
        "这一行不是 UTF-8 编码的文字；请用 UTF-8 保存文件",
        "this line is not UTF-8 text; save the file as UTF-8",
    ),
    "yaml-syntax": (
        "第 {line} 行的 YAML 格式不对：{reason_zh}",
        "line {line} is not valid YAML: {reason_en}",
    ),
    **SLIP_MESSAGES,
    "yaml-alias": (
        "不支持 YAML 锚点和别名（& 和 *），请把内容直接写出来",
        "YAML anchors and aliases (& and *) are not supported; write the value out",
    ),
    "yaml-tag": (
        "不支持 YAML 标签 {tag}；记录只能包含普通的文字、数字、日期和列表",
        "the YAML tag {tag} is not allowed; records hold plain text, numbers, dates and lists",
    ),
    "yaml-too-deep": (
        "嵌套层次太深（超过 {limit} 层）；记录的字段只有几层",
        "the fields are nested too deeply (more than {limit} levels); records are only a few levels deep",
    ),
    "number-too-large": (
        "数字 {value} 太大；如果这是文字，请加引号",
        "the number {value} is too large; if it is text, quote it",
    ),
    "yaml-complex-key": ("字段名必须是简单的文字", "a key must be plain text"),
    "duplicate-key": (
        "字段「{key}」重复出现（第一次在第 {first_line} 行）；请只保留一个",
        "the key '{key}' appears twice (first on line {first_line}); keep only one",
    ),
    "ambiguous-value": (
        "{field_zh}的值 {value} 含义不明确：YAML 会把它当成{kind_zh}。是/否请写 true 或 false；"
        '如果是文字，请加引号："{value}"',
        "{field_en}: {value} is ambiguous: YAML reads it as a {kind}. Write true or false for yes/no "
        'fields; if you mean text, quote it: "{value}"',
    ),
    "front-matter": (
        "Markdown 记录必须以单独一行 --- 开头，并用另一行 --- 结束字段部分",
        "a Markdown record must start with a line --- and close its fields with another ---",
    ),
    "duplicate-prose": (
        "「{field}」既写在字段里，又写在正文（第 {body_line} 行）；请只保留一处",
        "'{field}' is given both as a field and as the body (line {body_line}); keep one",
    ),
    "not-a-mapping": (
        "文件内容必须是“字段: 值”的形式（现在是{holds_zh}）",
        "the file must hold 'key: value' fields (it holds {holds_en})",
    ),
    "invalid-id": (
        "文件名「{id}」不能作为编号：只能用小写字母 a-z、数字和连字符 -，最长 64 个字符",
        "the file name '{id}' is not a valid id: use a-z, 0-9 and -, at most 64 characters",
    ),
    "duplicate-id": (
        "编号「{id}」重复：{other} 已经使用了这个文件名",
        "the id '{id}' is used twice: {other} has the same file name",
    ),
    "unknown-key": (
        "不认识的字段：{field_zh}{suggest_zh}",
        "unknown field {field_en}{suggest_en}",
    ),
    "missing-key": (
        "没有写{field_zh}，这一项必须填写{when_zh}",
        "{field_en} is required and missing{when_en}",
    ),
    "field-not-allowed": (
        "{field_zh}只在 {status_key} 是 {allowed} 时填写（现在 {status_key} 是 {current}）；"
        "请删掉这一行，或改 {status_key}",
        "{field_en} belongs only where {status_key} is {allowed} (it is {current}); "
        "remove the line or change {status_key}",
    ),
    "wrong-type": (
        "{field_zh}应为{expected_zh}，现在是{actual_zh} {value}{hint_zh}",
        "{field_en} must be {expected_en}, not {actual_en} {value}{hint_en}",
    ),
    "invalid-choice": (
        "{field_zh}{which_zh}{choice_zh}",
        "{field_en} {which_en}{choice_en}",
    ),
    "invalid-date": (
        "{field_zh}{date_zh}",
        "{field_en} has an invalid date {value}{date_en}",
    ),
    "invalid-value": (
        "{field_zh}的值 {value} 不符合要求：{expected_zh}{partner_zh}",
        "{field_en} has an invalid value {value}: {expected_en}{partner_en}",
    ),
    "out-of-range": (
        "{field_zh}应不小于 {minimum}（现在是 {value}）",
        "{field_en} must be at least {minimum} (it is {value})",
    ),
    "too-few-items": (
        "{field_zh}至少要列出 {minimum} 项",
        "{field_en} must list at least {minimum} item(s)",
    ),
    "duplicate-item": (
        "{field_zh}中 {value} 重复出现；每一项只写一次",
        "{field_en} lists {value} more than once; list each only once",
    ),
    "empty-value": ("{field_zh}不能为空", "{field_en} must not be empty"),
    "date-order": (
        "{field_zh}是 {value}，不能早于{other_zh}的 {other_value}",
        "{field_en} ({value}) cannot be before {other_en} ({other_value})",
    ),
    "future-date": (
        "{field_zh}是 {value}，晚于公示日期 {build_date}；尚未发生的事不能记录",
        "{field_en} ({value}) is after the build date {build_date}; record only what has happened",
    ),
    "dangling-ref": (
        "找不到合伙人「{id}」{suggest_zh}",
        "there is no partner '{id}'{suggest_en}",
    ),
    "dangling-related": (
        "找不到相关记录「{ref}」{decisions_zh}{suggest_zh}",
        "there is no related record '{ref}'{decisions_en}{suggest_en}",
    ),
    "partner-withdrawn": (
        "合伙人「{id}」已于 {withdrawn} 退出，不能在 {value} {action_zh}",
        "partner '{id}' withdrew on {withdrawn} and cannot {action_en} on {value}",
    ),
    "partner-not-joined": (
        "合伙人「{id}」在 {joined} 才加入，不能在 {value} {action_zh}",
        "partner '{id}' joined on {joined} and cannot {action_en} on {value}",
    ),
    "votes-exceed": (
        "表决票数合计 {total} 超过了参加人数 {participants}",
        "the votes add up to {total}, more than the {participants} participants",
    ),
    "upcoming-decisions": (
        "议事会日期 {value} 晚于公示日期 {build_date}，还没有开会，不能有决定",
        "the council on {value} is after the build date {build_date}; it cannot have decisions yet",
    ),
    "negative-balance": (
        "合伙人「{id}」在 {value} 兑换 {points} 分后积分余额为 {balance}，不能小于 0",
        "after redeeming {points} points on {value}, partner '{id}' would have {balance} (below 0)",
    ),
    "double-points": (
        "这条奖励的原因像是在奖励{what_zh}「{title}」（{value} 已自动记了 {points} 分）；"
        "同一件事不要再奖励一次。确实是另外的奖励，请写 extra: true 和 extra_reason（为什么另外奖励）",
        "this award's reason reads like a reward for the {what_en} '{title}' ({points} points counted "
        "automatically on {value}); do not award the same thing twice. If it really is extra, write "
        "extra: true and extra_reason (why)",
    ),
    "template-placeholder": (
        "{field_zh}：这是模板里的示例，请改成真实内容（{hint}）",
        "{field_en} still holds the template's example: write the real content ({hint})",
    ),
}

MESSAGES.update({**VALUE_MESSAGES, **PRIVACY_MESSAGES, **FOLLOWUP_MESSAGES, **PHOTO_MESSAGES})

# Codes worded differently by where the slip is (their ``where`` parameter).
VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("unexpected-file", "txt"): (
        "文件名的最后多了 .txt（记事本保存时会自动加上）；请把文件改名为 {rename}",
        "the file name ends in an extra .txt (Notepad adds it when saving): rename the file {rename}",
    ),
    ("unexpected-file", "case"): (
        "扩展名要用小写字母；请把文件改名为 {rename}",
        "the extension is written in lowercase: rename the file {rename}",
    ),
    **SLIP_VARIANTS,
    **VALUE_VARIANTS,
    **PRIVACY_VARIANTS,
    **FOLLOWUP_VARIANTS,
    **PHOTO_VARIANTS,
}

_KIND_ZH = {"bool": "是/否", "number": "数字", "text": "文字", "date": "日期"}
_TYPES_ZH = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "一组字段",
    "null": "空值",
}
_TYPES_EN = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a set of fields",
    "null": "empty",
}


def type_name(json_type: str, language: str) -> str:
    """Say a JSON type in words ("boolean|object": either of two). In Chinese, words in Latin
    letters stand apart from the characters before them: 应为 true 或 false."""
    table = _TYPES_ZH if language == "zh-CN" else _TYPES_EN
    words = [table.get(one, one) for one in json_type.split("|")]
    said = ("，或者" if language == "zh-CN" else " or ").join(words)
    return f" {said}" if language == "zh-CN" and said[:1].isascii() else said


def _derived(code: str, params: Mapping[str, object]) -> dict[str, object]:
    """Compute the language-specific pieces a template refers to."""
    p = dict(params)
    for role in ("field", "other"):  # a field named in words, else by its key path
        if role in p:
            p.setdefault(f"{role}_zh", f"「{p[role]}」")
            p.setdefault(f"{role}_en", f"'{p[role]}'")
    suggestion = p.get("suggestion")
    p["suggest_zh"] = f"；你是不是想写「{suggestion}」？" if suggestion else ""
    p["suggest_en"] = f"; did you mean '{suggestion}'?" if suggestion else ""
    decisions = p.get("decisions")  # a council's decision number past its last one
    p["decisions_zh"] = f"：这次议事会只有 {decisions} 条决定" if decisions is not None else ""
    p["decisions_en"] = f": that council has {decisions} decision(s)" if decisions is not None else ""
    when = p.get("when")
    p["when_zh"] = f"（{when} 时必填）" if when else ""
    p["when_en"] = f" (required when {when})" if when else ""
    if code == "yaml-syntax":
        p.update(_syntax_reason(p))
    single = p.get("count") == 1
    p["hash_zh"] = "（去掉行首的「#」时，是不是留下了一个空格？）" if single else ""
    p["hash_en"] = " (was a space left behind when a '#' was removed?)" if single else ""
    write = p.get("write")
    if code == "invalid-choice":
        value = p.get("value")
        p["which_zh"] = f"的值 {value} 无效" if value else "没有填写"
        p["which_en"] = f"cannot be {value}" if value else "is empty"
        label = f"（{p['write_label']}）" if p.get("write_label") else ""
        choices = p.get("choices_zh") or p.get("allowed", "")
        p["choice_zh"] = f"，请写 {write}{label}" if write else f"；可选：{choices}{p['suggest_zh']}"
        p["choice_en"] = (
            f"; write {write}" if write else f"; choose one of: {p.get('allowed', '')}{p['suggest_en']}"
        )
    if code == "invalid-date":
        value = p.get("value")
        p["date_zh"] = (
            f"写成了 {value}：日期要写成 年-月-日，请写 {write}"
            if write
            else f"的日期 {value} 无效；请写成 YYYY-MM-DD，例如 2022-05-16"
        )
        p["date_en"] = f"; write {write}" if write else "; write YYYY-MM-DD, e.g. 2022-05-16"
    p["kind_zh"] = _KIND_ZH.get(str(p.get("kind")), p.get("kind_zh", ""))
    if "expected" in p:
        p["expected_zh"] = type_name(str(p["expected"]), "zh-CN")
        p["expected_en"] = type_name(str(p["expected"]), "en")
    if "holds" in p:
        p["holds_zh"] = type_name(str(p["holds"]), "zh-CN")
        p["holds_en"] = "nothing" if p["holds"] == "null" else type_name(str(p["holds"]), "en")
    if "actual" in p:
        p["actual_zh"] = type_name(str(p["actual"]), "zh-CN")
        p["actual_en"] = type_name(str(p["actual"]), "en")
        if p["actual"] == "boolean":  # "not true or false true" says it twice
            p["actual_zh"], p["actual_en"] = "表示是/否的", "the yes/no value"
    p.update(value_words(p))
    action = str(p.get("action", ""))
    p["action_zh"] = _ACTIONS.get(action, ("", ""))[0]
    p["action_en"] = _ACTIONS.get(action, ("", action))[1]
    p.update(privacy_words(p, p["kind_zh"]))
    what = str(p.get("what", ""))
    p["what_zh"], p["what_en"] = _WHAT.get(what, (what, what))
    return p


# Why YAML could not read a line, for the ``reason`` of a ``yaml-syntax`` problem.
_SYNTAX_REASONS: dict[str, tuple[str, str]] = {
    "no-colon": (
        "缺少冒号「:」；字段要写成「字段名: 值」",
        "there is no colon; write 'key: value'",
    ),
    "colon-in-value": (
        '值里有「: 」（冒号加空格），YAML 会把它当成新的字段；如果这是文字，请给整个值加上英文引号 "…"',
        "the value holds ': ' (a colon and a space), which YAML reads as a new field; "
        'if it is text, put the whole value in quotes "…"',
    ),
    "indent": (
        "缩进和上面的行对不齐；同一层的字段要从同一列开始",
        "its indentation does not line up with the lines above; fields of one level start in the same column",
    ),
    "second-document": (
        "文件里只能有一组字段；请删掉多出来的「---」和它后面的内容",
        "a file holds one set of fields: remove the extra '---' and what follows it",
    ),
    "bad-character": (
        '字符「{char}」不能放在值的开头；如果这是文字，请给整个值加上英文引号 "…"',
        "'{char}' cannot start a value; if it is text, put the whole value in quotes \"…\"",
    ),
    "unclosed-bracket": (
        "方括号「[ ]」或花括号「{{ }}」没有配对",
        "a bracket '[ ]' or brace '{{ }}' is not closed",
    ),
}


def _syntax_reason(p: Mapping[str, object]) -> dict[str, str]:
    """Why YAML could not read a line, in words (the parser's own words when we have none)."""
    reason = _SYNTAX_REASONS.get(str(p.get("reason")))
    if reason is not None:
        zh, en = (text.format(char=p.get("char", "")) for text in reason)
    else:
        zh = f"请检查缩进、冒号和引号（{p.get('detail', '')}）"
        en = f"{p.get('detail', '')}; check indentation, colons and quotes"
    return {"reason_zh": zh, "reason_en": en}


_WHAT = {"wish": ("心愿", "wish"), "project": ("项目", "project")}
_ACTIONS = {
    "claim": ("认领心愿", "claim a wish"),
    "sign": ("签约项目", "sign a project"),
    "attend": ("参加议事会", "attend a council"),
    "award": ("获得积分奖励", "be awarded points"),
    "redeem": ("兑换积分", "redeem points"),
}


class _Missing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def render_message(code: str, params: Mapping[str, object], language: str) -> str:
    """Render the message of ``code`` in ``language`` (zh-CN or en)."""
    templates = VARIANTS.get((code, str(params.get("where")))) or MESSAGES.get(code)
    if templates is None:
        return code
    template = templates[0] if language == "zh-CN" else templates[1]
    try:
        text = template.format_map(_Missing(_derived(code, params)))
        return re.sub(r"(?<=\S)  (?=\S)", " ", text).rstrip()  # an empty {value} leaves a gap
    except (ValueError, IndexError):  # pragma: no cover - a template bug, not content
        return template
