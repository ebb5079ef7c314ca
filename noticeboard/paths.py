"""Where the site project's own folders are: the templates and the record schemas.

The repository is the site project (templates/ and schemas/ beside the package), so the
package is installed editable. A module of its own, so that a build with nothing to do
can digest these folders without importing Jinja or the schema checker.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
SCHEMA_DIR = ROOT / "schemas"
