"""Real photo files for the photo tests, made with Pillow (and by hand where Pillow cannot).

Each carries what must never reach the site: a GPS position, a serial number, an XMP packet,
an embedded thumbnail, PNG text chunks, an ICC profile. :func:`metadata_left` lists whatever
of that a published file still holds, read from its bytes (its JPEG segments, PNG chunks or
WebP chunks), and by exiftool when it is installed.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

from PIL import Image, ImageCms, PngImagePlugin

SERIAL = b"SERIAL-7F3A-SECRET"
CREATOR = b"Photographer Zhang Secret"
TEXT_SECRET = "住在7号楼2单元301室的王秘密"
# Byte strings no published file may contain.
SECRETS = (SERIAL, CREATOR, TEXT_SECRET.encode(), b"GPS", b"Exif\0\0", b"http://ns.adobe.com/xap")


def _ifd(entries: list[tuple[int, int, int, bytes]], start: int, next_ifd: int) -> tuple[bytes, bytes]:
    """One little-endian TIFF directory at ``start``: (directory, the values stored after it)."""
    table = struct.pack("<H", len(entries))
    extra = b""
    extra_at = start + 2 + 12 * len(entries) + 4
    for tag, kind, count, value in sorted(entries):
        if len(value) <= 4:
            table += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")
        else:
            table += struct.pack("<HHII", tag, kind, count, extra_at + len(extra))
            extra += value + b"\0" * (len(value) % 2)
    return table + struct.pack("<I", next_ifd), extra


def exif_with_gps_and_thumbnail(orientation: int = 1) -> bytes:
    """EXIF as a phone writes it, built by hand: make, orientation, serial, GPS, a thumbnail (IFD1)."""
    thumb = io.BytesIO()
    Image.new("RGB", (160, 120), (10, 200, 10)).save(thumb, "JPEG", quality=60)
    ascii_ = 2
    ifd0_at = 8
    ifd0_entries = 4
    ifd0_size = 2 + 12 * ifd0_entries + 4
    make = b"PhoneMaker\0"
    exif_at = ifd0_at + ifd0_size + len(make) + len(make) % 2
    exif_dir, exif_extra = _ifd([(0xA431, ascii_, len(SERIAL) + 1, SERIAL + b"\0")], exif_at, 0)
    gps_at = exif_at + len(exif_dir) + len(exif_extra)
    latitude = struct.pack("<6I", 39, 1, 54, 1, 2040, 100)
    longitude = struct.pack("<6I", 116, 1, 23, 1, 5100, 100)
    gps_entries = [(1, ascii_, 2, b"N\0"), (2, 5, 3, latitude), (3, ascii_, 2, b"E\0"), (4, 5, 3, longitude)]
    gps_dir, gps_extra = _ifd(gps_entries, gps_at, 0)
    ifd1_at = gps_at + len(gps_dir) + len(gps_extra)
    thumb_at = ifd1_at + 2 + 12 * 2 + 4
    ifd1_dir, _ = _ifd(
        [
            (0x0201, 4, 1, struct.pack("<I", thumb_at)),
            (0x0202, 4, 1, struct.pack("<I", len(thumb.getvalue()))),
        ],
        ifd1_at,
        0,
    )
    ifd0_dir, ifd0_extra = _ifd(
        [
            (0x010F, ascii_, len(make), make),
            (0x0112, 3, 1, struct.pack("<H", orientation)),
            (0x8769, 4, 1, struct.pack("<I", exif_at)),
            (0x8825, 4, 1, struct.pack("<I", gps_at)),
        ],
        ifd0_at,
        ifd1_at,
    )
    tiff = b"II*\0" + struct.pack("<I", ifd0_at) + ifd0_dir + ifd0_extra
    assert len(tiff) == exif_at, "the directories are laid out as computed"
    tiff += exif_dir + exif_extra + gps_dir + gps_extra + ifd1_dir + thumb.getvalue()
    return b"Exif\0\0" + tiff


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="' + CREATOR + b'"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def phone_jpeg(size: tuple[int, int] = (2000, 1500), orientation: int = 1) -> bytes:
    """A JPEG with GPS EXIF, a serial number, XMP, an embedded thumbnail and an ICC profile.

    Stored as the sensor saw it: with orientation 6 the left half (red) is the top when shown.
    """
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(
        out, "JPEG", quality=90, exif=exif_with_gps_and_thumbnail(orientation), xmp=XMP, icc_profile=profile
    )
    return out.getvalue()


def cmyk_jpeg() -> bytes:
    """A CMYK JPEG (a print shop's scan): full magenta and yellow, which is red."""
    out = io.BytesIO()
    Image.new("CMYK", (800, 600), (0, 255, 255, 0)).save(out, "JPEG", quality=90)
    return out.getvalue()


def png_with_text() -> bytes:
    """A PNG with transparent parts and tEXt, zTXt and iTXt chunks naming a person and a flat."""
    image = Image.new("RGBA", (640, 480), (0, 0, 0, 0))
    image.paste((250, 200, 40, 255), (100, 100, 540, 380))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", TEXT_SECRET)
    info.add_text("Comment", TEXT_SECRET, zip=True)
    info.add_itxt("Description", TEXT_SECRET, lang="zh", tkey="说明")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def strip(width: int = 1, height: int = 60_000) -> bytes:
    """A 1 x 60,000 pixel PNG."""
    out = io.BytesIO()
    Image.new("L", (width, height), 128).save(out, "PNG")
    return out.getvalue()


def bomb() -> bytes:
    """A real decompression bomb: 8,000 x 8,000 one-bit pixels (64 megapixels) in a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (8000, 8000), 0).save(out, "PNG", optimize=True)
    return out.getvalue()


def pdf() -> bytes:
    """A tiny PDF (to be saved as ``.jpg``)."""
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def heic() -> bytes | None:
    """An HEIC photo with GPS EXIF, as an iPhone writes it (None when pillow-heif cannot write one)."""
    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        out = io.BytesIO()
        image = Image.new("RGB", (1200, 900), (30, 160, 90))
        image.save(out, "HEIF", quality=80, exif=exif_with_gps_and_thumbnail())
        return out.getvalue()
    except Exception:  # no encoder in this build of libheif
        return None


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG's segments up to the start of scan (0xE0 = APP0, 0xE1 = APP1, ...)."""
    markers, at = [], 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    """The kinds of a PNG's chunks, in order (checking each one's CRC)."""
    kinds, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at : at + 4])[0]
        kind = data[at + 4 : at + 8]
        assert (
            zlib.crc32(kind + data[at + 8 : at + 8 + length])
            == struct.unpack(">I", data[at + 8 + length : at + 12 + length])[0]
        )
        kinds.append(kind)
        at += 12 + length
    return kinds


