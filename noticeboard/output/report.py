"""What a build is asked to do, and what it did.

Kept apart from the pipeline so that a build with nothing to do can answer without
importing it (see :meth:`noticeboard.incremental.cache.BuildCache.begin`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from noticeboard.content.check import Checked


@dataclass(frozen=True)
class BuildRequest:
    """A build: which content, into which folder, at which date, for which address."""

    content_dir: Path
    out_dir: Path
    build_date: dt.date
    base_url: str | None = None  # overrides site.yaml's base_url


@dataclass(frozen=True)
class BuildReport:
    """What a build did: the check result and, when the content was valid, what it wrote.

    ``checked`` is None for a build that found nothing changed since the last good one:
    nothing was loaded, and ``records`` and ``pages`` repeat what that build made.
    """

    checked: Checked | None
    records: int = 0
    files: int = 0  # files written
    pages: int = 0
    seconds: float = 0.0
    rendered: int | None = None  # pages rendered (the others were kept); None: all of them
    language: str = "zh-CN"

    @property
    def ok(self) -> bool:
        return self.checked is None or self.checked.ok

    def problems_text(self, output_format: str = "text") -> str:
        """The content problems, formatted for the terminal, GitHub or a program."""
        return self.checked.report(output_format) if self.checked is not None else ""

    def summary(self) -> str:
        """One line for the terminal."""
        records, pages, files, seconds = self.records, self.pages, self.files, f"{self.seconds:.1f}"
        rendered = self.pages if self.rendered is None else self.rendered
        english, chinese = (
            (f" ({rendered} rendered)", f"（重新渲染 {rendered} 个）") if rendered != self.pages else ("", "")
        )
        return (
            f"built {records} records, {pages} pages{english}, {files} files in {seconds} s"
            f" / 已生成：{records} 条记录，{pages} 个页面{chinese}，{files} 个文件，用时 {seconds} 秒"
        )


def failed(checked: Checked) -> BuildReport:
    """The report of a build stopped by content problems: nothing was written."""
    return BuildReport(checked, records=checked.board.record_count(), language=checked.language)
