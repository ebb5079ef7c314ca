"""Photo files in ``content/media/``: what their bytes are, and whether they may be published.

A file's kind is decided from its bytes, never from its name: a ``.jpg`` that holds a PDF is
a PDF. JPEG, PNG and WebP are read by Pillow, a phone's HEIC by pillow-heif. A file is
refused before a single pixel is decoded when it is larger than :data:`MAX_BYTES` or its
header announces more than :data:`MAX_PIXELS` (a decompression bomb: a few kilobytes that
would unpack to gigabytes). Then it is decoded once, small (a JPEG at an eighth of its
size), so that a file cut off half way is refused here, with its place in the record, and
not later, in the middle of a build.

:func:`inspect_media` is pure: bytes in, a :class:`~noticeboard.content.model.MediaFile` or a
:class:`MediaFault` out. The incremental build keeps its answer while the file's stat stays
the same (:class:`~noticeboard.content.reading.Reading`).
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from noticeboard.content.model import MediaFile

if TYPE_CHECKING:
    from PIL import Image

MEDIA_FOLDER = "media"  # in the content folder: every photo a record shows lives below it
MAX_BYTES = 20 * 1024 * 1024  # 20 MB: a phone's photo is 2-8 MB
MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone camera's photo
# Pillow's format names for the kinds the board publishes, and the kind each is called here.
KINDS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heif"}
ORIENTATION_TAG = 0x0112  # EXIF: how the camera was held; 5-8 turn the picture a quarter
# What a refused file holds, by its first bytes, for the message (kind: zh, en).
_MAGIC: tuple[tuple[bytes, int, str, str], ...] = (
    (b"%PDF", 0, "一个 PDF 文档", "a PDF document"),
    (b"GIF8", 0, "一张 GIF 动图", "a GIF image"),
    (b"BM", 0, "一张 BMP 图片", "a BMP image"),
    (b"II*\0", 0, "一张 TIFF 图片", "a TIFF image"),
    (b"MM\0*", 0, "一张 TIFF 图片", "a TIFF image"),
    (b"PK\3\4", 0, "一个压缩包或 Office 文档", "a ZIP archive or Office document"),
    (
        b"ftyp",
        4,
        "一张 HEIC 照片（这台电脑上缺少读取它的软件）",
        "a HEIC photo (this machine cannot read it)",
    ),
    (b"\xd0\xcf\x11\xe0", 0, "一个 Office 文档", "an Office document"),
    (b"<svg", 0, "一个 SVG 图形", "an SVG drawing"),
    (b"<?xml", 0, "一个 XML 文件", "an XML file"),
)


@dataclass(frozen=True)
class MediaFault:
    """Why a media file cannot be published: a problem code and its message parameters."""

    code: str  # photo-not-image | photo-damaged | photo-too-large
    params: dict[str, object] = field(default_factory=dict)


Inspected = MediaFile | MediaFault


@cache
def _heif_opener() -> bool:
    """Teach Pillow to read HEIC (once, when the first photo is opened); False without pillow-heif."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:  # pragma: no cover - pillow-heif is a dependency; a wheel may lack it
        return False
    register_heif_opener()
    return True


def open_image(data: bytes) -> Image.Image:
    """Open an image from its bytes: its header only, of an allowed kind, within the limits.

    Raises :class:`PIL.UnidentifiedImageError` for anything else, ``PIL.Image.DecompressionBombError``
    (or its warning, made an error) for a header announcing a bomb, and what a damaged header raises.
    """
    from PIL import Image

    formats = [name for name in KINDS if name != "MPO" and (name != "HEIF" or _heif_opener())]
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, at the board's limit
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data), formats=formats)


def shown_size(image: Image.Image) -> tuple[int, int]:
    """The image's width and height as it is shown: turned as its EXIF orientation says."""
    try:
        orientation = image.getexif().get(ORIENTATION_TAG, 1)
    except Exception:  # a damaged EXIF block: the picture itself is read without it
        orientation = 1
    width, height = image.size
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def has_alpha(image: Image.Image) -> bool:
    """Whether the image has transparent parts (then it is published as PNG, not JPEG)."""
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def what_it_is(data: bytes) -> tuple[str, str]:
    """Say in words (zh, en) what a file that is no photo holds, from its first bytes."""
    for magic, offset, zh, en in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return zh, en
    if data.lstrip()[:1] in (b"<", b"{", b"["):
        return "一个文本文件（网页或数据）", "a text file (a web page or data)"
    return "一个无法识别的文件", "no picture format at all"


