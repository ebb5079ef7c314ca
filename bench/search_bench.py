"""Measure the search index at scale: build time and size for a synthetic board.

    python bench/search_bench.py [N ...] [--runs 3] [--write]

For each N (default 10000) it generates a board with ``bench/gen.py N DIR --seed 1 --date
2024-12-31``, loads it once, then builds the search index ``--runs`` times (best and median
wall time of the index alone: collecting the text of every record, bigrams, shards, JSON).
Sizes are the files written under ``search/``, raw and gzip-compressed (what a web server
sends), and what a browser downloads for a few sample queries. ``--write`` puts the table
into bench/RESULTS.md between ``<!-- search:start -->`` and ``<!-- search:end -->``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from noticeboard.content.check import check_content  # noqa: E402
from noticeboard.site import search, search_query, search_text  # noqa: E402
from noticeboard.site.context import make_context  # noqa: E402

BUILD_DATE = dt.date(2024, 12, 31)
QUERIES = ("理发", "助老服务", "电动车棚")
LIMIT, CHUNKS_AT_ONCE = 50, 4  # as in templates/static/search.js
START, END = "<!-- search:start -->", "<!-- search:end -->"


def downloaded(files: dict[str, bytes], query: str) -> int:
    """Bytes a browser fetches for one query, as search.js does it.

    meta.json, the shards of the query's bigrams, then document chunks in order (one, then
    four at a time) until more than LIMIT results are verified or the candidates run out.
    """
    meta = json.loads(files["search/meta.json"])
    terms = [t for t in search_text.normalize(query).split(" ") if t]
    grams = set().union(*(search_text.bigrams(t) for t in terms))
    names = {"search/meta.json"} | {
        f"search/index-{search_text.shard_of(g, meta['shards'])}.json" for g in grams
    }
    chunks = sorted({n // meta["chunk"] for n in search_query.candidates(files, grams, meta)})
    found, position = 0, 0
    while position < len(chunks) and found <= LIMIT:
        batch = chunks[position : position + (1 if position == 0 else CHUNKS_AT_ONCE)]
        for k in batch:
            names.add(f"search/docs-{k}.json")
            entries = json.loads(files[f"search/docs-{k}.json"])
            found += sum(all(t in e["text"] for t in terms) for e in entries)  # upper bound is fine
        position += len(batch)
    return sum(len(files[name]) for name in names)


def measure(records: int, runs: int) -> dict:
    """Generate a board of ``records`` records and time its search index."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench/gen.py"),
                str(records),
                str(content),
                "--seed",
                "1",
                "--date",
                BUILD_DATE.isoformat(),
            ],
            check=True,
            capture_output=True,
        )
        board = check_content(content, BUILD_DATE).board
    labels = search.site_labels(make_context(board))
    times, cpu_times, files = [], [], {}
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        files = search.search_index(board, labels)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    meta = json.loads(files["search/meta.json"])
    index = [data for path, data in files.items() if "/index-" in path]
    docs = [data for path, data in files.items() if "/docs-" in path]
    return {
        "records": records,
        "docs": meta["docs"],
        "best": min(times),
        "median": statistics.median(times),
        "cpu": min(cpu_times),
        "files": len(files),
        "shards": meta["shards"],
        "index_bytes": sum(map(len, index)),
        "docs_bytes": sum(map(len, docs)),
        "gzip_bytes": sum(len(gzip.compress(data, 6, mtime=0)) for data in files.values()),
        "largest_shard": max(map(len, index)),
        "queries": {query: downloaded(files, query) for query in QUERIES},
    }


def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def table(results: list[dict], runs: int) -> str:
    """The results as a Markdown section."""
    lines = [
        "## Search index / 搜索索引",
        "",
        f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC by `python bench/search_bench.py`"
        f" (index build only, after loading; wall time best and median of {runs} runs, and the"
        " best CPU time of the process, which other programs on a shared machine do not inflate).",
        "",
        f"- Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores,"
        f" {platform.system()} {platform.release()}; Python {platform.python_version()};"
        f" load average (1 min) {os.getloadavg()[0]:.2f}",
        "- Boards: `python bench/gen.py N DIR --seed 1 --date 2024-12-31`; searchable records are"
        " partners, projects, wishes and councils (points records have no page).",
        "",
        "| records | searchable | best (s) | median (s) | CPU (s) | files | shards | index MB | docs MB |"
        " total gzip MB | largest shard KB |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        lines.append(
            f"| {r['records']:,} | {r['docs']:,} | {r['best']:.2f} | {r['median']:.2f} | {r['cpu']:.2f} |"
            f" {r['files']} |"
            f" {r['shards']} | {mb(r['index_bytes'])} | {mb(r['docs_bytes'])} | {mb(r['gzip_bytes'])} |"
            f" {r['largest_shard'] // 1000} |"
        )
    lines += [
        "",
        "Bytes a browser downloads for one query (meta, shards of its bigrams, then document chunks"
        f" newest first until {LIMIT} results are shown; uncompressed):",
        "",
    ]
    for r in results:
        per_query = ", ".join(f"“{q}” {mb(size)} MB" for q, size in r["queries"].items())
        lines.append(f"- {r['records']:,} records: {per_query}")
    lines += [
        "",
        "What bounds it (cProfile): collecting each record's bigrams into posting lists and encoding"
        " the JSON; text normalisation runs in `re` at C speed. The index grows linearly with the"
        " text; a query reads only meta.json, the shards of its bigrams and the newest document"
        " chunks, so these sample queries download under 1 MB at 10k records (a server that"
        " compresses sends about a fifth of that).",
    ]
    return "\n".join(lines) + "\n"


def write_results(section: str) -> None:
    """Put the section into bench/RESULTS.md, replacing an earlier one."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    block = f"{START}\n{section}{END}\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) + 1 :]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def main() -> int:
    """Run the benchmark and print (or write) the results."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("records", nargs="*", type=int, default=[10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    section = table([measure(n, args.runs) for n in args.records], args.runs)
    print(section)
    if args.write:
        write_results(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
