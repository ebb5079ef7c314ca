"""What the privacy codes say, in the board's languages (merged into :mod:`messages`)."""

from __future__ import annotations

from collections.abc import Mapping

# code -> (zh-CN, en)
PRIVACY_MESSAGES: dict[str, tuple[str, str]] = {
    "private-data": (
        "{field_zh}里有{kind_zh}（{sample}）；个人联系方式和证件号码不能公开，请删除",
        "{field_en} contains {kind_en} ({sample}); personal contact data and ID numbers "
        "must not be published: remove it",
    ),
    "private-name": (
        "{field_zh}写的像是全名（{sample}）；公开的称呼不写全名，请写成「{polite}」「{relation}」"
        "或「5号楼楼长」这样的称呼",
        "{field_en} looks like a full name ({sample}); a public label never gives the full name: "
        'write "{polite}", "{relation}" or "building captain of block 5"',
    ),
    "sensitive-info": (
        "{field_zh}写了{kind_zh}「{word}」，旁边的「{label}」又能看出是谁；请写需要什么帮助而不是病情，"
        "如「行动不便，需要上门理发」；本人或家属同意公开的，请加上 consent（谁同意、哪天同意）",
        '{field_en} names {kind_en} "{word}" beside "{label}", which tells who it is: say what help is '
        'needed rather than the diagnosis, e.g. "cannot go out, needs a haircut at home"; if the person or '
        "their family agreed to publish it, add consent (who agreed, and when)",
    ),
}

# Worded by the kind of data found (their ``where`` parameter).
PRIVACY_VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("private-data", "room"): (
        "{field_zh}里有门牌号（{sample}）；门牌号会让人找到这户人家，不能公开：只写到楼或院，如「7号楼」",
        "{field_en} contains a flat or room number ({sample}); it leads anyone to the door and must not "
        'be published: name the building or courtyard only, e.g. "building 7"',
    ),
    ("private-data", "place"): (
        "{field_zh}里有门牌号（{sample}）；地点只写到院、楼或单元，如「8号院」「3号楼2单元」，不写哪一户",
        "{field_en} contains a flat or room number ({sample}); a place names a courtyard, building or unit, "
        'e.g. "8号院" or "3号楼2单元", never a flat',
    ),
    ("sensitive-info", "no-consent"): (
        "{field_zh}写了{kind_zh}「{word}」，旁边的「{label}」又能看出是谁；请写需要什么帮助而不是病情，"
        "如「行动不便，需要上门理发」",
        '{field_en} names {kind_en} "{word}" beside "{label}", which tells who it is: say what help is '
        'needed rather than the diagnosis, e.g. "cannot go out, needs a haircut at home"',
    ),
}

_KINDS = {
    "mobile": ("手机号码", "a mobile phone number"),
    "id18": ("身份证号码", "a resident ID number"),
    "id15": ("旧版身份证号码", "an old resident ID number"),
    "email": ("电子邮箱地址", "an e-mail address"),
    "landline": ("电话号码", "a phone number"),
    "room": ("门牌号", "a flat or room number"),
    "health": ("病情", "a diagnosis"),
    "disability": ("残疾情况", "a disability"),
    "religion": ("宗教信仰", "a religion"),
    "record": ("违法犯罪记录", "a criminal record"),
}


def privacy_words(params: Mapping[str, object], kind_zh: object) -> dict[str, object]:
    """The words of a privacy kind (``privacy_kind``) for the message templates."""
    kind = str(params.get("privacy_kind", ""))
    if not kind:
        return {"kind_zh": kind_zh, "kind_en": ""}
    zh, en = _KINDS.get(kind, (kind_zh, kind))
    return {"kind_zh": zh, "kind_en": en}
