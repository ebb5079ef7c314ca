"""Live preview: serve the built board, watch the sources, rebuild on save, reload the browser.

Four small parts work together:

- :class:`Hub` remembers the build state (a generation number and the current problems)
  and wakes the browsers that listen on ``/__noticeboard/events`` (server-sent events).
- :class:`PreviewHandler` serves the output folder. HTML responses get a tiny reload script
  (and, while the content has problems, a banner) added on the way out; the built files on
  disk are never touched, so a preview build equals a real build.
- :class:`~noticeboard.watch.Watcher` turns watchdog events into "something changed",
  ignoring editor temp files and anything whose real path lies outside the watched
  folders (symlinks out).
- :class:`Preview` debounces bursts of events into one rebuild, keeps serving the last good
  site when a rebuild fails, and stops every thread it started on Ctrl+C.
"""

from __future__ import annotations

import errno
import gc
import html
import io
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from noticeboard.errors import UsageError
from noticeboard.preview.watch import Watcher

EVENTS_PATH = "/__noticeboard/events"
DEBOUNCE_SECONDS = 0.15  # editors write a temp file, rename, save twice: all within ~100 ms
MAX_DELAY_SECONDS = 2.0  # a never-ending stream of events still gets a rebuild this often
PING_SECONDS = 10.0  # SSE comment lines that notice closed tabs
PORT_SEARCH = 100  # how many ports after a busy one to try when suggesting a free one

# Added to every served HTML page in serve mode only. No external requests, no libraries.
RELOAD_SCRIPT = """<script>
(function () {
  var served = %(generation)d, box = null;
  function show(text) {
    if (!box) {
      box = document.getElementById("__noticeboard-problems") || document.createElement("pre");
      box.id = "__noticeboard-problems";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
        "margin:0;padding:1em;background:#7a0000;color:#fff;font:16px/1.5 monospace;" +
        "white-space:pre-wrap;z-index:2147483647";
      document.body.appendChild(box);
    }
    box.textContent = text;
  }
  function hide() { if (box) { box.remove(); box = null; } }
  var events = new EventSource("%(events)s");
  function state(e) {
    var data = JSON.parse(e.data);
    if (data.generation !== served) { location.reload(); return; }
    if (data.problems) { show(data.problems); } else { hide(); }
  }
  events.addEventListener("hello", state);
  events.addEventListener("reload", state);
  events.addEventListener("problems", state);
})();
</script>
"""


NO_SITE_PAGE = (
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>noticeboard</title></head>'
    "<body><h1>尚无成功生成的版本 / No good build yet</h1></body></html>\n"
).encode()


@dataclass(frozen=True)
class Message:
    """One server-sent event."""

    seq: int
    event: str
    data: str

    def encode(self) -> bytes:
        """Write the event in the text/event-stream format."""
        return f"id: {self.seq}\nevent: {self.event}\ndata: {self.data}\n\n".encode()


class Hub:
    """The build state the browsers follow, and a way to wait for its next change."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self.problems: str | None = None
        self.seq = 0
        self.stopping = False

    def state(self, event: str) -> Message:
        """The current state as an event."""
        data = json.dumps({"generation": self.generation, "problems": self.problems}, ensure_ascii=False)
        return Message(self.seq, event, data)

    def built(self) -> None:
        """Announce a good build: every open page reloads."""
        with self._changed:
            self.generation += 1
            self.problems = None
            self.seq += 1
            self._changed.notify_all()

    def failed(self, problems: str) -> None:
        """Announce a failed build: pages show the problems and keep the last good content."""
        with self._changed:
            self.problems = problems
            self.seq += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> Message | None:
        """Wait until the state moves past ``seen``; None on timeout or when stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self.seq != seen or self.stopping, timeout)
            if self.stopping or self.seq == seen:
                return None
            return self.state("problems" if self.problems else "reload")

    def stop(self) -> None:
        """Release every waiting event stream."""
        with self._changed:
            self.stopping = True
            self._changed.notify_all()


