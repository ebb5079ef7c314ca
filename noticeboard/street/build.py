"""The street build, as a table of contents: read STREET.yaml → read each board → make the site → write.

Each community is read on its own thread (most of the time is waiting for hosts), checked and
reduced to what the street shows as soon as it arrives, and its files are kept as its last
good copy; a community that cannot be read falls back to that copy, else is listed as
unavailable. Nothing a community publishes stops the street's build: its problems are
reported, and only ``--strict`` turns them into a failing exit code (the command's choice).
The site is written like a board's, whole and atomically (:func:`noticeboard.output.write.write_site`).
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from noticeboard.errors import UsageError
from noticeboard.output.write import check_output_folder, write_site
from noticeboard.street.config import CommunityEntry, Street
from noticeboard.street.copies import Copies
from noticeboard.street.exports import street_data
from noticeboard.street.feed import street_feed
from noticeboard.street.fetch import Limits
from noticeboard.street.pages import street_pages
from noticeboard.street.reader import CommunityProblem, judge, read_fresh
from noticeboard.street.summary import CURRENT, STALE, UNAVAILABLE, Community, street_totals

JOBS = 8  # communities read at once: threads mostly wait for hosts


@dataclass(frozen=True)
class StreetReport:
    """What a street build did: the communities as shown, every problem, the files written."""

    communities: tuple[Community, ...]
    problems: tuple[CommunityProblem, ...]
    files: int

    def count(self, status: str) -> int:
        return sum(1 for c in self.communities if c.status == status)


def read_community(
    entry: CommunityEntry, street: Street, build_date: dt.date, limits: Limits, copies: Copies
) -> tuple[Community, tuple[CommunityProblem, ...]]:
    """Read one community now; fall back to its last good copy; else it is unavailable."""
    files, judged = read_fresh(entry, street, build_date, limits)
    if judged.snapshot is not None and files is not None:
        copies.save(entry, files)
        return Community(entry, CURRENT, judged.snapshot, None), ()
    reason = judged.problems[0].code if judged.problems else None
    kept = copies.load(entry)
    if kept is not None:
        copy = judge(entry, kept, street, build_date)
        if copy.snapshot is not None:
            return Community(entry, STALE, copy.snapshot, reason), judged.problems
    return Community(entry, UNAVAILABLE, None, reason), judged.problems


def build_street(
    street: Street, out_dir: Path, build_date: dt.date, cache_dir: Path, limits: Limits | None = None
) -> StreetReport:
    """Read every community of ``street`` and write the street site into ``out_dir``."""
    limits = limits or Limits()
    copies = Copies(cache_dir)
    with ThreadPoolExecutor(max_workers=JOBS, thread_name_prefix="street") as pool:
        results = list(
            pool.map(lambda e: read_community(e, street, build_date, limits, copies), street.communities)
        )
    communities = tuple(community for community, _ in results)
    problems = tuple(problem for _, found in results for problem in found)
    totals = street_totals(communities)
    files = {
        **street_pages(street, communities, totals, build_date),
        **street_data(street, communities, totals, build_date.isoformat()),
        "feed.xml": street_feed(street, communities, build_date),
    }
    written = write_site(files, out_dir)
    return StreetReport(communities, problems, written)


def check_street_output(out_dir: Path, street_file: Path, street: Street) -> None:
    """Refuse an output folder whose replacement would destroy STREET.yaml's folder or a board."""
    out = out_dir.resolve()
    if out in street_file.resolve().parents:
        raise UsageError(
            f"--out {out_dir} would replace the folder of {street_file.as_posix()}; choose another folder"
        )
    for entry in street.communities:
        board = Path(entry.location)
        if not entry.remote and (out == board or out in board.parents or board in out.parents):
            raise UsageError(f"--out {out_dir} would replace the board of {entry.id}; choose another folder")
    check_output_folder(out_dir, street_file.parent)  # and never a folder that is not a site
