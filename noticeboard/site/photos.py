"""The photos producer: every photo a record shows, published as the files of its variants.

Encoding photos is the heaviest work of a build (about half a second a photo of 12
megapixels), so it is shared out as two producers, each taking every other photo, which
:mod:`noticeboard.site.parallel` runs in the two processes of a build. Each photo is made
once per recipe and sha256 of its bytes: a file the last build wrote from the same photo
is handed over :data:`~noticeboard.site.files.UNCHANGED` (the page memory knows it), and
one made in any earlier build comes from the memory's image store
(:attr:`~noticeboard.site.memory.PageMemory.images`); only a photo never seen is encoded.
Editing a record's text re-encodes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from noticeboard.content.model import MediaFile
from noticeboard.site.context import NO_PROSE, Producer, SiteContext
from noticeboard.site.files import UNCHANGED, SiteFiles
from noticeboard.site.fingerprint import fingerprint
from noticeboard.site.images import encode, recipe
from noticeboard.site.memory import PageMemory
from noticeboard.site.pictures import photo_files

PARTS = 2  # one producer per core
TYPICAL_SECONDS = 2.0  # for 20 photos; the last build's time counts once there was one


class PhotoChanged(RuntimeError):
    """A photo file changed between the check and its encoding: build again."""


def published(media: MediaFile, memory: PageMemory) -> SiteFiles:
    """The published files of one photo: kept, remembered, or encoded now."""
    key = (recipe(), media.sha256)
    made_of = fingerprint(*key)
    paths = list(photo_files(media))
    # Every path is asked, so that every one's fingerprint is recorded for the next build.
    kept = {path: memory.unchanged(path, lambda: made_of) for path, _ in paths}
    if all(kept.values()):
        return dict.fromkeys(kept, UNCHANGED)
    files = memory.images.get(key)
    if files is None:
        with open(media.path, "rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != media.sha256:
            raise PhotoChanged(f"{media.path} changed during the build; build again")
        files = encode(data, media.width, media.height, media.alpha)
        memory.images.put(key, files)
    return {path: UNCHANGED if kept[path] else files[name] for path, name in paths}


def _part(part: int) -> Callable[[SiteContext], SiteFiles]:
    def make(ctx: SiteContext) -> SiteFiles:
        by_sha = {media.sha256: media for media in ctx.board.media.values()}  # a photo shown twice
        files: SiteFiles = {}
        for index, sha in enumerate(sorted(by_sha)):
            if index % PARTS == part:
                files.update(published(by_sha[sha], ctx.renderer.memory))
        return files

    make.__name__ = f"produce_photos_{part + 1}"
    return make


PHOTO_PRODUCERS = tuple(
    Producer(f"photos {part + 1}/{PARTS}", _part(part), TYPICAL_SECONDS, NO_PROSE) for part in range(PARTS)
)
