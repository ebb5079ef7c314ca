"""Where each record came from and how to change it, for the pages.

Made once per build (:attr:`noticeboard.site.context.SiteContext.provenance`) and handed to
pages as values, so a page's fingerprint covers them: a record page gets ``record_tools``
(the edit link of its file, its change history from git, its disclosure delays), a list page
``new_link`` (the host's new-file page), and the home page the on-time share per month. The
partials in ``templates/partials/`` (record_tools, list_tools, edit, history, disclosure,
disclosure_months) show them; outside a git repository the history and disclosure parts are
empty, and without ``repo_url`` so are the links.

Commit subjects and author names are not content and were never checked, so anything in
them that looks like personal data hides that entry's words; e-mails are never read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from noticeboard.content.model import Board
from noticeboard.content.privacy import find_leaks
from noticeboard.content.scaffold import record_folder, record_template, suggested_filename
from noticeboard.history.disclosure import DisclosureReport, Event, MonthShare, assess_disclosure
from noticeboard.history.log import History, read_history
from noticeboard.site.editlinks import edit_url, new_file_url

HOME_MONTHS = 12  # the home page shows the latest year of on-time shares


@dataclass(frozen=True)
class Entry:
    """One line of a record's change history as a page shows it."""

    date: dt.date
    subject: str  # "" when it was hidden for looking like personal data
    author: str


@dataclass(frozen=True)
class RecordTools:
    """What a record page shows about its file: disclosure delays, history, edit link."""

    events: list[Event]
    changes: list[Entry]
    edit_link: str
    limit: int  # the disclosure limit in working days


@dataclass(frozen=True)
class MonthRow:
    """The on-time share of one month, with the month as a date for formatting."""

    when: dt.date
    share: MonthShare


class Provenance:
    """Edit links, change history and disclosure of one board, ready for templates."""

    def __init__(self, board: Board, language: str, history: History) -> None:
        self.board = board
        self.language = language
        self.history = history
        self.disclosure: DisclosureReport = assess_disclosure(board, history)
        self.repo_url = board.site.repo_url

    @property
    def limit(self) -> int:
        return self.disclosure.limit

    def edit_url(self, record: object) -> str:
        """The web editor of the record's file ("" without repo_url)."""
        return edit_url(self.repo_url, record.source.rel)  # type: ignore[attr-defined]

    def new_url(self, record_type: str) -> str:
        """The host's new-file page, prefilled with the commented template ("" without repo_url)."""
        if not self.repo_url:
            return ""
        on = self.board.build_date
        template = record_template(record_type, on, language=self.language)
        folder = record_folder(record_type, on)
        return new_file_url(self.repo_url, folder, suggested_filename(record_type, on), template)

    def changes(self, record: object) -> list[Entry]:
        """The record file's changes, newest first (empty outside git)."""
        return [
            Entry(change.date, _public(change.subject), _public(change.author))
            for change in self.history.of(record.source.rel)  # type: ignore[attr-defined]
        ]

    def events(self, record_type: str, record: object) -> list[Event]:
        """The record's judged disclosure events."""
        return self.disclosure.of(record_type, record.id)  # type: ignore[attr-defined]

    @property
    def months(self) -> list[MonthRow]:
        """The latest months' on-time shares, oldest first."""
        shares = self.disclosure.months[-HOME_MONTHS:]
        return [MonthRow(dt.date.fromisoformat(f"{share.month}-01"), share) for share in shares]

    def disclosure_months(self) -> DisclosureMonths:
        """The home page's table of the latest months' on-time shares."""
        return DisclosureMonths(self.months, self.limit)

    def record_tools(self, record_type: str, record: object) -> RecordTools:
        """Everything ``partials/record_tools.html`` shows for one record."""
        return RecordTools(
            self.events(record_type, record), self.changes(record), self.edit_url(record), self.limit
        )


@dataclass(frozen=True)
class DisclosureMonths:
    """The home page's table of on-time shares (no rows outside git)."""

    rows: list[MonthRow]
    limit: int


@cache
def _public(text: str) -> str:
    return "" if next(iter(find_leaks(text)), None) else text


def content_root(board: Board) -> Path | None:
    """The content folder the board was read from (None when unknown)."""
    return board.site_source.path.parent if board.site_source is not None else None


def read_provenance(board: Board, language: str) -> Provenance:
    """The board's provenance, reading its git history once."""
    root = content_root(board)
    history = read_history(root) if root is not None else History()
    return Provenance(board, language, history)
