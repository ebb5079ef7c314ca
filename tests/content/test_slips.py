"""Typing slips of a Chinese keyboard: found where typed, read past, and values said in words.

The case folders (tests/cases/fullwidth-*, tab-*, ...) check whole reports; these check the
pieces: where a slip is, what the corrected copy reads, how columns map back, the excerpt's
caret, the words for fields, and what a Chinese date or label means.
"""

from __future__ import annotations

import time

import pytest

from noticeboard.content.hints import choice, close_label, iso_date
from noticeboard.content.labels import field_words
from noticeboard.content.parse import ParseError, parse_yaml
from noticeboard.content.problems import Problem, excerpt_lines
from noticeboard.content.schema import load_schema


def _slips(text: str) -> list[tuple[str, tuple[int, int]]]:
    return [(e.code, e.position) for e in parse_yaml(text).issues.values()]


@pytest.mark.parametrize(
    ("text", "slips", "data"),
    [
        ("title: 给\nstatus：open\n", [("fullwidth-colon", (2, 7))], {"title": "给", "status": "open"}),
        ("title：  给\n", [("fullwidth-colon", (1, 6))], {"title": "给"}),
        ("a: 1\nstatus:open\n", [("missing-space", (2, 7))], {"a": 1, "status": "open"}),
        (
            "a: 1\nstatus:\u3000open\nb: 2\n",
            [("fullwidth-space", (2, 8))],
            {"a": 1, "status": "open", "b": 2},
        ),
        ("a: 1\n\u3000\u3000b: 2\n", [("fullwidth-space", (2, 1))], {"a": 1, "b": 2}),
        ("v:\n  x: 1\n\ty: 2\n", [("tab", (3, 1))], {"v": {"x": 1, "y": 2}}),
        ("v:\n\tx: 1\n", [("tab", (2, 1))], {"v": {"x": 1}}),
        ("l:\n－ a\n—— b\n", [("fullwidth-dash", (2, 1)), ("fullwidth-dash", (3, 1))], {"l": ["a", "b"]}),
        (" points: 10\nreason: x\n", [("extra-indent", (1, 1))], {"points": 10, "reason": "x"}),
        ('a: "给”\nb: 1\n', [("unclosed-quote", (1, 4))], {"a": "给", "b": 1}),
        ('a: 1\nc: "助老\nd: "x"\n', [("unclosed-quote", (2, 4))], {"a": 1, "c": "助老", "d": "x"}),
    ],
)
def test_a_slip_is_reported_where_typed_and_the_rest_is_read(text: str, slips: list, data: dict) -> None:
    doc = parse_yaml(text)
    assert _slips(text) == slips
    assert doc.data == data


def test_positions_after_a_corrected_slip_are_those_of_the_original_line() -> None:
    """``status：open`` became ``status: open`` in the copy: the value is still at column 8."""
    doc = parse_yaml("title: 给\nstatus：open\nlist:\n——a\n")
    assert doc.values[("status",)] == (2, 8)
    assert doc.values[("list", 0)] == (4, 3)


def test_several_slips_in_one_file_are_each_reported() -> None:
    assert _slips("title：给\nstatus:open\nx:\n\tfor: 1\n") == [
        ("fullwidth-colon", (1, 6)),
        ("missing-space", (2, 7)),
        ("tab", (4, 1)),
    ]


def test_when_the_corrected_copy_still_fails_only_the_first_slip_is_reported() -> None:
    with pytest.raises(ParseError) as raised:
        parse_yaml("title：给\ncategory: [助老\n")
    assert (raised.value.code, raised.value.position) == ("fullwidth-colon", (1, 6))
    assert raised.value.params["excerpt"] == "title：给"


def test_block_text_is_not_taken_for_slips() -> None:
    """A colon typed in Chinese inside a ``|`` block is text; the real problem is reported."""
    with pytest.raises(ParseError) as raised:
        parse_yaml("story: |\n  注意：这里\n  key:value\nb: [1\n")
    assert raised.value.code == "yaml-syntax"
    assert raised.value.position == (4, 4)


