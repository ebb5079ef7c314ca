"""Where each record came from and how to change it, for the pages.

Registers one template global, ``provenance``, computed once per renderer (one per build):
the edit link of a record's file, the new-file links of the list pages, the record's
change history from git and its disclosure delays, and the on-time share per month for
the home page. The partials in ``templates/partials/`` (record_tools, list_tools, edit,
history, disclosure, disclosure_months) show them; outside a git repository the history
and disclosure parts are simply absent, and without ``repo_url`` so are the links.

Commit subjects and author names are not content and were never checked, so anything in
them that looks like personal data hides that entry's words; e-mails are never read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import jinja2

from noticeboard.disclosure import DisclosureReport, Event, MonthShare, assess_disclosure
from noticeboard.editlinks import edit_url, new_file_url
from noticeboard.history import History, read_history
from noticeboard.model import Board
from noticeboard.privacy import find_leaks
from noticeboard.render import ENV_HOOKS, SiteContext
from noticeboard.scaffold import record_folder, record_template, suggested_filename

HOME_MONTHS = 12  # the home page shows the latest year of on-time shares


@dataclass(frozen=True)
class Entry:
    """One line of a record's change history as a page shows it."""

    date: dt.date
    subject: str  # "" when it was hidden for looking like personal data
    author: str


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
        template = record_template(record_type, on, board=self.board, language=self.language)
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


def _public(text: str) -> str:
    return "" if next(iter(find_leaks(text)), None) else text


def content_root(board: Board):
    """The content folder the board was read from (None when unknown)."""
    return board.site_source.path.parent if board.site_source is not None else None


def add_provenance(env: jinja2.Environment, ctx: SiteContext) -> None:
    """Give templates ``provenance``, reading git history once for this renderer."""
    root = content_root(ctx.board)
    history = read_history(root) if root is not None else History()
    env.globals["provenance"] = Provenance(ctx.board, ctx.language, history)


if add_provenance not in ENV_HOOKS:
    ENV_HOOKS.append(add_provenance)
