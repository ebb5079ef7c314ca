"""Draw the demo board's photos into ``content/media/demo/``: ``python tools/demo_photos.py``.

The demo board shows how photos look on the board, and that nothing but their pixels is
published. So these drawings carry what a phone puts into a real photo, written in on
purpose: a GPS position (Tiananmen Square, a public place), the phone's make, model and
serial number, the time it was taken, an XMP packet, and (the PNG) text chunks naming a
person. ``build`` must drop all of it: ``tests/site/test_photo_files.py`` reads the built
demo site's bytes for any of it. One photo is stored on its side with EXIF orientation 6,
as phones store a photo taken upright, so the demo shows it turned back.

Drawn from shapes only (no fonts, no randomness): the same Pillow writes the same bytes.
The files are committed; run this again only to change them.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, PngImagePlugin

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "media" / "demo"
SIZE = (1200, 900)
SKY, GROUND, WALL = (170, 200, 228), (150, 146, 138), (196, 178, 160)
# What a phone writes into a JPEG, on purpose (all of it must vanish from the site).
GPS = {1: "N", 2: (39.0, 54.0, 20.4), 3: "E", 4: (116.0, 23.0, 51.0), 5: 0, 6: 44.0}
SECRET_SERIAL = "DEMO-SERIAL-0042"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Demo Photographer"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def yard(draw: ImageDraw.ImageDraw) -> None:
    """Sky, a wall and the yard's ground."""
    draw.rectangle((0, 0, 1200, 380), fill=SKY)
    draw.rectangle((0, 200, 1200, 520), fill=WALL)
    for x in range(60, 1200, 220):
        draw.rectangle((x, 260, x + 90, 380), fill=(120, 140, 160))  # windows
    draw.rectangle((0, 520, 1200, 900), fill=GROUND)


def person(draw: ImageDraw.ImageDraw, x: int, y: int, coat: tuple[int, int, int]) -> None:
    """A standing person, feet at (x, y)."""
    draw.ellipse((x - 22, y - 250, x + 22, y - 205), fill=(236, 200, 170))
    draw.rectangle((x - 32, y - 205, x + 32, y - 90), fill=coat)
    draw.rectangle((x - 28, y - 90, x - 4, y), fill=(50, 50, 70))
    draw.rectangle((x + 4, y - 90, x + 28, y), fill=(50, 50, 70))


def bike(draw: ImageDraw.ImageDraw, x: int, y: int, colour: tuple[int, int, int]) -> None:
    """An electric bike seen from the side, wheels on y."""
    for wheel in (x, x + 130):
        draw.ellipse((wheel - 38, y - 76, wheel + 38, y), outline=(30, 30, 30), width=9)
    draw.polygon([(x, y - 38), (x + 65, y - 90), (x + 130, y - 38)], fill=colour)
    draw.rectangle((x + 40, y - 110, x + 90, y - 90), fill=(40, 40, 40))


def shed_before(draw: ImageDraw.ImageDraw) -> None:
    """The yard's corner before the shed: bikes left anywhere, a cable across the ground."""
    yard(draw)
    for index, x in enumerate((120, 420, 760)):
        bike(draw, x, 700 + index * 40, (200, 60 + index * 50, 60))
    draw.line([(980, 300), (900, 600), (600, 860)], fill=(20, 20, 20), width=6)


def shed_after(draw: ImageDraw.ImageDraw) -> None:
    """The new shed: a roof on posts, bikes in a row, chargers on the wall."""
    yard(draw)
    draw.polygon([(60, 330), (1140, 330), (1100, 400), (100, 400)], fill=(60, 110, 80))
    for x in (110, 480, 850, 1090):
        draw.rectangle((x, 400, x + 16, 820), fill=(90, 90, 90))
    for index, x in enumerate(range(150, 1000, 200)):
        bike(draw, x, 800, (60, 90 + index * 30, 200))
        draw.rectangle((x + 50, 430, x + 80, 480), fill=(240, 240, 240))


def council(draw: ImageDraw.ImageDraw) -> None:
    """Residents at a table in the yard, one standing to speak."""
    yard(draw)
    draw.rectangle((250, 600, 950, 640), fill=(140, 90, 50))
    for index, x in enumerate(range(300, 950, 130)):
        draw.ellipse((x - 20, 520, x + 20, 560), fill=(236, 200, 170))
        draw.rectangle((x - 30, 560, x + 30, 600), fill=(80 + index * 30, 60, 120))
    person(draw, 1050, 800, (180, 30, 40))


