"""Where the editor saves: the git host of ``repo_url``, and the addresses it talks to.

Every save is a pull request (Decap's editorial workflow: one branch and one pull or merge
request per record) on GitHub, GitLab and Forgejo. Decap's Gitea back-end has no editorial
workflow: there a save is a commit to the branch. The host is read from ``repo_url``
(github.com, gitlab.com, jihulab.com, codeberg.org) unless site.yaml's ``editor.backend``
names it; a host the editor has no back-end for (gitee.com, or an unknown host with no
``editor.backend``) gets no editor. docs/editor.md says what each host needs once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from noticeboard.content.model import Editor

KNOWN_HOSTS = {
    "github.com": "github",
    "gitlab.com": "gitlab",
    "jihulab.com": "gitlab",  # 极狐 GitLab, run in mainland China
    "codeberg.org": "forgejo",
}
WORKFLOW_BACKENDS = ("github", "gitlab", "forgejo")  # those whose saves become pull requests
# decap-server (npx decap-server, docs/editor.md): the editor on 127.0.0.1 or localhost edits a
# local git checkout through it instead, one branch per record as on the host.
LOCAL_SERVER = "http://127.0.0.1:8081"


@dataclass(frozen=True)
class Backend:
    """The ``backend`` block of the editor's configuration, and who else the page talks to."""

    config: dict[str, Any]
    connect: tuple[str, ...]  # origins the editor fetches from (the host's API, its OAuth token)
    images: tuple[str, ...] = ()  # origins of the host's avatars

    @property
    def workflow(self) -> bool:
        """Whether a save becomes a pull request (Decap's editorial workflow)."""
        return self.config["name"] in WORKFLOW_BACKENDS


def backend_of(repo_url: str, editor: Editor) -> Backend | None:
    """The back-end for a repository address, or None when the editor cannot save there."""
    parts = urlsplit(repo_url)
    host = parts.netloc.lower()
    name = editor.backend or KNOWN_HOSTS.get(host)
    path = parts.path.strip("/").removesuffix(".git")
    if not name or not host or path.count("/") < 1:
        return None
    origin = f"{parts.scheme}://{parts.netloc}"
    repo = path.split("/-/")[0] if name == "gitlab" else "/".join(path.split("/")[:2])
    config: dict[str, Any] = {"name": name, "repo": repo, "branch": editor.branch}
    if name == "github":
        api = editor.api_url or ("https://api.github.com" if host == "github.com" else f"{origin}/api/v3")
        if editor.api_url or host != "github.com":
            config["api_root"] = api
        if editor.auth_url:
            config["base_url"] = editor.auth_url
        if editor.open_authoring:
            config["open_authoring"] = True
        images = ("https://avatars.githubusercontent.com",) if host == "github.com" else ()
        return Backend(config, (_origin(api),), images)
    api = editor.api_url or f"{origin}/api/{'v4' if name == 'gitlab' else 'v1'}"
    config["api_root"] = api
    if name == "gitlab":
        config.update(base_url=origin, auth_type="pkce")
    if editor.app_id:
        config["app_id"] = editor.app_id
    if editor.open_authoring and name == "forgejo":
        config["open_authoring"] = True
    return Backend(config, tuple(sorted({_origin(api), origin})), (origin,))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
