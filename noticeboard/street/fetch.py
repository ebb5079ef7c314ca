"""Fetch a community's published files: from a folder, or over HTTP with a timeout and a size cap.

A street board reads boards it does not control, published on hosts it does not control: a
host that never answers, answers slowly or sends a gigabyte must cost one clear line about
that community, never the whole street's build. So every read has a size cap (checked before
and while reading) and a deadline, redirects may only lead to http(s) addresses, and every
failure becomes :class:`Unreachable` with a reason short enough for one line. A file that is
simply not there (HTTP 404, no such file) is :data:`None`, for the reader to judge.
"""

from __future__ import annotations

import http.client
import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from noticeboard.street.config import CommunityEntry

USER_AGENT = "noticeboard-street/1 (+https://github.com/; a street board reading open data)"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How long and how much one file may take."""

    timeout: float = 10.0  # seconds for a whole file, connecting included
    max_bytes: int = 16 * 1024 * 1024  # a 10,000-record board's wishes.json is about 6 MiB


class Unreachable(Exception):
    """A file that exists, or should, but cannot be read; ``reason`` names why (a key of
    :data:`noticeboard.street.messages.REASONS`) and ``params`` fill in its words."""

    def __init__(self, location: str, reason: str, **params: object) -> None:
        super().__init__(f"{location}: {reason} {params}")
        self.location = location
        self.reason = reason
        self.params = params


def location_of(entry: CommunityEntry, name: str) -> str:
    """Where a board file is read from: a path in the folder, or an address below the board's."""
    if entry.remote:
        return urljoin(entry.location, name)
    return os.path.join(entry.location, *name.split("/"))


def fetch(entry: CommunityEntry, name: str, limits: Limits) -> bytes | None:
    """Read one file of a community's board (``data/index.json``); None when it is not there."""
    location = location_of(entry, name)
    if entry.remote:
        return _http(location, limits)
    if not os.path.isdir(entry.location):
        raise Unreachable(entry.location, "no-folder")
    return _file(location, limits)


def _file(path: str, limits: Limits) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > limits.max_bytes:
                raise Unreachable(path, "too-large", limit=limits.max_bytes)
            return handle.read()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        raise Unreachable(path, "is-folder") from None
    except OSError as error:
        raise Unreachable(path, "system", detail=error.strerror or type(error).__name__) from None


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects (at most urllib's 10) to http(s) addresses only."""

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> Any:
        target = headers.get("Location") or headers.get("URI") or ""
        if urlsplit(urljoin(req.full_url, target)).scheme not in ("http", "https"):
            raise Unreachable(req.full_url, "redirect", to=target)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_HttpOnly())


def _http(url: str, limits: Limits) -> bytes | None:
    deadline = time.monotonic() + limits.timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    try:
        with _OPENER.open(request, timeout=limits.timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > limits.max_bytes:
                raise Unreachable(url, "too-large", limit=limits.max_bytes)
            chunks: list[bytes] = []
            received = 0
            # read1: one receive at a time, so a host trickling bytes meets the deadline too.
            while chunk := response.read1(_CHUNK):
                received += len(chunk)
                if received > limits.max_bytes:
                    raise Unreachable(url, "too-large", limit=limits.max_bytes)
                if time.monotonic() > deadline:
                    raise Unreachable(url, "timeout", seconds=f"{limits.timeout:g}")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as error:
        if error.code in (404, 410):
            return None
        raise Unreachable(url, "http", status=error.code, text=error.reason) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise Unreachable(url, "timeout", seconds=f"{limits.timeout:g}") from None
        detail = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
        raise Unreachable(url, "system", detail=detail) from None
    except TimeoutError:
        raise Unreachable(url, "timeout", seconds=f"{limits.timeout:g}") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise Unreachable(url, "system", detail=f"{type(error).__name__}: {error}".rstrip(": ")) from None
