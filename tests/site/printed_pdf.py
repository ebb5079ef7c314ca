"""Measure a printed board's PDF as a ruler would: text sizes, QR codes, fill of each sheet.

pdfplumber reads what Chromium drew: every glyph with its size in points, the dark runs of
each QR code (stroked lines one module thick, as ``noticeboard/site/qr.py`` draws them), and
the borders and rules. A QR code is found where zbar read it in a 75 dpi render of the page;
its modules are measured on the vector lines, which are exact.

Usage::

    sheets = read_sheets(pdf)                 # one Sheet per page
    code = measure_code(sheets[0], symbol)    # symbol: a pyzbar result on page 1 at 75 dpi
    assert code.module_mm >= 0.8 and code.quiet_zone_ink(sheets[0]) == []
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PT_TO_MM = 25.4 / 72
RENDER_DPI = 75  # the resolution the QR codes must decode from
QUIET_MODULES = 4


@dataclass
class Sheet:
    """One page: its size in points and what is drawn on it (pdfplumber's dicts, trimmed)."""

    width: float
    height: float
    chars: list[dict] = field(default_factory=list)  # text, size, x0, x1, top, bottom
    lines: list[dict] = field(default_factory=list)  # x0, x1, top, bottom (QR runs, rules)
    boxes: list[dict] = field(default_factory=list)  # x0, x1, top, bottom, filled, stroked

    def text(self) -> str:
        """The page's text in drawing order, without spaces."""
        return "".join(c["text"] for c in self.chars if not c["text"].isspace())


def _unradical(text: str) -> str:
    """The ideograph a Kangxi radical stands for: the fonts' maps give some glyphs as radicals
    (⽰ for 示); NFKC knows these, but not the CJK Radicals Supplement (⻚ for 页), see find()."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch for ch in text)


def find(text: str, wanted: str) -> list[re.Match[str]]:
    """Where ``wanted`` (written without spaces) occurs in a sheet's text, a character of the
    CJK Radicals Supplement standing for whichever ideograph it was drawn for."""
    pattern = "".join(f"[{re.escape(ch)}\u2e80-\u2eff]" if ch > "\u2e80" else re.escape(ch) for ch in wanted)
    return list(re.finditer(pattern, text))


def _dark(colour: object) -> bool:
    """Whether a pdfplumber colour prints: anything but white (or no colour at all)."""
    if colour is None:
        return False
    values = colour if isinstance(colour, (tuple, list)) else (colour,)
    numbers = [v for v in values if isinstance(v, (int, float))]
    return bool(numbers) and not all(v >= 0.99 for v in numbers)


def read_sheets(pdf: Path) -> list[Sheet]:
    """Read every page of a PDF into plain data."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's Type 3 fonts have no FontBBox
    sheets = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            sheet = Sheet(float(page.width), float(page.height))
            keep = ("size", "x0", "x1", "top", "bottom")
            sheet.chars = [{"text": _unradical(c["text"]), **{k: c[k] for k in keep}} for c in page.chars]
            sheet.lines = [{k: line[k] for k in ("x0", "x1", "top", "bottom")} for line in page.lines]
            for shape in [*page.rects, *page.curves]:
                filled = bool(shape.get("fill")) and _dark(shape.get("non_stroking_color"))
                stroked = bool(shape.get("stroke")) and _dark(shape.get("stroking_color"))
                if filled or stroked:
                    box = {k: shape[k] for k in ("x0", "x1", "top", "bottom")}
                    sheet.boxes.append({**box, "filled": filled, "stroked": stroked})
            sheets.append(sheet)
    return sheets


def _overlaps(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@dataclass(frozen=True)
class Code:
    """A QR code as printed: its dark modules' box (points) and module size."""

    x0: float
    x1: float
    top: float
    bottom: float
    module: float  # points
    runs: tuple[int, ...]  # indexes into the sheet's lines that draw it

    @property
    def modules(self) -> int:
        """Modules across the symbol, without the quiet zone (21, 25, 29, …)."""
        return round((self.x1 - self.x0) / self.module)

    @property
    def module_mm(self) -> float:
        return self.module * PT_TO_MM

    @property
    def printed_mm(self) -> float:
        """The code's printed size with its quiet zone of four modules each side."""
        return (self.modules + 2 * QUIET_MODULES) * self.module_mm

    def quiet_zone_ink(self, sheet: Sheet) -> list[str]:
        """Everything drawn within four modules of the symbol that is not the symbol."""
        margin = QUIET_MODULES * self.module - 0.3  # a third of a point for rounding
        zone = {
            "x0": self.x0 - margin,
            "x1": self.x1 + margin,
            "top": self.top - margin,
            "bottom": self.bottom + margin,
        }
        ink = [f"text {c['text']!r}" for c in sheet.chars if not c["text"].isspace() and _overlaps(c, zone)]
        mine = set(self.runs)
        ink += [
            f"line at {line['x0']:.1f},{line['top']:.1f}"
            for n, line in enumerate(sheet.lines)
            if n not in mine and _overlaps({**line, "bottom": line["bottom"] + 0.01}, zone)
        ]
        for box in sheet.boxes:
            if box["filled"] and _overlaps(box, zone):
                ink.append(f"filled box at {box['x0']:.1f},{box['top']:.1f}")
            elif box["stroked"]:
                edges = (
                    {**box, "x1": box["x0"] + 0.01},
                    {**box, "x0": box["x1"] - 0.01},
                    {**box, "bottom": box["top"] + 0.01},
                    {**box, "top": box["bottom"] - 0.01},
                )
                if any(_overlaps(edge, zone) for edge in edges):
                    ink.append(f"border at {box['x0']:.1f},{box['top']:.1f}")
        return ink


def measure_code(sheet: Sheet, rect_px: tuple[int, int, int, int], dpi: int = RENDER_DPI) -> Code:
    """Measure the QR code zbar found at ``rect_px`` (left, top, width, height at ``dpi``)."""
    scale = 72 / dpi
    left, top, width, height = (value * scale for value in rect_px)
    slack = 3 * scale + 1.5  # zbar's box is good to a pixel or so; modules are over 2 points
    runs = [
        n
        for n, line in enumerate(sheet.lines)
        if line["top"] == line["bottom"]
        and left - slack <= line["x0"]
        and line["x1"] <= left + width + slack
        and top - slack <= line["top"] <= top + height + slack
    ]
    assert runs, f"no dark runs where zbar found a code at {rect_px}"
    rows = sorted({round(sheet.lines[n]["top"], 2) for n in runs})
    module = min(b - a for a, b in itertools.pairwise(rows))
    x0 = min(sheet.lines[n]["x0"] for n in runs)
    x1 = max(sheet.lines[n]["x1"] for n in runs)
    return Code(x0, x1, rows[0] - module / 2, rows[-1] + module / 2, module, tuple(runs))


def wrapped(sheet: Sheet, words: list[str]) -> list[str]:
    """The occurrences of ``words`` (written without spaces) that are not on one line."""
    chars = [c for c in sheet.chars if not c["text"].isspace()]
    text = "".join(c["text"] for c in chars)
    broken = []
    for word in words:
        for found in find(text, word):
            glyphs = chars[found.start() : found.end()]
            middles = [(c["top"] + c["bottom"]) / 2 for c in glyphs]
            if max(middles) - min(middles) > 0.5 * max(c["size"] for c in glyphs):
                broken.append(f"{word} at {glyphs[0]['x0']:.0f},{glyphs[0]['top']:.0f}")
    return broken


def filled_to(sheet: Sheet, top_margin_mm: float, bottom_margin_mm: float) -> float:
    """How far down the page's content box the lowest ink reaches (0 to 1), page numbers aside."""
    top = top_margin_mm / PT_TO_MM
    bottom = sheet.height - bottom_margin_mm / PT_TO_MM
    lowest = max(
        (
            shape["bottom"]
            for shape in [*sheet.chars, *sheet.lines, *sheet.boxes]
            if shape["bottom"] <= bottom
        ),
        default=top,
    )
    return (lowest - top) / (bottom - top)
