"""The points shop page (积分超市): what points buy, how many are left, who provides each item.

Made only when the board has ``points/catalogue.yaml``; the points page links to it then.
"""

from __future__ import annotations

from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles

SHOP_PAGE = "points/shop/index.html"


def produce_shop(ctx: SiteContext) -> SiteFiles:
    """The points shop's page, when the board has one."""
    board = ctx.board
    if board.catalogue_source is None:
        return {}
    items = ctx.facts.shop
    providers = {s.id: board.partner(s.item.provider) if s.item.provider else None for s in items}
    return {SHOP_PAGE: ctx.render("shop.html", SHOP_PAGE, items=items, providers=providers)}
