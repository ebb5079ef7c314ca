"""Names, health and other sensitive details: personal data that needs the record's context.

Three questions, each answered from words alone (no dictionary of the board's residents):

- **A bare name** (:func:`bare_name`): is a whole label — a wish's ``beneficiary`` or
  ``reported_by`` — a full personal name, such as 刘德顺? A common surname followed by one
  or two characters common in given names, and nothing else: not 刘大爷 (an honorific),
  not 马女士的父亲 (a relation), not 万华社区 (too long), not 周边 (边 is no given name).
- **Sensitive details** (:func:`sensitive_terms`): a diagnosis (阿尔茨海默, 癌症, 抑郁 …),
  a disability, a religion or a criminal record, each named by a word from the lists below.
  They matter only **beside an identifying label** (:func:`identifying_labels`): a relation
  (父亲), a person by surname and honorific (金大爷), an age (81岁) or a building (5号楼).
- **What a reviewer should still look at** (:func:`personal_words`): the names with
  honorifics, relations, ages and places the rules let through.

False positives are worse than useless here: a volunteer told that a harmless word is private
learns to ignore the check. So each list is short and specific, and docs/privacy.md says what
is measured and what is not caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    """The words of a space-separated list."""
    return tuple(text.split(" "))


# The most common single-character surnames, less those that mostly begin ordinary words
# (和, 全, 安, 文, 路, 时, 明, 常, 商, 党, 车, 万 …): a label starting with those is a word first.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔"
    "向汤柏喻卫华褚戚水尤施岳"
)
DOUBLE_SURNAMES = _words("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 司徒")
# Characters common in given names, less those of places (河, 江, 山, 湖 …: 黄河 is a river). A
# label's rest must be made of these alone to be a name.
GIVEN_CHARS = frozenset(
    "德顺明华国建秀兰英芳丽军伟强敏静霞玲桂珍红梅平刚勇杰涛斌波辉鹏飞娟燕萍艳玉凤琴云莲淑芬荣福贵春海林"
    "成东文志金宝树学永广庆祥瑞发生民利新财富良忠义礼智信仁和安康宁泰乐喜庆丰盛兴旺昌隆秋冬夏雪冰月星"
    "晨阳光亮辰宇浩然子涵轩博睿哲思远航鑫磊峰岩波清雨霖露彩霞虹娇婷倩妍雅琳璐瑶佳欣悦怡"
    "颖慧惠贤淑婉素琼瑛琪琦蓉芝菊兰荷莉萍茜薇蕾洁净纯真诚信佩珊珠翠凤鸾鹤鸿雁莺燕鹰龙虎彪豹骏驰腾跃振"
    "兵武卫保护守家庭宗祖孝友朋俊杰英豪雄威猛壮健康寿延长久恒常胜利凯旋达通顺畅清正直端方圆满全美善"
    "秀丽芳华章彦斐然卿伯仲叔季元亨贞吉祺祯禄禧鹏程万里锦绣彬炳焕烨炜煜熙耀昊晓晖曦旭昭晶莹璇瑾瑜璋"
    "琛瑞启迪振兴宏伟图展鸣扬帆舟楠桐松柏桦梓楷栋梁材根本深厚培植"
)
# Words that make a label a form of address, never a full name: honorifics, kinship, roles.
HONORIFICS = _words(
    "大爷 大妈 大娘 奶奶 爷爷 阿姨 叔叔 女士 先生 师傅 老师 大哥 大姐 "
    "老人 婆婆 伯伯 大伯 老太 老伯 姥姥 姥爷 外婆 外公 同学 医生 护士 "
    "主任 书记 经理 队长 楼长 院长 一家 夫妇 家 姐 哥 叔 姨 伯 婶 嫂 "
    "总 工"
)
_CJK = re.compile(r"[\u4e00-\u9fff]+\Z")

# Sensitive details, by kind. Common chronic conditions (高血压, 糖尿病) and needs (行动不便,
# 卧床, 独居) are not here: they are how a need is described, and flagging them would teach
# volunteers to ignore the check.
SENSITIVE: dict[str, tuple[str, ...]] = {
    "health": _words(
        "阿尔茨海默 老年痴呆 痴呆 失智 认知障碍 癌 肿瘤 白血病 抑郁 焦虑症 "
        "精神分裂 精神病 精神疾病 双相 自闭症 孤独症 艾滋 HIV 乙肝 结核 "
        "尿毒症 透析 帕金森 中风 脑梗 脑出血 脑溢血 偏瘫 瘫痪 癫痫"
    ),
    "disability": _words("残疾 残障 失明 盲人 失聪 聋哑 聋人 智障 智力障碍 截肢 视障 听障"),
    "religion": _words("信教 基督徒 天主教徒 穆斯林 佛教徒 信佛 信基督 信耶稣 伊斯兰教"),
    "record": _words("刑满释放 服刑 坐牢 吸毒 戒毒 前科"),
}
_NOT_SENSITIVE = ("中风险", "防癌", "抗癌", "癌症筛查", "癌症早筛")  # epidemic risk areas, screening talks
_SENSITIVE = re.compile("|".join(re.escape(w) for words in SENSITIVE.values() for w in words))
_KIND_OF = {word: kind for kind, words in SENSITIVE.items() for word in words}

_RELATIONS = _words(
    "父亲 母亲 老伴 爱人 丈夫 妻子 儿子 女儿 孙子 孙女 外孙 儿媳 女婿 公公 岳父 岳母 哥哥 姐姐 弟弟 妹妹"
)
_HONORED = re.compile(
    "(?:[" + SURNAMES + "]|" + "|".join(DOUBLE_SURNAMES) + ")(?:" + "|".join(HONORIFICS[:17]) + ")"
    "|老[" + SURNAMES + "](?![年人师家])"
)
_AGE = re.compile(
    r"(?<![0-9])[0-9]{1,3}[ \t]*(?:岁|周岁)|(?<![一二三四五六七八九十百])[一二三四五六七八九十百]{1,4}多?岁"
    r"|年过[六七八九]旬|[七八九]旬"
)
_NUMBER = "(?<![0-9一二三四五六七八九十])[0-9一二三四五六七八九十]{1,4}[ \t]*"  # 5, 12, 三
_BUILDING = re.compile(_NUMBER + "(?:号楼|栋|幢|单元)")
_PLACE = re.compile(
    _NUMBER + "(?:号楼|栋|幢|单元|号院)"
    r"|[^\W\d_的在住是到和与了]{2,5}(?:家属院|宿舍院|小区)"
)
_RELATION = re.compile("|".join(_RELATIONS))
SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@dataclass(frozen=True)
class Found:
    """A word found in a text: its kind, the word, and where it starts."""

    kind: str
    word: str
    offset: int


def bare_name(label: str) -> str | None:
    """The surname when ``label`` as a whole is a full personal name (刘德顺 → 刘), else None."""
    text = label.strip()
    if not 2 <= len(text) <= 4 or not _CJK.match(text):
        return None
    surname = next((s for s in DOUBLE_SURNAMES if text.startswith(s)), text[0] if text[0] in SURNAMES else "")
    given = text[len(surname) :]
    if not surname or not 1 <= len(given) <= 2 or any(given.endswith(word) for word in HONORIFICS):
        return None
    return surname if all(char in GIVEN_CHARS for char in given) else None


def sensitive_terms(text: str) -> Iterator[Found]:
    """Each diagnosis, disability, religion or criminal record named in ``text``."""
    for match in _SENSITIVE.finditer(text):
        around = text[max(0, match.start() - 4) : match.end() + 4]
        if any(word in around and _overlaps(text, match, word) for word in _NOT_SENSITIVE):
            continue
        yield Found(_KIND_OF[match.group()], match.group(), match.start())


def _overlaps(text: str, match: re.Match[str], word: str) -> bool:
    start = max(0, match.start() - len(word))
    at = text.find(word, start)
    return at != -1 and at <= match.start() < at + len(word)


def identifying_labels(text: str) -> Iterator[Found]:
    """Each word that tells who a sentence is about: a relation, a surname with an honorific,
    an age, a building."""
    for kind, pattern in (("relation", _RELATION), ("name", _HONORED), ("age", _AGE), ("place", _BUILDING)):
        for match in pattern.finditer(text):
            yield Found(kind, match.group(), match.start())


def sentence_of(text: str, offset: int) -> str:
    """The sentence (or line) of ``text`` that holds ``offset``."""
    starts = [m.end() for m in SENTENCE_END.finditer(text, 0, offset)]
    start = starts[-1] if starts else 0
    end = SENTENCE_END.search(text, offset)
    return text[start : end.start() if end else len(text)]


def personal_words(text: str) -> Iterator[Found]:
    """Words a reviewer should look at although no rule refused them: names with honorifics,
    relations, ages and places."""
    seen: set[str] = set()
    for kind, pattern in (("name", _HONORED), ("relation", _RELATION), ("age", _AGE), ("place", _PLACE)):
        for match in pattern.finditer(text):
            if match.group() not in seen:
                seen.add(match.group())
                yield Found(kind, match.group(), match.start())
