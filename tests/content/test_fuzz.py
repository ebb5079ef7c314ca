"""Fuzzing the loader and ``check`` with bounded time and memory.

Whatever a pull request puts in a content file — random bytes, broken front matter, any YAML
value at any depth, inputs built to blow up a parser — ``check`` ends with success or with
positioned problems, within a time and a memory budget per example (so a hostile file cannot
stall CI or exhaust the runner). tests/content/test_property.py covers mutations of the demo records;
this file adds the budgets, front matter, arbitrary YAML values and amplification attempts.
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from noticeboard.content.decode import MAX_FILE_BYTES
from noticeboard.content.messages import MESSAGES
from tests.conftest import check, make_board

SECONDS = 2.0  # per example, generous for a loaded 2-core machine (typical: a few ms)
PEAK_BYTES = 64 * 1024 * 1024  # Python allocations while checking one small board
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["wishes/w.md", "councils/2022-01-01-c.md", "partners/p.md", "projects/j.yaml", "site.yaml"]


def line_count(raw: bytes) -> int:
    """How many lines an editor shows: a lone CR breaks a line too, as it does for YAML."""
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    return 1 + sum(text.count(brk) for brk in ("\n", "\r", "\x85", "\u2028", "\u2029"))


def check_within_budget(files: dict[str, bytes]) -> None:
    """Check a board made of the base files plus ``files``: clean result, in time and memory.

    Time is the process's CPU time of a plain run (other jobs on a shared machine do not count);
    memory is the peak of Python allocations in a second run under tracemalloc, which is slower.
    """
    with tempfile.TemporaryDirectory() as tmp:
        content = make_board(Path(tmp), files)
        started = time.process_time()
        checked = check(content)
        report = checked.report("text")
        elapsed = time.process_time() - started
        tracemalloc.start()
        try:
            check(content).report("text")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert elapsed < SECONDS, f"check took {elapsed:.2f} s of CPU time"
    assert peak < PEAK_BYTES, f"check allocated {peak / 2**20:.0f} MiB at its peak"
    for problem in checked.problems:
        assert problem.code in MESSAGES, problem
        assert problem.column >= 1 and problem.line >= 1, problem
        rel = problem.file.removeprefix("content/")
        if rel in files:
            lines = line_count(files[rel])
            assert problem.line <= lines, (problem, lines)
        assert f"{problem.file}:{problem.line}:{problem.column}:" in report
    assert "Traceback" not in report


@FUZZ
@given(raw=st.binary(max_size=3000), name=st.sampled_from(NAMES))
def test_random_bytes_are_checked_within_budget(raw: bytes, name: str) -> None:
    check_within_budget({name: raw})


FENCES = st.sampled_from(["---", "...", "--- ", "---\r", "- --", "----", "", "+++", "```", "---\t#"])
FRONT_LINES = st.sampled_from(
    ["title: 修水管", "title: [", "title: '", "status: open", "status: {x: 1}", "submitted: 2022-02-30",
     "&a x: 1", "<<: *a", "!!python/object/apply:os.system ['true']", "? [a, b]\n: c", "title: |",
     "  continued", "\tbad tab: 1", "%YAML 1.2", "title: " + "长" * 300, "beneficiary: 138 1234 5678",
     "category: 助老服务", "- a", "x: " + "[" * 50]
)  # fmt: skip
BODY = st.text(max_size=300)


@st.composite
def front_matter_files(draw) -> bytes:
    """A Markdown record whose fences and front matter lines are shuffled, broken or missing."""
    lines = [draw(FENCES)]
    lines += draw(st.lists(FRONT_LINES, max_size=8))
    if draw(st.booleans()):
        lines.append(draw(FENCES))
    lines.append(draw(BODY))
    if draw(st.booleans()):  # a second front matter block inside the body
        lines += ["---", draw(FRONT_LINES), "---"]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    prefix = draw(st.sampled_from(["", "\ufeff", "\n\n"]))
    return (prefix + newline.join(lines)).encode("utf-8", "surrogatepass")


@FUZZ
@given(raw=front_matter_files(), name=st.sampled_from([n for n in NAMES if n.endswith(".md")]))
def test_broken_front_matter_is_checked_within_budget(raw: bytes, name: str) -> None:
    check_within_budget({name: raw})


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates().map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(max_size=12), inner, max_size=5),
    ),
    max_leaves=40,
)
KEYS = st.sampled_from(
    ["title", "status", "submitted", "claimed_by", "decisions", "services", "partners", "votes", "name",
     "kind", "joined", "date", "participants", "attendees", "language", "base_url", "honors", "points"]
)  # fmt: skip


@FUZZ
@given(
    record=st.dictionaries(
        st.one_of(KEYS, st.text(max_size=8)),
        VALUES,
        max_size=8,
    ),
    name=st.sampled_from(NAMES),
    flow=st.booleans(),
)
def test_any_yaml_value_in_any_field_is_checked_within_budget(record: dict, name: str, flow: bool) -> None:
    text = yaml.safe_dump(record, allow_unicode=True, default_flow_style=flow)
    raw = (f"---\n{text}---\n正文\n" if name.endswith(".md") else text).encode("utf-8", "surrogatepass")
    check_within_budget({name: raw})


# Inputs shaped to make a parser do far more work than their size suggests. Each unknown key
# is one reported problem with a did-you-mean hint (about 0.1 ms each), so the key counts stay
# at a few thousand: the budget is for parsing, and reporting grows linearly with the file.
AMPLIFIERS = {
    "deep-flow": "x: " + "[" * 5000 + "]" * 5000 + "\n",
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(300)),
    "deep-list": "x:\n" + "".join("  " * i + "-\n" for i in range(300)),
    "alias-bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9)
    ),
    "many-keys": "".join(f"k{i}: {i}\n" for i in range(5_000)),
    "long-line": "title: " + "长" * 300_000 + "\n",
    "long-key": "k" * 500_000 + ": 1\n",
    "many-docs": "---\na: 1\n" * 20_000,
    "huge-int": "participants: " + "9" * 200_000 + "\n",
    "many-anchors": "".join(f"k{i}: &a{i} {i}\n" for i in range(5_000)),
}


@pytest.mark.parametrize("name", sorted(AMPLIFIERS))
def test_amplification_attempts_are_checked_within_budget(name: str) -> None:
    raw = AMPLIFIERS[name].encode("utf-8")
    assert len(raw) <= MAX_FILE_BYTES, "keep the attempt under the size limit, or it never reaches the parser"
    for file in ("wishes/w.yaml", "councils/2022-01-01-c.md"):
        body = raw if file.endswith(".yaml") else b"---\n" + raw + b"---\n"
        check_within_budget({file: body})


def test_problem_lines_count_only_the_line_breaks_an_editor_shows(tmp_path):
    """YAML also breaks lines at NEL, LS and PS; editors do not, and positions follow the editor."""
    raw = 'title: "理发\x85店"\nunknown_field: 1\n'.encode()  # NEL inside quotes: YAML folds it
    checked = check(make_board(tmp_path, {"projects/j.yaml": raw}))
    assert [(p.line, p.code) for p in checked.problems if p.code == "unknown-key"] == [(2, "unknown-key")]
