"""Post the review summary of a pull request as one comment, updated in place on every run.

Run by .github/workflows/review-comment.yml, in a ``workflow_run`` job started when the Check
workflow of a pull request finishes. That job holds a token that may write comments, so it
never checks out or runs the pull request's code: it reads only the artifact the Check run
uploaded (``review-summary.md`` and ``pr-number.txt``), and trusts neither file:

- the pull request number is used only if that pull request's head is the commit the Check run
  checked (``workflow_run.head_sha``), so a run cannot comment on someone else's pull request;
- the summary is cut to fit a comment, and ``@`` is kept from mentioning anyone.

The comment is found again by a hidden marker and edited, so a pull request has one summary,
always the latest. Standard library only: the job installs nothing.

    python3 .github/scripts/review_comment.py ARTIFACT_DIR

Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_EVENT_PATH (the
workflow_run event), GITHUB_API_URL (default https://api.github.com).
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

MARKER = "<!-- noticeboard-review-summary -->"
MAX_BODY = 60_000  # GitHub refuses comments over 65,536 characters
NOTE = (
    "\n\n---\n<sub>由检查自动生成，每次推送后更新 · "
    "written by the check, updated on every push: {url}</sub>\n"
)


class ApiError(Exception):
    """The API answered with an error."""


def api(method: str, url: str, token: str, body: dict[str, object] | None = None) -> object:
    """One call to the REST API; the decoded JSON answer."""
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Accept", "application/vnd.github+json")
    request.add_header("X-GitHub-Api-Version", "2022-11-28")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        raise ApiError(f"{method} {url}: HTTP {error.code}") from None
    return json.loads(text) if text else None


def comment_body(summary: str, run_url: str) -> str:
    """The comment: the marker, the summary (cut to fit, mentions defused) and a note."""
    text = summary.replace("@", "@\u200b")
    if len(text) > MAX_BODY:
        text = text[:MAX_BODY].rsplit("\n", 1)[0] + "\n\n…（摘要太长，已截断 · cut to fit; see the run）"
    return f"{MARKER}\n{text.rstrip()}{NOTE.format(url=run_url)}"


def find_comment(base: str, repo: str, number: int, token: str) -> int | None:
    """The id of this tool's comment on a pull request, if it has one."""
    page = 1
    while True:
        url = f"{base}/repos/{repo}/issues/{number}/comments?per_page=100&page={page}"
        comments = api("GET", url, token)
        if not isinstance(comments, list) or not comments:
            return None
        for comment in comments:
            user = comment.get("user") or {}
            if MARKER in (comment.get("body") or "") and user.get("type") == "Bot":
                return int(comment["id"])
        page += 1


def main(argv: list[str], env: dict[str, str]) -> int:
    folder = Path(argv[0]) if argv else Path("review")
    event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text(encoding="utf-8"))
    run = event.get("workflow_run") or {}
    if run.get("event") != "pull_request":
        print("not a pull request run: nothing to do")
        return 0
    number_text = (folder / "pr-number.txt").read_text(encoding="utf-8").strip()
    if not re.fullmatch(r"[0-9]{1,9}", number_text):
        print(f"pr-number.txt does not hold a number: {number_text[:40]!r}", file=sys.stderr)
        return 1
    number = int(number_text)
    base = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repo, token = env["GITHUB_REPOSITORY"], env["GITHUB_TOKEN"]
    pull = api("GET", f"{base}/repos/{repo}/pulls/{number}", token)
    head = (pull.get("head") or {}).get("sha") if isinstance(pull, dict) else None
    if head != run.get("head_sha"):
        print(f"pull request #{number} is not the one this run checked: no comment", file=sys.stderr)
        return 1
    summary = (folder / "review-summary.md").read_text(encoding="utf-8", errors="replace")
    body = {"body": comment_body(summary, str(run.get("html_url", "")))}
    existing = find_comment(base, repo, number, token)
    if existing is None:
        api("POST", f"{base}/repos/{repo}/issues/{number}/comments", token, body)
        print(f"commented on #{number}")
    else:
        api("PATCH", f"{base}/repos/{repo}/issues/comments/{existing}", token, body)
        print(f"updated the comment on #{number}")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:], dict(os.environ)))
    except ApiError as failure:
        print(f"GitHub API: {failure}", file=sys.stderr)
        raise SystemExit(1) from None
