"""The installable engine (issue 13): the sdist and wheel carry the theme, schemas, locales and starter
files; installed into a fresh virtual environment outside the repository, every verb works on a
board made by ``noticeboard init``, overrides show (and fail clearly), and a board asking for
another engine version is told which to install.

The wheel is built once per test session (``python -m build``: the sdist, then the wheel from
the sdist, so both are proved complete) and installed into a venv under the session's
temporary folder. Those tests are marked ``slow``: CI runs them with everything else; skip them
while iterating with ``-m "not slow"``.
"""

from __future__ import annotations

import datetime as dt
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from noticeboard import __version__
from tests.conftest import REPO, build_site
from tests.templates import fill_placeholders

DATE = "2022-08-27"
ROW = "partials/wish_row.html"


def _data_folders(top: Path, package: str) -> list[str]:
    found = []
    for here, folders, _ in os.walk(top):
        folders[:] = sorted(f for f in folders if f != "__pycache__" and not f.startswith("."))
        rel = Path(here).relative_to(top)
        found.append(".".join([package, *rel.parts]))
    return found


def test_pyproject_names_every_folder_of_the_package() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == {
        "noticeboard.templates": "templates",
        "noticeboard.schemas": "schemas",
        "noticeboard.vendor": "vendor",
    }
    expected = [
        *_data_folders(REPO / "noticeboard", "noticeboard"),
        *_data_folders(REPO / "templates", "noticeboard.templates"),
        *_data_folders(REPO / "schemas", "noticeboard.schemas"),
        *_data_folders(REPO / "vendor", "noticeboard.vendor"),
    ]
    assert sorted(config["packages"]) == sorted(expected)


def test_a_source_checkout_uses_the_repositorys_own_folders() -> None:
    from noticeboard import paths

    assert paths.TEMPLATES == REPO / "templates" and paths.SCHEMA_DIR == REPO / "schemas"
    assert paths.STARTER == REPO / "noticeboard" / "starter"


# --- the wheel, built once and installed into a fresh venv -----------------------------------


@dataclass
class Built:
    sdist: Path
    wheel: Path


@dataclass
class Installed:
    """A fresh venv holding the wheel; ``run`` runs its ``noticeboard`` command."""

    venv: Path

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        environ.update(NOTICEBOARD_CACHE=str(cwd / ".noticeboard-cache"), PYTHONDONTWRITEBYTECODE="1")
        command = [str(self.venv / "bin" / "noticeboard"), *args]
        return subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True, timeout=300)

    def ok(self, *args: str, cwd: Path) -> str:
        result = self.run(*args, cwd=cwd)
        assert result.returncode == 0, f"noticeboard {' '.join(args)}: {result.stdout}{result.stderr}"
        return result.stdout


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sdist and the wheel (from the sdist) of this checkout."""
    try:
        import build  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the build package is missing (pip install -e '.[test]')")
        pytest.skip("the build package is missing (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    # Run from outside the repository: there `python -m build` would find build.py instead.
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (sdist,) = out.glob("noticeboard-*.tar.gz")
    (wheel,) = out.glob("noticeboard-*.whl")
    return Built(sdist, wheel)


@pytest.fixture(scope="session")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    venv = tmp_path_factory.mktemp("venv")
    assert not venv.is_relative_to(REPO)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(built.wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return Installed(venv)


@pytest.fixture
def new_board(installed: Installed, tmp_path: Path) -> Path:
    """A board made by the installed engine's ``init``, with one wish."""
    installed.ok(
        "init", "board", "--community", "东风社区", "--street", "东城街道", "--no-input", cwd=tmp_path
    )
    board = tmp_path / "board"
    assert installed.ok("new", "wish", "--title", "haircut", "--date", DATE, cwd=board).strip() == (
        "content/wishes/2022-08-27-haircut.yaml"
    )
    _fill_in(board / "content/wishes/2022-08-27-haircut.yaml")
    return board


def _fill_in(record: Path) -> None:
    """Replace a new wish's placeholders, as the volunteer must before ``check`` passes."""
    record.write_text(fill_placeholders("wish", record.read_text(encoding="utf-8")), encoding="utf-8")


def _engine_files() -> set[str]:
    """Every file the installed engine needs, as the wheel names them."""
    files = {
        f"noticeboard/{p.relative_to(REPO / 'noticeboard').as_posix()}" for p in _tree(REPO / "noticeboard")
    }
    files |= {
        f"noticeboard/templates/{p.relative_to(REPO / 'templates').as_posix()}"
        for p in _tree(REPO / "templates")
    }
    files |= {
        f"noticeboard/schemas/{p.relative_to(REPO / 'schemas').as_posix()}" for p in _tree(REPO / "schemas")
    }
    return files


def _tree(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


@pytest.mark.slow
def test_the_wheel_and_the_sdist_carry_the_whole_engine(built: Built) -> None:
    assert built.wheel.name == f"noticeboard-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(built.wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(f"noticeboard-{__version__}.dist-info/entry_points.txt")
    engine = _engine_files()
    assert engine - names == set()
    assert {"noticeboard/templates/static/style.css", "noticeboard/schemas/sitemap.xsd"} <= names
    assert {"noticeboard/vendor/decap-cms/decap-cms.js", "noticeboard/templates/admin/index.html"} <= names
    assert {"noticeboard/schemas/export/index.schema.json", "noticeboard/site/locales/zh-CN.json"} <= names
    assert {"noticeboard/starter/github/workflows/check.yml", "noticeboard/starter/gitignore"} <= names
    assert not [
        n for n in names if n.startswith(("content/", "tests/", "templates/", "noticeboard/content/wishes"))
    ]
    assert b"noticeboard = noticeboard.cli:console" in entry_points
    top = f"noticeboard-{__version__}/"
    with tarfile.open(built.sdist) as sdist:
        in_sdist = {n.removeprefix(top) for n in sdist.getnames()}
    for rel in ("pyproject.toml", "README.md", "templates/base.html", "schemas/export/index.schema.json"):
        assert rel in in_sdist, rel
    assert "noticeboard/starter/CONTRIBUTING.md" in in_sdist


@pytest.mark.slow
def test_the_installed_engine_runs_outside_the_repository(installed: Installed, tmp_path: Path) -> None:
    assert installed.ok("--version", cwd=tmp_path) == f"noticeboard {__version__}\n"
    where = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", "import noticeboard.paths as p; print(p.TEMPLATES)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.venv) and Path(where, "base.html").is_file()


