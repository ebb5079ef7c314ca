"""Open data (data/*.json, *.csv), the Atom feed and the sitemap, as a consumer reads them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from noticeboard.analysis.facts import BoardFacts
from noticeboard.content.check import check_content
from noticeboard.site.exports import OPEN_DATA_VERSION
from noticeboard.site.feed import MAX_ENTRIES, events, feed_xml, sitemap_xml, sitemaps
from noticeboard.site.open_data import export_files
from noticeboard.site.serialize import _cell, csv_bytes, json_bytes
from tests.conftest import REPO, build_site, check, make_board
from tests.site.open_data import contract
from tests.site.open_data.contract import broken_promises

ROOT = REPO
HERE = Path(__file__).parent
DEMO_DATE = dt.date(2022, 8, 27)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://wanhua.example.org/board/"
JSON_FILES = [
    "index", "stats", "partners", "projects", "wishes", "councils", "points", "indicators", "catalogue",
]  # fmt: skip
CSV_FILES = [
    "stats", "partners", "projects", "wishes", "councils", "decisions", "points", "standings", "catalogue",
]  # fmt: skip


@pytest.fixture(scope="module")
def demo():
    return check_content(ROOT / "content", DEMO_DATE).board


@pytest.fixture(scope="module")
def files(demo):
    return export_files(BoardFacts(demo), BASE)


def _json(files: dict[str, bytes], name: str):
    return json.loads(files[f"data/{name}.json"].decode("utf-8"))


def _csv(files: dict[str, bytes], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"data/{name}.csv"].decode("utf-8-sig"))))


# --- data/*.json ---------------------------------------------------------------------------


def test_the_export_schemas_keep_every_promise_of_the_open_data_version():
    """A reader written for a version reads every board stating it: a field may be added, none
    removed, renamed or changed (tests/site/open_data/contract.py)."""
    assert (HERE / "open_data" / f"v{OPEN_DATA_VERSION}.json").is_file(), (
        "a new OPEN_DATA_VERSION: record its contract with python -m tests.site.open_data.contract "
        f"{OPEN_DATA_VERSION}"
    )
    assert broken_promises(OPEN_DATA_VERSION) == [], (
        "schemas/export/ broke the contract of its version: keep the field, or add 1 to OPEN_DATA_VERSION "
        "(noticeboard/site/exports.py) and to the const of open_data_version in "
        "schemas/export/index.schema.json, and say in CHANGELOG.md and docs/open-data.md what changed"
    )
    index_schema = json.loads((ROOT / "schemas/export/index.schema.json").read_text(encoding="utf-8"))
    assert index_schema["properties"]["open_data_version"]["const"] == OPEN_DATA_VERSION
    doc = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    assert f"（现在是 **{OPEN_DATA_VERSION}**）" in doc and f"(now **{OPEN_DATA_VERSION}**)" in doc


def test_the_contract_notices_a_removed_renamed_or_retyped_field(tmp_path, monkeypatch):
    copy = tmp_path / "export"
    shutil.copytree(ROOT / "schemas" / "export", copy)
    wishes = json.loads((copy / "wishes.schema.json").read_text(encoding="utf-8"))
    item = wishes["items"]["properties"]
    item["submitted_on"] = item.pop("submitted")
    item["status"]["enum"] = [*item["status"]["enum"], "paused"]
    item["new_field"] = {"type": "string"}  # an addition keeps the promise
    (copy / "wishes.schema.json").write_text(json.dumps(wishes), encoding="utf-8")
    (copy / "points.schema.json").unlink()
    monkeypatch.setattr(contract, "EXPORT", copy)
    broken = broken_promises(1)
    assert "points.schema.json: the file is gone" in broken
    assert "wishes.schema.json: $[].submitted is gone (removed or renamed)" in broken
    assert any(line.startswith("wishes.schema.json: $[].status promised") for line in broken)
    assert not any("new_field" in line for line in broken) and len(broken) == 3


def test_the_index_names_the_board_its_files_and_the_open_data_version(files):
    index = _json(files, "index")
    assert index["open_data_version"] == OPEN_DATA_VERSION
    assert index["board"] == {
        "name": "万华社区共享联盟公示栏",
        "community": "万华社区",
        "street": "东城街道",
        "district": "东城区",
        "language": "zh-CN",
        "url": BASE,
    }
    assert index["build_date"] == "2022-08-27"
    assert index["files"] == sorted(path.removeprefix("data/") for path in files if path != "data/index.json")
    assert "contact" not in json.dumps(index) and "党群服务中心" not in json.dumps(index)


def test_the_index_of_a_board_without_an_address_or_street_says_null(tmp_path):
    index = json.loads(export_files(BoardFacts(check(make_board(tmp_path)).board), "/")["data/index.json"])
    assert index["board"]["street"] is None and index["board"]["district"] is None
    assert index["board"]["url"] is None


def test_demo_stats_are_the_published_figures_in_order(files):
    assert list(_json(files, "stats").items()) == [
        ("partners_active", 42),
        ("projects_signed", 53),
        ("wishes_collected", 52),
        ("wishes_fulfilled", 44),
        ("councils_held", 49),
        ("council_participants", 272),
        ("problems_solved", 12),
    ]


def test_the_index_without_street_or_district_says_null(tmp_path):
    board = check(make_board(tmp_path)).board
    data = json.loads(export_files(BoardFacts(board), "/")["data/index.json"])
    assert (data["board"]["street"], data["board"]["district"], data["board"]["url"]) == (None, None, None)


@pytest.mark.parametrize("base_url", [BASE, "/"])
@pytest.mark.parametrize("name", JSON_FILES)
def test_json_validates_against_the_published_schema(demo, name, base_url):
    schema = json.loads((ROOT / "schemas" / "export" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data = _json(export_files(BoardFacts(demo), base_url), name)
    errors = [
        e.message for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)
    ]
    assert errors == []


def test_schemas_are_published_beside_the_data(files):
    for name in JSON_FILES:
        published = files[f"data/schemas/{name}.schema.json"]
        assert published == (ROOT / "schemas" / "export" / f"{name}.schema.json").read_bytes()


def test_records_are_sorted_by_id_with_every_key_in_every_record(demo, files):
    for name, records in [("partners", demo.partners), ("wishes", demo.wishes), ("councils", demo.councils)]:
        exported = _json(files, name)
        assert [r["id"] for r in exported] == sorted(r.id for r in records)
        assert len({tuple(r) for r in exported}) == 1  # the same keys, in the same order


def test_a_wish_reads_as_on_its_page(files):
    wish = next(w for w in _json(files, "wishes") if w["id"] == "2022-01-12-reading-glasses")
    assert wish["title"] == "配一副老花镜"
    assert wish["beneficiary"] == "3号楼的张奶奶"
    assert (wish["claimed"], wish["fulfilled"], wish["points"]) == ("2022-01-12", "2022-01-20", 10)
    assert wish["claimed_by"] == "mingmu-optical"
    assert wish["story"].startswith("张奶奶今年78岁")
    assert wish["url"] == BASE + "wishes/2022-01-12-reading-glasses/"


def test_urls_are_site_relative_without_an_absolute_base_url(demo):
    wishes = _json(export_files(BoardFacts(demo), "/"), "wishes")
    assert wishes[0]["url"] == f"wishes/{wishes[0]['id']}/"


def test_council_decisions_carry_votes_and_overdue(files):
    council = next(c for c in _json(files, "councils") if c["id"] == "2022-08-24-yard-8")
    assert council["held"] is True
    assert council["attendees"] == ["hengtai-bank", "dongcheng-calligraphy"]
    first = council["decisions"][0]
    assert first["votes"] == {"for": 2, "against": 1, "abstain": 0}
    assert (first["status"], first["due"], first["overdue"]) == ("in-progress", "2022-09-30", False)


def test_points_ledger_adds_up_to_the_standings(files):
    points = _json(files, "points")
    last_balance = {}
    for line in points["ledger"]:
        last_balance[line["partner"]] = line["balance"]
    for standing in points["standings"]:
        assert standing["balance"] == standing["earned"] - standing["redeemed"]
        assert last_balance.get(standing["partner"], 0) == standing["balance"]


def test_site_contact_is_never_exported(demo, files):
    assert demo.site.contact
    assert all(demo.site.contact.encode("utf-8") not in data for data in files.values())


# --- data/*.csv ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_has_a_bom_and_parses(files, name):
    data = files[f"data/{name}.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _csv(files, name)
    assert rows and all(None not in row for row in rows)  # no row longer than the header


def test_csv_has_one_row_per_record(demo, files):
    assert len(_csv(files, "partners")) == len(demo.partners)
    assert len(_csv(files, "wishes")) == len(demo.wishes)
    assert len(_csv(files, "councils")) == len(demo.councils)
    assert len(_csv(files, "decisions")) == sum(len(c.decisions) for c in demo.councils)
    assert len(_csv(files, "points")) == len(_json(files, "points")["ledger"])


def test_csv_flattens_lists_readably(files):
    partner = next(r for r in _csv(files, "partners") if r["id"] == "chen-limin")
    assert partner["name"] == "陈立民（退休医生）"
    assert partner["services"] == "血压测量与健康咨询（医疗健康）"
    council = next(r for r in _csv(files, "councils") if r["id"] == "2022-08-24-yard-8")
    assert council["attendees"] == "hengtai-bank;dongcheng-calligraphy"
    assert (council["decisions"], council["held"]) == ("2", "true")


def test_csv_text_that_excel_would_run_as_a_formula_is_defused(tmp_path):
    wish = (
        'title: \'=HYPERLINK("http://evil.example","点我")\'\nbeneficiary: 张奶奶\ncategory: 助老服务\n'
        "submitted: 2022-05-01\nstatus: open\n"
    )
    board = check(make_board(tmp_path, {"wishes/evil.yaml": wish})).board
    files = export_files(BoardFacts(board), "/")
    assert _csv(files, "wishes")[0]["title"] == '\'=HYPERLINK("http://evil.example","点我")'
    assert _json(files, "wishes")[0]["title"] == '=HYPERLINK("http://evil.example","点我")'


def test_exports_are_deterministic(demo):
    again = check_content(ROOT / "content", DEMO_DATE).board
    assert export_files(BoardFacts(demo), BASE) == export_files(BoardFacts(again), BASE)


@pytest.mark.parametrize("name", JSON_FILES)
def test_json_is_written_as_json_dumps_with_indent_2_writes_it(files, name):
    data = files[f"data/{name}.json"]
    expected = json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n"
    assert data.decode("utf-8") == expected


def test_json_writer_matches_the_standard_one_on_awkward_values():
    value = {
        "empty": [{}, [], "", {"a": []}],
        "text": ['引号"\\反斜杠', "\u2028\x00\n\t", "🎉 emoji", "'"],
        "mixed": [1, -2, True, False, None, 1.5, {"k": [1, [2, [3]]]}],
        "nested": {"votes": {"for": 3, "against": None}, "flat": ["a", 1]},
    }
    assert json_bytes(value).decode("utf-8") == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


JSON_TEXT = st.text(alphabet=st.sampled_from('[]{}",:\\\x00\x01\n a车'), max_size=6)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(JSON_VALUES)
def test_json_writer_matches_the_standard_one_on_any_value(value):
    assert json_bytes(value).decode("utf-8") == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


CSV_TEXT = st.text(alphabet=st.sampled_from(",\"\r\n =-;'a车"), max_size=5)
CSV_VALUES = st.none() | st.booleans() | st.integers() | CSV_TEXT | st.lists(CSV_TEXT, max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 3).flatmap(lambda n: st.lists(st.lists(CSV_VALUES, min_size=n, max_size=n), max_size=4))
)
def test_csv_writer_writes_what_the_csv_module_writes(rows):
    columns = [f"c{i}" for i in range(len(rows[0]) if rows else 1)]
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    written = csv_bytes(columns, [dict(zip(columns, row, strict=True)) for row in rows])
    assert written == ("\ufeff" + expected.getvalue()).encode("utf-8")


# --- feed.xml -----------------------------------------------------------------------------


def _feed(board, base_url: str) -> ET.Element:
    return ET.fromstring(feed_xml(board, base_url, board.build_date))


def test_feed_is_atom_with_the_required_elements(demo):
    feed = _feed(demo, BASE)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert feed.findtext(f"{ATOM}title") == "万华社区共享联盟公示栏"
    assert feed.findtext(f"{ATOM}updated") == "2022-08-27T00:00:00Z"
    assert feed.findtext(f"{ATOM}id") == BASE
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "万华社区"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == MAX_ENTRIES
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.findtext(f"{ATOM}title")
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith(BASE)


def test_feed_is_newest_first_and_never_after_the_build_date(demo):
    updated = [e.findtext(f"{ATOM}updated") for e in _feed(demo, BASE).findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)
    assert updated[0] <= "2022-08-27T00:00:00Z"


def test_feed_words_the_newest_events_as_the_full_list_does(demo):
    every = events(demo)
    assert len(every) > 20 and events(demo, 20) == every[:20]


def test_feed_tells_what_happened(demo):
    entries = _feed(demo, BASE).findall(f"{ATOM}entry")
    council = next(e for e in entries if e.findtext(f"{ATOM}title") == "院落议事会：8号院文明公约议事会")
    assert council.findtext(f"{ATOM}summary") == "2022年8月24日在8号院召开，3人参加，作出2项决定。"
    assert council.find(f"{ATOM}link").get("href") == BASE + "councils/2022-08-24-yard-8/"


def test_feed_speaks_the_board_language(tmp_path):
    files = {
        "site.yaml": "name: Test board\ncommunity: Test community\nlanguage: en\n",
        "wishes/glasses.yaml": (
            "title: Reading glasses\nbeneficiary: Grandma Zhang\ncategory: health\nsubmitted: 2022-05-01\n"
            "status: fulfilled\nclaimed_by: alpha\nclaimed: 2022-05-02\nfulfilled: 2022-05-17\n"
        ),
    }
    board = check(make_board(tmp_path, files)).board
    feed = ET.fromstring(feed_xml(board, "/", board.build_date))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Wish fulfilled: Reading glasses"
    assert (
        entry.findtext(f"{ATOM}summary") == "阿尔法公司 fulfilled the wish of Grandma Zhang: Reading glasses."
    )


def test_feed_without_absolute_base_url_uses_relative_links_and_uuid_ids(demo):
    feed = _feed(demo, "/")
    assert feed.findtext(f"{ATOM}id").startswith("urn:uuid:")
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert not entry.find(f"{ATOM}link").get("href").startswith(("/", "http"))
    assert feed.find(f"{ATOM}link[@rel='self']") is None


def test_feed_escapes_markup_in_content(tmp_path):
    partner = "name: '<script>alert(1)</script> & Co'\nkind: enterprise\njoined: 2022-05-01\n"
    board = check(make_board(tmp_path, {"partners/xss.yaml": partner})).board
    data = feed_xml(board, "/", board.build_date)
    assert b"<script>" not in data
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(data).findall(f"{ATOM}entry")]
    assert "新的红色合伙人：<script>alert(1)</script> & Co" in titles


# --- sitemap.xml and the built site ---------------------------------------------------------


def test_sitemap_lists_clean_urls_and_skips_the_404_page():
    paths = ["index.html", "404.html", "wishes/a/index.html", "static/style.css", "data/stats.json"]
    root = ET.fromstring(sitemap_xml(BASE, paths, DEMO_DATE))
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert locs == [BASE, BASE + "wishes/a/"]
    assert {u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")} == {"2022-08-27"}


def test_a_big_site_gets_a_sitemap_index_over_numbered_parts():
    paths = [f"wishes/w{i}/index.html" for i in range(5)]
    files = sitemaps(BASE, paths, DEMO_DATE, limit=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [s.findtext(f"{SITEMAP}loc") for s in index] == [BASE + f"sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = [
        u.findtext(f"{SITEMAP}loc") for n in (1, 2, 3) for u in ET.fromstring(files[f"sitemap-{n}.xml"])
    ]
    assert listed == [BASE + f"wishes/w{i}/" for i in range(5)]


def test_no_sitemap_without_an_absolute_base_url():
    assert sitemap_xml("/", ["index.html"], DEMO_DATE) is None
    assert sitemap_xml("/board/", ["index.html"], DEMO_DATE) is None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built") / "site"
    report = build_site(ROOT / "content", out, DEMO_DATE, base_url=BASE)
    assert report.ok
    return out


def test_built_site_has_the_open_data_feed_and_a_sitemap_of_every_page(built):
    assert json.loads((built / "data" / "stats.json").read_text(encoding="utf-8"))["problems_solved"] == 12
    assert ET.parse(built / "feed.xml").getroot().tag == f"{ATOM}feed"
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    locs = {u.findtext(f"{SITEMAP}loc") for u in ET.parse(built / "sitemap.xml").getroot()}
    # q/: the QR codes' short links; admin/: the form editor, for volunteers, not search engines
    listed = [p for p in pages if p != "404.html" and not p.startswith(("q/", "admin/"))]
    assert len(listed) < len(pages) - 100
    expected = {BASE + p.removesuffix("index.html") for p in listed}
    assert locs == expected
    assert BASE + "wishes/2022-01-12-reading-glasses/" in locs


def test_built_site_without_absolute_base_url_has_no_sitemap(tmp_path):
    out = tmp_path / "site"
    assert build_site(ROOT / "content", out, DEMO_DATE, base_url="/").ok
    assert (out / "feed.xml").is_file() and (out / "data" / "wishes.csv").is_file()
    assert not (out / "sitemap.xml").exists()


# --- docs/open-data.md ----------------------------------------------------------------------


def _documented_fields(schema: dict, where: str = "") -> list[str]:
    names = []
    for name, sub in schema.get("properties", {}).items():
        dotted = f"{where}.{name}" if where else name
        names += [dotted, *_documented_fields(sub, dotted)]
        if isinstance(sub.get("items"), dict):
            names += _documented_fields(sub["items"], f"{dotted}[]")
    return names


def test_every_exported_field_and_column_is_documented(files):
    doc = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    sections = doc.split("\n### ")
    missing = []
    for name in JSON_FILES:
        schema = json.loads((ROOT / "schemas" / "export" / f"{name}.schema.json").read_text(encoding="utf-8"))
        section = next(s for s in sections if s.startswith(f"`data/{name}.json`"))
        root = schema["items"] if schema["type"] == "array" else schema
        missing += [f"{name}: {f}" for f in _documented_fields(root) if f"| `{f}` |" not in section]
    for name in CSV_FILES:
        header = next(csv.reader(io.StringIO(files[f"data/{name}.csv"].decode("utf-8-sig"))))
        csv_section = doc.split("## CSV 文件")[1].split("\n## ")[0]
        row = next(line for line in csv_section.splitlines() if line.startswith(f"| `data/{name}.csv` |"))
        missing += [f"{name}.csv: {column}" for column in header if f"`{column}`" not in row.split("|")[2]]
    assert missing == []


# --- the follow-through ----------------------------------------------------------------------


def test_the_follow_through_fields_read_as_on_the_pages(files):
    wishes = {w["id"]: w for w in _json(files, "wishes")}
    assert (wishes["2022-05-16-haircut"]["confirmed"], wishes["2022-05-16-haircut"]["disputed"]) == (
        "2022-05-18",
        None,
    )
    door = wishes["2022-07-06-door-lock"]
    assert (door["place"], door["confirmed"], door["disputed"]) == ("3号院", None, door["disputed"])
    assert door["disputed"].startswith("门锁换好了")
    council = next(c for c in _json(files, "councils") if c["id"] == "2022-04-08-yard-3")
    shed = council["decisions"][0]
    assert council["place"] == "3号院"
    assert (shed["progress"], len(shed["updates"]), shed["result"][:6]) == (100, 4, "3号院东北角")
    assert shed["updates"][1] == {"date": "2022-05-16", "text": "车棚地基完工", "progress": 40}
    projects = {p["id"]: p for p in _json(files, "projects")}
    assert projects["2021-12-family-doctor"]["agreement"]["expired"] is True
    assert projects["2021-09-elderly-meals-longterm"]["agreement"]["expired"] is False
    assert projects["2020-10-elderly-free-haircut"]["agreement"] is None
    row = next(
        r for r in _csv(files, "decisions") if r["council"] == "2022-04-08-yard-3" and r["index"] == "0"
    )
    assert (row["progress"], row["place"]) == ("100", "3号院")
    assert "2022-05-16 车棚地基完工 (40%)" in row["updates"]
    project_row = next(r for r in _csv(files, "projects") if r["id"] == "2021-12-family-doctor")
    assert (project_row["agreement_until"], project_row["agreement_expired"]) == ("2022-06-30", "true")


def test_the_points_shop_and_indicators_files(files):
    rice = next(item for item in _json(files, "catalogue") if item["id"] == "rice-5kg")
    assert (rice["stock"], rice["redeemed"], rice["remaining"], rice["state"]) == (2, 2, 0, "sold-out")
    assert rice["url"] == BASE + "points/shop/#item-rice-5kg"
    indicators = _json(files, "indicators")
    assert list(indicators["wishes"]) == ["last_12_months", "all_time"]
    assert indicators["wishes"]["all_time"]["confirmed"] == 9
    assert len(_json(files, "stats")) == 7  # the headline figures keep exactly their seven keys


def test_a_board_without_a_points_shop_publishes_no_catalogue(tmp_path):
    names = export_files(BoardFacts(check(make_board(tmp_path)).board), "/")
    assert "data/catalogue.json" not in names and "data/indicators.json" in names
