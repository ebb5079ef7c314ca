"""Where each page lives in the built site. Every stage asks here; nobody builds paths by hand.

Pages are folders with an index.html (``wishes/2022-05-16-haircut/index.html``), so URLs
stay clean (``wishes/2022-05-16-haircut/``) on any static host.
"""

from __future__ import annotations

# record type -> the site folder of its pages
SECTIONS = {
    "partner": "partners",
    "project": "projects",
    "wish": "wishes",
    "council": "councils",
}


def record_dir(record_type: str, record_id: str) -> str:
    """The site-relative folder of a record's page, e.g. ``wishes/haircut/``."""
    return f"{SECTIONS[record_type]}/{record_id}/"


def record_file(record_type: str, record_id: str) -> str:
    """The site-relative file of a record's page."""
    return record_dir(record_type, record_id) + "index.html"


def absolute_url(base_url: str, site_path: str) -> str | None:
    """Join an absolute base_url and a site path; None when base_url is not absolute."""
    if not base_url.startswith(("http://", "https://")):
        return None
    return base_url.rstrip("/") + "/" + site_path.lstrip("/")
