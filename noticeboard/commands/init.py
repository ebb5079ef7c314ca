"""``noticeboard init [DIR]``: a new community's board repository, ready to check and build.

It writes ``content/site.yaml`` (the settings, asked for in a terminal or given as options),
the record folders and the points rules, ``requirements.txt`` pinning this engine's version
(the workflows and the volunteers install exactly that), ``.github/`` workflows that check
pull requests and publish on GitHub Pages, CONTRIBUTING.md and README.md for its volunteers,
the editor's schemas and their mapping (:mod:`noticeboard.commands.schemas`) and a
``.gitignore``. The files come from ``noticeboard/starter/``. Nothing is ever overwritten,
and nothing is written unless the new board passes ``check``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from noticeboard import HOME, __version__
from noticeboard.commands import schemas
from noticeboard.commands.options import Command
from noticeboard.content.check import check_content
from noticeboard.content.messages import LANGUAGES
from noticeboard.content.types import RECORD_TYPES
from noticeboard.errors import EXIT_CONTENT, EXIT_OK, UsageError
from noticeboard.paths import STARTER

# (option, question): in the order they are asked; name's default is made from community's.
FIELDS = (
    ("community", "社区名称 / community"),
    ("name", "公示栏名称 / name of the board"),
    ("street", "街道（可空）/ street, sub-district (may be empty)"),
    ("district", "区（可空）/ district (may be empty)"),
    ("language", f"页面语言 / language ({' / '.join(LANGUAGES)})"),
    ("repo_url", "仓库网址（可空），如 https://github.com/org/board / repository address (may be empty)"),
)
DOTTED = ("gitignore", "github", "vscode", "pre-commit-config.yaml")  # starter names that get a leading dot


def register(parser: argparse.ArgumentParser) -> Command:
    """Add the options of ``init``; return its handler."""
    parser.add_argument("dir", nargs="?", default=".", help="the new board's folder (default: here)")
    parser.add_argument("--community", help="社区名称 / the community, e.g. 万华社区")
    parser.add_argument("--name", help="公示栏名称 / the board's name (default: <community>公示栏)")
    parser.add_argument("--street", help="街道 / street (sub-district)")
    parser.add_argument("--district", help="区 / district")
    parser.add_argument("--language", choices=LANGUAGES, help="页面语言 / language (default: zh-CN)")
    parser.add_argument("--repo-url", help="the board repository's address, for edit links")
    parser.add_argument("--base-url", help="where the board will be published (default: set by the workflow)")
    parser.add_argument(
        "--engine-requirement",
        help=f"what requirements.txt installs (default: noticeboard @ git+{HOME}@v{__version__})",
    )
    parser.add_argument("--no-input", action="store_true", help="never ask; take options and defaults only")
    return cmd_init


def engine_range(version: str = __version__) -> str:
    """The versions a new board accepts: this release series (0.2.x: ">=0.2,<0.3"; 1.4.x: ">=1.4,<2")."""
    major, minor = (int(part) for part in version.split(".")[:2])
    upper = f"0.{minor + 1}" if major == 0 else str(major + 1)
    return f">={major}.{minor},<{upper}"


def ask(values: dict[str, str | None], question: Callable[[str], str] = input) -> dict[str, str | None]:
    """Ask for every setting not given; an empty answer keeps the default shown in brackets."""
    answers = dict(values)
    for key, text in FIELDS:
        if answers.get(key) is not None:
            continue
        default = _default(key, answers)
        answer = question(f"{text}{f' [{default}]' if default else ''}: ").strip()
        answers[key] = answer or default or None
    return answers


def settings_yaml(values: dict[str, str | None]) -> str:
    """The new board's content/site.yaml, commented for its volunteers."""

    def line(key: str, note: str) -> str:
        value = values.get(key)
        return f"{key}: {json.dumps(value, ensure_ascii=False)}  # {note}" if value else ""

    lines = [
        "# 公示栏设置 / Board settings",
        f"# 每个字段的含义 / every field: {HOME}/blob/v{__version__}/docs/content-model.md",
        line("name", "公示栏名称 / name of the board"),
        line("community", "社区 / community"),
        line("street", "街道 / street"),
        line("district", "区 / district"),
        f"language: {values.get('language') or 'zh-CN'}  # 页面语言 / language: zh-CN, en",
        line("base_url", "发布网址 / where the board is published")
        or "# base_url: https://example.org/board/  # 发布网址，发布流程会填写 / Pages passes it",
        line("repo_url", "仓库网址，用于“修改”链接 / repository address, for edit links")
        or "# repo_url: https://github.com/org/board  # 仓库网址，用于“修改”链接 / for edit links",
        "# contact: 社区党群服务中心，工作日 8:30-17:30  # 联系方式（唯一可写电话）/ the office's contact",
        f'engine: "{engine_range()}"  # 适用的引擎版本，requirements.txt 固定其中一个 / engine versions; '
        "requirements.txt pins one",
    ]
    return "\n".join(text for text in lines if text) + "\n"


