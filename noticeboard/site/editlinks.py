"""Links into the repository's web editor: edit a record's file, or propose a new one.

``site.repo_url`` names the repository (``https://github.com/owner/board``). The host's
kind is told by its hostname (github / gitlab / gitea / gitee); anything else is treated
like GitHub, the most common case. The content folder is assumed to be ``content/`` at
the top of the repository, on branch ``main``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

DEFAULT_BRANCH = "main"
CONTENT_PREFIX = "content"


@dataclass(frozen=True)
class Forge:
    """How one kind of code host spells its edit and new-file pages."""

    edit: str  # path segment before "<branch>/<file>"
    new: str  # path segment before "<branch>/<folder>"
    filename_param: str
    content_param: str


FORGES = {
    "github": Forge("edit", "new", "filename", "value"),
    "gitlab": Forge("-/edit", "-/new", "file_name", "content"),
    "gitea": Forge("_edit", "_new", "filename", "value"),
    "gitee": Forge("_edit", "_new", "filename", "value"),
}


def forge_kind(repo_url: str) -> str:
    """Tell the code host from the repository URL's hostname (github when unsure)."""
    host = (urlsplit(repo_url).hostname or "").lower()
    for kind in ("gitlab", "gitea", "gitee", "github"):
        if kind in host:
            return kind
    return "github"


def _repo_base(repo_url: str) -> str:
    base = repo_url.strip().rstrip("/")
    return base.removesuffix(".git")


def _quote_path(path: str) -> str:
    return quote(path, safe="/-._~")


def edit_url(repo_url: str, rel: str, *, branch: str = DEFAULT_BRANCH, prefix: str = CONTENT_PREFIX) -> str:
    """URL of the web editor for a content file (``rel`` is relative to the content folder)."""
    if not repo_url:
        return ""
    forge = FORGES[forge_kind(repo_url)]
    path = f"{prefix}/{rel}" if prefix else rel
    return f"{_repo_base(repo_url)}/{forge.edit}/{_quote_path(branch)}/{_quote_path(path)}"


def new_file_url(
    repo_url: str,
    folder: str,
    filename: str,
    template: str,
    *,
    branch: str = DEFAULT_BRANCH,
    prefix: str = CONTENT_PREFIX,
) -> str:
    """URL of the host's new-file page in ``folder``, prefilled with a name and a template."""
    if not repo_url:
        return ""
    forge = FORGES[forge_kind(repo_url)]
    path = f"{prefix}/{folder}" if prefix else folder
    query = (
        f"{forge.filename_param}={quote(filename, safe='')}&{forge.content_param}={quote(template, safe='')}"
    )
    return f"{_repo_base(repo_url)}/{forge.new}/{_quote_path(branch)}/{_quote_path(path)}?{query}"
