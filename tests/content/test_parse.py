"""parse.py: safe YAML into plain data with the line and column of every key and value."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from noticeboard.content.parse import MAX_DEPTH, ParseError, parse_yaml
from tests.conftest import check, make_board, where


def _error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_yaml(text)
    return caught.value


def test_keys_and_values_keep_their_positions() -> None:
    doc = parse_yaml("title: 理发\ndecisions:\n- text: 建车棚\n  votes: {for: 3, against: 0}\n")
    assert doc.data == {
        "title": "理发",
        "decisions": [{"text": "建车棚", "votes": {"for": 3, "against": 0}}],
    }
    assert doc.keys[("title",)] == (1, 1)
    assert doc.values[("title",)] == (1, 8)
    assert doc.values[("decisions", 0)] == (3, 3)
    assert doc.keys[("decisions", 0, "votes")] == (4, 3)
    assert doc.values[("decisions", 0, "votes", "against")] == (4, 28)


def test_line_offset_counts_lines_before_the_text() -> None:
    doc = parse_yaml("title: 理发\nstatus: open\n", line_offset=1)
    assert doc.values[("status",)] == (3, 9)


def test_position_falls_back_to_key_then_parent() -> None:
    doc = parse_yaml("a:\n  b: 1\n")
    assert doc.position(("a", "b", "missing")) == (2, 6)
    assert doc.position(("a", "b"), at_key=True) == (2, 3)
    assert doc.position(("nothing",)) == (1, 1)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: true", True),
        ("a: False", False),
        ("a: 12", 12),
        ("a: -3", -3),
        ("a: 0", 0),
        ("a: 2.5", 2.5),
        ("a: ~", None),
        ("a: null", None),
        ("a: 2022-05-16", "2022-05-16"),  # dates stay text; the schema judges them
        ('a: "2022-05-16"', "2022-05-16"),
        ("a: !!str 123", "123"),
        ("a: '012'", "012"),
        ('a: "no"', "no"),
    ],
)
def test_plain_values(text: str, value: object) -> None:
    assert parse_yaml(text).data == {"a": value}


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("no", "bool"),
        ("No", "bool"),
        ("yes", "bool"),
        ("on", "bool"),
        ("OFF", "bool"),
        ("012", "number"),
        ("0x1F", "number"),
        ("0b101", "number"),
        ("1_000", "number"),
        ("10:30", "number"),
        (".inf", "number"),
        (".nan", "number"),
    ],
)
def test_yaml_11_surprises_are_kept_as_text_with_an_issue(value: str, kind: str) -> None:
    doc = parse_yaml(f"title: x\nstatus: {value}\n")
    assert doc.data == {"title": "x", "status": value}
    issue = doc.issues[("status",)]
    assert (issue.code, issue.position, issue.params["kind"]) == ("ambiguous-value", (2, 9), kind)
    assert issue.params["field"] == "status"


def test_duplicate_key_keeps_the_first_value_and_reports_the_repeat() -> None:
    doc = parse_yaml("title: 一\nstatus: open\ntitle: 二\n")
    assert doc.data == {"title": "一", "status": "open"}
    (issue,) = doc.issues.values()
    assert (issue.code, issue.position) == ("duplicate-key", (3, 1))
    assert issue.params == {"key": "title", "first_line": 1, "excerpt": "title: 二"}


def test_alias_is_refused_where_it_is_written() -> None:
    error = _error("a: &x 1\nb: *x\n")
    assert (error.code, error.position) == ("yaml-alias", (2, 1))


def test_alias_inside_a_repeated_key_is_still_refused() -> None:
    error = _error("a: &x [1]\na: *x\n")
    assert error.code == "yaml-alias"


def test_merge_key_is_refused() -> None:
    error = _error("base: &b {x: 1}\nitem:\n  <<: *b\n")
    assert (error.code, error.position) == ("yaml-alias", (3, 3))


def _billion_laughs(levels: int, width: int) -> str:
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_fails_fast_with_bounded_memory() -> None:
    bomb = _billion_laughs(levels=12, width=12)  # 12**12 strings if expanded
    tracemalloc.start()
    started = time.perf_counter()
    error = _error(bomb)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert error.code == "yaml-alias"
    assert error.position == (2, 1)
    assert elapsed < 2.0
    assert peak < 20 * 1024 * 1024


def test_alias_bomb_through_check_is_one_positioned_problem(tmp_path: Path) -> None:
    content = make_board(tmp_path, {"wishes/bomb.yaml": _billion_laughs(levels=10, width=10)})
    started = time.perf_counter()
    checked = check(content)
    assert time.perf_counter() - started < 2.0
    assert where(checked) == [("content/wishes/bomb.yaml", 2, 1, "yaml-alias")]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['touch {marker}']",
        "a: !!python/object/new:os.system ['touch {marker}']",
        "a: !!python/name:os.system",
        "a: !!python/object:pathlib.Path {{}}",
        "!!python/object/apply:os.system ['touch {marker}']",
        "a: !!binary aGVsbG8=",
        "a: !!set {{x: null}}",
        "a: !!omap [x: 1]",
        "a: !local 1",
    ],
)
def test_tags_are_refused_and_nothing_is_constructed(text: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    error = _error(text.format(marker=marker))
    assert error.code == "yaml-tag"
    assert error.position[0] == 1
    assert not marker.exists()


def test_python_tag_in_a_record_is_refused_through_check(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\n"
    checked = check(make_board(tmp_path, {"wishes/w.yaml": text}))
    assert where(checked) == [("content/wishes/w.yaml", 1, 8, "yaml-tag")]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a: [1, 2\nb: 3\n", (1, 4)),  # the bracket never closed
        ("a: 1\nstatus open\nb: 2\n", (2, 1)),  # the line without a colon, not the next one
        ("a: 1\n---\nb: 2\n", (2, 1)),
        ("- a\nb: 1\n", (2, 1)),
    ],
)
def test_syntax_errors_are_positioned(text: str, position: tuple[int, int]) -> None:
    error = _error(text)
    assert (error.code, error.position) == ("yaml-syntax", position)
    assert error.params["detail"] and error.params["line"] == position[0]


def test_complex_keys_are_refused() -> None:
    error = _error("? [a, b]\n: 1\n")
    assert (error.code, error.position) == ("yaml-complex-key", (1, 3))


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 200_000 + "]" * 200_000,
        "- " * 100_000 + "x",
        "a: " + "{a: " * 100_000,
        "a:\n" + "".join(" " * depth + "b:\n" for depth in range(1, 60)),
    ],
)
def test_deep_nesting_is_refused_without_crashing(text: str) -> None:
    """libyaml's composer would overflow the C stack (a segfault) on these."""
    error = _error(text)
    assert error.code == "yaml-too-deep"
    assert error.params["limit"] == MAX_DEPTH


def test_many_brackets_at_shallow_depth_are_fine() -> None:
    doc = parse_yaml("a: [" + ", ".join(["[-1]"] * 2000) + "]\n")
    assert len(doc.data["a"]) == 2000


def test_a_number_with_thousands_of_digits_is_a_problem_not_a_crash() -> None:
    error = _error("points: " + "9" * 5000 + "\n")
    assert (error.code, error.position) == ("number-too-large", (1, 9))


def test_empty_text_is_no_data() -> None:
    assert parse_yaml("").data is None
    assert parse_yaml("# comment only\n").data is None


def test_error_at_the_end_of_a_file_without_final_newline_stays_on_its_last_line() -> None:
    """Found by test_property: libyaml puts the end of ``[`` on a line 2 that editors do not show."""
    assert _error("[").position == (1, 2)
    assert _error("a: 1\nb: [").position == (2, 5)
    assert parse_yaml("a: 1\n", line_offset=3).values[("a",)] == (4, 4)
