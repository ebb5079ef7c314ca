"""Layer 1 — content: the files of a board become a typed :class:`~noticeboard.content.model.Board`
plus every problem found, each located at file:line:column.

load (find files) → decode/parse (text, YAML, front matter, with positions) → schema and
validate (shapes, private data) → model (typed records) → crosscheck (rules across records).
:mod:`noticeboard.content.types` is the one table of record types every layer reads.
Imports nothing from the layers above.
"""
