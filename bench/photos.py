"""Measure builds of a board with many large photos; record them in bench/RESULTS.md.

    python bench/photos.py [--photos 500] [--records 1000] [--no-write]

A board from ``bench/gen.py`` (seed 1, valid at 2024-12-31) gets ``--photos`` JPEG photos of
4,000 x 3,000 pixels (12 megapixels, like a phone's; drawn here, each different), one on each
of the first wishes and projects. Then, each build its own process, in a scratch folder:

- first build (empty cache): every photo is encoded;
- rebuild after one text edit (a wish's title): nothing may be encoded.

Time alone cannot prove that nothing was encoded, so the build is run through a wrapper that
counts calls of :func:`noticeboard.site.images.encode` (in this process and the forked
producer child: each call appends a line to a file). The rebuild must count zero, or this
script exits with status 1. The section between the ``photos:`` markers of RESULTS.md is
rewritten; everything else in the file is kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import run as harness  # noqa: E402 - the issue-3 harness: machine description

RESULTS = ROOT / "bench" / "RESULTS.md"
START, END = "<!-- photos:start -->", "<!-- photos:end -->"
DATE = "2024-12-31"
SIZE = (4000, 3000)
# Run by the child: count encode() calls into COUNT_FILE, then build as build.py does.
WRAPPER = """
import os, sys
sys.path.insert(0, {root!r})
import noticeboard.site.photos as photos
real = photos.encode
def counted(*args, **kwargs):
    with open(os.environ["COUNT_FILE"], "a") as handle:
        handle.write("1\\n")
    return real(*args, **kwargs)
photos.encode = counted
from noticeboard.cli import main
sys.exit(main(sys.argv[1:]))
"""


def draw_photo(index: int, path: Path) -> None:
    """Write one 4,000 x 3,000 JPEG, different for every ``index`` (drawn small, scaled up)."""
    from PIL import Image, ImageDraw

    small = Image.new("RGB", (400, 300), ((index * 37) % 256, (index * 91) % 256, (index * 53) % 256))
    draw = ImageDraw.Draw(small)
    for shape in range(12):
        x, y = (index * 7 + shape * 31) % 360, (index * 13 + shape * 17) % 260
        colour = ((shape * 60 + index) % 256, (shape * 20 + index * 3) % 256, (shape * 90) % 256)
        draw.rectangle((x, y, x + 40 + shape * 3, y + 30 + shape * 2), fill=colour)
    small.resize(SIZE, Image.Resampling.BICUBIC).save(path, "JPEG", quality=88)


def make_board(folder: Path, records: int, photos: int) -> Path:
    """Generate the board and attach one photo to each of the first ``photos`` wishes and projects."""
    content = folder / "content"
    code = subprocess.call(
        [
            sys.executable,
            str(ROOT / "bench" / "gen.py"),
            str(records),
            str(content),
            "--seed",
            "1",
            "--date",
            DATE,
        ],
        stdout=subprocess.DEVNULL,
    )
    if code:
        raise SystemExit("bench/gen.py failed")
    files = sorted((content / "wishes").rglob("*.yaml")) + sorted((content / "projects").rglob("*.yaml"))
    if len(files) < photos:
        raise SystemExit(f"{records} records have only {len(files)} wishes and projects; use more --records")
    (content / "media" / "bench").mkdir(parents=True)
    for index, record in enumerate(files[:photos]):
        name = f"bench/photo-{index:04d}.jpg"
        draw_photo(index, content / "media" / name)
        with record.open("a", encoding="utf-8") as handle:
            handle.write(f"photos:\n- file: {name}\n  alt: 第 {index + 1} 张活动照片，志愿者在院子里\n")
    return content


def timed_build(folder: Path, content: Path, count_file: Path) -> tuple[float, int]:
    """Build once in a child process; return its wall time and how many photos it encoded."""
    count_file.write_text("")
    env = {**os.environ, "COUNT_FILE": str(count_file), "PYTHONHASHSEED": "0"}
    argv = ["build", "--content", str(content), "--out", str(folder / "site"), "--date", DATE]
    started = time.perf_counter()
    code = subprocess.call([sys.executable, "-c", WRAPPER.format(root=str(ROOT)), *argv], cwd=folder, env=env)
    seconds = time.perf_counter() - started
    if code:
        raise SystemExit(f"build failed with status {code}")
    return seconds, len(count_file.read_text().splitlines())


def edit_text(content: Path) -> None:
    """Change one wish's title (a record with a photo): text only."""
    record = sorted((content / "wishes").rglob("*.yaml"))[0]
    text = record.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith("title:"):
            value = line.removeprefix("title:").strip()
            quote = value[:1] if value[:1] in "\"'" else ""
            lines[number] = f"title: {quote}（已改）{value[len(quote) :]}\n"
            break
    record.write_text("".join(lines), encoding="utf-8")


def report(rows: list[tuple[str, float, int]], photos: int, records: int, published: int) -> str:
    """The RESULTS.md section."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    lines = [
        START,
        "Written by `python bench/photos.py`. A board of "
        f"{records:,} records (`bench/gen.py`, seed 1) with {photos} JPEG photos of "
        f"{SIZE[0]:,} × {SIZE[1]:,} px, one per wish or project; each build its own process. "
        "Encodes are counted (calls of `noticeboard.site.images.encode`), not inferred from time.",
        "",
        f"- Machine: {harness.cpu_model()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; written {now} UTC; load average: {harness.load_average()}",
        f"- Published photo files: {published}",
        "",
        "| build | wall time (s) | photos encoded |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {seconds:.1f} | {encoded} |" for name, seconds, encoded in rows]
    return "\n".join([*lines, END])


def write_results(section: str) -> None:
    """Put ``section`` between the markers of RESULTS.md (appended the first time)."""
    text = RESULTS.read_text(encoding="utf-8")
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## 照片 · Photos (issue 17)\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build twice and record both builds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=500)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true", help="print the results, leave RESULTS.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        content = make_board(folder, args.records, args.photos)
        print(f"board with {args.photos} photos made in {time.perf_counter() - started:.0f} s", flush=True)
        count_file = folder / "encodes.txt"
        first = timed_build(folder, content, count_file)
        print(f"first build: {first[0]:.1f} s, {first[1]} photos encoded", flush=True)
        edit_text(content)
        again = timed_build(folder, content, count_file)
        print(f"rebuild after one text edit: {again[0]:.1f} s, {again[1]} photos encoded", flush=True)
        published = sum(1 for _ in (folder / "site" / "media").iterdir())
        shutil.rmtree(folder / "site", ignore_errors=True)
    rows = [("first build (empty cache)", *first), ("rebuild after one text edit", *again)]
    section = report(rows, args.photos, args.records, published)
    print(section)
    if not args.no_write:
        write_results(section)
    return 0 if again[1] == 0 and first[1] == args.photos else 1


if __name__ == "__main__":
    sys.exit(main())
