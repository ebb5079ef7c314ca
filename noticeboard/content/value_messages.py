"""What the codes of values typed on a Chinese keyboard say (merged into :mod:`messages`).

Each names the slip itself (the quotation marks, the full-width letters, the Chinese comma)
and the value to write instead, which :mod:`noticeboard.content.value_slips` works out.
"""

from __future__ import annotations

from collections.abc import Mapping

# code -> (zh-CN, en)
VALUE_MESSAGES: dict[str, tuple[str, str]] = {
    "chinese-quotes": (
        "{field_zh}的值 {value} 加了中文引号；这里不用引号，请写 {write}",
        "{field_en} has {value} in Chinese quotation marks; no quotes belong here: write {write}",
    ),
    "fullwidth-characters": (
        "{field_zh}的值 {value} 用了全角字符（中文输入法打出的字母、数字或符号）；"
        "请切换到英文输入法，写 {write}",
        "{field_en} has {value} in full-width characters (as a Chinese input method types them); "
        "switch to English input: write {write}",
    ),
    "fullwidth-comma": (
        "{field_zh}的值 {value} 用中文{separator_zh}「{separator}」把几项连在了一起；"
        "列表的各项要用英文逗号「,」分开：请写 {write}",
        "{field_en} has {value}: items joined by a Chinese {separator_en} '{separator}'; "
        "separate list items with an ASCII comma: write {write}",
    ),
}

# Worded by where the slip is (their ``where`` parameter).
VALUE_VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("unknown-key", "chinese"): (
        "字段名要用英文：「{label}」请写成 {write_key}",
        "field names are written in English: write {write_key} for '{label}'",
    ),
    ("fullwidth-space", "value"): (
        "{field_zh}的值 {value} 前后有全角空格「　」，请删掉，写 {write}",
        "{field_en} has a full-width space '　' around {value}; remove it: write {write}",
    ),
}

SEPARATORS = {"，": ("逗号", "comma"), "、": ("顿号", "enumeration comma"), "；": ("分号", "semicolon")}


def value_words(p: Mapping[str, object]) -> dict[str, str]:
    """The pieces of these messages, and of ``wrong-type``, said in each language."""
    separator = SEPARATORS.get(str(p.get("separator")), ("", ""))
    hint = _wrong_type_hint(p)
    name, write = p.get("partner_name"), p.get("write")
    return {
        "separator_zh": separator[0],
        "separator_en": separator[1],
        "hint_zh": hint[0],
        "hint_en": hint[1],
        "partner_zh": f"。「{name}」的编号是 {write}：请写 {write}" if name else "",
        "partner_en": f". The id of '{name}' is {write}: write {write}" if name else "",
    }


def _wrong_type_hint(p: Mapping[str, object]) -> tuple[str, str]:
    """What a ``wrong-type`` message adds: how to write text or a list where YAML read the other."""
    expected, actual, write = p.get("expected"), p.get("actual"), p.get("write")
    if expected == "string" and actual in ("integer", "number", "boolean"):
        value = p.get("value")
        return f'；如果这是文字，请加引号："{value}"', f'; if it is text, quote it: "{value}"'
    if actual == "string" and write and expected == "integer":
        return f"；只写阿拉伯数字，不带单位：请写 {write}", f"; write the number alone, in digits: {write}"
    if actual == "string" and write and expected == "boolean":
        return f"；“是”写 true，“否”写 false：请写 {write}", f"; yes is written true, no false: write {write}"
    if expected != "array" or actual != "string":
        return "", ""
    if write:
        return (
            f"；列表要写在英文方括号「[ ]」里，各项用英文逗号分开：请写 {write}",
            f"; a list goes in square brackets, its items separated by commas: write {write}",
        )
    if p.get("items") == "object":
        return (
            "；这里的每一项是一组字段：每项另起一行，以「- 」开头，它的字段在下面对齐",
            "; each item here is a set of fields: start each item on a new line with '- ', "
            "its fields lined up beneath",
        )
    return (
        "；列表要写在英文方括号「[ ]」里，各项用英文逗号分开，如 [第一项, 第二项]；"
        "也可以每项另起一行，以「- 」开头",
        "; a list goes in square brackets, its items separated by commas, e.g. [first, second], "
        "or one item per line, each starting with '- '",
    )
