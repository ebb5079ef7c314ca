"""load.py: finding record files, reading them safely, positions counted from the top of the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from noticeboard.content.decode import MAX_FILE_BYTES
from noticeboard.content.load import load_content
from tests.conftest import check, make_board, where

WISH = "title: 理发\nbeneficiary: 马女士的父亲\ncategory: 助老服务\nsubmitted: 2022-05-16\nstatus: open\n"


def test_sources_know_their_type_id_and_paths(tmp_path: Path) -> None:
    content = make_board(tmp_path, {"wishes/2022/haircut.yaml": WISH})
    loaded = load_content(content, display_root="content")
    (wish,) = loaded.sources["wish"]
    assert (wish.type, wish.id, wish.rel) == ("wish", "haircut", "wishes/2022/haircut.yaml")
    assert wish.display == "content/wishes/2022/haircut.yaml"
    assert wish.path == content.resolve() / "wishes/2022/haircut.yaml"
    assert wish.data["title"] == "理发"
    assert loaded.ids["wish"] == {"haircut"}
    assert [s.id for s in loaded.sources["site"]] == ["site"]
    assert loaded.problems == []


def test_markdown_positions_count_from_the_top_of_the_file(tmp_path: Path) -> None:
    """Zola #1133: front-matter line numbers must not be off by the opening fence."""
    text = "---\n" + WISH + "---\n\n故事第一段。\n\n第二段。\n"
    content = make_board(tmp_path, {"wishes/haircut.md": text})
    (wish,) = load_content(content).sources["wish"]
    assert wish.doc.keys[("title",)] == (2, 1)
    assert wish.doc.values[("status",)] == (6, 9)
    assert wish.data["story"] == "故事第一段。\n\n第二段。"
    assert wish.doc.values[("story",)] == (9, 1)


def test_markdown_error_line_is_the_file_line(tmp_path: Path) -> None:
    text = "---\n" + WISH.replace("status: open", "status: opne") + "---\n正文\n"
    checked = check(make_board(tmp_path, {"wishes/haircut.md": text}))
    assert where(checked) == [("content/wishes/haircut.md", 6, 9, "invalid-choice")]


def test_markdown_front_matter_may_close_with_dots_and_have_no_body(tmp_path: Path) -> None:
    content = make_board(tmp_path, {"wishes/haircut.md": "---\n" + WISH + "...\n"})
    (wish,) = load_content(content).sources["wish"]
    assert "story" not in wish.data


def test_bom_and_crlf_load_with_exact_positions(tmp_path: Path) -> None:
    raw = ("\ufeff" + WISH + "colour: red\n").replace("\n", "\r\n").encode()
    checked = check(make_board(tmp_path, {"wishes/haircut.yaml": raw}))
    assert where(checked) == [("content/wishes/haircut.yaml", 6, 1, "unknown-key")]
    (wish,) = load_content(tmp_path / "content").sources["wish"]
    assert wish.data["title"] == "理发"  # no BOM, no \r left in values
    assert wish.doc.values[("title",)] == (1, 8)


def test_bom_and_crlf_in_markdown(tmp_path: Path) -> None:
    raw = ("\ufeff---\n" + WISH + "---\n\n正文\n").replace("\n", "\r\n").encode()
    (wish,) = load_content(make_board(tmp_path, {"wishes/haircut.md": raw})).sources["wish"]
    assert wish.data["story"] == "正文"
    assert wish.doc.values[("status",)] == (6, 9)


def test_gbk_bytes_are_an_encoding_error_naming_the_line(tmp_path: Path) -> None:
    raw = "title: 理发\n".encode() + "beneficiary: 马女士的父亲\n".encode("gbk")
    checked = check(make_board(tmp_path, {"wishes/haircut.yaml": raw}))
    assert where(checked) == [("content/wishes/haircut.yaml", 2, 14, "encoding")]
    assert "UTF-8" in checked.problems[0].message("zh-CN")


def test_encoding_column_counts_characters(tmp_path: Path) -> None:
    raw = "title: 理发\n心愿人: ".encode() + "马".encode("gbk") + b"\n"
    checked = check(make_board(tmp_path, {"wishes/haircut.yaml": raw}))
    assert where(checked) == [("content/wishes/haircut.yaml", 2, 6, "encoding")]


def test_file_over_one_mebibyte_is_refused(tmp_path: Path) -> None:
    big = WISH + "# " + "x" * MAX_FILE_BYTES + "\n"
    checked = check(make_board(tmp_path, {"wishes/big.yaml": big}))
    assert where(checked) == [("content/wishes/big.yaml", 1, 1, "file-too-large")]
    assert str(MAX_FILE_BYTES) in checked.problems[0].message("en")


def test_file_of_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    padding = MAX_FILE_BYTES - len(WISH.encode()) - 3
    text = WISH + "# " + "x" * padding + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    assert check(make_board(tmp_path, {"wishes/big.yaml": text})).ok


def test_symlink_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text(WISH, encoding="utf-8")
    content = make_board(tmp_path)
    (content / "wishes").mkdir()
    (content / "wishes/haircut.yaml").symlink_to(outside)
    checked = check(content)
    assert where(checked) == [("content/wishes/haircut.yaml", 1, 1, "symlink-escape")]


def test_symlink_to_a_folder_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "haircut.yaml").write_text(WISH, encoding="utf-8")
    content = make_board(tmp_path)
    (content / "wishes").mkdir()
    (content / "wishes/more").symlink_to(outside, target_is_directory=True)
    assert where(check(content)) == [("content/wishes/more", 1, 1, "symlink-escape")]