def couplets(draw: ImageDraw.ImageDraw) -> None:
    """A door with red couplets either side and a 福 square above (drawn, no font)."""
    draw.rectangle((0, 0, 1200, 900), fill=WALL)
    draw.rectangle((420, 180, 780, 900), fill=(110, 60, 40))
    for x in (300, 820):
        draw.rectangle((x, 180, x + 80, 820), fill=(200, 20, 30))
    draw.polygon([(600, 40), (680, 110), (600, 180), (520, 110)], fill=(200, 20, 30))


def zongzi(draw: ImageDraw.ImageDraw) -> None:
    """Volunteers at a long table wrapping zongzi: green triangles in rows, a basket."""
    yard(draw)
    draw.rectangle((120, 560, 1080, 620), fill=(150, 100, 60))
    for index, x in enumerate(range(260, 1000, 240)):
        person(draw, x, 560, (200, 40 + index * 20, 60))
    for x in range(160, 1060, 70):
        draw.polygon([(x, 555), (x + 50, 555), (x + 25, 510)], fill=(40, 130, 60))
    draw.ellipse((900, 640, 1100, 760), fill=(180, 140, 80))


def tai_chi(draw: ImageDraw.ImageDraw) -> None:
    """Residents practising tai chi in the yard, arms out, a teacher in front."""
    yard(draw)
    for row, y in enumerate((700, 820)):
        for x in range(200 + row * 90, 1100, 230):
            person(draw, x, y, (240, 240, 240))
            draw.line([(x - 30, y - 180), (x - 110, y - 150)], fill=(236, 200, 170), width=14)
            draw.line([(x + 30, y - 180), (x + 100, y - 215)], fill=(236, 200, 170), width=14)
    person(draw, 600, 600, (180, 30, 40))


def meals(image: Image.Image) -> None:
    """A volunteer carrying meal boxes to a door (drawn with transparency around it)."""
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((100, 80, 1100, 820), radius=60, fill=(250, 244, 230, 255))
    draw.rectangle((760, 200, 980, 820), fill=(110, 60, 40, 255))
    person(draw, 480, 800, (30, 110, 190))
    for step in range(3):
        draw.rectangle((530, 560 - step * 45, 680, 600 - step * 45), fill=(240, 170 - step * 30, 40, 255))


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: make, model, serial, time, and the GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"  # Make
    exif[0x0110] = "DemoPhone 12 Pro"  # Model
    exif[0x0112] = orientation
    exif[0x0132] = "2022:04:20 09:30:00"  # DateTime
    exif.get_ifd(0x8769).update({0xA431: SECRET_SERIAL, 0x9003: "2022:04:20 09:30:00"})  # serial, taken
    exif.get_ifd(0x8825).update(GPS)
    return exif


def jpeg(drawing: Callable[[ImageDraw.ImageDraw], None], orientation: int = 1) -> bytes:
    """A drawn photo as a phone's JPEG: stored on its side when ``orientation`` is 6."""
    image = Image.new("RGB", SIZE, (255, 255, 255))
    drawing(ImageDraw.Draw(image))
    if orientation == 6:  # the sensor's rows: the picture turned a quarter anticlockwise
        image = image.transpose(Image.Transpose.ROTATE_90)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=phone_exif(orientation).tobytes(), xmp=XMP)
    return out.getvalue()


def png() -> bytes:
    """A drawn PNG with transparent corners and text chunks naming who made it and where."""
    image = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    meals(image)
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Demo Photographer")
    info.add_text("Location", "3号院 7号楼2单元301室")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=phone_exif().tobytes())
    return out.getvalue()


def photos() -> dict[str, bytes]:
    """Every demo photo's bytes by file name."""
    return {
        "yard12-shed-before.jpg": jpeg(shed_before),
        "yard12-shed-after.jpg": jpeg(shed_after),
        "yard3-council.jpg": jpeg(council),
        "yard3-shed-after.jpg": jpeg(shed_after, orientation=6),
        "couplets.jpg": jpeg(couplets),
        "zongzi.jpg": jpeg(zongzi),
        "tai-chi.jpg": jpeg(tai_chi),
        "meal-delivery.png": png(),
    }


def main() -> int:
    """Write the photos into content/media/demo/."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in photos().items():
        (OUT / name).write_bytes(data)
        print(f"wrote content/media/demo/{name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
