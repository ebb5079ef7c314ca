"""QR codes as inline SVG, made with segno, for the printed board.

The SVG is as many ``em`` wide and high as it has modules (its width and height attributes,
the quiet zone included): the print stylesheet sets its font size to the module size in
millimetres, so every module of every code prints the same size. Output is deterministic:
the same URL always gives the same bytes.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from noticeboard.site.memory import Store

# Error level M survives a scuffed or sun-bleached sheet on the notice wall. The quiet zone is
# the four modules ISO/IEC 18004 asks for, inside the SVG, so nothing printed can come closer.
ERROR_LEVEL = "m"
QUIET_ZONE = 4
# segno tries all eight masks and keeps the one with the lowest penalty score, which is most
# of its run time; any mask decodes (the reader learns it from the format bits), and a fixed
# one makes a board with a thousand items print several times faster.
MASK = 0


_RUNS = re.compile(b"(\x00*)(\x01+)")  # light modules, then a run of dark ones


def qr_svg(url: str, label: str, drawn: Store, css_class: str = "qr") -> Markup:
    """Return an inline SVG QR code that opens ``url``; ``label`` is its accessible name.

    A printed board of a busy month holds over a thousand codes, about a millisecond each:
    ``drawn`` keeps them by what they are drawn from (``url\0label\0class``).
    """
    key = f"{url}\0{label}\0{css_class}"
    svg = drawn.get(key)
    if svg is None:
        import segno  # only when a code is drawn: it imports urllib and http.client (~13 ms)

        code = segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
        svg = svg_markup(code.matrix, label, css_class)
        drawn.put(key, svg)
    return Markup(svg)


def svg_markup(matrix: tuple[bytearray, ...], label: str, css_class: str) -> str:
    """Draw a QR matrix as one SVG path of dark runs, byte for byte as segno's ``svg_inline``.

    segno's serializer walks the matrix module by module in Python (about 1 ms a code);
    finding the runs of dark modules with a regular expression does the same in C.
    """
    size = len(matrix) + 2 * QUIET_ZONE
    moves: list[str] = []
    last_x, last_y = 0, 0.0
    for row_index, row in enumerate(matrix):
        runs = _RUNS.findall(row)
        if not runs:
            continue
        y = QUIET_ZONE + 0.5 + row_index
        dy = y - last_y
        step = int(dy) if int(dy) == dy else dy  # segno writes 1, not 1.0, after the first row
        light, dark = runs[0]
        moves.append(f"{'m' if moves else 'M'}{QUIET_ZONE + len(light) - last_x} {step}h{len(dark)}")
        # Along the row each move skips the light modules before the next dark run.
        moves += [f"m{len(light)} 0h{len(dark)}" for light, dark in runs[1:]]
        last_x, last_y = QUIET_ZONE + len(row.rstrip(b"\x00")), y
    # A role of img and no focus stop, so screen readers name it by its title.
    return (
        f'<svg role="img" focusable="false" viewBox="0 0 {size} {size}" width="{size}em" height="{size}em"'
        f" class={quoteattr(css_class)}>"
        f"<title>{escape(label)}</title>"
        f'<path stroke="#000" d="{"".join(moves)}"/></svg>'
    )
