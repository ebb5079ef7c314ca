"""Real photo files through check and build, asserted on the built site's bytes.

JPEGs with GPS EXIF, XMP and an embedded thumbnail, one stored on its side (orientation 6), a
CMYK JPEG, a PNG with text chunks, an iPhone's HEIC, a 1 x 60,000 pixel strip; and the ones
``check`` must refuse: a truncated JPEG, a decompression bomb, a ``.jpg`` that is a PDF, a
file over 20 MB and a link leading out of content/media/. The published files hold no
metadata (read from their segments and chunks, and by exiftool when it is installed), are
upright and in sRGB, never larger than the photo, and the same inputs give the same bytes,
whether built cold or through the cache.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PIL import Image

from noticeboard.incremental.cache import BuildCache
from tests.conftest import build_site, check, make_board
from tests.site import photo_files as pf

WISH = "title: {title}\nbeneficiary: 马女士的父亲\ncategory: 助老服务\nsubmitted: 2022-05-16\nstatus: open\n"
GOOD = {
    "phone.jpg": pf.phone_jpeg(),
    "turned.jpg": pf.phone_jpeg((300, 200), orientation=6),
    "cmyk.jpg": pf.cmyk_jpeg(),
    "text.png": pf.png_with_text(),
    "strip.png": pf.strip(),
}


def _wish(title: str, file: str) -> str:
    return WISH.format(title=title) + f"photos:\n- file: {file}\n  alt: 志愿者在院子里给{title}帮忙\n"


def _board(tmp_path: Path, photos: dict[str, bytes]) -> Path:
    files: dict[str, str | bytes | None] = {}
    for index, (name, data) in enumerate(sorted(photos.items())):
        files[f"media/2022/{name}"] = data
        files[f"wishes/w{index}.yaml"] = _wish(f"心愿{index}", f"2022/{name}")
    return make_board(tmp_path, files)


def _published(site: Path) -> dict[str, list[Path]]:
    """The published files of each photo, by the photo's name on the board (read from its page)."""
    by_photo: dict[str, list[Path]] = {}
    for page in sorted((site / "wishes").glob("w*/index.html")):
        html = page.read_text(encoding="utf-8")
        names = sorted(set(re.findall(r"media/([0-9a-f]{16})-", html)))
        assert len(names) == 1, page
        by_photo[page.parent.name] = sorted((site / "media").glob(f"{names[0]}-*"))
    return by_photo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("photos")
    content = _board(root, GOOD)
    assert check(content).problems == []
    report = build_site(content, root / "site")
    assert report.ok
    return content, root / "site"


def test_no_metadata_survives_in_any_published_file(built: tuple[Path, Path]) -> None:
    site = built[1]
    files = sorted((site / "media").iterdir())
    assert len(files) >= 5 * 2
    assert [found for path in files for found in pf.metadata_left(path)] == []
    assert pf.exiftool_metadata(files) == []


def test_no_byte_of_an_original_file_is_published(built: tuple[Path, Path]) -> None:
    content, site = built
    originals = [path.read_bytes() for path in (content / "media" / "2022").iterdir()]
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert all(original[-4096:] not in data for original in originals), path
    assert not [path for path in site.rglob("*") if path.name in GOOD], "no original file name is published"


def test_the_photo_stored_on_its_side_is_published_upright(built: tuple[Path, Path]) -> None:
    turned = next(files for files in _published(built[1]).values() if files[0].name.endswith("-200.jpg"))
    for path in turned:
        with Image.open(path) as image:
            assert image.size == (200, 300)  # 300 x 200 stored, orientation 6: shown 200 wide
            rgb = image.convert("RGB")
            top, bottom = rgb.getpixel((100, 20)), rgb.getpixel((100, 280))
            assert top[0] > 180 and top[2] < 80, f"{path.name}: the stored left half (red) is on top"
            assert bottom[2] > 180 and bottom[0] < 80, f"{path.name}: blue at the bottom"


def test_sizes_are_480_960_1600_never_upscaled_in_webp_and_jpeg_or_png(built: tuple[Path, Path]) -> None:
    sizes = {}
    for files in _published(built[1]).values():
        for path in files:
            with Image.open(path) as image:
                assert image.format == {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}[path.suffix[1:]]
                assert image.mode in ("RGB", "RGBA", "L")
                assert int(path.stem.rsplit("-", 1)[1]) == image.width
                sizes.setdefault(path.stem.split("-")[0], set()).add((path.suffix, image.size))
    by_widths = sorted(sorted({size[0] for _, size in found}) for found in sizes.values())
    assert [480, 960, 1600] in by_widths  # the 2,000 px phone photo
    assert [1] in by_widths  # the 1 x 60,000 strip: one variant, never wider
    strip = next(found for found in sizes.values() if {size[0] for _, size in found} == {1})
    assert {size for _, size in strip} == {(1, 960)}  # at most twice as tall as the target width
    cmyk = next(found for found in sizes.values() if (".jpg", (800, 600)) in found)
    assert {size for _, size in cmyk} == {(480, 360), (800, 600)}  # 960 and 1600 would enlarge it
    png = [found for found in sizes.values() if any(suffix == ".png" for suffix, _ in found)]
    assert len(png) == 1, "the transparent PNG keeps PNG as its fallback; the opaque strip gets JPEG"


