"""The print edition for the notice wall (公示栏): one page per period, as HTML and PDF.

``python build.py print`` writes ``print/<period>.html`` (and ``.pdf``) into a built site;
:func:`produce_print` adds ``print/index.html`` (the build's month) to every normal build.
What happened in the period comes from :mod:`noticeboard.analysis`; this module chooses
the period, makes the QR codes and renders ``templates/print/board.html``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from noticeboard.analysis.activity import (
    Period,
    PeriodEvents,
    councils_in_period,
    events_in_period,
    month_period,
)
from noticeboard.analysis.rankings import Standing
from noticeboard.content.model import Board, Partner, Project, Wish
from noticeboard.errors import UsageError
from noticeboard.site import i18n, urls
from noticeboard.site.context import SiteContext
from noticeboard.site.files import SiteFiles, Unchanged
from noticeboard.site.memory import Store
from noticeboard.site.pictures import Picture, Pictures
from noticeboard.site.qr import qr_svg
from noticeboard.site.shortlinks import ShortLinks, board_links, produce_short_links

PRINT_FOLDER = "print"
PAPERS = ("A3", "A4")
DEFAULT_PAPER = "A3"  # the notice wall holds A3 sheets; A4 is for office printers
TEMPLATE = "print/board.html"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PERIOD_FILE = re.compile(r"^(\d{4}-\d{2}|\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2})\.html$")


# --- choosing the period ----------------------------------------------------------------


@dataclass(frozen=True)
class PrintPeriod:
    """The period a printed board covers (公示期) and its file name (``2022-08``)."""

    period: Period
    name: str


def _clamped(period: Period, build_date: dt.date) -> Period:
    """Cut a period at the build date: nothing after it is known yet."""
    if period.start > build_date:
        raise UsageError(
            f"the period starts {period.start.isoformat()}, after the build date {build_date.isoformat()}"
        )
    return Period(period.start, min(period.end, build_date))


def _date_option(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None


def month_edition(year: int, month: int, build_date: dt.date) -> PrintPeriod:
    """A calendar month, cut at the build date, named ``YYYY-MM``."""
    return PrintPeriod(_clamped(month_period(year, month), build_date), f"{year:04d}-{month:02d}")


def choose_period(
    build_date: dt.date, month: str | None = None, start: str | None = None, end: str | None = None
) -> PrintPeriod:
    """Turn --period YYYY-MM or --from/--to into a period; default: the build date's month."""
    if month and (start or end):
        raise UsageError("give either --period or --from/--to, not both")
    if bool(start) != bool(end):
        raise UsageError("--from and --to go together")
    if start and end:
        first, last = _date_option("--from", start), _date_option("--to", end)
        if last < first:
            raise UsageError(f"--to {end} is before --from {start}")
        period = _clamped(Period(first, last), build_date)
        return PrintPeriod(period, f"{period.start.isoformat()}_{period.end.isoformat()}")
    if month:
        found = _MONTH.match(month)
        if not found or not 1 <= int(found.group(2)) <= 12:
            raise UsageError(f"--period must be a month written YYYY-MM, not {month!r}")
        return month_edition(int(found.group(1)), int(found.group(2)), build_date)
    return month_edition(build_date.year, build_date.month, build_date)


# --- what the page shows ----------------------------------------------------------------


@dataclass(frozen=True)
class RankedPartner:
    standing: Standing
    name: str
    partner_id: str


@dataclass(frozen=True)
class PartnerChange:
    """A partner who joined (``joined``) or withdrew (``withdrew``) in the period."""

    partner: Partner
    change: str
    date: dt.date


@dataclass(frozen=True)
class PaperStyle:
    """What differs between the papers beyond the stylesheet: the text in the page margins."""

    margin_text: str


PAPER_STYLES = {"A3": PaperStyle("16pt"), "A4": PaperStyle("12pt")}


class QrCodes:
    """QR codes for the page, or none at all when base_url is not absolute.

    A record's code holds its short address (``https://…/q/avswy/``, :mod:`.shortlinks`):
    a short address makes a small code with big modules.
    """

    def __init__(self, base_url: str, language: str, drawn: Store, links: ShortLinks | None) -> None:
        self.base_url = base_url
        self.language = language
        self.drawn = drawn  # codes already drawn, by what they are drawn from
        self.links = links
        self.enabled = urls.absolute_url(base_url, "") is not None and links is not None

    def __getstate__(self) -> dict[str, object]:
        """What a page's fingerprint digests: all but the store of codes drawn, which only
        saves drawing them again (and holds every code of the board)."""
        return {name: value for name, value in vars(self).items() if name != "drawn"}

    def site(self, site_path: str) -> Markup:
        """The QR code of a clean site URL (``points/``), or nothing without base_url."""
        url = urls.absolute_url(self.base_url, site_path)
        if url is None or not self.enabled:
            return Markup("")
        label = i18n.translate(self.language, "print.qr_label", url=url)
        return qr_svg(url, label, self.drawn)

    def record(self, record_type: str, record_id: str) -> Markup:
        """The QR code of a record's short address."""
        if self.links is None or (record_type, record_id) not in self.links.codes:
            return Markup("")  # a reference check already reports a record that is not there
        return self.site(self.links.path(record_type, record_id))

    def home_address(self) -> str:
        """The board's home address as a person would type it: no scheme, no final slash."""
        url = urls.absolute_url(self.base_url, "") or ""
        return url.split("://", 1)[-1].rstrip("/")


