"""The PR comment script (.github/scripts/review_comment.py) against a recorded ``workflow_run``
event and a fake GitHub API on the loopback address: one comment, created then updated in
place, never on a pull request the run did not check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / ".github" / "scripts" / "review_comment.py"
EVENT = Path(__file__).parent / "fixtures" / "workflow_run_event.json"
HEAD_SHA = json.loads(EVENT.read_text(encoding="utf-8"))["workflow_run"]["head_sha"]
MARKER = "<!-- noticeboard-review-summary -->"


class FakeGitHub:
    """The few endpoints the script calls, holding one pull request and its comments."""

    def __init__(self, head_sha: str = HEAD_SHA) -> None:
        self.head_sha = head_sha
        self.comments: list[dict] = [
            {"id": 1, "body": f"{MARKER} quoted by a person", "user": {"type": "User"}}
        ]
        self.calls: list[tuple[str, str]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> dict:
                return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

            def do_GET(self) -> None:
                fake.calls.append(("GET", self.path))
                assert self.headers["Authorization"] == "Bearer test-token"
                if self.path == "/repos/wanhua-community/noticeboard/pulls/42":
                    self._answer(200, {"number": 42, "head": {"sha": fake.head_sha}})
                elif self.path.startswith("/repos/wanhua-community/noticeboard/issues/42/comments"):
                    self._answer(200, fake.comments if self.path.endswith("page=1") else [])
                else:
                    self._answer(404, {"message": "Not Found"})

            def do_POST(self) -> None:
                fake.calls.append(("POST", self.path))
                assert self.path == "/repos/wanhua-community/noticeboard/issues/42/comments"
                comment = {
                    "id": 100 + len(fake.comments),
                    "body": self._body()["body"],
                    "user": {"type": "Bot"},
                }
                fake.comments.append(comment)
                self._answer(201, comment)

            def do_PATCH(self) -> None:
                fake.calls.append(("PATCH", self.path))
                number = int(self.path.rsplit("/", 1)[1])
                comment = next(c for c in fake.comments if c["id"] == number)
                comment["body"] = self._body()["body"]
                self._answer(200, comment)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGitHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _artifact(tmp_path: Path, summary: str, number: str = "42") -> Path:
    folder = tmp_path / "review"
    folder.mkdir(exist_ok=True)
    (folder / "review-summary.md").write_text(summary, encoding="utf-8")
    (folder / "pr-number.txt").write_text(number + "\n", encoding="utf-8")
    return folder


def _run(api: FakeGitHub, folder: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GITHUB_TOKEN": "test-token",
        "GITHUB_REPOSITORY": "wanhua-community/noticeboard",
        "GITHUB_EVENT_PATH": str(EVENT),
        "GITHUB_API_URL": api.url,
    }
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(folder)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _bot_comments(api: FakeGitHub) -> list[dict]:
    return [c for c in api.comments if c["user"]["type"] == "Bot"]


def test_the_summary_is_posted_once_then_updated_in_place(tmp_path: Path) -> None:
    with FakeGitHub() as api:
        first = _run(api, _artifact(tmp_path, "## 公示栏变更摘要\n\n第一次 @someone\n"))
        assert first.returncode == 0, first.stderr
        second = _run(api, _artifact(tmp_path, "## 公示栏变更摘要\n\n第二次\n"))
        assert second.returncode == 0, second.stderr
    [comment] = _bot_comments(api)
    assert comment["body"].startswith(MARKER + "\n## 公示栏变更摘要")
    assert "第二次" in comment["body"] and "第一次" not in comment["body"]
    assert "actions/runs/9876543210" in comment["body"]
    assert [method for method, _ in api.calls if method != "GET"] == ["POST", "PATCH"]
    assert api.comments[0]["body"] == f"{MARKER} quoted by a person"  # a person's comment is never edited


def test_mentions_are_defused_and_a_long_summary_is_cut(tmp_path: Path) -> None:
    with FakeGitHub() as api:
        result = _run(api, _artifact(tmp_path, "@maintainers\n" + "一行字\n" * 30_000))
        assert result.returncode == 0, result.stderr
    [comment] = _bot_comments(api)
    assert "@maintainers" not in comment["body"] and "@\u200bmaintainers" in comment["body"]
    assert len(comment["body"]) < 65_536 and "截断" in comment["body"]


@pytest.mark.parametrize(("number", "head"), [("42", "0" * 40), ("42; rm -rf /", HEAD_SHA), ("7", HEAD_SHA)])
def test_no_comment_on_a_pull_request_the_run_did_not_check(tmp_path: Path, number: str, head: str) -> None:
    with FakeGitHub(head_sha=head) as api:
        result = _run(api, _artifact(tmp_path, "## summary\n", number))
    assert result.returncode == 1
    assert _bot_comments(api) == []
    assert all(method == "GET" for method, _ in api.calls)
