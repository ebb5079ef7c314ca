"""A board's own templates and assets over the engine's: lookup, static files and clear failures.

A board overrides any template by keeping a file of the same name in its ``templates/``
folder (``templates/partials/wish_row.html``); every template it does not keep comes from
the engine. ``engine/<name>`` always names the engine's own template, so an override can
extend the template it replaces and change one block. Every file in the board's
``static/`` folder is published under ``static/``, replacing the engine's asset of the same
name. See docs/boards.md.

An override is the board's code: when it does not compile, or uses a value the engine does
not pass (``StrictUndefined``), the build stops with one line naming its file and line
(:class:`TemplateFailure`, exit 2) instead of a traceback or a blank page.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import jinja2

from noticeboard.errors import UsageError
from noticeboard.paths import ENGINE_PREFIX, Theme

T = TypeVar("T")


class ThemeLoader(jinja2.BaseLoader):
    """The board's template folders, then the engine's; remembers the templates it does not hold.

    ``{% include ... ignore missing %}`` of an absent partial would search the folders on
    every page (9,000 times at 10k records); one build's templates do not change.
    """

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.search = jinja2.FileSystemLoader([str(folder) for folder in theme.templates])
        self.engine = jinja2.FileSystemLoader(str(theme.engine_templates))
        self.missing: set[str] = set()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        """Find a template's source, or fail at once for one already found missing."""
        if template in self.missing:
            raise jinja2.TemplateNotFound(template)
        try:
            if template.startswith(ENGINE_PREFIX):
                return self.engine.get_source(environment, template.removeprefix(ENGINE_PREFIX))
            return self.search.get_source(environment, template)
        except jinja2.TemplateNotFound:
            self.missing.add(template)
            raise

    def list_templates(self) -> list[str]:
        names = set(self.search.list_templates())
        return sorted(names | {ENGINE_PREFIX + name for name in self.engine.list_templates()})


def all_templates_digest(theme: Theme) -> bytes:
    """A digest of every template of the theme (for a template named only at render time)."""
    digest = hashlib.sha256()
    for index, folder in enumerate(theme.templates):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                rel = path.relative_to(folder).as_posix()
                digest.update(f"{index} {rel}\0".encode() + path.read_bytes())
    return digest.digest()


# --- static assets -----------------------------------------------------------------------


def static_files(theme: Theme) -> dict[str, Path]:
    """Every asset to publish: its path under ``static/`` → its file. The board's win."""
    found: dict[str, Path] = {}
    for folder in reversed(theme.static):  # the engine's first, so that the board's replace them
        for rel, path in _files(folder):
            found[rel] = path
    return dict(sorted(found.items()))


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    """Every file below ``folder`` (hidden ones and symlinked folders left out)."""
    for here, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(here) / name
            if path.is_symlink():
                raise UsageError(
                    f"{path.as_posix()}: 静态文件不能是符号链接，请复制文件本身 / "
                    "an asset must not be a symbolic link: copy the file itself"
                )
            yield path.relative_to(folder).as_posix(), path


# --- failures ------------------------------------------------------------------------------


class TemplateFailure(UsageError):
    """A board's template override failed to compile or to render (exit 2, one line)."""


def failure(error: BaseException, theme: Theme, page_path: str) -> TemplateFailure | None:
    """Say where a template failed, when one of the board's overrides took part; else None
    (the engine's own templates failing is the engine's bug, reported as such)."""
    if not theme.overrides:
        return None
    frames = _template_frames(error, theme)
    if not any(own for own, _, _ in frames):
        return None
    own, filename, line = frames[-1]  # the innermost template: where it went wrong
    where = f"{_shown(filename, theme)}:{line}"
    if not own:  # an engine template, given something wrong by an override: name that too
        caller = next(frame for frame in reversed(frames) if frame[0])
        where += f" (from {_shown(caller[1], theme)}:{caller[2]})"
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    if not isinstance(error, jinja2.TemplateError):
        message = f"{type(error).__name__}: {message}"
    text = " ".join(str(message).split())
    return TemplateFailure(f"{where}: 模板出错 / template error: {text} (page {page_path})")


def _template_frames(error: BaseException, theme: Theme) -> list[tuple[bool, str, int]]:
    """The template files the error passed through, outermost first: (the board's?, file, line)."""
    frames: list[tuple[bool, str, int]] = []
    for frame in traceback.extract_tb(error.__traceback__):
        kind = _whose(frame.filename, theme)
        if kind is not None and frame.lineno is not None:
            frames.append((kind, frame.filename, frame.lineno))
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:  # compiling: no frame of it yet
        kind = _whose(error.filename, theme)
        if kind is not None:
            frames.append((kind, error.filename, error.lineno))
    return frames


def _whose(filename: str, theme: Theme) -> bool | None:
    """True for a file of the board's templates, False for the engine's, None for neither."""
    path = Path(os.path.abspath(filename))
    for folder in theme.templates:
        if path.is_relative_to(Path(os.path.abspath(folder))):
            return folder != theme.engine_templates
    return None


def _shown(filename: str, theme: Theme) -> str:
    """A template file as the user finds it: relative to the working folder, or the engine's name."""
    path = Path(os.path.abspath(filename))
    engine = Path(os.path.abspath(theme.engine_templates))
    if path.is_relative_to(engine) and not any(
        path.is_relative_to(Path(os.path.abspath(f))) for f in theme.overrides
    ):
        return f"(engine) {path.relative_to(engine).as_posix()}"
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def guarded(theme: Theme, page_path: str, work: Callable[[], T]) -> T:
    """Run ``work`` (rendering ``page_path``), turning an override's failure into :class:`TemplateFailure`."""
    try:
        return work()
    except TemplateFailure:
        raise
    except Exception as error:
        found = failure(error, theme, page_path)
        if found is None:
            raise
        raise found from None