class ShortDates:
    """Dates as the printed period reads them: the year only when it is not the period's."""

    def __init__(self, year: int, language: str) -> None:
        self.year = year
        self.language = language

    def __call__(self, day: dt.date) -> str:
        written = i18n.format_date(day, self.language)
        if day.year != self.year:
            return written
        if self.language == "zh-CN":
            return written.removeprefix(f"{day.year}年")
        return written.removesuffix(f" {day.year}")


def partner_name(board: Board, partner_id: str) -> str:
    """A partner's name (the id if the partner is unknown, which check already reports)."""
    partner = board.partner(partner_id)
    return partner.name if partner else partner_id


def css_string(text: str) -> Markup:
    """Quote a text for a CSS ``content:`` value; anything but letters is escaped."""
    out = []
    for char in text:
        if char.isalnum() or char == " " or (ord(char) > 0x7F and char.isprintable()):
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return Markup('"' + "".join(out) + '"')


def partner_changes(events: PeriodEvents) -> list[PartnerChange]:
    """The partners who joined, then those who withdrew, each in date order."""
    joined = [PartnerChange(p, "joined", p.joined) for p in events.partners_joined]
    withdrew = [PartnerChange(p, "withdrew", p.withdrawn) for p in events.partners_withdrew if p.withdrawn]
    return joined + withdrew


def print_photos(pictures: Pictures, records: Iterable[Wish | Project]) -> dict[str, Picture]:
    """The one photo printed with each record that has any (its first), by record id."""
    found = {}
    for record in records:
        if record.photos:
            picture = pictures.picture(record.photos[0], "print", lazy=False)
            if picture is not None:
                found[record.id] = picture
    return found


def render_edition(ctx: SiteContext, edition: PrintPeriod, paper: str = DEFAULT_PAPER) -> bytes | Unchanged:
    """Render the printed board of one period to HTML bytes."""
    period = edition.period
    if paper not in PAPERS:
        raise UsageError(f"--paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    board, facts, language = ctx.board, ctx.facts, ctx.language
    events = events_in_period(board, period, facts.tracker)
    councils = councils_in_period(board, period)
    top = [RankedPartner(s, partner_name(board, s.partner), s.partner) for s in facts.overall_ranking[:10]]
    span = i18n.translate(
        language,
        "print.period_span",
        start=i18n.format_date(period.start, language),
        end=i18n.format_date(period.end, language),
    )
    running_head = f"{board.site.name} · {i18n.translate(language, 'print.period')} {span}"
    links = board_links(board) if urls.absolute_url(ctx.base_url, "") is not None else None
    return ctx.render(
        TEMPLATE,
        f"{PRINT_FOLDER}/{edition.name}.html",
        period=period,
        period_span=span,
        paper=paper,
        events=events,
        councils=councils,
        decision_count=sum(len(held.decisions) for held in councils),
        partner_changes=partner_changes(events),
        figures=facts.stats.figures(),
        top=top,
        partner_names={partner.id: partner.name for partner in board.partners},
        wish_photos=print_photos(ctx.pictures, events.wishes_fulfilled),
        project_photos=print_photos(ctx.pictures, events.projects_completed),
        codes=QrCodes(ctx.base_url, language, ctx.renderer.memory.codes, links),
        day=ShortDates(period.end.year, language),
        running_head=css_string(running_head),
        page_numbers=Markup(i18n.translate(language, "print.page_numbers_css")),
        margin_text=PAPER_STYLES[paper].margin_text,
    )


def produce_print(ctx: SiteContext) -> SiteFiles:
    """Producer: the build's month as ``print/<month>.html`` and ``print/index.html``."""
    edition = choose_period(ctx.build_date)
    html = render_edition(ctx, edition)
    return {f"{PRINT_FOLDER}/{edition.name}.html": html, f"{PRINT_FOLDER}/index.html": html}


# --- writing into a built site ----------------------------------------------------------


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary file beside it, so readers never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server must read it
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _period_of_file(name: str) -> tuple[dt.date, dt.date] | None:
    found = _PERIOD_FILE.match(name)
    if not found:
        return None
    stem = found.group(1)
    if "_" in stem:
        first, last = stem.split("_")
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    whole = month_period(int(stem[:4]), int(stem[5:7]))
    return whole.start, whole.end


def latest_period_file(folder: Path) -> Path | None:
    """The printed period that ends last (then starts last) in a print folder."""
    dated = []
    for path in folder.glob("*.html"):
        span = _period_of_file(path.name)
        if span is not None:
            dated.append((span[1], span[0], path.name, path))
    return max(dated)[3] if dated else None


def write_missing_short_links(ctx: SiteContext, out_dir: Path) -> list[Path]:
    """Write the short-address pages (q/<code>/) the printed codes lead to that the built site
    lacks: a site built without an absolute base_url and printed with --base-url has none.
    Pages the build made are left as they are."""
    written = []
    for site_path, data in produce_short_links(ctx).items():
        target = out_dir / site_path
        if not target.is_file():
            assert isinstance(data, bytes)  # a context without memory of earlier builds renders every page
            write_atomic(target, data)
            written.append(target)
    return written


def write_edition(out_dir: Path, edition: PrintPeriod, html: bytes) -> list[Path]:
    """Write a period's page into ``out_dir/print/`` and make index.html the latest period."""
    folder = out_dir / PRINT_FOLDER
    name = edition.name
    written = [folder / f"{name}.html"]
    write_atomic(written[0], html)
    latest = latest_period_file(folder)
    if latest is not None:
        write_atomic(folder / "index.html", latest.read_bytes())
        written.append(folder / "index.html")
    return written
