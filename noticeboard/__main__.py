"""Allow ``python -m noticeboard``."""

from noticeboard.cli import run

run("noticeboard")
