"""Model records as the build cache keeps them: without their Source, sharing recurring values.

The record memo (:mod:`noticeboard.incremental.records`) keeps each file's model record; a
record comes back holding the file's :class:`~noticeboard.content.source.Source` again. Only
model classes, dates and plain values are kept, so the cache file's unpickler rebuilds
nothing else (a cache file cannot run code).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from noticeboard.content.problems import Problem
from noticeboard.content.reading import Verdict
from noticeboard.content.source import Source


def recalled(judged: Any, source: Source) -> Verdict:
    """The verdict kept for a file, its problems located in ``source`` and its model record
    holding ``source`` again."""
    problems = [
        Problem(source.display, line, column, code, dict(params))
        for line, column, code, params in judged.problems
    ]
    kept = judged.record
    if kept is None:
        return Verdict(problems, None)
    record = _new(type(kept))
    # The kept fields with the new Source in the place _detached left empty: the same
    # fields in the same order as __init__ sets them (page fingerprints pickle them).
    _set(record, "__dict__", {**kept.__dict__, "source": source})
    return Verdict(problems, record)


# --- model records in the cache file ----------------------------------------------------

_new = object.__new__
_set = object.__setattr__  # model classes are frozen
_PLAIN = frozenset({str, int, float, bool, type(None), dt.date})


def model_classes() -> dict[str, type]:
    """The model's classes by name (content/model.py's and the follow-through values it holds)."""
    global _CLASSES
    if not _CLASSES:
        from noticeboard.content import model

        _CLASSES = {
            name: value
            for name, value in vars(model).items()
            if isinstance(value, type)
            and dataclasses.is_dataclass(value)
            and value.__module__ in MODEL_MODULES
        }
    return _CLASSES


MODEL_MODULES = ("noticeboard.content.model", "noticeboard.content.followthrough")
_CLASSES: dict[str, type] = {}


def detached(record: object, shared: dict[object, object]) -> object | None:
    """A copy of a model record without its Source (its field keeps its place, as None), or
    None when it holds something the cache's unpickler would not rebuild (see _storable).

    Short texts and dates recur across records (statuses, categories, partner ids, days);
    the copy takes one object for each value from ``shared``, so the cache file holds it
    once and loading it makes one object instead of thousands.
    """
    fields = {}
    for key, value in record.__dict__.items():
        kind = type(value)
        if kind is dt.date or (kind is str and len(value) <= 32):
            value = shared.setdefault(value, value)
        elif kind is tuple and all(type(item) is str and len(item) <= 32 for item in value):
            value = tuple(shared.setdefault(item, item) for item in value)
        elif kind not in _PLAIN and key != "source" and not _storable(value):
            return None
        fields[key] = value
    fields["source"] = None
    copy = _new(type(record))
    _set(copy, "__dict__", fields)
    return copy


def _storable(value: object) -> bool:
    """Whether a value holds only model objects, dates, plain values and tuples of them."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is tuple:
        items = value
    elif model_classes().get(kind.__name__) is kind and hasattr(value, "__dict__"):
        items = value.__dict__.values()
    else:
        return False
    return all(type(item) in _PLAIN or _storable(item) for item in items)  # type: ignore[attr-defined]
