"""``python build.py new``: a fresh, valid record file from the commented template."""

from __future__ import annotations

import datetime as dt

import pytest

from noticeboard.cli import main
from noticeboard.content.scaffold import (
    TEMPLATE_TYPES,
    new_record_id,
    record_folder,
    record_template,
    suggested_filename,
)
from tests.conftest import check, make_board

SEED_AWARD = {"points/awards/seed.yaml": "partner: alpha\ndate: 2022-01-05\npoints: 5\nreason: 值守\n"}


def _new(capsys, content, *args):
    code = main(["new", *args, "--content", str(content)])
    out = capsys.readouterr().out.strip()
    return code, out


def test_ascii_title_names_the_file_and_the_file_passes_check(tmp_path, capsys):
    content = make_board(tmp_path)
    code, out = _new(capsys, content, "wish", "--title", "Haircut", "--date", "2022-05-16")
    assert code == 0
    assert out == (content / "wishes" / "2022-05-16-haircut.yaml").as_posix()
    text = (content / "wishes" / "2022-05-16-haircut.yaml").read_text(encoding="utf-8")
    assert 'title: "Haircut"' in text
    assert "submitted: 2022-05-16" in text
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
def test_every_type_writes_a_record_that_passes_check(tmp_path, capsys, record_type):
    content = make_board(tmp_path, SEED_AWARD)
    code, out = _new(capsys, content, record_type, "--title", "Spring clean", "--date", "2022-08-20")
    assert code == 0, out
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
def test_templates_as_linked_from_the_list_pages_are_valid_records(tmp_path, language):
    content = make_board(tmp_path, SEED_AWARD)
    board = check(content).board
    on = dt.date(2022, 8, 1)
    for record_type in TEMPLATE_TYPES:
        rel = f"{record_folder(record_type, on)}/{suggested_filename(record_type, on)}"
        text = record_template(record_type, on, board=board, language=language)
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    checked = check(content)
    assert checked.ok, checked.report()
    assert checked.board.record_count() == 2 + len(TEMPLATE_TYPES)


def test_unknown_type_is_a_usage_error(tmp_path, capsys):
    content = make_board(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["new", "banner", "--content", str(content)])
    assert stop.value.code == 2
