"""The live preview: serving, reload over server-sent events, debouncing, errors, shutdown."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from noticeboard.errors import UsageError
from noticeboard.preview.serve import EVENTS_PATH, Hub, Preview, make_server
from noticeboard.preview.watch import is_temp_file
from tests.conftest import REPO

BROKEN = "BROKEN"


class FakeSite:
    """A stand-in build: copies content/title.txt into index.html, or reports a problem."""

    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.templates = root / "templates"
        self.out = root / "out"
        for folder in (self.content, self.templates):
            folder.mkdir(parents=True)
        (self.content / "title.txt").write_text("第一版", encoding="utf-8")
        self.builds = 0

    def rebuild(self) -> str | None:
        self.builds += 1
        title = (self.content / "title.txt").read_text(encoding="utf-8")
        if BROKEN in title:
            return "content/title.txt:1:1: error: 标题坏了 / broken title [yaml-syntax]"
        self.out.mkdir(exist_ok=True)
        page = f"<!DOCTYPE html><html><body><h1>{title}</h1></body></html>\n"
        (self.out / "index.html").write_text(page, encoding="utf-8")
        return None


@pytest.fixture
def site(tmp_path: Path):
    """A running preview over a fake site; stopped (and checked stopped) afterwards."""
    baseline = threading.active_count()
    fake = FakeSite(tmp_path)
    preview = Preview(fake.rebuild, fake.out, [fake.content, fake.templates], port=0, log=lambda _: None)
    preview.build_now()
    preview.start()
    fake.preview = preview
    yield fake
    preview.stop()
    assert threading.active_count() == baseline


def get(preview: Preview, path: str) -> tuple[int, str]:
    host, port = preview.server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode("utf-8")
    conn.close()
    return response.status, body


class Events:
    """Read server-sent events from the preview."""

    def __init__(self, preview: Preview) -> None:
        host, port = preview.server.server_address[:2]
        self.conn = http.client.HTTPConnection(host, port, timeout=5)
        self.conn.request("GET", EVENTS_PATH)
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next(self) -> tuple[str, dict]:
        event, data = "", ""
        while True:
            line = self.response.fp.readline().decode("utf-8")
            if line == "\n" and event:
                return event, json.loads(data)
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: "):
                data = line[6:].strip()

    def close(self) -> None:
        self.conn.close()


def save(site: FakeSite, text: str) -> None:
    (site.content / "title.txt").write_text(text, encoding="utf-8")


def wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_serves_pages_with_reload_script_only_in_the_response(site):
    status, body = get(site.preview, "/")
    assert status == 200
    assert "<h1>第一版</h1>" in body
    assert "EventSource" in body and EVENTS_PATH in body
    on_disk = (site.out / "index.html").read_text(encoding="utf-8")
    assert "EventSource" not in on_disk  # never written into the built files
    script = body[body.index("<script>") : body.index("</script>")]
    assert "http" not in script and "//" not in script.replace("/__noticeboard", "")  # nothing external


def test_a_save_sends_a_reload_event(site):
    events = Events(site.preview)
    event, state = events.next()
    assert event == "hello" and state == {"generation": 1, "problems": None}
    save(site, "第二版")
    event, state = events.next()
    assert event == "reload" and state["generation"] == 2
    assert "<h1>第二版</h1>" in get(site.preview, "/")[1]
    events.close()


def test_a_burst_of_saves_gives_one_rebuild(site):
    before = site.builds
    for number in range(5):
        save(site, f"版本 {number}")
        time.sleep(0.02)  # five saves within 100 ms
    wait_for(lambda: site.builds > before)
    time.sleep(0.6)
    assert site.builds == before + 1
    assert "<h1>版本 4</h1>" in get(site.preview, "/")[1]


def test_editor_temp_files_are_ignored(site):
    before = site.builds
    for name in (".title.txt.swp", "title.txt~", "4913", ".#title.txt", "title.txt.tmp"):
        (site.content / name).write_text("x", encoding="utf-8")
    time.sleep(0.6)
    assert site.builds == before
    assert is_temp_file("/a/wishes/x.yaml___jb_tmp___")
    assert not is_temp_file("/a/wishes/2022-05-16-haircut.yaml")


def test_a_broken_save_keeps_the_last_good_page_and_shows_the_problem(site):
    events = Events(site.preview)
    events.next()
    save(site, f"{BROKEN} 第二版")
    event, state = events.next()
    assert event == "problems"
    assert "content/title.txt:1:1: error: 标题坏了" in state["problems"]
    status, body = get(site.preview, "/")
    assert status == 200 and "<h1>第一版</h1>" in body  # the last good build
    assert 'id="__noticeboard-problems"' in body and "标题坏了" in body

    save(site, "修好了")
    event, state = events.next()
    assert event == "reload" and state["problems"] is None
    body = get(site.preview, "/")[1]
    assert "<h1>修好了</h1>" in body and 'id="__noticeboard-problems"' not in body
    events.close()


def test_problem_text_is_escaped_in_the_banner():
    hub = Hub()
    hub.failed("content/a.yaml:1:1: error: <script>alert(1)</script>")
    from noticeboard.preview.serve import inject

    page = inject(b"<html><body><p>x</p></body></html>", hub).decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.index("__noticeboard-problems") < page.index("</body>")


def test_port_in_use_names_a_free_port(tmp_path: Path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(UsageError) as caught:
            make_server(tmp_path, Hub(), "127.0.0.1", port)
    message = str(caught.value)
    assert f"port {port} is already in use" in message
    suggested = int(message.rsplit("--port ", 1)[1].split()[0])
    assert suggested > port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", suggested))  # the suggestion really is free


def test_stop_ends_every_thread_even_with_an_open_event_stream(tmp_path: Path):
    baseline = threading.active_count()
    fake = FakeSite(tmp_path)
    preview = Preview(fake.rebuild, fake.out, [fake.content], port=0, log=lambda _: None)
    preview.build_now()
    preview.start()
    events = Events(preview)
    events.next()
    preview.stop()
    events.close()
    assert threading.active_count() == baseline
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "out", "templates"]
    assert sorted(p.name for p in fake.out.iterdir()) == ["index.html"]


def test_the_watcher_does_not_follow_a_symlink_out_of_the_content_folder(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    fake = FakeSite(tmp_path / "board")
    os.symlink(outside, fake.content / "linked", target_is_directory=True)
    preview = Preview(fake.rebuild, fake.out, [fake.content], port=0, log=lambda _: None)
    preview.start()
    try:
        assert not preview.watcher.relevant(str(fake.content / "linked" / "x.yaml"))
        (outside / "x.yaml").write_text("name: 外面\n", encoding="utf-8")
        time.sleep(0.6)
        assert fake.builds == 0
        save(fake, "里面")  # a real change inside still counts
        wait_for(lambda: fake.builds == 1)
    finally:
        preview.stop()


# --- with the real pipeline ------------------------------------------------------------------

WISH = "title: 楼道灯坏了\nbeneficiary: 5号楼住户\ncategory: 便民服务\nsubmitted: 2022-05-01\nstatus: open\n"


def test_the_real_board_reloads_and_shows_content_errors(tmp_path: Path):
    from noticeboard.commands.serve import make_rebuild
    from noticeboard.incremental.cache import BuildCache
    from tests.conftest import BUILD_DATE, make_board

    content = make_board(tmp_path, {"wishes/lamp.yaml": WISH})
    out = tmp_path / "preview"
    rebuild = make_rebuild(content, out, BUILD_DATE, BuildCache(tmp_path / "cache"))
    terminal: list[str] = []
    preview = Preview(rebuild, out, [content], port=0, log=terminal.append)
    assert preview.build_now()
    preview.start()
    try:
        assert "楼道灯坏了" in get(preview, "/wishes/lamp/index.html")[1]
        events = Events(preview)
        events.next()
        (content / "wishes/lamp.yaml").write_text(WISH.replace("status: open", "status: opne"), "utf-8")
        event, state = events.next()
        assert event == "problems"
        assert "wishes/lamp.yaml:5:9: error:" in state["problems"] and "[invalid-choice]" in state["problems"]
        status, body = get(preview, "/wishes/lamp/index.html")
        assert status == 200 and "楼道灯坏了" in body and "invalid-choice" in body
        assert "wishes/lamp.yaml:5:9: error:" in terminal[-1] and "last good build" in terminal[-1]
        (content / "wishes/lamp.yaml").write_text(WISH.replace("楼道灯坏了", "楼道灯修好了"), "utf-8")
        event, state = events.next()
        assert event == "reload" and state["problems"] is None
        assert "楼道灯修好了" in get(preview, "/wishes/lamp/index.html")[1]
        events.close()
    finally:
        preview.stop()


def test_ctrl_c_stops_the_serve_command_cleanly(tmp_path: Path):
    import signal
    import subprocess
    import sys

    from tests.conftest import make_board

    make_board(tmp_path, {"wishes/lamp.yaml": WISH})
    repo = REPO
    command = [sys.executable, str(repo / "build.py"), "serve", "--content", "content", "--port", "0"]
    process = subprocess.Popen(
        [*command, "--date", "2022-08-27"],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(repo), "NOTICEBOARD_CACHE": ""},
    )
    try:
        line = ""
        while "serving" not in line:
            line = process.stderr.readline()
            assert line, "serve ended before serving"
        url = line.split()[1]
        host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("GET", "/wishes/lamp/index.html")
        assert "楼道灯坏了" in conn.getresponse().read().decode()
        conn.close()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        rest = process.stderr.read()
        assert "Traceback" not in rest
    finally:
        process.kill()
        process.stderr.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".noticeboard-cache", "content"]
    cache = tmp_path / ".noticeboard-cache"
    assert sorted(p.name for p in cache.iterdir() if not p.name.startswith(("site-", "made-"))) == [
        "keep-rows.marshal",  # rendered list rows (noticeboard.keep)
        "preview",
        "records.marshal",
        "templates",  # compiled templates (noticeboard.incremental.cache)
        "timings.marshal",
    ]
    assert (cache / "preview/index.html").is_file()


def test_a_missing_page_gets_the_sites_404_page_and_head_has_no_body(site):
    (site.out / "404.html").write_text("<html><body><h1>找不到这一页</h1></body></html>", "utf-8")
    status, body = get(site.preview, "/wishes/nothing-here/index.html")
    assert status == 404 and "找不到这一页" in body and "EventSource" in body
    host, port = site.preview.server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("HEAD", "/")
    response = conn.getresponse()
    assert response.status == 200 and response.read() == b""
    assert int(response.getheader("Content-Length")) > 0
    conn.close()


def test_the_serve_command_names_a_free_port_when_its_port_is_taken(tmp_path: Path, monkeypatch, capsys):
    from noticeboard.cli import main
    from tests.conftest import make_board

    content = make_board(tmp_path)
    monkeypatch.setenv("NOTICEBOARD_CACHE", str(tmp_path / "cache"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["serve", "--content", str(content), "--port", str(port), "--date", "2022-08-27"])
    assert code == 2
    error = capsys.readouterr().err
    assert f"port {port} is already in use" in error and "try --port" in error
    assert "Traceback" not in error
