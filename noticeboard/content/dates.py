"""The build date: the day the board is published for, as ``--date``, SOURCE_DATE_EPOCH or today.

"Today" is the board's day, not the machine's: a board in Beijing publishes on Beijing's
date even when CI runs on a computer set to UTC (which is still "yesterday" until 08:00
Beijing time). ``site.yaml`` names the board's time zone (``timezone``, an IANA name such as
``Asia/Shanghai``, the default); the clock and SOURCE_DATE_EPOCH are both read in it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from noticeboard.errors import UsageError

DEFAULT_TIMEZONE = "Asia/Shanghai"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Only what an IANA name can be: no path tricks reach zoneinfo's file lookup.
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,2}\Z")

Clock = Callable[[dt.tzinfo], dt.datetime]  # "now" in a time zone; tests hand in a fixed one


def zone(name: str) -> ZoneInfo | None:
    """The time zone called ``name`` (an IANA name such as Asia/Shanghai), None when unknown."""
    if not _ZONE_NAME.match(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def board_timezone(content: Path | None) -> ZoneInfo:
    """The board's time zone from ``site.yaml``, read cheaply before the board is loaded.

    Whatever is wrong with the setting (no site.yaml, a name zoneinfo does not know) falls
    back to the default; ``check`` reports a bad name on its line.
    """
    from noticeboard.content.decode import site_setting  # the parser, only when there is a board

    name = site_setting(content, "timezone") if content is not None else None
    found = zone(name) if isinstance(name, str) else None
    return found or ZoneInfo(DEFAULT_TIMEZONE)


def _now(tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.now(tz)


def resolve_build_date(
    given: str | None,
    environ: Mapping[str, str] | None = None,
    *,
    content: Path | None = None,
    clock: Clock = _now,
) -> dt.date:
    """Build date: ``--date``, else SOURCE_DATE_EPOCH, else today, both read in the board's time
    zone (``site.yaml`` ``timezone`` of the ``content`` folder; Asia/Shanghai by default)."""
    environ = os.environ if environ is None else environ
    if given is not None:
        try:
            # fromisoformat alone would also take 20220827 or 2022-W34-6 on Python 3.11+.
            if not _ISO_DATE.fullmatch(given):
                raise ValueError(given)
            return dt.date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"--date must be a date written YYYY-MM-DD, not {given!r}") from None
    tz = board_timezone(content)
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=tz).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from None
    return clock(tz).date()
