"""What the street board's own problem codes say, in Chinese and English.

STREET.yaml is checked with the content layer's machinery, so most of its problems (a missing
field, a wrong type, YAML syntax) use the content layer's codes and words
(:mod:`noticeboard.content.messages`); so do the schema findings of a community's data files.
The codes here are the ones only a street has: a community that cannot be read, a file that
is not JSON, a format version this engine does not know, a board of another street.
"""

from __future__ import annotations

from collections.abc import Mapping

from noticeboard.content.messages import render_message

# code -> (zh-CN, en)
STREET_MESSAGES: dict[str, tuple[str, str]] = {
    "duplicate-community": (
        "社区编号「{id}」重复（第一次在第 {first_line} 行）；每个社区用不同的编号",
        "the community id '{id}' is used twice (first on line {first_line}); give each community its own",
    ),
    "bad-source": (
        "{field_zh}应为文件夹或 http(s):// 网址，不能是 {value}",
        "{field_en} must be a folder or an http(s):// address, not {value}",
    ),
    "unreachable": ("无法读取 {location}：{why}", "cannot read {location}: {why}"),
    "not-a-board": (
        "{location} 不是已生成的公示栏：没有 data/index.json，也没有 data/stats.json",
        "{location} is not a built board: it has neither data/index.json nor data/stats.json",
    ),
    "not-json": (
        "不是有效的 JSON（第 {line} 行第 {column} 列：{detail}）",
        "not valid JSON (line {line}, column {column}: {detail})",
    ),
    "not-xml": (
        "不是有效的 Atom 订阅源（{detail}）",
        "not a valid Atom feed ({detail})",
    ),
    "schema-version": (
        "数据格式版本是 {found}，本程序只能读取版本 {supported}；"
        "请用相同版本的 noticeboard 重新生成这个公示栏",
        "the data format is version {found}; this engine reads version {supported} only: rebuild the board "
        "with a matching noticeboard",
    ),
    "other-street": (
        "「{field}」是 {value}：这个公示栏属于另一个街道，不是「{street}」",
        "'{field}' is {value}: this board belongs to another street, not '{street}'",
    ),
    "more-problems": (
        "还有 {count} 个问题没有列出",
        "and {count} more problem(s) not listed",
    ),
}


# Why a file could not be read (``unreachable``): reason -> (zh-CN, en).
REASONS: dict[str, tuple[str, str]] = {
    "no-folder": ("文件夹不存在", "no such folder"),
    "is-folder": ("这是文件夹，不是文件", "it is a folder, not a file"),
    "too-large": ("超过 {limit} 字节的上限", "larger than the limit of {limit} bytes"),
    "timeout": ("{seconds} 秒内没有读完", "not read within {seconds} s"),
    "redirect": ("被转到 {to}，不是 http(s) 网址", "redirected to {to}, not an http(s) address"),
    "http": ("服务器回答 HTTP {status} {text}", "the server answered HTTP {status} {text}"),
    "system": ("{detail}", "{detail}"),
}


def _pick(texts: tuple[str, str], language: str) -> str:
    return texts[0] if language == "zh-CN" else texts[1]


def say(code: str, params: Mapping[str, object], language: str) -> str:
    """The words of a problem: the street's own codes here, every other code the content layer's."""
    texts = STREET_MESSAGES.get(code)
    if texts is None:
        return render_message(code, params, language)
    values = dict(params)
    if isinstance(values.get("limit"), int):
        values["limit"] = f"{values['limit']:,}"
    if code == "unreachable":
        values["why"] = _pick(REASONS[str(values["reason"])], language).format_map(values).rstrip()
    return _pick(texts, language).format_map(values)
