"""Layer 6 — incremental (optional): the build cache that makes repeated builds cheap.

The pipeline reaches it through one object, :class:`~noticeboard.incremental.cache.BuildCache`;
without it every build is cold, and the site comes out byte for byte the same. Nothing
below this layer imports it.
"""
