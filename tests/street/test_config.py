"""STREET.yaml is checked like a record file: every problem at its line and column, in words.

The exact lines of ``python build.py street`` for each kind of mistake, and nothing built.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from noticeboard.cli import main
from noticeboard.street.config import read_street


def _run(tmp_path: Path, text: str, capsys) -> tuple[int, str, bool]:
    (tmp_path / "street.yaml").write_text(text, encoding="utf-8")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["street", "street.yaml", "--out", "out", "--date", "2022-08-27"])
    finally:
        os.chdir(previous)
    out, err = capsys.readouterr()
    return code, out + err, (tmp_path / "out").exists()


CASES = [
    (
        "missing-name",
        "district: 东城区\ncommunities:\n  - id: a\n    name: 甲\n    source: a\n",
        ["street.yaml:1:1: error: 没有写「街道」（name），这一项必须填写 [missing-key]"],
    ),
    (
        "shapes",
        "name: 东城街道\ncommunities:\n  - id: A b\n    name: 甲\n    source: a\n  - id: b\n    name: 123\n",
        [
            'street.yaml:3:9: error: 第 1 项社区的「编号」（id）的值 "A b" 不符合要求：'
            "社区编号，只能用小写字母、数字和 -（如 wanhua），用在网址里 [invalid-value]",
            "street.yaml:6:5: error: 没有写第 2 项社区的「数据来源」（source），这一项必须填写 [missing-key]",
            "street.yaml:7:11: error: 第 2 项社区的「名称」（name）应为文字，现在是整数 123；"
            '如果这是文字，请加引号："123" [wrong-type]',
        ],
    ),
    (
        "duplicate-and-scheme",
        "name: 东城街道\ncommunities:\n  - id: a\n    name: 甲\n    source: a\n"
        "  - id: a\n    name: 乙\n    source: ftp://x/\n",
        [
            "street.yaml:6:9: error: 社区编号「a」重复（第一次在第 3 行）；每个社区用不同的编号 "
            "[duplicate-community]",
            "street.yaml:8:13: error: 第 2 项社区的「数据来源」（source）应为文件夹或 http(s):// 网址，"
            '不能是 "ftp://x/" [bad-source]',
        ],
    ),
    (
        "yaml-syntax",
        "name: 东城街道\ncommunities: [\n",
        [
            "street.yaml:3:1: error: 第 3 行的 YAML 格式不对："
            "方括号「[ ]」或花括号「{ }」没有配对 [yaml-syntax]"
        ],
    ),
    (
        "not-a-mapping",
        "- 1\n",
        ["street.yaml:1:1: error: 文件内容必须是“字段: 值”的形式（现在是列表） [not-a-mapping]"],
    ),
    (
        "english",
        "name: 东城街道\nlanguage: en\nbase_ur: /\ncommunities: []\n",
        [
            "street.yaml:3:1: error: unknown field 'base_ur'; did you mean 'base_url'? [unknown-key]",
            "street.yaml:4:14: error: 'communities' must list at least 1 item(s) [too-few-items]",
        ],
    ),
    (
        "url",
        "name: 东城街道\nlanguage: en\ncommunities:\n  - id: a\n    name: A\n    source: a\n"
        "    url: www.example.org\n",
        [
            "street.yaml:7:10: error: community 1's 'url' has an invalid value \"www.example.org\": "
            "the public address of the community's board, starting with http:// or https://, for links; "
            "default: the board's own base_url or the source address [invalid-value]"
        ],
    ),
]


@pytest.mark.parametrize(("text", "lines"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_mistake_is_one_line_at_its_place_and_nothing_is_built(tmp_path, capsys, text, lines):
    code, output, built = _run(tmp_path, text, capsys)
    assert code == 1
    assert output.splitlines()[: len(lines)] == lines
    assert f"{len(lines)} 个问题，未生成街道汇总 / {len(lines)} problem(s), nothing was built" in output
    assert not built


def test_a_missing_street_file_is_a_usage_error(tmp_path, capsys):
    code = main(["street", str(tmp_path / "nowhere.yaml")])
    assert code == 2
    assert f"build.py street: error: street file not found: {(tmp_path / 'nowhere.yaml').as_posix()}" in (
        capsys.readouterr().err
    )


def test_a_valid_file_gives_the_street_with_folders_resolved_beside_it(tmp_path):
    (tmp_path / "street.yaml").write_text(
        "name: 东城街道\ncommunities:\n  - id: a\n    name: 甲\n    source: boards/a\n"
        "  - id: b\n    name: 乙\n    source: https://b.example.org/board\n    url: https://b.example.org/\n",
        encoding="utf-8",
    )
    street = read_street(tmp_path / "street.yaml").street
    assert street is not None
    assert (street.name, street.district, street.base_url, street.language) == ("东城街道", "", "/", "zh-CN")
    first, second = street.communities
    assert (first.location, first.remote, first.url) == (
        str((tmp_path / "boards" / "a").resolve()),
        False,
        None,
    )
    assert (second.location, second.remote) == ("https://b.example.org/board/", True)


def test_the_demo_street_file_is_valid():
    assert read_street(Path(__file__).parents[2] / "examples" / "street" / "street.yaml").problems == []
