"""What the follow-through codes say (places, decision updates, confirmations, the points shop),
in the board's languages (merged into :mod:`noticeboard.content.messages`)."""

from __future__ import annotations

# code -> (zh-CN, en)
FOLLOWUP_MESSAGES: dict[str, tuple[str, str]] = {
    "unknown-place": (
        "{field_zh}写的「{value}」不在 site.yaml 列出的地点（places）里，新的地点要先加到 places{suggest_zh}",
        "{field_en} names '{value}', which is not one of the places listed in site.yaml (a new place goes "
        "into places first){suggest_en}",
    ),
    "update-after-done": (
        "{field_zh}是 {value}，晚于这条决定的完成日期 {done}；完成以后的情况请写在 result（落实结果）里",
        "{field_en} ({value}) is after the decision was done ({done}); say what came of it in result",
    ),
    "conflicting-fields": (
        "{field_zh}和{other_zh}只能写一个：{why_zh}",
        "{field_en} and {other_en} cannot both be given: {why_en}",
    ),
    "unknown-catalogue-item": (
        "积分超市（points/catalogue.yaml）里没有编号为「{id}」的商品{suggest_zh}",
        "the points shop (points/catalogue.yaml) has no item '{id}'{suggest_en}",
    ),
    "catalogue-not-available": (
        "「{title}」{window_zh}可以兑换，{value} 不在这段时间里",
        "'{title}' can be redeemed {window_en}, and {value} is not within that",
    ),
    "out-of-stock": (
        "「{title}」一共 {stock} 件，按日期先后这是第 {count} 次兑换，已经没有了；"
        "请核对数量（stock）或兑换记录",
        "'{title}' has {stock} in stock and this is redemption number {count} by date: none was left; "
        "check the stock or the redemptions",
    ),
    "catalogue-points": (
        "积分超市里「{title}」是 {expected} 分，这里写了 {value} 分；不写 points 就按商品的积分",
        "'{title}' costs {expected} points in the points shop, not {value}; "
        "leave points out to use the item's",
    ),
    "provider-withdrawn": (
        "提供「{title}」的合伙人「{id}」已于 {withdrawn} 退出，{value} 不能再兑换它",
        "'{title}' is provided by partner '{id}', who withdrew on {withdrawn}: "
        "it cannot be redeemed on {value}",
    ),
}

# Worded by where the problem is (their ``where`` parameter).
FOLLOWUP_VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("out-of-range", "maximum"): (
        "{field_zh}应不大于 {maximum}（现在是 {value}）",
        "{field_en} must be at most {maximum} (it is {value})",
    ),
    ("unknown-catalogue-item", "no-catalogue"): (
        "还没有积分超市（points/catalogue.yaml），找不到编号为「{id}」的商品；"
        "请先写好积分超市，或改用 item 和 points",
        "there is no points shop (points/catalogue.yaml) with an item '{id}': write the points shop first, "
        "or give item and points instead",
    ),
}

# Why two fields cannot both be given (the ``why`` of conflicting-fields), by the later field.
CHOICES: dict[str, tuple[str, str]] = {
    "disputed": (
        "居民确认已经办好写 confirmed（日期），还有没办好的地方写 disputed（还差什么）",
        "write confirmed (the date) when the resident confirmed it was done, "
        "disputed (what is missing) when not",
    ),
    "partners": (
        "一位合伙人写 partner，几位一起获奖写 partners（每位都得到全部积分）",
        "one partner goes in partner, several awarded together in partners (each earns the full points)",
    ),
    "catalogue_item": (
        "兑换积分超市的商品写 catalogue_item（商品编号），其他物品写 item 和 points",
        "an item of the points shop goes in catalogue_item (its id), anything else in item with points",
    ),
}


def window_words(start: str, end: str) -> dict[str, str]:
    """When an item of the points shop can be redeemed, in words (either end may be open)."""
    if start and end:
        return {"window_zh": f"在 {start} 到 {end} 之间", "window_en": f"from {start} to {end}"}
    if start:
        return {"window_zh": f"从 {start} 起", "window_en": f"from {start} on"}
    return {"window_zh": f"到 {end} 为止", "window_en": f"until {end}"}
