"""What earlier processes kept is read only when a build asks for enough of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from noticeboard.incremental.cache import ROWS_PATIENCE, BuildCache
from noticeboard.incremental.keep import Keep
from noticeboard.site.render import KeptRow

KEPT = [KeptRow("<li>kept</li>", "wishes/index.html", ("wishes/a/",), False)]
MADE = [KeptRow("<li>made</li>", "wishes/index.html", ("wishes/b/",), False)]


def counting_loader(kept: dict[Any, Any]) -> tuple[list[int], Any]:
    reads: list[int] = []

    def load() -> dict[Any, Any]:
        reads.append(1)
        return dict(kept)

    return reads, load


def test_the_first_misses_are_answered_without_reading() -> None:
    reads, load = counting_loader({"row": "kept", "other": "kept too"})
    keep = Keep(100, load, patience=2)
    assert keep.get("a") is None and keep.get("b") is None  # rendered by the caller
    keep.put("a", "made")
    keep.merge({"b": "made by the child"})
    assert keep.get("a") == "made" and keep.get("b") == "made by the child"  # no miss: no read
    assert reads == [] and not keep.read
    assert keep.get("row") == "kept"  # the third miss reads what was kept
    assert reads == [1] and keep.read
    assert keep.items == {"row": "kept", "other": "kept too", "a": "made", "b": "made by the child"}


def test_a_keep_without_patience_reads_at_the_first_question() -> None:
    reads, load = counting_loader({"row": "kept"})
    keep = Keep(100, load)
    assert keep.get("row") == "kept" and reads == [1]


def test_a_build_that_made_a_row_or_two_leaves_the_kept_rows_file_alone(tmp_path: Path) -> None:
    """Rewriting thousands of rows for one new one would cost more than it saves."""
    cache = BuildCache(tmp_path)
    assert cache.rows.get("row") is None and not cache.rows.read  # nothing kept yet, nothing read
    cache.rows.put("row", KEPT)
    cache.save()  # no file yet: the rows made are saved
    rows_file = tmp_path / "keep-rows.marshal"
    saved = rows_file.read_bytes()

    later = BuildCache(tmp_path)
    assert later.rows.get("new") is None
    later.rows.put("new", MADE)
    later.save()
    assert rows_file.read_bytes() == saved

    reader = BuildCache(tmp_path)
    for number in range(ROWS_PATIENCE):
        assert reader.rows.get(f"missing {number}") is None
    assert reader.rows.get("row") == KEPT
    reader.rows.put("new", MADE)
    reader.save()
    assert BuildCache(tmp_path).rows.items == {"row": KEPT, "new": MADE}
