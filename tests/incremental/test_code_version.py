"""The running code's digest names the libraries' versions as importlib.metadata gives them."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

from noticeboard.incremental import digests
from tests.conftest import REPO


def test_the_installed_versions_are_those_importlib_metadata_gives() -> None:
    names = (*digests._DEPENDENCIES, "no-such-distribution-here")
    versions = digests.dependency_versions(names)
    assert versions.pop("no-such-distribution-here") is None
    for name, version in versions.items():
        assert version == importlib.metadata.version(name), name


def test_the_first_on_the_path_wins_and_other_installs_are_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    (first / "Pillow_HEIF-1.2.3.dist-info").mkdir(parents=True)
    (second / "pillow_heif-9.9.9.dist-info").mkdir(parents=True)
    (second / "Jinja2-3.0.0.dist-info").mkdir()
    (first / "old_thing.egg-info").mkdir()  # no version in its name: asked of importlib.metadata
    asked: list[str] = []
    monkeypatch.setattr(digests, "_version_otherwise", lambda name: asked.append(name) or "7.7")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "gone"), str(first), str(second)])
    versions = digests.dependency_versions(("pillow-heif", "jinja2", "old-thing"))
    assert versions == {"pillow-heif": "1.2.3", "jinja2": "3.0.0", "old-thing": "7.7"}
    assert asked == ["old-thing"]


def test_the_digest_does_not_import_importlib_metadata() -> None:
    """A build with nothing to do needs the code's digest; those imports took 18 ms of it."""
    script = (
        "import sys\n"
        "from noticeboard.incremental.digests import code_version\n"
        "code_version()\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    # -S: without site, whose .pth files for editable installs import it themselves
    ran = subprocess.run(
        [sys.executable, "-S", "-c", f"import sys; sys.path[:0] = {sys.path!r}\n" + script],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    assert ran.stdout.strip() == "False"
