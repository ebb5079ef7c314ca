"""Layer 3 — history: what git knows about the board (each file's changes, old revisions,
how soon events were published) and the review summary of a change between two revisions.
Reads the content and analysis layers.
"""
