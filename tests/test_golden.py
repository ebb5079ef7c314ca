"""The build reproduces the golden output trees byte for byte (see tests/golden/update.py).

Both boards are built cold (no cache), then twice more through a fresh cache (a first
cached build and a no-op one); every build must equal the committed tree exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden.update import BOARDS, HERE, VENDORED, build


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by its relative POSIX path (not the vendored editor's)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(f"{VENDORED}/")
    }


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """Name what differs: missing, unexpected and changed files."""
    found = [f"missing: {p}" for p in sorted(set(expected) - set(actual))]
    found += [f"unexpected: {p}" for p in sorted(set(actual) - set(expected))]
    found += [f"changed: {p}" for p in sorted(set(expected) & set(actual)) if expected[p] != actual[p]]
    return found


@pytest.mark.parametrize("name", sorted(BOARDS))
def test_build_reproduces_the_golden_tree(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make, date = BOARDS[name]
    content = make(tmp_path / "board")
    expected = tree(HERE / name)
    assert expected, f"tests/golden/{name}/ is empty: run python -m tests.golden.update"
    build(content, tmp_path / "cold", date, "--no-cache")
    assert differences(expected, tree(tmp_path / "cold")) == []
    monkeypatch.setenv("NOTICEBOARD_CACHE", str(tmp_path / "cache"))
    for _ in range(2):  # a first cached build, then one with nothing to do
        build(content, tmp_path / "cached", date)
        assert differences(expected, tree(tmp_path / "cached")) == []
