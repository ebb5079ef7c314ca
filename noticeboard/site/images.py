"""Published photos, made from the pixels alone: turned upright, in sRGB, in a few widths.

Nothing of an original file reaches the site but what its pixels look like. Each photo is
decoded, turned as its EXIF orientation says, converted to sRGB (through its ICC profile
when it has one: a CMYK scan, a wide-gamut phone photo), copied into a fresh image that
holds nothing but pixels, resized (never up) and encoded anew, as WebP and as a fallback
for browsers without WebP: JPEG, or PNG when it has transparent parts. So no EXIF, XMP,
IPTC, GPS position, maker note, embedded thumbnail, ICC profile or text chunk survives.

The same bytes in give the same bytes out: Pillow's encoders are deterministic, one thread.
:func:`recipe` names everything else the output depends on (this module and the versions of
Pillow and its codecs), so a cache keyed by it and the photo's sha256 is never stale.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from noticeboard.content.media import open_image

if TYPE_CHECKING:
    from PIL import Image

TARGET_WIDTHS = (480, 960, 1600)  # CSS pixels of a phone, a tablet or laptop, a wide screen at 2x
TALLEST = 2  # a variant is at most this many times as tall as its target width (a 1 x 60,000 strip)
WEBP_QUALITY = 80
JPEG_QUALITY = 82
WEBP_LIMIT = 16383  # pixels on a side: the most WebP can hold


def variant_sizes(width: int, height: int) -> tuple[tuple[int, int], ...]:
    """The widths and heights a photo of this (upright) size is published in, smallest first.

    Each fits a box as wide as a target width and twice as tall, and is never larger than
    the photo; two boxes giving the same width give one variant.
    """
    sizes: list[tuple[int, int]] = []
    for target in TARGET_WIDTHS:
        scale = min(target / width, TALLEST * target / height, 1.0)
        size = (max(1, round(width * scale)), max(1, min(round(height * scale), WEBP_LIMIT)))
        if not sizes or size[0] > sizes[-1][0]:
            sizes.append(size)
    return tuple(sizes)


def fallback_kind(alpha: bool) -> str:
    """The file kind for browsers without WebP: PNG keeps transparency, JPEG is smaller."""
    return "png" if alpha else "jpg"


@cache
def recipe() -> str:
    """A digest of what the published bytes depend on besides the photo: this code, Pillow, codecs."""
    from PIL import __version__, features

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in (
        __version__,
        features.version("jpg"),
        features.version("webp"),
        features.version("littlecms2"),
    ):
        digest.update(f"{part}\n".encode())
    return digest.hexdigest()[:16]


def _upright(image: Image.Image, largest: tuple[int, int]) -> Image.Image:
    """Decode the image, no larger than needed for ``largest`` (upright), and turn it upright."""
    from PIL import ImageOps

    orientation = image.getexif().get(0x0112, 1) if image.format in ("JPEG", "MPO") else 1
    if image.format in ("JPEG", "MPO"):  # decode at 1/2, 1/4 or 1/8 when that is still big enough
        stored = largest[::-1] if orientation in (5, 6, 7, 8) else largest
        image.draft(image.mode, stored)
    image.load()
    try:
        turned = ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block: the pixels as stored
        turned = image
    return turned if turned is not None else image


def _srgb(image: Image.Image) -> Image.Image:
    """The image in sRGB, as RGB or RGBA: through its ICC profile when it has a usable one."""
    from PIL import ImageCms

    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            out = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=out
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: read the numbers as sRGB
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):  # 16-bit or float grey: to 8 bits
        image = image.point(lambda value: value / 256).convert("L")
    return image.convert(mode)


def pixels_only(image: Image.Image) -> Image.Image:
    """A fresh image holding the pixels and nothing else: no info, no metadata, no profile."""
    from PIL import Image

    return Image.frombytes(image.mode, image.size, image.tobytes())


def encode(data: bytes, width: int, height: int, alpha: bool) -> dict[str, bytes]:
    """Every published file of one photo (its bytes; ``width`` x ``height`` upright), by name:
    ``480.webp``, ``480.jpg`` (or ``.png``), ... one pair per :func:`variant_sizes`."""
    from PIL import Image

    sizes = variant_sizes(width, height)
    with open_image(data) as opened:
        clean = pixels_only(_srgb(_upright(opened, sizes[-1])))
    fallback = fallback_kind(alpha)
    if not alpha and clean.mode != "RGB":
        clean = clean.convert("RGB")
    files: dict[str, bytes] = {}
    for size in sizes:
        resized = (
            clean if clean.size == size else clean.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        )
        webp = io.BytesIO()
        resized.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
        files[f"{size[0]}.webp"] = webp.getvalue()
        other = io.BytesIO()
        if fallback == "png":
            resized.save(other, "PNG", optimize=True)
        else:
            resized.save(other, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        files[f"{size[0]}.{fallback}"] = other.getvalue()
    return files