def test_front_matter_slips_count_lines_from_the_top_of_the_file() -> None:
    doc = parse_yaml("title: 给\nstatus：open\n", line_offset=1)
    ((code, position),) = [(e.code, e.position) for e in doc.issues.values()]
    assert (code, position) == ("fullwidth-colon", (3, 7))
    assert doc.values[("status",)] == (3, 8)


def test_recovery_of_a_large_hostile_text_stays_quick() -> None:
    started = time.perf_counter()
    for text in ("a:\n" + "\tb: 1\n" * 15_000, 'a: "x\n' * 15_000, ("k：v\n\tc: 1\n－ d\n") * 5_000):
        with pytest.raises(ParseError):
            parse_yaml(text)
    assert time.perf_counter() - started < 5


def test_excerpt_caret_counts_wide_characters_twice_and_expands_tabs() -> None:
    problem = Problem("w.yaml", 1, 6, "fullwidth-colon", {"excerpt": "title：  给"})
    assert excerpt_lines(problem) == ["    title：  给", "         ^"]
    wide = Problem("w.yaml", 1, 4, "x", {"excerpt": "给老人：理发"})
    assert excerpt_lines(wide) == ["    给老人：理发", "          ^"]
    tab = Problem("w.yaml", 1, 2, "x", {"excerpt": "\tfor: 1"})
    assert excerpt_lines(tab) == ["        for: 1", "        ^"]
    assert excerpt_lines(Problem("w.yaml", 1, 1, "x", {})) == []


@pytest.mark.parametrize(
    ("schema", "path", "zh", "en"),
    [
        ("wish", ("status",), "「状态」（status）", "'status'"),
        ("council", ("decisions", 1, "done"), "第 2 条决定的「完成日期」（done）", "decision 2's 'done'"),
        (
            "council",
            ("decisions", 0, "votes", "for"),
            "第 1 条决定的「赞成」（votes.for）",
            "decision 1's 'votes.for'",
        ),
        ("council", ("attendees", 2), "「参加的合伙人」（attendees）的第 3 项", "'attendees' item 3"),
        ("partner", ("honors", 0, "date"), "第 1 项荣誉的「日期」（date）", "honor 1's 'date'"),
        ("wish", ("reporter",), "「reporter」", "'reporter'"),
    ],
)
def test_fields_are_named_in_words(schema: str, path: tuple, zh: str, en: str) -> None:
    words = field_words(load_schema(schema), path)
    assert (words.zh, words.en) == (zh, en)


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2022年8月5日", "2022-08-05"),
        ("2022 年 08 月 05 日", "2022-08-05"),
        ("二〇二二年八月五日", "2022-08-05"),
        ("二零二二年十二月三十一号", "2022-12-31"),
        ("2022.8.5", "2022-08-05"),
        ("2022/8/5", "2022-08-05"),
        ("2022-8-5", "2022-08-05"),
        ("２０２２－０８－０５", "2022-08-05"),
        ("“2022-08-05”", "2022-08-05"),
        ("20220805", "2022-08-05"),
        ("2022-08-05 10:30", "2022-08-05"),
        ("2022年2月30日", None),
        ("2022-13-01", None),
        ("8月5日", None),
        ("下周一", None),
    ],
)
def test_a_date_written_the_chinese_way_is_given_as_iso(typed: str, iso: str | None) -> None:
    assert iso_date(typed) == iso


WISH_LABELS = {"open": "待认领", "claimed": "已认领", "fulfilled": "已实现", "withdrawn": "已撤回"}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("已实现", "fulfilled"),
        ("实现", "fulfilled"),
        ("“open”", "open"),
        ("ｏｐｅｎ", "open"),
        ("OPEN", "open"),
    ],
)
def test_a_value_written_as_its_label_or_in_full_width_is_understood(typed: str, meant: str) -> None:
    assert choice(typed, list(WISH_LABELS), WISH_LABELS) == meant


def test_an_unclear_chinese_value_is_a_guess_at_most() -> None:
    assert choice("认领", list(WISH_LABELS), WISH_LABELS) is None  # 待认领 or 已认领?
    assert close_label("认领", WISH_LABELS) is None
    decision = {"pending": "待落实", "in-progress": "落实中", "done": "已完成"}
    assert close_label("进行中", decision) == "in-progress"
    assert close_label("进行中", WISH_LABELS) is None
