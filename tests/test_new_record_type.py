"""A new record type is one table entry plus its schema, templates and model class.

This test follows docs/architecture.md ("Adding a record type") on a copy of the engine:
it adds a throwaway type, *notice* (公告), touching exactly the files the document names,
then checks and builds a board that holds notices, as a volunteer would from the command
line. Every stage must pick the type up from the table alone: loading, schema checks with
file:line:col, the model, the list and record pages, the menu, filter and search pages,
the open data and the misplaced-file message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import BASE_FILES, REPO

ROOT = REPO
DATE = "2022-08-27"

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "公告 / Notice",
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "posted"],
    "properties": {
        "title": {"title": "标题", "type": "string", "minLength": 1, "description": "公告的标题 / title"},
        "posted": {
            "title": "发布日期",
            "type": "string",
            "format": "date",
            "description": "发布日期 / posted",
        },
        "text": {"title": "正文", "type": "string", "description": "公告正文 / text"},
    },
}

MODEL = """

@dataclass(frozen=True)
class Notice:
    id: str
    title: str
    posted: Date
    text: str
    source: Source = field(compare=False, repr=False)
"""

BUILDER = '''

def build_notice(source: Source) -> Notice:
    """Build a notice from its shape-valid source."""
    data = source.data
    return Notice(source.id, data["title"], iso_date(data["posted"]), data.get("text", ""), source)
'''

ENTRY = """    RecordType(
        "notice",
        "notices",
        Notice,
        build_notice,
        "title",
        prose="text",
        section="notices",
        export="notices",
        listed_by="posted",
        facets=(Facet("year", "posted", "year"),),
    ),
"""

LIST = """{% extends "base.html" %}
{% block title %}{{ _("notices.title") }}{% endblock %}
{% block main %}
<h1>{{ _("notices.title") }}</h1>
{% include "partials/filter_links.html" %}
{% include "partials/list_tools.html" %}
<ul class="records">
{% for notice in records %}
{{ row("partials/record_row.html", record=notice) -}}
{% endfor %}
</ul>
{% endblock %}
"""

PAGE = """{% extends "base.html" %}
{% block title %}{{ notice.title }}{% endblock %}
{% block main %}
<h1>{{ notice.title }}</h1>
<p><time datetime="{{ notice.posted.isoformat() }}">{{ notice.posted|date }}</time></p>
<div class="prose">{{ notice.text|markdown }}</div>
{% include "partials/record_tools.html" %}
{% endblock %}
"""

TEXTS = {
    "zh-CN": {"nav.notices": "公告", "notices.title": "社区公告", "search.type.notice": "公告",
              "edit.propose.notice": "提议新公告"},
    "en": {"nav.notices": "Notices", "notices.title": "Community notices", "search.type.notice": "Notice",
           "edit.propose.notice": "Propose a notice"},
}  # fmt: skip


def add_notice_type(engine: Path) -> None:
    """Add the *notice* type to a copy of the engine, file by file as docs/architecture.md says."""
    (engine / "schemas/notice.schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False, indent=2))
    model = engine / "noticeboard/content/model.py"
    model.write_text(model.read_text(encoding="utf-8") + MODEL, encoding="utf-8")
    builders = engine / "noticeboard/content/builders.py"
    text = builders.read_text(encoding="utf-8").replace("    Award,\n", "    Award,\n    Notice,\n", 1)
    builders.write_text(text + BUILDER, encoding="utf-8")
    types = engine / "noticeboard/content/types.py"
    text = types.read_text(encoding="utf-8")
    text = text.replace(
        "from noticeboard.content.model import Award,",
        "from noticeboard.content.model import Award, Notice,",
        1,
    )
    text = text.replace("    build_award,\n", "    build_award,\n    build_notice,\n", 1)
    table_end = text.index("\n)\n", text.index("RECORD_TYPES: tuple[RecordType, ...] = ("))
    types.write_text(text[: table_end + 1] + ENTRY + text[table_end + 1 :], encoding="utf-8")
    (engine / "templates/notices").mkdir()
    (engine / "templates/notices/list.html").write_text(LIST, encoding="utf-8")
    (engine / "templates/notices/page.html").write_text(PAGE, encoding="utf-8")
    for language, texts in TEXTS.items():
        catalog = engine / f"noticeboard/site/locales/{language}.json"
        entries = json.loads(catalog.read_text(encoding="utf-8"))
        catalog.write_text(json.dumps({**entries, **texts}, ensure_ascii=False, indent=2), encoding="utf-8")


def run(engine: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the copied engine's build.py in the board folder, as a volunteer would."""
    return subprocess.run(
        [sys.executable, str(engine / "build.py"), *args, "--date", DATE],
        cwd=engine,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NOTICEBOARD_CACHE": str(engine / ".cache")},
    )


def test_a_new_record_type_needs_one_entry_its_schema_templates_and_model(tmp_path: Path) -> None:
    engine = tmp_path / "engine"
    for part in ("noticeboard", "templates", "schemas"):
        shutil.copytree(ROOT / part, engine / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", engine / "build.py")
    add_notice_type(engine)

    board = engine / "content"
    for rel, text in BASE_FILES.items():
        (board / rel).parent.mkdir(parents=True, exist_ok=True)
        (board / rel).write_text(text, encoding="utf-8")
    (board / "notices").mkdir()
    (board / "notices/water.md").write_text(
        "---\ntitle: 停水通知\nposted: 2022-08-20\n---\n8月22日上午9点至12点停水检修。\n", encoding="utf-8"
    )
    (board / "notices/broken.yaml").write_text("posted: 2022-08-21\n", encoding="utf-8")
    (board / "notice").mkdir()
    (board / "notice/misfiled.yaml").write_text("title: 放错了\n", encoding="utf-8")

    checked = run(engine, "check")
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        "content/notice/misfiled.yaml:1:1: error: 这个文件不在公示栏读取的文件夹里，不会被发布；记录应放在 "
        "partners/、projects/、wishes/、councils/、points/awards/、points/redemptions/ 或 notices/ 文件夹里 "
        "[misplaced-file]",
        "content/notices/broken.yaml:1:1: error: 没有写「标题」（title），这一项必须填写 [missing-key]",
    ]

    (board / "notices/broken.yaml").unlink()
    shutil.rmtree(board / "notice")
    built = run(engine, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    site = engine / "site"
    page = (site / "notices/water/index.html").read_text(encoding="utf-8")
    assert "停水通知" in page and "8月22日上午9点至12点停水检修。" in page
    listing = (site / "notices/index.html").read_text(encoding="utf-8")
    assert 'href="water/index.html"' in listing and "2022年8月20日" in listing
    assert 'href="notices/index.html">公告</a>' in (site / "index.html").read_text(encoding="utf-8")
    exported = json.loads((site / "data/notices.json").read_text(encoding="utf-8"))
    assert exported == [
        {
            "id": "water",
            "title": "停水通知",
            "posted": "2022-08-20",
            "text": "8月22日上午9点至12点停水检修。",
            "url": "notices/water/",
        }
    ]
    documents = "".join(p.read_text(encoding="utf-8") for p in (site / "search").glob("docs-*.json"))
    assert "停水通知" in documents