def test_symlinked_type_folder_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "haircut.yaml").write_text(WISH, encoding="utf-8")
    content = make_board(tmp_path)
    (content / "wishes").symlink_to(outside, target_is_directory=True)
    checked = check(content)
    assert where(checked) == [("content/wishes", 1, 1, "symlink-escape")]
    assert checked.board.wishes == []


def test_symlinked_site_yaml_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "site.yaml"
    outside.write_text("name: 外面\ncommunity: 外面\n", encoding="utf-8")
    content = make_board(tmp_path, {"site.yaml": None})
    (content / "site.yaml").symlink_to(outside)
    assert where(check(content)) == [("content/site.yaml", 1, 1, "symlink-escape")]


def test_symlink_inside_the_content_folder_is_fine(tmp_path: Path) -> None:
    content = make_board(tmp_path, {"wishes/2022/haircut.yaml": WISH})
    (content / "wishes/glasses.yaml").symlink_to(Path("2022/haircut.yaml"))
    checked = check(content)
    assert checked.ok, checked.report()
    assert [w.id for w in checked.board.wishes] == ["glasses", "haircut"]


def test_record_files_outside_the_read_folders_are_reported(tmp_path: Path) -> None:
    """A misspelt folder must not quietly drop records from the public board."""
    files = {
        "wish/haircut.yaml": WISH,
        "points/rule.yaml": "honor: 5\n",
        "notes.md": "# 备忘\n",
        "images/logo.png": b"\x89PNG",
        ".drafts/haircut.yaml": WISH,
        "partners/README.txt": None,
    }
    assert where(check(make_board(tmp_path, files))) == [
        ("content/notes.md", 1, 1, "misplaced-file"),
        ("content/points/rule.yaml", 1, 1, "misplaced-file"),
        ("content/wish/haircut.yaml", 1, 1, "misplaced-file"),
    ]


def test_dangling_symlink_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    content = make_board(tmp_path)
    (content / "wishes").mkdir()
    (content / "wishes/haircut.yaml").symlink_to(content / "wishes/nowhere.yaml")
    assert where(check(content)) == [("content/wishes/haircut.yaml", 1, 1, "unreadable-file")]


def test_hidden_and_backup_files_are_ignored(tmp_path: Path) -> None:
    files = {
        "wishes/.haircut.yaml.swp": b"\x00\x01",
        "wishes/haircut.yaml~": "broken: [",
        "wishes/.hidden/x.yaml": "broken: [",
        "wishes/haircut.yaml.bak": "broken: [",
    }
    assert check(make_board(tmp_path, files)).ok


def test_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    content = make_board(tmp_path)
    (content / "wishes").mkdir()
    name = os.fsdecode("理发".encode("gbk") + b".yaml")
    (content / "wishes" / name).write_text(WISH, encoding="utf-8")
    checked = check(content)
    assert where(checked) == [("content/wishes/\\xc0\\xed\\xb7\\xa2.yaml", 1, 1, "invalid-id")]
    assert "\\xc0" in checked.report()
    checked.report().encode("utf-8")  # printable on any terminal


def test_ids_of_unreadable_files_are_still_known(tmp_path: Path) -> None:
    content = make_board(tmp_path, {"partners/beta.yaml": "name: [\n"})
    loaded = load_content(content)
    assert loaded.ids["partner"] == {"alpha", "beta"}
    assert [s.id for s in loaded.sources["partner"]] == ["alpha"]


@pytest.mark.parametrize("folder", ["partners", "projects", "wishes", "councils"])
def test_every_prose_type_accepts_markdown(tmp_path: Path, folder: str) -> None:
    content = make_board(tmp_path, {f"{folder}/x.md": "---\n---\n正文\n"})
    loaded = load_content(content)
    (source,) = [s for s in loaded.sources[source_type(folder)] if s.id == "x"]
    prose = {"partners": "description", "projects": "description", "wishes": "story", "councils": "minutes"}
    assert source.data == {prose[folder]: "正文"}


def source_type(folder: str) -> str:
    return {"partners": "partner", "projects": "project", "wishes": "wish", "councils": "council"}[folder]


@pytest.mark.parametrize("rel", ["site.md", "points/rules.md"])
def test_settings_are_yaml_only(tmp_path: Path, rel: str) -> None:
    """A site.md or rules.md does not replace the YAML file."""
    yaml_rel = rel.replace(".md", ".yaml")
    content = make_board(tmp_path, {yaml_rel: None, rel: "---\nname: x\n---\n"})
    assert ("content/" + yaml_rel, 1, 1, "missing-file") in where(check(content))


def test_markdown_lines_are_counted_at_newlines_only(tmp_path: Path) -> None:
    """str.splitlines would also break at form feeds and \\x1c; editors do not."""
    text = "---\n" + WISH + "---\n\x0c\n\x1c正文\n"
    (wish,) = load_content(make_board(tmp_path, {"wishes/haircut.md": text})).sources["wish"]
    assert wish.doc.values[("story",)] == (9, 1)


@pytest.mark.parametrize(
    ("text", "holds"),
    [("- 理发\n", "a list"), ("理发\n", "text"), ("", "nothing"), ("2024\n", "a whole number")],
)
def test_not_a_mapping_says_what_the_file_holds(tmp_path: Path, text: str, holds: str) -> None:
    site = "name: Board\ncommunity: Test\nlanguage: en\n"
    checked = check(make_board(tmp_path, {"site.yaml": site, "wishes/haircut.yaml": text}))
    assert where(checked) == [("content/wishes/haircut.yaml", 1, 1, "not-a-mapping")]
    assert checked.problems[0].message("en") == f"the file must hold 'key: value' fields (it holds {holds})"