@pytest.mark.slow
def test_a_board_made_by_init_checks_builds_prints_diffs_and_serves(
    installed: Installed, new_board: Path, tmp_path: Path
) -> None:
    board = new_board
    assert "OK: 1 records" in installed.ok("check", "--date", DATE, cwd=board)
    assert "built 1 records" in installed.ok("build", "--date", DATE, cwd=board)
    assert (board / "site/wishes/2022-08-27-haircut/index.html").is_file()
    assert "printed 2022-08" in installed.ok("print", "--date", DATE, cwd=board)
    assert installed.ok("schemas", "--check", cwd=board) == ""
    # The installed engine builds exactly what this checkout builds.
    assert build_site(board / "content", tmp_path / "source-built", dt.date(2022, 8, 27)).ok
    installed.ok("build", "--date", DATE, "--out", str(tmp_path / "wheel-built"), "--no-cache", cwd=board)
    assert _snapshot(tmp_path / "wheel-built") == _snapshot(tmp_path / "source-built")
    # diff, in the board's git repository
    git = ["git", "-c", "user.name=志愿者", "-c", "user.email=v@example.org"]
    for step in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "公示栏"]):
        subprocess.run([*git, *step], cwd=board, check=True, capture_output=True)
    installed.ok("new", "wish", "--title", "lamp", "--date", DATE, cwd=board)
    _fill_in(board / "content/wishes/2022-08-27-lamp.yaml")
    assert "lamp" in installed.ok("diff", "HEAD", "--date", DATE, cwd=board)
    _serve_once(installed, board)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _serve_once(installed: Installed, board: Path) -> None:
    """Start ``noticeboard serve``, fetch the home page, stop it with Ctrl+C."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    command = [str(installed.venv / "bin" / "noticeboard"), "serve", "--port", "0", "--date", DATE]
    server = subprocess.Popen(command, cwd=board, env=environ, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:  # in a thread: a pipe has no timeout of its own
        for line in server.stderr or ():
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        address, seen = None, []
        while address is None:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                pytest.fail(f"serve printed no address within 60 s: {seen}")
            seen.append(line)
            if match := re.search(r"serving (http://\S+/)", line):
                address = match.group(1)
        with urllib.request.urlopen(address, timeout=30) as response:
            assert "东风社区公示栏" in response.read().decode("utf-8")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0


@pytest.mark.slow
def test_an_override_shows_on_the_page_and_a_broken_one_names_its_file_and_line(
    installed: Installed, new_board: Path
) -> None:
    board = new_board
    engine_row = (REPO / "templates" / ROW).read_text(encoding="utf-8")
    ours = board / "templates" / ROW
    ours.parent.mkdir(parents=True)
    ours.write_text(
        engine_row.replace("</li>", '<p class="ours">东风社区自己的写法</p>\n</li>'), encoding="utf-8"
    )
    installed.ok("build", "--date", DATE, cwd=board)
    assert "东风社区自己的写法" in (board / "site/wishes/index.html").read_text(encoding="utf-8")
    before = (board / "site/wishes/index.html").read_bytes()

    ours.write_text(engine_row.replace("</li>", "{{ wish.colour }}\n</li>"), encoding="utf-8")
    line = engine_row.count("\n", 0, engine_row.index("</li>")) + 1
    result = installed.run("build", "--date", DATE, cwd=board)
    assert result.returncode == 2 and result.stdout == ""
    assert re.fullmatch(
        rf"noticeboard build: error: templates/{ROW}:{line}: 模板出错 / template error: "
        r"'noticeboard\.content\.model\.Wish object' has no attribute 'colour' \(page [^)]+\)\n",
        result.stderr,
    ), result.stderr
    assert (board / "site/wishes/index.html").read_bytes() == before  # the last good site stays

    shutil.rmtree(board / "templates")
    (board / "static").mkdir()
    (board / "static" / "style.css").write_text("body { background: #fee; }\n", encoding="utf-8")
    installed.ok("build", "--date", DATE, cwd=board)
    assert (board / "site/static/style.css").read_text(encoding="utf-8") == "body { background: #fee; }\n"


@pytest.mark.slow
def test_a_board_for_another_engine_version_says_which_to_install(
    installed: Installed, new_board: Path
) -> None:
    site = new_board / "content/site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(re.sub(r"(?m)^engine: .*$", 'engine: ">=9.3,<9.4"', text), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("engine:"))
    for verb in ("check", "build"):
        result = installed.run(verb, "--date", DATE, cwd=new_board)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == (
            f"noticeboard {verb}: error: content/site.yaml:{line}: 本公示栏需要 noticeboard >=9.3,<9.4，"
            f"当前是 {__version__} / this board needs noticeboard >=9.3,<9.4, this is {__version__}: "
            "install a version in that range (the board pins one: pip install -r requirements.txt)\n"
        )
