"""Property tests: generated valid records pass; any bytes or mutated YAML end cleanly.

"Cleanly" means ``check_content`` returns (never raises) and every problem has a file,
a line inside the file, a column and a known code with a message.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from noticeboard.content.load import load_content
from noticeboard.content.messages import MESSAGES
from noticeboard.content.placeholders import find_placeholder
from tests.conftest import BUILD_DATE, REPO, check, key_paths, make_board

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DEMO = REPO / "content"
DEMO_FILES = sorted(p for p in DEMO.rglob("*") if p.suffix in (".yaml", ".md"))

# Text without digits or @, so that no phone number, ID number or e-mail appears by chance,
# and without a template's placeholder mark, which Hypothesis finds among our code's constants.
TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Nd", "No", "Nl"), blacklist_characters="@＠"
        ),
        min_size=1,
        max_size=20,
    )
    .filter(str.strip)
    .filter(lambda text: find_placeholder(text) < 0)
)
IDS = st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True)
START = dt.date(2020, 1, 1)


def dates(after: dt.date, until: dt.date = BUILD_DATE) -> st.SearchStrategy[dt.date]:
    return st.integers(0, (until - after).days).map(lambda days: after + dt.timedelta(days=days))


def iso(day: dt.date) -> str:
    return day.isoformat()


@st.composite
def boards(draw) -> dict[str, str]:
    """A whole valid board: partners, wishes, projects and councils that keep every rule."""
    files: dict[str, str] = {}
    partner_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    joined = {pid: draw(dates(START, dt.date(2021, 1, 1))) for pid in partner_ids}
    for pid in partner_ids:
        record = {
            "name": draw(TEXT),
            "kind": draw(st.sampled_from(["enterprise", "merchant", "social-organization", "institution"])),
            "joined": iso(joined[pid]),
            "services": [{"title": draw(TEXT), "category": draw(TEXT)}],
            "honors": [{"date": iso(draw(dates(joined[pid]))), "title": draw(TEXT)}],
            "description": draw(TEXT),
        }
        files[f"partners/{pid}.yaml"] = yaml.safe_dump(record, allow_unicode=True)
    for index in range(draw(st.integers(0, 3))):
        partner = draw(st.sampled_from(partner_ids))
        submitted = draw(dates(joined[partner]))
        status = draw(st.sampled_from(["open", "claimed", "fulfilled", "withdrawn"]))
        wish = {
            "title": draw(TEXT),
            "beneficiary": draw(TEXT),
            "category": draw(TEXT),
            "submitted": iso(submitted),
            "status": status,
        }
        if status in ("claimed", "fulfilled"):
            claimed = draw(dates(submitted))
            wish.update(claimed_by=partner, claimed=iso(claimed))
            if status == "fulfilled":
                wish.update(fulfilled=iso(draw(dates(claimed))), points=draw(st.integers(0, 50)))
        files[f"wishes/w{index}.yaml"] = yaml.safe_dump(wish, allow_unicode=True)
    for index in range(draw(st.integers(0, 3))):
        listed = draw(st.lists(st.sampled_from(partner_ids), min_size=1, unique=True))
        raised = draw(dates(max(joined[p] for p in listed)))
        status = draw(st.sampled_from(["open", "signed", "completed", "cancelled"]))
        project = {"title": draw(TEXT), "category": draw(TEXT), "raised": iso(raised), "status": status}
        if status != "open":
            signed = draw(dates(raised))
            project.update(partners=listed, signed=iso(signed))
            if status == "completed":
                project.update(completed=iso(draw(dates(signed))))
        files[f"projects/p{index}.yaml"] = yaml.safe_dump(project, allow_unicode=True)
    for index in range(draw(st.integers(0, 2))):
        day = draw(dates(max(joined.values())))
        participants = draw(st.integers(1, 40))
        share = st.integers(0, participants // 3)
        votes = {"for": draw(share), "against": draw(share), "abstain": draw(share)}
        decision = {"text": draw(TEXT), "outcome": "adopted", "votes": votes}
        if draw(st.booleans()):
            decision.update(status="done", done=iso(draw(dates(day))), difficult_problem=draw(st.booleans()))
        council = {
            "title": draw(TEXT),
            "date": iso(day),
            "location": draw(TEXT),
            "participants": participants,
            "attendees": draw(st.lists(st.sampled_from(partner_ids), unique=True)),
            "decisions": [decision],
        }
        files[f"councils/c{index}.yaml"] = yaml.safe_dump(council, allow_unicode=True)
    return files


@SETTINGS
@given(boards())
def test_generated_valid_boards_pass(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = make_board(Path(tmp), {"partners/alpha.yaml": None, **files})
        checked = check(content)
    assert checked.ok, checked.report() + "\n" + "\n".join(f"{k}:\n{v}" for k, v in files.items())


def assert_clean(content: Path, texts: dict[str, bytes]) -> None:
    """check returns, and each problem is positioned inside its file with a known code."""
    checked = check(content)
    for problem in checked.problems:
        assert problem.code in MESSAGES, problem
        assert problem.message("zh-CN") and problem.message("en")
        assert problem.column >= 1
        rel = problem.file.removeprefix("content/")
        # Line breaks as YAML and editors count them: CRLF, LF, and a lone CR (old Mac files).
        lines = len(re.split(rb"\r\n|\r|\n", texts[rel])) if rel in texts else 1
        assert 1 <= problem.line <= lines, (problem, lines)
    checked.report("text")
    checked.report("github")
    checked.report("json")


@SETTINGS
@given(raw=st.binary(max_size=400), name=st.sampled_from(["wishes/w.yaml", "wishes/w.md", "site.yaml"]))
@example(raw=b"\r(", name="wishes/w.yaml")  # a lone CR is a line break: the problem is on line 2
def test_random_bytes_end_cleanly(raw: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        assert_clean(make_board(Path(tmp), {name: raw}), {name: raw})


YAML_BITS = st.sampled_from(
    [":", ": ", "-", "- ", "---", "...", "\n", "  ", "\t", "#", "&a", "*a", "!!", "!!python/object:x", "<<: ",
     "[", "]", "{", "}", ",", "'", '"', "|", ">", "?", "%YAML 1.1", "no", "on", "012", "10:30",
     "2022-02-30", "~", "\ufeff", "\r\n", "\x00", "\u200b", "138 1234 5678", "9" * 30]
)  # fmt: skip


@st.composite
def mutations(draw) -> tuple[str, bytes]:
    """A demo file with a few random cuts, insertions, repeats or swaps of lines."""
    path = draw(st.sampled_from(DEMO_FILES))
    text = path.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat-line", "swap-lines"]))
        if action == "insert":
            text = text[:at] + draw(st.one_of(YAML_BITS, st.text(max_size=5))) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if action == "repeat-line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    rel = path.relative_to(DEMO).as_posix()
    return rel, text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(mutations())
def test_mutated_demo_files_end_cleanly(mutation: tuple[str, bytes]) -> None:
    rel, raw = mutation
    with tempfile.TemporaryDirectory() as tmp:
        assert_clean(make_board(Path(tmp), {rel: raw}), {rel: raw})


ODD_VALUES = st.sampled_from(
    [None, True, False, 0, -1, 1.5, 10.0, 10**30, "", "x", "a" * 70, "2022-02-30", "2022-5-6", "2099-01-01",
     "1900-01-01", "open", "done", "adopted", "withdrawn", "fulfilled", "completed", "alpha", "13812345678",
     [], {}, ["alpha"], ["alpha", "alpha"], [None], [{}], {"for": 1}]
)  # fmt: skip
DEMO_RECORDS = [(s.rel, s.data) for sources in load_content(DEMO).sources.values() for s in sources]


@st.composite
def odd_records(draw) -> tuple[str, bytes]:
    """A demo record, re-written as YAML with one value replaced by an odd one."""
    rel, data = draw(st.sampled_from(DEMO_RECORDS))
    data = copy.deepcopy(data)
    path = draw(st.sampled_from(key_paths(data)[1:]))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = draw(ODD_VALUES)
    rel = rel.removesuffix(".md") + ".yaml" if rel.endswith(".md") else rel
    return rel, yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


@SETTINGS
@given(odd_records())
def test_odd_values_in_real_records_end_cleanly(record: tuple[str, bytes]) -> None:
    rel, raw = record
    with tempfile.TemporaryDirectory() as tmp:
        assert_clean(make_board(Path(tmp), {rel: raw}), {rel: raw})