def _size_words(size: int) -> tuple[str, str]:
    megabytes = f"{size / 1024 / 1024:.1f} MB"
    return megabytes, megabytes


def _pixel_words(width: int, height: int) -> tuple[str, str]:
    millions = width * height / 1_000_000
    return (
        f"{width} × {height} 像素（{millions:.0f} 百万像素）",
        f"{width} × {height} pixels ({millions:.0f} megapixels)",
    )


def too_large_by_bytes(size: int) -> MediaFault:
    """The fault of a file over :data:`MAX_BYTES`, told before it is read."""
    zh, en = _size_words(size)
    limit_zh, limit_en = _size_words(MAX_BYTES)
    return MediaFault(
        "photo-too-large", {"size_zh": zh, "size_en": en, "limit_zh": limit_zh, "limit_en": limit_en}
    )


def _too_many_pixels(width: int, height: int) -> MediaFault:
    zh, en = _pixel_words(width, height)
    limit = f"{MAX_PIXELS // 1_000_000}"
    return MediaFault(
        "photo-too-large",
        {"size_zh": zh, "size_en": en, "limit_zh": f"{limit} 百万像素", "limit_en": f"{limit} megapixels"},
    )


def _not_image(data: bytes) -> MediaFault:
    zh, en = what_it_is(data)
    return MediaFault("photo-not-image", {"found_zh": zh, "found_en": en})


def _damaged(error: Exception) -> MediaFault:
    detail = (str(error) or type(error).__name__)[:120]
    if "truncated" in detail.lower():
        return MediaFault(
            "photo-damaged",
            {
                "detail": detail,
                "why_zh": "文件不完整，在中途断了",
                "why_en": "the file is cut off before its end",
            },
        )
    return MediaFault(
        "photo-damaged",
        {"detail": detail, "why_zh": f"内容有错误（{detail}）", "why_en": f"it is corrupt ({detail})"},
    )


def inspect_media(data: bytes, rel: str, path: str = "") -> Inspected:
    """Judge one media file's bytes (``rel``: its path below content/media/, POSIX style;
    ``path``: where it is on disk)."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_BYTES:
        return too_large_by_bytes(len(data))
    try:
        image = open_image(data)
    except UnidentifiedImageError:
        return _not_image(data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _bomb(data)
    except Exception as error:  # a header Pillow recognised but could not read
        return _damaged(error)
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            return _too_many_pixels(width, height)
        shown = shown_size(image) if image.format != "HEIF" else (width, height)  # HEIF: turned already
        try:
            if image.format in ("JPEG", "MPO"):  # decoded at an eighth of its size: every byte still read
                image.draft(image.mode, (max(width // 8, 1), max(height // 8, 1)))
            image.load()
        except Exception as error:  # cut off, or corrupt inside
            return _damaged(error)
        return MediaFile(
            rel=rel,
            path=path,
            sha256=hashlib.sha256(data).hexdigest(),
            kind=KINDS[str(image.format)],
            width=shown[0],
            height=shown[1],
            alpha=has_alpha(image),
        )


def _bomb(data: bytes) -> MediaFault:
    """The fault of a file whose header announces too many pixels (Pillow stopped at the header)."""
    from PIL import Image

    with warnings.catch_warnings():  # read the announced size with Pillow's guard off, header only
        warnings.simplefilter("ignore")
        limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            with Image.open(io.BytesIO(data)) as image:
                return _too_many_pixels(*image.size)
        except Exception:  # pragma: no cover - it opened a moment ago
            return _too_many_pixels(MAX_PIXELS + 1, 1)
        finally:
            Image.MAX_IMAGE_PIXELS = limit


def inspect_file(filename: str, rel: str) -> Inspected:
    """Judge one media file on disk; one over :data:`MAX_BYTES` is refused without being read."""
    try:
        with open(filename, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                return too_large_by_bytes(size)
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        detail = error.strerror or type(error).__name__
        return MediaFault(
            "photo-damaged",
            {
                "detail": detail,
                "why_zh": f"无法打开（{detail}）",
                "why_en": f"it cannot be opened ({detail})",
            },
        )
    return inspect_media(data, rel, filename)
