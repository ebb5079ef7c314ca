"""The producer of ``admin/``: the editor's page, its configuration and the vendored editor.

``admin/index.html`` loads the vendored Decap CMS (``admin/decap-cms/``, copied as
``vendor/decap-cms/`` holds it, never parsed) and ``admin/config.yml``, which
:func:`~noticeboard.site.editor.collections.editor_config` makes from the schemas, the
record-type table and the board's partners. The page has its own Content-Security-Policy,
the narrowest Decap runs under: the board's origin, the git host's API and the local
``decap-server`` (docs/editor.md). ``site.yaml`` ``editor: false`` turns it all off; a
``repo_url`` on a host the editor cannot save to gives no ``admin/`` either.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from noticeboard.paths import EDITOR_VENDOR
from noticeboard.site.context import SiteContext
from noticeboard.site.editor.backend import Backend, backend_of
from noticeboard.site.editor.collections import connect_sources, editor_config
from noticeboard.site.files import SiteFiles

ADMIN = "admin"
VENDOR = f"{ADMIN}/decap-cms"  # the editor's script and the chunks it loads from beside itself
STYLE = "admin/editor.css"  # a template-folder asset: lets Decap's editor shrink to a phone
SCRIPT = "admin/editor.js"  # another: names two controls Decap leaves without one


def produce_editor(ctx: SiteContext) -> SiteFiles:
    """``admin/`` (see module doc); nothing when the board turned the editor off."""
    site = ctx.board.site
    backend = backend_of(site.repo_url, site.editor) if site.editor.enabled else None
    if backend is None:
        return {}
    files: SiteFiles = {f"{VENDOR}/{name}": data for name, data in vendored().items()}
    files[f"{ADMIN}/config.yml"] = config_yaml(editor_config(ctx.board, ctx.language, backend))
    for asset in (STYLE, SCRIPT):
        files[asset] = (ctx.theme.engine_templates / asset).read_bytes()
    files[f"{ADMIN}/index.html"] = ctx.render(
        "admin/index.html",
        f"{ADMIN}/index.html",
        editor_policy=policy(backend),
        editor_script="decap-cms/decap-cms.js",
    )
    return files


def policy(backend: Backend) -> str:
    """The editor page's policy: Decap compiles its configuration check (``'unsafe-eval'``) and
    styles its widgets with inline ``<style>`` elements it makes at run time (``'unsafe-inline'``
    for styles only); it fetches from the git host and the local ``decap-server``."""
    connect = " ".join(("'self'", *connect_sources(backend)))
    images = " ".join(("'self'", "data:", "blob:", *backend.images))
    return (
        "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        f"img-src {images}; font-src 'self'; connect-src {connect}; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )


class _Dumper(yaml.SafeDumper):
    """YAML without anchors: every field written out, as a reviewer reads it."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yaml(config: dict[str, Any]) -> bytes:
    """The configuration as Decap reads it: YAML, keys in the order made, byte-identical each build."""
    text = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return text.encode("utf-8")


@cache
def vendored(folder: Path = EDITOR_VENDOR) -> dict[str, bytes]:
    """The vendored editor's files, read once per process (tools/update_editor.py keeps them)."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.name != "MANIFEST.json"}
