"""The board's photos as pages show them: ready-made ``<picture>`` values and their files' names.

A photo is published as the files :mod:`noticeboard.site.images` makes from it, under
``media/``, named by a digest of its bytes (``media/3f9a0c1e5b7d2a48-960.webp``): the same
photo on two records is one set of files, a changed photo gets new names, and nothing of the
original file name (which may say where or who) reaches the site. The name is not the sha256
of the original file, so it cannot be matched against a copy of the original found elsewhere.

Templates compute nothing: a :class:`Picture` carries its variants' paths, widths and
heights, the ``sizes`` of the place it is shown in and whether it loads lazily;
``templates/partials/picture.html`` writes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from noticeboard.content.model import Council, Date, MediaFile, Photo
from noticeboard.content.photocheck import media_rel
from noticeboard.site.images import fallback_kind, variant_sizes

PHOTO_FOLDER = "media"
# How wide a photo is shown, for the browser to pick a file before the stylesheet is read:
# a record page's column (.wrap is 60rem less 1rem padding each side; 18 px root), half of it
# for a decision's before and after side by side, a list row's thumbnail, the print edition.
SIZES = {
    "page": "(min-width: 60rem) 58rem, calc(100vw - 2rem)",
    "pair": "(min-width: 50rem) 29rem, calc(100vw - 2rem)",
    "thumb": "6rem",
    "print": "",
}
MIME = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
EAGER = ("page", "print")  # the first photo of a record page is near the top; print has no scrolling


@dataclass(frozen=True)
class Variant:
    """One published width of a photo: its WebP file and its JPEG or PNG file (site paths)."""

    width: int
    height: int
    webp: str
    fallback: str


@dataclass(frozen=True)
class Picture:
    """A photo as one place shows it (see module doc)."""

    alt: str
    caption: str
    taken: Date | None
    variants: tuple[Variant, ...]  # smallest first
    role: str  # where it is shown: a key of SIZES (the stylesheet's photo-<role>)
    sizes: str  # the ``sizes`` attribute
    lazy: bool  # loading="lazy": below the fold

    @property
    def width(self) -> int:
        """The width the ``<img>`` states (with :attr:`height`, its shape: no layout shift)."""
        return self.variants[-1].width

    @property
    def height(self) -> int:
        return self.variants[-1].height

    @property
    def src(self) -> str:
        """The fallback file for a browser that reads no ``srcset``: the widest up to 960 px."""
        fitting = [v for v in self.variants if v.width <= 960]
        return (fitting[-1] if fitting else self.variants[0]).fallback


def public_name(media: MediaFile) -> str:
    """The name of a photo's published files: a digest of its sha256, not the sha256 itself."""
    return hashlib.blake2b(f"noticeboard photo {media.sha256}".encode(), digest_size=8).hexdigest()


def photo_files(media: MediaFile) -> Iterator[tuple[str, str]]:
    """Yield (site path, name in :func:`noticeboard.site.images.encode`'s files) of a photo's files."""
    name = public_name(media)
    for width, _ in variant_sizes(media.width, media.height):
        for kind in ("webp", fallback_kind(media.alpha)):
            yield f"{PHOTO_FOLDER}/{name}-{width}.{kind}", f"{width}.{kind}"


def record_photos(record: object) -> Iterator[Photo]:
    """Every photo a record shows: its own, then its decisions' (a council's)."""
    yield from getattr(record, "photos", ())
    if isinstance(record, Council):
        for decision in record.decisions:
            yield from decision.photos


class Pictures:
    """The pictures of one build, made from the photos check found fit (``Board.media``)."""

    def __init__(self, media: Mapping[str, MediaFile]) -> None:
        self.media = media

    def file_of(self, photo: Photo) -> MediaFile | None:
        """The checked file a photo shows (None only for a board check has not passed)."""
        rel = media_rel(photo.file)
        return self.media.get(rel) if rel is not None else None

    def picture(self, photo: Photo, role: str, lazy: bool = True) -> Picture | None:
        """One photo as the place ``role`` (a key of :data:`SIZES`) shows it."""
        media = self.file_of(photo)
        if media is None:
            return None
        name = public_name(media)
        fallback = fallback_kind(media.alpha)
        variants = tuple(
            Variant(
                width,
                height,
                f"{PHOTO_FOLDER}/{name}-{width}.webp",
                f"{PHOTO_FOLDER}/{name}-{width}.{fallback}",
            )
            for width, height in variant_sizes(media.width, media.height)
        )
        return Picture(photo.alt, photo.caption, photo.taken, variants, role, SIZES[role], lazy)

    def pictures(self, photos: Iterable[Photo], role: str) -> list[Picture]:
        """Photos as the place ``role`` shows them; in a place near the top the first loads at once."""
        found = []
        for index, photo in enumerate(photos):
            made = self.picture(photo, role, lazy=not (index == 0 and role in EAGER))
            if made is not None:
                found.append(made)
        return found

    def thumb(self, record: object) -> Picture | None:
        """A record's thumbnail for list rows: its first photo (a council's: or a decision's)."""
        first = next(record_photos(record), None)
        return self.picture(first, "thumb") if first is not None else None

    def made_of(self, record: object) -> bytes:
        """What a record's photos are made from (the sha256 of each file), for fingerprints."""
        shown = [self.file_of(photo) for photo in record_photos(record)]
        return "\0".join(media.sha256 if media else "" for media in shown).encode()


NO_PHOTOS = Pictures({})


def photos_data(pictures: Pictures, photos: Iterable[Photo], url_root: str) -> list[dict[str, Any]]:
    """A record's photos as open data: what each shows, and the URL, kind and size of every file
    (``url_root``: what goes before a site path, the absolute base URL or nothing)."""
    described = []
    for picture in pictures.pictures(photos, "page"):
        files = []
        for variant in picture.variants:
            for path in (variant.webp, variant.fallback):
                kind = path.rsplit(".", 1)[1]
                files.append(
                    {
                        "url": url_root + path,
                        "type": MIME[kind],
                        "width": variant.width,
                        "height": variant.height,
                    }
                )
        described.append(
            {
                "alt": picture.alt,
                "caption": picture.caption or None,
                "taken": picture.taken.isoformat() if picture.taken else None,
                "width": picture.width,
                "height": picture.height,
                "files": files,
            }
        )
    return described
