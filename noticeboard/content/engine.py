"""The engine versions a board is written for: ``engine:`` in site.yaml, checked before anything else.

A board states the range of engine versions its records are written for, as a pip version
specifier (``engine: ">=0.2,<0.3"``). When the running engine is outside it, the board is not
read at all: a board written for a newer engine would otherwise drown its volunteers in
problems about fields this engine does not know, and an older board could be judged by rules
it was never written for. The command stops with one line saying which version to install
(exit 2). CHANGELOG.md says, for every version, what a board's records must change.
"""

from __future__ import annotations

from pathlib import Path

from noticeboard import __version__
from noticeboard.content.decode import read_text
from noticeboard.content.parse import ParseError, parse_yaml
from noticeboard.errors import UsageError

SETTINGS = "site.yaml"


class WrongEngine(UsageError):
    """The board's site.yaml asks for engine versions this one is not (exit 2)."""


def stated_range(content_dir: Path) -> tuple[str, int] | None:
    """The board's ``engine:`` range and its line in site.yaml, or None when it states none.

    A site.yaml that cannot be read or parsed states none here: ``check`` reports it in full.
    """
    path = content_dir / SETTINGS
    try:
        positioned = parse_yaml(read_text(path))
    except (OSError, UnicodeError, ParseError, ValueError):
        return None
    data = positioned.data
    if not isinstance(data, dict) or "engine" not in data:
        return None
    line = positioned.position(("engine",))[0]
    value = data["engine"]
    return (value if isinstance(value, str) else repr(value)), line


def require_engine(content_dir: Path, running: str = __version__) -> None:
    """Raise :class:`WrongEngine` when site.yaml's ``engine:`` range excludes the running engine."""
    stated = stated_range(content_dir)
    if stated is None:
        return
    wanted, line = stated
    from packaging.specifiers import InvalidSpecifier, SpecifierSet  # only a board that asks

    where = f"{(content_dir / SETTINGS).as_posix()}:{line}"
    try:
        versions = SpecifierSet(wanted)
    except InvalidSpecifier:
        raise WrongEngine(
            f"{where}: engine: {wanted!r} 不是版本范围 / is not a version range; "
            'write e.g. engine: ">=0.2,<0.3"'
        ) from None
    if not versions.contains(running, prereleases=True):
        pinned = content_dir.absolute().parent / "requirements.txt"  # what `noticeboard init` writes
        install = f'pip install "noticeboard{wanted}"'
        if pinned.is_file():
            install = "the board pins one: pip install -r requirements.txt"
        raise WrongEngine(
            f"{where}: 本公示栏需要 noticeboard {wanted}，当前是 {running} / this board needs "
            f"noticeboard {wanted}, this is {running}: install a version in that range ({install})"
        )
