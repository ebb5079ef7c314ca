"""``python build.py new``: a fresh, valid record file from the commented template."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from noticeboard.cli import main
from noticeboard.content.parse import parse_yaml
from noticeboard.content.scaffold import (
    TEMPLATE_TYPES,
    new_record_id,
    record_folder,
    record_template,
    suggested_filename,
)
from noticeboard.content.schema import schema_findings
from tests.conftest import REPO, check, make_board
from tests.templates import OPTIONAL_LINE, fill_placeholders, uncomment_optional_lines

SEED_AWARD = {"points/awards/seed.yaml": "partner: alpha\ndate: 2022-01-05\npoints: 5\nreason: 值守\n"}


def _new(capsys, content, *args):
    code = main(["new", *args, "--content", str(content)])
    out = capsys.readouterr().out.strip()
    return code, out


def test_ascii_title_names_the_file_and_only_placeholders_are_left(tmp_path, capsys):
    content = make_board(tmp_path)
    code, out = _new(capsys, content, "wish", "--title", "Haircut", "--date", "2022-05-16")
    assert code == 0
    path = content / "wishes" / "2022-05-16-haircut.yaml"
    assert out == path.as_posix()
    text = path.read_text(encoding="utf-8")
    assert 'title: "Haircut"' in text
    assert "submitted: 2022-05-16" in text
    checked = check(content)
    assert {p.code for p in checked.problems} == {"template-placeholder"}
    assert "title" not in {p.key_path for p in checked.problems}  # the title given is real content
    path.write_text(fill_placeholders("wish", text), encoding="utf-8")
    assert check(content).ok, check(content).report()


def test_chinese_title_gets_a_counter_and_never_overwrites(tmp_path, capsys):
    content = make_board(tmp_path)
    _, first = _new(capsys, content, "wish", "--title", "给父亲上门理发", "--date", "2024-05-16")
    _, second = _new(capsys, content, "wish", "--title", "给父亲上门理发", "--date", "2024-05-16")
    assert first.endswith("wishes/2024-05-16-1.yaml")
    assert second.endswith("wishes/2024-05-16-2.yaml")
    assert "给父亲上门理发" in (content / "wishes" / "2024-05-16-2.yaml").read_text(encoding="utf-8")


def test_same_ascii_title_twice_gets_a_suffix():
    taken = {"2024-05-16-haircut"}
    assert new_record_id("wish", dt.date(2024, 5, 16), "Haircut!", taken) == "2024-05-16-haircut-2"
    assert new_record_id("wish", dt.date(2024, 5, 16), "  ", set()) == "2024-05-16-1"


@pytest.mark.parametrize("record_type", TEMPLATE_TYPES)
def test_every_type_writes_a_record_that_passes_check_once_filled_in(tmp_path, capsys, record_type):
    content = make_board(tmp_path, SEED_AWARD)
    code, out = _new(capsys, content, record_type, "--title", "Spring clean", "--date", "2022-08-20")
    assert code == 0, out
    checked = check(content)
    assert checked.problems and {p.code for p in checked.problems} == {"template-placeholder"}
    path = Path(out)
    path.write_text(fill_placeholders(record_type, path.read_text(encoding="utf-8")), encoding="utf-8")
    checked = check(content)
    assert checked.ok, checked.report()
    assert checked.board.record_count() == 3


def test_councils_are_filed_by_year_and_partners_by_name(tmp_path, capsys):
    content = make_board(tmp_path)
    _, council = _new(capsys, content, "council", "--title", "Yard 3", "--date", "2022-08-20")
    _, partner = _new(capsys, content, "partner", "--title", "Wanhua Barbershop", "--date", "2022-08-20")
    assert council.endswith("councils/2022/2022-08-20-yard-3.yaml")
    assert partner.endswith("partners/wanhua-barbershop.yaml")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_templates_as_linked_from_the_list_pages_cannot_pass_unedited(tmp_path, language):
    content = make_board(tmp_path, SEED_AWARD)
    on = dt.date(2022, 8, 1)
    paths = {}
    for record_type in TEMPLATE_TYPES:
        rel = f"{record_folder(record_type, on)}/{suggested_filename(record_type, on)}"
        paths[record_type] = content / rel
        paths[record_type].parent.mkdir(parents=True, exist_ok=True)
        paths[record_type].write_text(record_template(record_type, on, language=language), encoding="utf-8")
    checked = check(content)
    assert {p.file.split("/")[-1] for p in checked.problems} == {p.name for p in paths.values()}
    assert {p.code for p in checked.problems} == {"template-placeholder"}
    for record_type, path in paths.items():
        path.write_text(fill_placeholders(record_type, path.read_text(encoding="utf-8")), encoding="utf-8")
    checked = check(content)
    assert checked.ok, checked.report()
    assert checked.board.record_count() == 2 + len(TEMPLATE_TYPES)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
@pytest.mark.parametrize("record_type", TEMPLATE_TYPES)
def test_deleting_the_hash_of_every_optional_line_gives_valid_yaml(record_type, language):
    """CONTRIBUTING: "a line whose # is followed directly by a field name is optional: delete
    that # to use it". Every optional line of every template, uncommented at once, must read
    without a single parse issue, and name only fields the record type has."""
    text = record_template(record_type, dt.date(2022, 8, 1), language=language)
    optional = [line for line in text.splitlines() if OPTIONAL_LINE.match(line)]
    assert optional or record_type == "redemption"
    opened = uncomment_optional_lines(text)
    assert not any(OPTIONAL_LINE.match(line) for line in opened.splitlines())
    doc = parse_yaml(opened)
    assert isinstance(doc.data, dict) and not doc.issues
    assert isinstance(yaml.safe_load(opened), dict)  # any YAML reader, not ours alone
    unknown = [f for f in schema_findings(record_type, doc.data) if f.code == "unknown-key"]
    assert unknown == []
    for line in text.splitlines():  # a note is "# " and a space: never mistaken for a line
        if line.lstrip().startswith("#") and not OPTIONAL_LINE.match(line):
            assert line.lstrip().startswith("# "), line


def test_templates_name_no_real_partner_or_resident():
    on = dt.date(2022, 8, 1)
    demo_partners = {p.stem for p in (REPO / "content" / "partners").iterdir()}
    for record_type in TEMPLATE_TYPES:
        for language in ("zh-CN", "en"):
            text = record_template(record_type, on, language=language)
            assert not any(re.search(rf"\b{re.escape(pid)}\b", text) for pid in demo_partners), record_type
            assert "王奶奶" not in text and "8-1-1" not in text


def test_unknown_type_is_a_usage_error(tmp_path, capsys):
    content = make_board(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["new", "banner", "--content", str(content)])
    assert stop.value.code == 2