def test_cmyk_is_published_as_srgb_red(built: tuple[Path, Path]) -> None:
    for path in sorted((built[1] / "media").glob("*-800.*")):
        with Image.open(path) as image:
            assert image.mode == "RGB"
            red, green, blue = image.getpixel((400, 300))
            assert red > 200 and green < 80 and blue < 80, (path.name, image.getpixel((400, 300)))


def test_pages_give_width_height_alt_srcset_and_sizes(built: tuple[Path, Path]) -> None:
    html = (built[1] / "wishes" / "w0" / "index.html").read_text(encoding="utf-8")
    img = re.search(r"<img [^>]*>", html[html.index("<picture") :]).group(0)
    width, height = (
        int(re.search(r'width="(\d+)"', img).group(1)),
        int(re.search(r'height="(\d+)"', img).group(1)),
    )
    assert (width, height) in ((1600, 1200), (200, 300), (800, 600), (640, 480), (1, 960))
    assert 'alt="志愿者在院子里给心愿0帮忙"' in img and 'sizes="' in img and "srcset=" in img
    assert '<source type="image/webp" srcset="' in html


def test_same_inputs_give_the_same_bytes_and_a_cached_build_equals_a_cold_one(tmp_path: Path) -> None:
    content = _board(tmp_path, {"phone.jpg": GOOD["phone.jpg"], "text.png": GOOD["text.png"]})
    cold = tmp_path / "cold"
    assert build_site(content, cold).ok
    cached, cache = tmp_path / "cached", BuildCache(tmp_path / "cache")
    assert build_site(content, cached, cache=cache).ok
    wish = content / "wishes" / "w0.yaml"
    wish.write_text(wish.read_text(encoding="utf-8").replace("心愿0", "心愿零"), encoding="utf-8")
    assert build_site(content, cached, cache=BuildCache(tmp_path / "cache")).ok
    again = tmp_path / "again"
    assert build_site(content, again).ok
    assert _tree(cached) == _tree(again)
    assert _tree(cold / "media") == _tree(again / "media")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()
    }


def test_heic_from_a_phone_is_published_without_its_gps(tmp_path: Path) -> None:
    data = pf.heic()
    if data is None:
        pytest.skip("this pillow-heif cannot write HEIC")
    content = _board(tmp_path, {"iphone.heic": data})
    assert check(content).problems == []
    assert build_site(content, tmp_path / "site").ok
    files = sorted((tmp_path / "site" / "media").iterdir())
    assert {path.suffix for path in files} == {".webp", ".jpg"}
    assert [found for path in files for found in pf.metadata_left(path)] == []
    assert pf.exiftool_metadata(files) == []


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("cut.jpg", pf.phone_jpeg()[:5000], "photo-damaged", "cut off"),
        ("bomb.png", pf.bomb(), "photo-too-large", "8000 × 8000 pixels (64 megapixels)"),
        ("report.jpg", pf.pdf(), "photo-not-image", "a PDF document"),
        ("huge.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (20 * 1024 * 1024), "photo-too-large", "20.0 MB"),
    ],
)
def test_files_that_are_no_publishable_photo_are_refused_with_their_place(
    tmp_path: Path, name: str, data: bytes, code: str, words: str
) -> None:
    content = make_board(
        tmp_path,
        {
            "site.yaml": "name: 测试\ncommunity: 测试\nlanguage: en\n",
            "media/" + name: data,
            "wishes/w.yaml": _wish("理发", name),
        },
    )
    problems = check(content).problems
    assert [(p.file, p.line, p.column, p.code) for p in problems] == [("content/wishes/w.yaml", 7, 9, code)]
    assert words in problems[0].message("en")
    report = build_site(content, tmp_path / "site")
    assert not report.ok and not (tmp_path / "site" / "media").exists()


def test_a_link_out_of_content_media_is_refused_and_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "private.jpg"
    outside.write_bytes(GOOD["phone.jpg"])
    content = make_board(tmp_path, {"wishes/w.yaml": _wish("理发", "link.jpg")})
    (content / "media").mkdir()
    os.symlink(outside, content / "media" / "link.jpg")
    problems = check(content).problems
    assert [(p.line, p.column, p.code) for p in problems] == [(7, 9, "photo-outside-media")]
    assert "是一个链接" in problems[0].message("zh-CN")
