"""Layer 4 — site: a board and its build settings become ``{site path: bytes}``.

The :class:`~noticeboard.site.context.SiteContext` carries the board, its facts, its
provenance and the renderer; each producer (pages, filter pages, exports, feed, search,
print edition) makes some of the files. Nothing here touches the output folder.
"""