def board_files(values: dict[str, str | None], requirement: str) -> dict[str, bytes]:
    """Every file of the new board but the editor's schemas: path relative to its folder → bytes."""
    repo_url = (values.get("repo_url") or "").removesuffix("/").removesuffix(".git")
    marks = {
        "[[BOARD_NAME]]": values.get("name") or "",
        "[[COMMUNITY]]": values.get("community") or "",
        "[[ENGINE_HOME]]": HOME,
        "[[ENGINE_DOCS]]": f"{HOME}/blob/v{__version__}/docs",
        "[[ENGINE_REQUIREMENT]]": requirement,
        "[[REPO_URL]]": repo_url or "https://github.com/<组织 org>/<仓库 repo>",
        "[[REPO_NAME]]": repo_url.rsplit("/", 1)[-1] if repo_url else "<仓库 repo>",
    }
    files: dict[str, bytes] = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(STARTER).as_posix()
            if rel.startswith(DOTTED):
                rel = f".{rel}"
            text = path.read_text(encoding="utf-8")
            for mark, value in marks.items():
                text = text.replace(mark, value)
            files[rel] = text.encode("utf-8")
    files["content/site.yaml"] = settings_yaml(values).encode("utf-8")
    for record_type in RECORD_TYPES:  # git keeps no empty folder
        files.setdefault(f"content/{record_type.folder}/.gitkeep", b"")
    return dict(sorted(files.items()))


def cmd_init(args: argparse.Namespace) -> int:
    """Write a new board into DIR; print what was written and what to do next."""
    values: dict[str, str | None] = {key: getattr(args, key) for key, _ in FIELDS}
    values["base_url"] = args.base_url
    if not args.no_input and sys.stdin.isatty():
        values = ask(values)
    values["name"] = values.get("name") or _default("name", values)
    values["language"] = values.get("language") or "zh-CN"
    if not values.get("community"):
        raise UsageError("give the community with --community (or run init in a terminal to be asked)")
    if values["language"] not in LANGUAGES:
        raise UsageError(f"language must be one of {', '.join(LANGUAGES)}, not {values['language']!r}")
    root = Path(args.dir)
    files = board_files(values, args.engine_requirement or f"noticeboard @ git+{HOME}@v{__version__}")
    editor = schemas.planned(root)  # the editor's schemas and .vscode/settings.json
    taken = [root / rel for rel in files if (root / rel).exists()] + [
        path for path in editor if path.exists()
    ]
    if taken:
        raise UsageError(f"{taken[0].as_posix()} already exists: init never overwrites a board")
    problems = _problems(files)
    if problems:
        print(problems)
        return EXIT_CONTENT
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(data)
    schemas.apply(editor)
    shown = root.as_posix()
    pinned = files["requirements.txt"].decode("utf-8").splitlines()[-1]
    print(f"已创建公示栏 / created a board in {shown} (engine: {pinned})")
    print(
        f"下一步 / next: cd {shown} && git init -b main && git add . && git commit -m 公示栏 · "
        "noticeboard new wish --title haircut · noticeboard check · noticeboard serve"
    )
    return EXIT_OK


def _default(key: str, values: dict[str, str | None]) -> str | None:
    if key == "name" and values.get("community"):
        return f"{values['community']}公示栏"
    return "zh-CN" if key == "language" else None


def _problems(files: dict[str, bytes]) -> str | None:
    """Check the new board's content in a scratch folder: its problems as text, or None."""
    with tempfile.TemporaryDirectory(prefix="noticeboard-init-") as scratch, _inside(Path(scratch)):
        for rel, data in files.items():
            if rel.startswith("content/"):
                Path(rel).parent.mkdir(parents=True, exist_ok=True)
                Path(rel).write_bytes(data)
        checked = check_content(Path("content"), dt.date.today())
        return checked.report("text") if checked.problems else None


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    """Work in ``folder`` for a while, so that problems name content/site.yaml as the user will."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)
