"""What each problem code says, in the board's languages.

Messages are written for volunteers: they name the field, say what is expected and,
where we can guess, what was probably meant. Parameters are filled in with
``str.format``; optional hints are appended when their parameter is present.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

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
        "YAML 格式错误：{detail}。请检查缩进、冒号和引号",
        "YAML syntax error: {detail}. Check indentation, colons and quotes",
    ),
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
        "「{field}」的值 {value} 含义不明确：YAML 会把它当成{kind_zh}。是/否请写 true 或 false；"
        '如果是文字，请加引号："{value}"',
        "'{field}': {value} is ambiguous: YAML reads it as a {kind}. Write true or false for yes/no "
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
        "不认识的字段「{field}」{suggest_zh}",
        "unknown field '{field}'{suggest_en}",
    ),
    "missing-key": (
        "缺少必填字段「{field}」{when_zh}",
        "the required field '{field}' is missing{when_en}",
    ),
    "field-not-allowed": (
        "「{field}」只在 {status_key} 为 {allowed} 时填写（现在是 {current}）",
        "'{field}' belongs only where {status_key} is {allowed} (it is {current})",
    ),
    "wrong-type": (
        "「{field}」应为{expected_zh}，现在是{actual_zh} {value}{hint_zh}",
        "'{field}' must be {expected_en}, not {actual_en} {value}{hint_en}",
    ),
    "invalid-choice": (
        "「{field}」的值 {value} 无效，可选：{allowed}{suggest_zh}",
        "'{field}' cannot be {value}; choose one of: {allowed}{suggest_en}",
    ),
    "invalid-date": (
        "「{field}」的日期 {value} 无效；请写成 YYYY-MM-DD，例如 2022-05-16",
        "'{field}' has an invalid date {value}; write YYYY-MM-DD, e.g. 2022-05-16",
    ),
    "invalid-value": (
        "「{field}」的值 {value} 不符合要求：{expected_zh}",
        "'{field}' has an invalid value {value}: {expected_en}",
    ),
    "out-of-range": (
        "「{field}」应不小于 {minimum}（现在是 {value}）",
        "'{field}' must be at least {minimum} (it is {value})",
    ),
    "too-few-items": (
        "「{field}」至少要列出 {minimum} 项",
        "'{field}' must list at least {minimum} item(s)",
    ),
    "duplicate-item": (
        "「{field}」中 {value} 重复出现；每一项只写一次",
        "'{field}' lists {value} more than once; list each only once",
    ),
    "empty-value": ("「{field}」不能为空", "'{field}' must not be empty"),
    "date-order": (
        "「{field}」（{value}）不能早于「{other}」（{other_value}）",
        "'{field}' ({value}) cannot be before '{other}' ({other_value})",
    ),
    "future-date": (
        "「{field}」（{value}）晚于公示日期 {build_date}；尚未发生的事不能记录",
        "'{field}' ({value}) is after the build date {build_date}; record only what has happened",
    ),
    "dangling-ref": (
        "找不到合伙人「{id}」{suggest_zh}",
        "there is no partner '{id}'{suggest_en}",
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
    "private-data": (
        "「{field}」里有{kind_zh}（{sample}）；个人联系方式和证件号码不能公开，请删除",
        "'{field}' contains {kind_en} ({sample}); personal contact data and ID numbers "
        "must not be published: remove it",
    ),
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
    """Say a JSON type in words."""
    table = _TYPES_ZH if language == "zh-CN" else _TYPES_EN
    return table.get(json_type, json_type)


def _derived(code: str, params: Mapping[str, object]) -> dict[str, object]:
    """Compute the language-specific pieces a template refers to."""
    p = dict(params)
    suggestion = p.get("suggestion")
    p["suggest_zh"] = f"；你是不是想写「{suggestion}」？" if suggestion else ""
    p["suggest_en"] = f"; did you mean '{suggestion}'?" if suggestion else ""
    when = p.get("when")
    p["when_zh"] = f"（{when} 时必须填写）" if when else ""
    p["when_en"] = f" (required when {when})" if when else ""
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
    quote_hint = p.get("expected") == "string" and p.get("actual") in ("integer", "number", "boolean")
    p["hint_zh"] = f'；如果这是文字，请加引号："{p.get("value")}"' if quote_hint else ""
    p["hint_en"] = f'; if it is text, quote it: "{p.get("value")}"' if quote_hint else ""
    action = str(p.get("action", ""))
    p["action_zh"] = _ACTIONS.get(action, ("", ""))[0]
    p["action_en"] = _ACTIONS.get(action, ("", action))[1]
    kind = str(p.get("privacy_kind", ""))
    p["kind_zh"] = _PRIVACY.get(kind, (p["kind_zh"], ""))[0] if kind else p["kind_zh"]
    p["kind_en"] = _PRIVACY.get(kind, ("", kind))[1]
    return p


_ACTIONS = {
    "claim": ("认领心愿", "claim a wish"),
    "sign": ("签约项目", "sign a project"),
    "attend": ("参加议事会", "attend a council"),
    "award": ("获得积分奖励", "be awarded points"),
    "redeem": ("兑换积分", "redeem points"),
}
_PRIVACY = {
    "mobile": ("手机号码", "a mobile phone number"),
    "id18": ("身份证号码", "a resident ID number"),
    "id15": ("旧版身份证号码", "an old resident ID number"),
    "email": ("电子邮箱地址", "an e-mail address"),
}


class _Missing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def render_message(code: str, params: Mapping[str, object], language: str) -> str:
    """Render the message of ``code`` in ``language`` (zh-CN or en)."""
    templates = MESSAGES.get(code)
    if templates is None:
        return code
    template = templates[0] if language == "zh-CN" else templates[1]
    try:
        text = template.format_map(_Missing(_derived(code, params)))
        return re.sub(r"(?<=\S)  (?=\S)", " ", text).rstrip()  # an empty {value} leaves a gap
    except (ValueError, IndexError):  # pragma: no cover - a template bug, not content
        return template
