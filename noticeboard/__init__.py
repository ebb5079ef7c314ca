"""noticeboard: a static site generator for residential communities' transparency boards."""

# The engine's version: `noticeboard --version`, the wheel's (pyproject.toml reads it here) and
# what a board's `engine:` range in site.yaml is matched against. CHANGELOG.md says what changed.
__version__ = "0.2.0"
