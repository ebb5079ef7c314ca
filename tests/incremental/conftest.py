"""Fixtures the incremental tests share."""

from __future__ import annotations

import pytest

from noticeboard.output import state as state_module


@pytest.fixture
def trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust stat signatures at once: tests edit files a moment before building, real edits
    are seconds apart (a module asks for it with ``pytestmark = pytest.mark.usefixtures(...)``)."""
    monkeypatch.setattr(state_module, "RACY_NS", 0)
