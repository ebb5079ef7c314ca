"""What a build reports: kept apart from the pipeline so a build with nothing to do can
answer without importing it (see :meth:`noticeboard.cache.BuildCache.unchanged_report`)."""

from __future__ import annotations

from dataclasses import dataclass

from noticeboard.check import Checked


@dataclass
class BuildReport:
    """What a build did: the check result, and (when valid) how many files it wrote."""

    checked: Checked
    files: int = 0
    pages: int = 0
    seconds: float = 0.0
    rendered: int | None = None  # pages rendered (the others were kept); None: all of them

    @property
    def ok(self) -> bool:
        return self.checked.ok

    def summary(self) -> str:
        """One line for the terminal."""
        records, pages, files, seconds = (
            self.checked.board.record_count(),
            self.pages,
            self.files,
            f"{self.seconds:.1f}",
        )
        rendered = self.pages if self.rendered is None else self.rendered
        english, chinese = (
            (f" ({rendered} rendered)", f"（重新渲染 {rendered} 个）") if rendered != self.pages else ("", "")
        )
        return (
            f"built {records} records, {pages} pages{english}, {files} files in {seconds} s"
            f" / 已生成：{records} 条记录，{pages} 个页面{chinese}，{files} 个文件，用时 {seconds} 秒"
        )
