"""What the codes of typing slips in a file's structure say (merged into :mod:`messages`).

A Chinese keyboard's colon, semicolon, dash and space, a Tab, an extra space, an unclosed
quote: :mod:`noticeboard.content.slips` finds each where it was typed, and these messages name
the line and the character to type instead.
"""

from __future__ import annotations

# code -> (zh-CN, en)
SLIP_MESSAGES: dict[str, tuple[str, str]] = {
    "fullwidth-colon": (
        "第 {line} 行用了中文冒号「：」，请改成英文冒号「:」加一个空格",
        'line {line} uses a full-width colon "："; write an ASCII colon ":" followed by a space',
    ),
    "fullwidth-space": (
        "第 {line} 行的缩进用了全角空格「　」；缩进请用英文（半角）空格",
        "line {line} is indented with a full-width space '　'; indent with ASCII spaces",
    ),
    "missing-space": (
        "第 {line} 行的冒号「:」后面少了一个空格，请写成「{fixed}」",
        'line {line} needs a space after the colon ":": write "{fixed}"',
    ),
    "tab": (
        "第 {line} 行的缩进用了 Tab 键；YAML 只认空格，请把 Tab 换成空格",
        "line {line} is indented with a Tab; YAML takes spaces only: replace the Tab with spaces",
    ),
    "fullwidth-dash": (
        "第 {line} 行的列表项用了中文的「{dash}」，请改成英文减号「-」加一个空格",
        'line {line} starts a list item with "{dash}"; write an ASCII hyphen "-" followed by a space',
    ),
    "extra-indent": (
        "第 {line} 行开头多了 {count} 个空格，和上面的字段没有对齐，请删掉{hash_zh}",
        "line {line} starts with {count} space(s) too many and is out of line with the fields "
        "above: remove them{hash_en}",
    ),
    "unclosed-quote": (
        "第 {line} 行的引号「{quote}」没有配对；请在这个值的末尾也写上「{quote}」",
        "the quote {quote} on line {line} is never closed; end the value with {quote} too",
    ),
}

# Worded by where the slip is (their ``where`` parameter).
SLIP_VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("fullwidth-space", "after-colon"): (
        "第 {line} 行冒号后面是全角空格「　」，请改成英文（半角）空格",
        "line {line} has a full-width space '　' after the colon; write an ASCII space",
    ),
    ("fullwidth-dash", "fence"): (
        "第 {line} 行的「{typed}」是中文输入法打出的横线；字段部分的开头和结尾要写成三个英文减号 ---",
        'line {line} is "{typed}", dashes of a Chinese input method; the fields open and close with three '
        "ASCII hyphens: ---",
    ),
    ("fullwidth-colon", "semicolon"): (
        "第 {line} 行字段名后面用了中文分号「；」，请改成英文冒号「:」加一个空格",
        'line {line} has a full-width semicolon "；" after the field name; write an ASCII colon ":" '
        "followed by a space",
    ),
    ("unclosed-quote", "mixed"): (
        "第 {line} 行的值以英文引号「{quote}」开头，却以中文引号「{close}」结尾；请把结尾也改成「{quote}」",
        "line {line} opens a value with {quote} but closes it with {close}; close it with {quote} too",
    ),
}
