#!/usr/bin/env python3
"""Build or check the noticeboard. Run ``python build.py --help`` for the commands."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from noticeboard.cli import run

if __name__ == "__main__":
    run()
