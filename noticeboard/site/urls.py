"""Where each page lives in the built site, and how pages link to each other.

Every stage asks here; nobody builds paths by hand. Pages are folders with an index.html
(``wishes/2022-05-16-haircut/index.html``), so URLs stay clean (``wishes/2022-05-16-haircut/``)
on any static host. Links between pages are relative (``../wishes/index.html``), so the
built folder works opened from disk, served from ``/`` or from a sub-path.
"""

from __future__ import annotations

from noticeboard.content.model import Record
from noticeboard.content.types import TYPES_BY_MODEL, TYPES_BY_NAME


def section(record_type: str) -> str:
    """The site folder of a record type's pages (``wishes``); KeyError if it has none."""
    folder = TYPES_BY_NAME[record_type].section
    if folder is None:
        raise KeyError(f"{record_type} records have no pages")
    return folder


def list_file(record_type: str) -> str:
    """The site-relative file of a record type's list page, e.g. ``wishes/index.html``."""
    return f"{section(record_type)}/index.html"


def record_dir(record_type: str, record_id: str) -> str:
    """The site-relative folder of a record's page, e.g. ``wishes/haircut/``."""
    return f"{section(record_type)}/{record_id}/"


def record_file(record_type: str, record_id: str) -> str:
    """The site-relative file of a record's page."""
    return record_dir(record_type, record_id) + "index.html"


def record_path(record: Record) -> str:
    """The site file of a record's page (TypeError for a record type without pages)."""
    record_type = TYPES_BY_MODEL.get(type(record))
    if record_type is None or record_type.section is None:
        raise TypeError(f"{type(record).__name__} records have no page")
    return record_file(record_type.name, record.id)


def has_page(record_type: str) -> bool:
    """Whether records of this type have pages of their own."""
    return TYPES_BY_NAME[record_type].section is not None


def absolute_url(base_url: str, site_path: str) -> str | None:
    """Join an absolute base_url and a site path; None when base_url is not absolute."""
    if not base_url.startswith(("http://", "https://")):
        return None
    return base_url.rstrip("/") + "/" + site_path.lstrip("/")


def relative_link(from_page: str, to_path: str) -> str:
    """A link from one site file to another, relative (``../wishes/index.html``).

    Both are site-relative POSIX paths without ``..`` (producers guarantee it), so plain
    string work suffices; posixpath.relpath would consult the working directory each call.
    """
    if to_path.endswith("/") or to_path == "":
        to_path += "index.html"
    from_dir = from_page.split("/")[:-1]
    to_parts = to_path.split("/")
    common = 0
    while common < len(from_dir) and common < len(to_parts) - 1 and from_dir[common] == to_parts[common]:
        common += 1
    return "../" * (len(from_dir) - common) + "/".join(to_parts[common:])
