"""The volunteer docs stay true: every problem code and every field is documented, and the
examples in the docs are real files that ``build.py check`` accepts (or, in errors.md,
rejects with exactly the code they illustrate)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from noticeboard.content.check import check_content
from noticeboard.content.messages import MESSAGES
from noticeboard.content.points import ledgers
from tests.conftest import REPO

ROOT = REPO
DOCS = ROOT / "docs"
CONTENT_MODEL = (DOCS / "content-model.md").read_text(encoding="utf-8")
ERRORS = (DOCS / "errors.md").read_text(encoding="utf-8")
BUILD_DATE = "2022-08-27"
_FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_TITLE = re.compile(r'title="(content/[^"]+)"')


def example_files(markdown: str) -> list[tuple[str, str]]:
    """Return (path, text) of each fenced example annotated with its file path.

    A YAML block names its file in a first-line comment (``# content/wishes/x.yaml``); a
    Markdown block in its info string (```` ```markdown title="content/wishes/x.md" ````).
    """
    files = []
    for language, info, body in _FENCE.findall(markdown):
        first_line = body.split("\n", 1)[0]
        if language == "yaml" and first_line.startswith("# content/"):
            files.append((first_line[2:].strip(), body))
        elif language == "markdown" and (title := _TITLE.search(info)):
            files.append((title.group(1), body))
    return files


def write_board(root: Path, files: list[tuple[str, str]]) -> Path:
    """Write example files into ``root/content``; return that folder."""
    for rel, text in files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "content"


def sections(markdown: str, level: str) -> dict[str, str]:
    """Split a document into {heading: text} at headings of ``level`` (e.g. "## ")."""
    parts = re.split(rf"^{re.escape(level)}(.+)$", markdown, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def _field_names(schema: dict, where: str = "") -> list[str]:
    names = []
    for name, sub in schema.get("properties", {}).items():
        dotted = f"{where}.{name}" if where else name
        names.append(dotted)
        names += _field_names(sub, dotted)
        if isinstance(sub.get("items"), dict):
            names += _field_names(sub["items"], f"{dotted}[]")
    return names


# content-model.md ------------------------------------------------------------------------


# Schemas of files that are not a board's content, and the document that describes them.
OTHER_DOCS = {"street.schema.json": "street.md"}  # STREET.yaml, read by `build.py street`


def test_every_field_of_every_schema_is_in_its_section_of_the_content_model():
    missing = []
    for schema_path in sorted((ROOT / "schemas").glob("*.schema.json")):
        doc_name = OTHER_DOCS.get(schema_path.name, "content-model.md")
        by_heading = sections((DOCS / doc_name).read_text(encoding="utf-8"), "## ")
        rel = f"`schemas/{schema_path.name}`"
        section = next((text for text in by_heading.values() if rel in text), None)
        assert section is not None, f"no section of {doc_name} mentions {rel}"
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        missing += [f"{rel}: {name}" for name in _field_names(schema) if f"`{name}`" not in section]
    assert missing == []


def test_content_model_has_an_example_of_every_record_type():
    paths = [path for path, _ in example_files(CONTENT_MODEL)]
    folders = {"/".join(Path(p).parts[1:-1]) or Path(p).name for p in paths}
    assert {"site.yaml", "partners", "projects", "wishes", "points/awards", "points/redemptions"} <= folders
    assert "content/points/rules.yaml" in paths
    assert any(p.startswith("content/councils/") for p in paths)
    assert any(p.startswith("content/partners/") and p.endswith(".md") for p in paths)
    assert any(p.startswith("content/partners/") and p.endswith(".yaml") for p in paths)


def test_content_model_examples_together_pass_check(tmp_path):
    content = write_board(tmp_path, example_files(CONTENT_MODEL))
    checked = check_content(content, dt.date.fromisoformat(BUILD_DATE))
    assert checked.report("text") == ""
    settings_files = 2  # site.yaml and points/rules.yaml are settings, not records
    assert checked.board.record_count() == len(example_files(CONTENT_MODEL)) - settings_files


def test_content_model_ledger_example_matches_the_points_rules(tmp_path):
    content = write_board(tmp_path, example_files(CONTENT_MODEL))
    board = check_content(content, dt.date.fromisoformat(BUILD_DATE)).board
    lines = ledgers(board)["zhang-xiulan"]
    assert len(lines) == 4
    for line in lines:
        points = f"+{line.points}" if line.points > 0 else f"−{-line.points}"
        row = rf"\| {line.date.isoformat()} \|[^\n]*\| {re.escape(points)} \| {line.balance} \|"
        assert re.search(row, CONTENT_MODEL), row
    barbershop = sum(line.points for line in ledgers(board)["wanhua-barbershop"])
    assert f"= {barbershop} 分" in CONTENT_MODEL
    assert f"= {barbershop} points" in CONTENT_MODEL


# errors.md ---------------------------------------------------------------------------------

CODE_SECTIONS = {
    match.group(1): text
    for heading, text in sections(ERRORS, "### ").items()
    if (match := re.fullmatch(r"`([a-z0-9-]+)`.*", heading))
}


def test_every_problem_code_is_documented_and_nothing_else():
    assert sorted(CODE_SECTIONS) == sorted(MESSAGES)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_a_before_and_after_example(code):
    blocks = _FENCE.findall(CODE_SECTIONS.get(code, ""))
    assert len(blocks) >= 2, f"{code}: needs a before and an after example"
    assert "错误" in CODE_SECTIONS[code] and "正确" in CODE_SECTIONS[code]


def _runnable_examples() -> list[tuple[str, tuple[str, str], tuple[str, str]]]:
    cases = []
    for code, text in sorted(CODE_SECTIONS.items()):
        files = example_files(text)
        if len(files) >= 2:
            cases.append((code, files[0], files[-1]))
    return cases


RUNNABLE = _runnable_examples()


def test_most_codes_have_runnable_examples():
    assert len(RUNNABLE) >= 28


@pytest.mark.parametrize(("code", "before", "after"), RUNNABLE, ids=[case[0] for case in RUNNABLE])
def test_errors_example_before_gives_its_code_and_after_passes(tmp_path, code, before, after):
    base = example_files(CONTENT_MODEL)
    broken = write_board(tmp_path / "before", [*base, before])
    found = check_content(broken, dt.date.fromisoformat(BUILD_DATE)).problems
    assert sorted({p.code for p in found}) == [code], [(p.file, p.line, p.code) for p in found]
    fixed = write_board(tmp_path / "after", [*base, after])
    assert check_content(fixed, dt.date.fromisoformat(BUILD_DATE)).problems == []


def test_errors_doc_shows_every_output_format_and_exit_code():
    for text in ("--format github", "--format json", "::error file=", '"code":', "error:"):
        assert text in ERRORS
    for exit_code in ("0", "1", "2", "3"):
        assert re.search(rf"^\| `{exit_code}` \|", ERRORS, flags=re.MULTILINE), exit_code


def test_docs_index_links_every_doc():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    unlisted = [doc.name for doc in sorted(DOCS.glob("*.md")) if doc.name != "README.md"]
    assert [name for name in unlisted if f"]({name})" not in index] == []


def _slug(heading: str) -> str:
    """Make the anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to -."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


@pytest.mark.parametrize("name", ["README.md", "content-model.md", "errors.md", "street.md"])
def test_links_in_volunteer_docs_lead_somewhere(name):
    text = (DOCS / name).read_text(encoding="utf-8")
    broken = []
    for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", text):
        if "://" in target:
            continue
        path = (DOCS / (target or name)).resolve()
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
            if anchor not in {_slug(h) for h in headings}:
                broken.append(f"{target}#{anchor}")
    assert broken == []


def test_the_architecture_drawing_is_made_from_the_current_imports() -> None:
    """docs/architecture.md's layer drawing and module table are regenerated, never edited by hand."""
    import subprocess
    import sys

    pytest.importorskip("grimp")
    tool = REPO / "tools" / "architecture_graph.py"
    result = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
