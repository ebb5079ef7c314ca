"""The form editor's configuration (issue 18) says what the schemas say.

Every schema property is a form field (nested ones too), every enum value an option, the
required fields are the schema's, bounds and patterns are carried over, and the privacy
patterns refuse what ``check`` refuses. tests/browser/test_editor_browser.py runs the same
configuration in Decap itself, in Chromium.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from noticeboard.content.model import Editor
from noticeboard.content.privacy import find_leaks
from noticeboard.content.schema import load_schema
from noticeboard.content.types import RECORD_TYPES, RecordType
from noticeboard.site.editor.backend import backend_of
from noticeboard.site.editor.collections import editor_config
from noticeboard.site.editor.patterns import form_kinds, refusing
from noticeboard.site.editor.produce import config_yaml
from tests.conftest import REPO, build_site, check, make_board

# Texts the form must refuse (one private kind each) and texts it must let through.
PRIVATE = (
    "有事请打 13812345678",
    "电话 +86 138-1234-5678 找王阿姨",
    "手机１３８１２３４５６７８",
    "身份证 11010519491231002X",
    "旧身份证 110105491231002",
    "住3号楼502室",
    "5栋2单元301",
    "邮箱 wang@example.com",
)
PUBLIC = (
    "想要一台收音机",
    "2022年5月16日在3号院召开，9人参加",
    "社区服务电话 12345",
    "捐赠 1000 元",
    "",
)


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    checked = check(REPO / "content")
    assert checked.ok, checked.report()
    site = checked.board.site
    backend = backend_of(site.repo_url, site.editor)
    assert backend is not None
    return editor_config(checked.board, "zh-CN", backend)


def collection_of(config: dict[str, Any], record_type: RecordType) -> dict[str, Any]:
    name = record_type.folder.rsplit("/", 1)[-1]
    return next(c for c in config["collections"] if c["name"] == name)


def walk(fields: list[dict[str, Any]], prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every field of a form with its dotted path (``decisions[].votes.for``)."""
    for made in fields:
        path = prefix + made["name"]
        yield path, made
        if made.get("widget") == "object":
            yield from walk(made["fields"], path + ".")
        elif made.get("widget") == "list" and "fields" in made:
            yield from walk(made["fields"], path + "[].")


