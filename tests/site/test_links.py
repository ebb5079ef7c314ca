"""Every link and resource in the built demo resolves to a file of the output; nothing is fetched
from elsewhere."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from noticeboard.site.urls import relative_link
from tests.conftest import REPO, build_site
from tests.pagetext import read_page

DEMO = REPO / "content"
BASE_URL = "https://wanhua.example.org/"
REPO_URL = "https://github.com/wanhua-community/noticeboard"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("links") / "site"
    assert build_site(DEMO, out, dt.date(2022, 8, 27)).ok
    return out


def _target(site: Path, page: str, url: str) -> Path | None:
    """The file a link of ``page`` points to, or None for a link that leaves the site."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        if not url.startswith(BASE_URL):
            return None
        path = parts.path[len(urlsplit(BASE_URL).path) :]
    elif parts.scheme:
        return None
    elif parts.path.startswith("/"):  # root-relative (the 404 page, served at any address)
        path = parts.path[len(urlsplit(BASE_URL).path) :]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        assert not path.startswith(".."), f"{page}: {url} leaves the site"
    if path in ("", ".") or path.endswith("/"):
        path += "index.html"
    return site / path


def _links(site: Path):
    for html_file in sorted(site.rglob("*.html")):
        page = html_file.relative_to(site).as_posix()
        for node in read_page(html_file).iter():
            for attr in ("href", "src"):
                value = node.attrs.get(attr)
                if value is not None:
                    yield page, node.tag, attr, value


def test_every_internal_link_resolves_to_a_file(site: Path) -> None:
    broken = []
    checked = 0
    for page, _tag, _attr, url in _links(site):
        if url.startswith("#"):
            continue
        target = _target(site, page, url)
        if target is not None:
            checked += 1
            if not target.is_file():
                broken.append(f"{page}: {url}")
    assert not broken, "\n".join(broken[:20])
    assert checked > 2000


def test_nothing_is_loaded_from_elsewhere_and_only_known_sites_are_linked(site: Path) -> None:
    outside = sorted(
        {
            f"{tag} {attr}={url}"
            for page, tag, attr, url in _links(site)
            if urlsplit(url).scheme and _target(site, page, url) is None
            if not (tag == "a" and url.startswith((REPO_URL, "mailto:", "tel:")))
        }
    )
    assert not outside, "\n".join(outside[:20])


def test_links_between_pages_are_relative_and_name_index_html(site: Path) -> None:
    page = "wishes/2022-05-16-haircut/index.html"
    hrefs = [a.attrs["href"] for a in read_page(site / page).find_all("a") if "href" in a.attrs]
    internal = [h for h in hrefs if not urlsplit(h).scheme and not h.startswith("#")]
    assert internal and all(not h.startswith("/") for h in internal)
    assert all(urlsplit(h).path.endswith(("index.html", ".css", ".xml", ".json", ".csv")) for h in internal)


def test_relative_link_walks_up_from_the_page_folder() -> None:
    assert relative_link("index.html", "wishes/index.html") == "wishes/index.html"
    assert relative_link("wishes/a/index.html", "partners/b/index.html") == "../../partners/b/index.html"
    assert relative_link("wishes/index.html", "wishes/") == "index.html"
    assert relative_link("wishes/a/index.html", "wishesx/b/") == "../../wishesx/b/index.html"
    assert relative_link("wishes/a/index.html", "wishes/a/") == "index.html"


_SEGMENTS = st.sampled_from(["wishes", "wish", "a", "b", "q"])


@settings(max_examples=500, deadline=None)
@given(
    st.lists(_SEGMENTS, min_size=0, max_size=3),
    st.lists(_SEGMENTS, min_size=0, max_size=3),
    st.booleans(),
)
def test_relative_link_is_the_relative_path(page_dir: list[str], target: list[str], folder: bool) -> None:
    """The same link posixpath.relpath gives, for pages and targets that share folders or not."""
    page = "/".join([*page_dir, "index.html"])
    to_path = "/".join(target) + ("/" if folder and target else "/index.html" if target else "")
    expected = posixpath.relpath(
        to_path + "index.html" if to_path.endswith("/") or not to_path else to_path,
        "/".join(page_dir) or ".",
    )
    assert relative_link(page, to_path) == expected