def inject(page: bytes, hub: Hub) -> bytes:
    """Add the reload script (and the problems banner, if any) before ``</body>``."""
    addition = RELOAD_SCRIPT % {"generation": hub.generation, "events": EVENTS_PATH}
    if hub.problems:
        addition = (
            '<pre id="__noticeboard-problems" role="alert" style="position:fixed;left:0;right:0;'
            "bottom:0;margin:0;padding:1em;background:#7a0000;color:#fff;white-space:pre-wrap;"
            f'z-index:2147483647">{html.escape(hub.problems)}</pre>\n' + addition
        )
    at = page.lower().rfind(b"</body>")
    at = len(page) if at < 0 else at
    return page[:at] + addition.encode("utf-8") + page[at:]


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serve the output folder, plus the event stream; add the reload script to HTML."""

    hub: Hub  # set per server by make_server

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == EVENTS_PATH:
            self._events()
        else:
            super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must fetch the new build
        super().end_headers()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        """Open the response body; HTML pages get the reload script (and problems banner)."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        status, page = 200, None
        if os.path.isfile(path):
            if not path.endswith(".html"):
                return super().send_head()
            page = _read(path)
        elif not os.path.isdir(path):
            # Like a web host, answer a missing page with the site's own 404 page.
            status, page = 404, _read(os.path.join(self.directory, "404.html"))
            if page is None and self.hub.problems:
                status, page = 503, NO_SITE_PAGE  # no good build yet: show the problems
        if page is None:
            return super().send_head()
        page = inject(page, self.hub)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        return io.BytesIO(page)  # do_GET copies it out; do_HEAD only closes it

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        hub = self.hub
        try:
            self.wfile.write(hub.state("hello").encode())
            self.wfile.flush()
            seen = hub.seq
            while not hub.stopping:
                message = hub.wait(seen, PING_SECONDS)
                if message is None:
                    self.wfile.write(b": ping\n\n")
                else:
                    seen = message.seq
                    self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed

    def log_message(self, format: str, *args: object) -> None:
        pass  # requests are noise in the terminal; build results are what matters


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return None


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server that joins its request threads when closed."""

    daemon_threads = False
    block_on_close = True
    # Once bound, the socket's own name (getsockname): the host as text, for IPv4 or IPv6.
    server_address: tuple[str, int] | tuple[str, int, int, int]


def make_server(out_dir: Path, hub: Hub, host: str, port: int) -> PreviewServer:
    """Bind the preview server; a busy port raises UsageError naming a free one."""
    handler = type("BoundPreviewHandler", (PreviewHandler,), {"hub": hub})
    try:
        return PreviewServer((host, port), partial(handler, directory=str(out_dir)))
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise UsageError(f"cannot listen on {host}:{port}: {error.strerror}") from None
        free = next_free_port(host, port + 1)
        hint = f"; try --port {free} / 可改用 --port {free}" if free else ""
        raise UsageError(f"port {port} is already in use / 端口 {port} 已被占用{hint}") from None


def next_free_port(host: str, start: int) -> int | None:
    """Find the first port from ``start`` that can be bound right now."""
    for port in range(start, min(start + PORT_SEARCH, 65536)):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    return None


class Preview:
    """Serve, watch and rebuild until stopped.

    ``rebuild`` builds the site into the served folder and returns None on success or
    the problems as text (the last good site stays in place).
    """

    def __init__(
        self,
        rebuild: Callable[[], str | None],
        out_dir: Path,
        watched: list[Path],
        host: str = "127.0.0.1",
        port: int = 8000,
        log: Callable[[str], None] | None = None,
        debounce: float = DEBOUNCE_SECONDS,
    ) -> None:
        self.rebuild = rebuild
        self.hub = Hub()
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.debounce = debounce
        self.builds = 0
        self.last_change = 0.0  # monotonic time of the latest relevant event
        self._first_change = 0.0
        self._dirty = threading.Event()
        self._stop = threading.Event()
        out_dir.mkdir(parents=True, exist_ok=True)
        self.server = make_server(out_dir, self.hub, host, port)
        self.watcher = Watcher(watched, self._changed)
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """Where the preview is served."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def _changed(self, path: str) -> None:
        now = time.monotonic()
        if not self._dirty.is_set():
            self._first_change = now
        self.last_change = now
        self._dirty.set()

    def build_now(self) -> bool:
        """Rebuild once, report the outcome in the terminal and to the browsers."""
        started = time.perf_counter()
        try:
            problems = self.rebuild()
        except Exception as error:  # a template or internal error must not end the preview
            problems = f"{type(error).__name__}: {error}"
        self.builds += 1
        if problems:
            self.log(f"{problems}\n仍在显示上一次成功的版本 / still serving the last good build")
            self.hub.failed(problems)
            return False
        self.log(f"rebuilt in {time.perf_counter() - started:.2f} s / 已重新生成")
        self.hub.built()
        # The old board and its Jinja environment sit in reference cycles; free them now,
        # after the browsers were told, so a long session does not hold two boards at once.
        gc.collect()
        return True

    def _build_loop(self) -> None:
        while not self._stop.is_set():
            if not self._dirty.wait(0.2):
                continue
            # Wait for a quiet moment so that a burst of saves gives one rebuild: sleep until
            # the debounce after the latest event is over, then look again (another may have come).
            while not self._stop.is_set():
                now = time.monotonic()
                quiet_at = self.last_change + self.debounce
                if now >= quiet_at or now - self._first_change >= MAX_DELAY_SECONDS:
                    break
                time.sleep(min(quiet_at - now, 0.05))
            if self._stop.is_set():
                return
            self._dirty.clear()
            self.build_now()

    def start(self) -> None:
        """Start serving, watching and rebuilding in background threads."""
        self.watcher.start()
        for target, name in ((self.server.serve_forever, "serve"), (self._build_loop, "rebuild")):
            thread = threading.Thread(target=target, name=f"noticeboard-{name}")
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop everything and wait for every thread (a running build finishes first).

        Safe to call whatever ``start`` got to before a Ctrl+C interrupted it.
        """
        self._stop.set()
        self.watcher.stop()
        self.hub.stop()
        if self._threads:  # shutdown() waits for serve_forever, so only once it was started
            self.server.shutdown()
        for thread in self._threads:
            thread.join()
        self.server.server_close()  # joins the request threads

    def run(self, ready: Callable[[], None] | None = None) -> None:
        """Serve until Ctrl+C; ``ready`` is called once everything runs."""
        try:
            self.start()
            if ready is not None:
                ready()
            while not self._stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            self.log("stopping / 正在停止")
        finally:
            self.stop()