def schema_paths(schema: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every property of a schema with its dotted path and whether it is required."""
    required = set(schema.get("required", ()))
    for key, spec in schema.get("properties", {}).items():
        path = prefix + key
        yield path, spec, key in required
        if spec.get("type") == "object":
            yield from schema_paths(spec, path + ".")
        elif spec.get("type") == "array" and spec.get("items", {}).get("type") == "object":
            yield from schema_paths(spec["items"], path + "[].")


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.name)
def test_every_schema_property_is_a_form_field(config: dict[str, Any], record_type: RecordType) -> None:
    made = collection_of(config, record_type)
    assert made["folder"] == f"content/{record_type.folder}"
    assert made["extension"] == "yaml" and made["create"] is True
    assert made["identifier_field"] == record_type.title_field
    assert "{{fields." in made["slug"]  # the id, the file name, comes from the record, never a placeholder
    fields = dict(walk(made["fields"]))
    schema = load_schema(record_type.name)
    for path, spec, required in schema_paths(schema):
        assert path in fields, f"{record_type.name}: {path} has no form field"
        field = fields[path]
        if "enum" in spec:
            assert [o["value"] for o in field["options"]] == [str(v) for v in spec["enum"]], path
            assert all(o["label"] for o in field["options"])
        if spec.get("format") == "date":
            assert field["widget"] == "datetime" and field["format"] == "YYYY-MM-DD", path
        if spec.get("type") in ("integer", "number"):
            assert field["widget"] == "number", path
            assert field.get("min") == spec.get("minimum") and field.get("max") == spec.get("maximum"), path
        if "pattern" in spec and field["widget"] == "string":
            assert field["pattern"][0] == spec["pattern"], path
        if "." not in path and "[]" not in path and path != record_type.prose:
            assert field.get("required", True) == required, f"{record_type.name}: {path} required"
    if record_type.prose:
        assert fields[record_type.prose]["widget"] == "markdown"


def test_enum_options_carry_chinese_labels(config: dict[str, Any]) -> None:
    wishes = dict(walk(collection_of(config, RECORD_TYPES[2])["fields"]))
    assert [o["label"] for o in wishes["status"]["options"]][:2] == ["待认领", "已认领"]
    assert wishes["status"]["default"] == "open"


def test_partner_picker_shows_names_stores_ids_and_leaves_withdrawn_partners_out(
    config: dict[str, Any],
) -> None:
    checked = check(REPO / "content")
    active = {p.id: p.name for p in checked.board.partners if p.status != "withdrawn"}
    withdrawn = {p.id for p in checked.board.partners if p.status == "withdrawn"}
    assert withdrawn, "the demo board has a withdrawn partner"
    wishes = dict(walk(collection_of(config, RECORD_TYPES[2])["fields"]))
    options = {o["value"]: o["label"] for o in wishes["claimed_by"]["options"]}
    assert options == active


@pytest.mark.parametrize("text", PRIVATE)
def test_privacy_pattern_refuses_private_data_in_python(text: str) -> None:
    assert not re.fullmatch(refusing(form_kinds()), text)


@pytest.mark.parametrize("text", PUBLIC)
def test_privacy_pattern_lets_public_text_through_in_python(text: str) -> None:
    assert re.fullmatch(refusing(form_kinds()), text)
    assert not list(find_leaks(text))


def test_every_free_text_field_refuses_private_data(config: dict[str, Any]) -> None:
    for made in config["collections"]:
        for path, field in walk(made["fields"]):
            if field.get("widget") in ("string", "markdown") and "pattern" in field:
                regex = field["pattern"][0]
                if regex.startswith("^(?!"):
                    assert not re.fullmatch(regex, "电话 13812345678"), (made["name"], path)


def test_english_board_gets_english_labels(config: dict[str, Any]) -> None:
    checked = check(REPO / "content")
    backend = backend_of("https://github.com/a/b", Editor())
    assert backend is not None
    english = editor_config(checked.board, "en", backend)
    assert english["locale"] == "en"
    wishes = dict(walk(collection_of(english, RECORD_TYPES[2])["fields"]))
    assert wishes["title"]["label"][:1].isascii()
    assert config["locale"] == "zh_Hans"


def test_saving_makes_a_pull_request(config: dict[str, Any]) -> None:
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "github", "repo": "wanhua-community/noticeboard", "branch": "main"}
    gitlab = backend_of("https://gitlab.com/group/sub/board", Editor(app_id="abc"))
    assert gitlab is not None and gitlab.workflow and gitlab.config["repo"] == "group/sub/board"
    forgejo = backend_of("https://codeberg.org/town/board", Editor(open_authoring=True))
    assert forgejo is not None and forgejo.config["open_authoring"] is True
    assert backend_of("https://gitee.com/town/board", Editor()) is None


def test_build_writes_admin_and_editor_false_turns_it_off(tmp_path: Path) -> None:
    site_yaml = "name: 测试公示栏\ncommunity: 测试社区\nrepo_url: https://github.com/town/board\n"
    on = make_board(tmp_path / "on", {"site.yaml": site_yaml})
    off = make_board(tmp_path / "off", {"site.yaml": site_yaml + "editor: false\n"})
    assert build_site(on, tmp_path / "on-site").ok
    assert build_site(off, tmp_path / "off-site").ok
    admin = tmp_path / "on-site" / "admin"
    assert {"index.html", "config.yml", "editor.css"} <= {p.name for p in admin.iterdir()}
    assert (admin / "decap-cms" / "decap-cms.js").is_file() and (admin / "decap-cms" / "LICENSE").is_file()
    assert not (tmp_path / "off-site" / "admin").exists()
    page = html.unescape((admin / "index.html").read_text(encoding="utf-8"))
    assert "Content-Security-Policy" in page and "connect-src 'self' https://api.github.com" in page
    # the residents' pages are the same with or without the editor, and never list admin/
    on_files = {p.relative_to(tmp_path / "on-site") for p in (tmp_path / "on-site").rglob("*") if p.is_file()}
    off_files = {
        p.relative_to(tmp_path / "off-site") for p in (tmp_path / "off-site").rglob("*") if p.is_file()
    }
    assert {p for p in on_files if p.parts[0] != "admin"} == off_files
    for rel in off_files:
        assert (tmp_path / "on-site" / rel).read_bytes() == (tmp_path / "off-site" / rel).read_bytes(), rel


def test_configuration_is_deterministic(config: dict[str, Any]) -> None:
    text = config_yaml(config)
    assert yaml.safe_load(text) == config
    assert b"&id" not in text and b"*id" not in text  # no YAML anchors: every field written out


def test_vendored_editor_matches_its_manifest() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "update_editor.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