def webp_chunks(data: bytes) -> list[bytes]:
    """The kinds of a WebP's RIFF chunks."""
    kinds, at = [], 12
    while at + 8 <= len(data):
        kinds.append(data[at : at + 4])
        at += (
            8
            + struct.unpack("<I", data[at + 4 : at + 8])[0]
            + (struct.unpack("<I", data[at + 4 : at + 8])[0] % 2)
        )
    return kinds


ALLOWED_JPEG = {0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD, 0xDA}  # JFIF, tables, frame, restart, scan
ALLOWED_PNG = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
ALLOWED_WEBP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
# exiftool groups that would mean metadata survived (-G1 family).
METADATA_GROUPS = (
    "IFD0",
    "IFD1",
    "ExifIFD",
    "GPS",
    "XMP",
    "ICC",
    "IPTC",
    "MakerNotes",
    "PNG-tEXt",
    "Photoshop",
)


def metadata_left(path: Path) -> list[str]:
    """Whatever metadata a published file still holds (empty when there is none)."""
    data = path.read_bytes()
    found = [f"{path.name}: contains {secret!r}" for secret in SECRETS if secret in data]
    if path.suffix == ".jpg":
        found += [f"{path.name}: JPEG segment {hex(m)}" for m in jpeg_segments(data) if m not in ALLOWED_JPEG]
    elif path.suffix == ".png":
        found += [f"{path.name}: PNG chunk {k!r}" for k in png_chunks(data) if k not in ALLOWED_PNG]
    elif path.suffix == ".webp":
        found += [f"{path.name}: WebP chunk {k!r}" for k in webp_chunks(data) if k not in ALLOWED_WEBP]
    with Image.open(path) as image:
        if image.getexif():
            found.append(f"{path.name}: EXIF {dict(image.getexif())}")
        found += [
            f"{path.name}: info {key}"
            for key in ("exif", "xmp", "icc_profile", "XML:com.adobe.xmp")
            if key in image.info
        ]
    return found


def exiftool_metadata(paths: list[Path]) -> list[str]:
    """Tags of metadata groups exiftool finds in ``paths`` (None-like empty list without exiftool)."""
    if shutil.which("exiftool") is None:
        return []
    output = subprocess.run(
        ["exiftool", "-j", "-a", "-G1", *map(str, paths)], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for entry in json.loads(output):
        name = Path(entry["SourceFile"]).name
        found += [f"{name}: {tag}" for tag in entry if tag.split(":")[0].startswith(METADATA_GROUPS)]
        found += [f"{name}: {tag}" for tag in entry if "Thumbnail" in tag or "GPS" in tag]
    return found
