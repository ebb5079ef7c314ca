"""Run git quietly and safely: no pager, no prompts, no locks, a timeout, bytes in and out."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_TIMEOUT_SECONDS = 60


def git(
    args: list[str], cwd: Path, *, input_bytes: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run git quietly in ``cwd``, in a fixed locale, without prompts or pagers."""
    environ = {
        **os.environ,
        "LC_ALL": "C",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PAGER": "cat",
        "GIT_OPTIONAL_LOCKS": "0",  # reading history must not take the index lock of others
    }
    return subprocess.run(
        ["git", *args],
        cwd=cwd,
        input=input_bytes,
        capture_output=True,
        env=environ,
        timeout=GIT_TIMEOUT_SECONDS,
        check=False,
    )


def cat_blobs(cwd: Path, blobs: list[str]) -> dict[str, bytes]:
    """Read many blobs by id with one ``git cat-file --batch`` call (missing ones left out)."""
    wanted = sorted({b for b in blobs if b})
    if not wanted:
        return {}
    try:
        result = git(["cat-file", "--batch"], cwd, input_bytes="\n".join(wanted).encode() + b"\n")
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    return _parse_batch(result.stdout)


def _parse_batch(output: bytes) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    position = 0
    while position < len(output):
        end = output.find(b"\n", position)
        if end < 0:
            break
        header = output[position:end].decode("ascii", errors="replace").split()
        position = end + 1
        if len(header) != 3:  # "<sha> missing"
            continue
        size = int(header[2])
        contents[header[0]] = output[position : position + size]
        position += size + 1  # the content is followed by a newline
    return contents
