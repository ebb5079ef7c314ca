"""QR codes as inline SVG, encoded with zxing-cpp, for the printed board.

The SVG is as many ``em`` wide and high as it has modules (its width and height attributes,
the quiet zone included): the print stylesheet sets its font size to the module size in
millimetres, so every module of every code prints the same size. Output is deterministic:
the same URL always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from noticeboard.site.memory import Store

# Error level M survives a scuffed or sun-bleached sheet on the notice wall. The quiet zone is
# the four modules ISO/IEC 18004 asks for, inside the SVG, so nothing printed can come closer.
ERROR_LEVEL = "m"
QUIET_ZONE = 4
# zxing-cpp (ZXing's encoder in C++) chooses the version and the mask with the lowest penalty
# as ISO/IEC 18004 says, about 0.3 ms a code; segno, in pure Python, took 1.5 ms with the mask
# fixed, and a 10,000-record board prints some 3,000 codes (bench/RESULTS.md).
_DARK = bytes.maketrans(b"\x00\xff", b"\x01\x00")  # its image: 0 dark, 255 light -> 1 dark


_RUNS = re.compile(b"(\x00*)(\x01+)")  # light modules, then a run of dark ones


def qr_svg(url: str, label: str, drawn: Store, css_class: str = "qr") -> Markup:
    """Return an inline SVG QR code that opens ``url``; ``label`` is its accessible name.

    A printed board of a busy month holds over a thousand codes, about a millisecond each:
    ``drawn`` keeps them by what they are drawn from (``url\0label\0class``).
    """
    key = f"{url}\0{label}\0{css_class}"
    svg = drawn.get(key)
    if svg is None:
        svg = svg_markup(qr_matrix(url), label, css_class)
        drawn.put(key, svg)
    return Markup(svg)


def qr_matrix(text: str) -> tuple[bytes, ...]:
    """The modules of the QR code of ``text`` (error level M), a row of bytes each: 1 dark, 0 light."""
    import zxingcpp  # only when a code is drawn

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_LEVEL.upper())
    image = code.to_image(scale=1, add_quiet_zones=False)
    size = image.shape[0]
    # The image has the buffer protocol, which its type stubs do not declare.
    modules = memoryview(image).tobytes().translate(_DARK)  # type: ignore[arg-type]
    return tuple(modules[row * size : (row + 1) * size] for row in range(size))


def svg_markup(matrix: Sequence[bytes | bytearray], label: str, css_class: str) -> str:
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
