"""QR codes as inline SVG, made with segno, for the printed board.

The SVG has a viewBox and no size, so the print stylesheet decides how large it prints
(in millimetres). Output is deterministic: the same URL always gives the same bytes.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import Markup

# Error level M survives a scuffed or sun-bleached sheet on the notice wall; a quiet zone of
# two modules is enough for phone cameras because the table cell around it is white too.
ERROR_LEVEL = "m"
QUIET_ZONE = 2
# segno tries all eight masks and keeps the one with the lowest penalty score, which is most
# of its run time; any mask decodes (the reader learns it from the format bits), and a fixed
# one makes a board with a thousand items print several times faster.
MASK = 0


@lru_cache(maxsize=8192)  # follow-ups of one council share its page's code
def qr_svg(url: str, label: str, css_class: str = "qr") -> Markup:
    """Return an inline SVG QR code that opens ``url``; ``label`` is its accessible name."""
    code = segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
    svg = code.svg_inline(
        scale=1,
        border=QUIET_ZONE,
        omitsize=True,
        svgclass=css_class,
        lineclass=None,
        dark="#000",
        title=label,  # segno escapes the title text
    )
    # segno's SVG starts with "<svg "; give it an image role so screen readers name it.
    return Markup(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))
