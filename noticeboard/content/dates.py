"""The build date: the day the board is published for, as ``--date``, SOURCE_DATE_EPOCH or today."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping

from noticeboard.errors import UsageError

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def resolve_build_date(given: str | None, environ: Mapping[str, str] | None = None) -> dt.date:
    """Build date: ``--date``, else SOURCE_DATE_EPOCH (as a UTC date), else today."""
    environ = os.environ if environ is None else environ
    if given is not None:
        try:
            # fromisoformat alone would also take 20220827 or 2022-W34-6 on Python 3.11+.
            if not _ISO_DATE.fullmatch(given):
                raise ValueError(given)
            return dt.date.fromisoformat(given)
        except ValueError:
            raise UsageError(f"--date must be a date written YYYY-MM-DD, not {given!r}") from None
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}") from None
    return dt.date.today()
