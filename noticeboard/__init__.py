"""noticeboard: a static site generator for residential communities' transparency boards."""

# The engine's version: `noticeboard --version`, the wheel's (pyproject.toml reads it here) and
# what a board's `engine:` range in site.yaml is matched against. CHANGELOG.md says what changed.
__version__ = "0.2.0"
# Where the engine's source, docs and release tags (vX.Y.Z) live: what a new board's
# requirements.txt installs from and its CONTRIBUTING.md links to (`noticeboard init`).
HOME = "https://github.com/wanhua-community/noticeboard"
