"""Which pages show whose prose: what lets a prose edit keep pages without working them out.

When only some records' prose (a wish's story, a project's description…) changed since the
last build, the page producers keep every page that does not show it, without working out
its values (``PageMemory.kept``): a record's page shows the prose of its own record alone,
and a list page and the search page show none. Here every record of a copy of the demo board
gets a text of its own holding a mark no other record's holds, and a cold build is searched
for the marks.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from noticeboard.content.types import SECTIONED, TYPES_BY_NAME
from noticeboard.site import urls
from tests.conftest import REPO
from tests.incremental.test_keeping import every_producer, with_new_prose

MARK = re.compile(r"MARK\d{4}K")


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    """Each record's mark by its page, and every page and search file of the marked board's
    cold build."""
    content = tmp_path_factory.mktemp("marked") / "content"
    shutil.copytree(REPO / "content", content)
    marks: dict[str, str] = {}
    for record_type in SECTIONED:
        if record_type.prose is None:
            continue
        for path in sorted((content / record_type.folder).rglob("*")):
            if path.suffix in (".yaml", ".yml", ".md"):
                mark = f"MARK{len(marks):04d}K"
                prose = f"{mark} 这是第 {len(marks)} 条记录自己的说明，写得够长，摘要也截得到它。"
                text = path.read_text(encoding="utf-8")
                markdown = path.suffix == ".md"
                path.write_text(with_new_prose(text, record_type.prose, markdown, prose), encoding="utf-8")
                marks[urls.record_file(record_type.name, path.stem)] = mark
    made = every_producer(content)
    pages = {
        path: data.decode("utf-8")
        for files in made.values()
        for path, data in files.items()
        if path.endswith((".html", ".json")) and isinstance(data, bytes)
    }
    return marks, pages


def test_a_records_page_shows_its_own_prose_and_no_other_records(marked) -> None:
    marks, pages = marked
    assert len(marks) > 100, "the demo board should give many records a text of their own"
    for page, mark in marks.items():
        assert page in pages, f"{page}: no such page (the record id is not the file name?)"
        assert set(MARK.findall(pages[page])) == {mark}, page


def test_a_list_page_and_the_search_page_show_no_records_prose(marked) -> None:
    _, pages = marked
    lists = [urls.list_file(t.name) for t in SECTIONED if TYPES_BY_NAME[t.name].prose] + ["search/index.html"]
    assert all(page in pages for page in lists)
    for page in lists:
        assert not MARK.findall(pages[page]), page


def test_a_records_prose_is_in_its_own_search_document_alone(marked) -> None:
    """What lets a prose edit patch the index: only the record's own document changes."""
    marks, files = marked
    documents = [
        entry for path, text in files.items() if path.startswith("search/docs-") for entry in json.loads(text)
    ]
    for page, mark in marks.items():
        holding = [entry["page"] for entry in documents if mark.lower() in entry["text"]]
        assert holding == [page], mark
