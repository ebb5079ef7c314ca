"""noticeboard: a static site generator for residential communities' transparency boards."""

__version__ = "0.1.0"
