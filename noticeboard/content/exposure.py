"""Report the personal data of one record, each at the line and column where it was written.

Three rules (docs/privacy.md says what each catches and what it cannot):

- contact data, ID numbers and flat numbers in any text (:mod:`noticeboard.content.privacy`);
  a field may be exempted from some kinds (``PRIVACY_EXEMPT``);
- a full name as a wish's ``beneficiary`` or ``reported_by``
  (:func:`noticeboard.content.personal.bare_name`);
- a diagnosis, disability, religion or criminal record beside a word that tells who it is,
  unless the record carries ``consent`` (:mod:`noticeboard.content.personal`).
"""

from __future__ import annotations

from collections.abc import Iterable

from noticeboard.content.personal import bare_name, identifying_labels, sensitive_terms, sentence_of
from noticeboard.content.privacy import find_leaks, may_leak
from noticeboard.content.problems import KeyPath, Problem
from noticeboard.content.schema import field_params
from noticeboard.content.source import Source
from noticeboard.content.textpos import position_in_value

ALL_KINDS = frozenset({"mobile", "id18", "id15", "email", "landline", "room"})
# Fields that may hold some kinds of contact data on purpose, by record type and key path:
# site.yaml `contact` (the community office) holds anything; the public `phone` of the office
# and of an organisation holds a landline (the schema's phone format refuses a mobile there), and
# an organisation's public `address` may name its room.
PRIVACY_EXEMPT: dict[tuple[str, KeyPath], frozenset[str]] = {
    ("site", ("contact",)): ALL_KINDS,
    ("site", ("phone",)): frozenset({"landline"}),
    ("partner", ("phone",)): frozenset({"landline"}),
    ("partner", ("address",)): frozenset({"room"}),
    # the form editor's OAuth application id is a long run of hex digits, not a phone number
    ("site", ("editor", "app_id")): ALL_KINDS,
}
# Fields that name a place (a courtyard, building or unit, never a flat): a room number there is
# worded as such, and 3-2-301 counts as a flat even without a word such as 住 beside it.
PLACE_FIELDS = {"wish": ("place",), "project": ("place",), "council": ("place",), "site": ("places",)}
# Labels of a person that must never be a full name.
NAME_FIELDS = {"wish": (("beneficiary",), ("reported_by",))}
# Record types whose schema has `consent` (who agreed to publish sensitive details, and when),
# and the field whose label every text of the record is about.
CONSENT_TYPES = {"wish": ("beneficiary",)}


def _texts(value: object, path: KeyPath, found: list[tuple[KeyPath, str]]) -> None:
    """Collect (key path, text) of every string below ``value``, depth first in document order;
    a number counts as its digits (an unquoted phone number)."""
    items: Iterable[tuple[str | int | None, object]]  # (None, value): a value that is no container
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        items = [(None, value)]
    for key, item in items:
        where = (*path, key) if key is not None else path
        if isinstance(item, str):
            found.append((where, item))
        elif isinstance(item, (dict, list)):
            _texts(item, where, found)
        elif isinstance(item, int) and not isinstance(item, bool):
            found.append((where, str(item)))


def record_texts(data: object) -> list[tuple[KeyPath, str]]:
    """(key path, text) of every string of a record's data, depth first in document order; a
    number counts as its digits."""
    found: list[tuple[KeyPath, str]] = []
    _texts(data, (), found)
    return found


def privacy_problems(source: Source) -> list[Problem]:
    """Report private data in any text of a record, and in its file name."""
    problems = [
        source.problem(
            "private-data",
            (),
            field="id",
            field_zh="文件名",
            field_en="the file name",
            privacy_kind=leak.kind,
            sample=leak.sample,
        )
        for leak in find_leaks(source.id)
    ]
    texts = record_texts(source.data)
    for path, text in texts:
        if not may_leak(text):
            continue
        exempt = PRIVACY_EXEMPT.get((source.type, path), frozenset())
        place = path[:1] == PLACE_FIELDS.get(source.type)
        for leak in find_leaks(text, place=place):
            if leak.kind in exempt:
                continue
            params: dict[str, object] = {
                **field_params(source.type, path),
                "privacy_kind": leak.kind,
                "sample": leak.sample,
            }
            if leak.kind == "room":
                params["where"] = "place" if place else "room"
            line, column = position_in_value(source, path, text, leak.offset, leak.length)
            problems.append(Problem(source.display, line, column, "private-data", params))
    problems += _name_problems(source)
    problems += _sensitive_problems(source, texts)
    return problems


def _name_problems(source: Source) -> list[Problem]:
    problems = []
    for path in NAME_FIELDS.get(source.type, ()):
        label = source.data.get(str(path[0]))
        surname = bare_name(label) if isinstance(label, str) else None
        if surname and isinstance(label, str):
            sample = surname + "*" * (len(label.strip()) - len(surname))
            params: dict[str, object] = {
                **field_params(source.type, path),
                "sample": sample,
                "polite": f"{surname}大爷",
                "relation": f"{surname}女士的父亲",
            }
            problems.append(source.located("private-name", path, params))
    return problems


def _sensitive_problems(source: Source, texts: list[tuple[KeyPath, str]]) -> list[Problem]:
    """A diagnosis, disability, religion or record beside a word that tells who it is."""
    about = CONSENT_TYPES.get(source.type)
    if about is not None and source.data.get("consent") is not None:
        return []
    subject = source.data.get(about[0]) if about else None
    record_label = next(identifying_labels(subject), None) if isinstance(subject, str) else None
    problems = []
    for path, text in texts:
        for term in sensitive_terms(text):
            label = next(identifying_labels(sentence_of(text, term.offset)), None) or record_label
            if label is None:
                continue
            params: dict[str, object] = {
                **field_params(source.type, path),
                "privacy_kind": term.kind,
                "word": term.word,
                "label": label.word,
            }
            if about is None:
                params["where"] = "no-consent"
            line, column = position_in_value(source, path, text, term.offset, len(term.word))
            problems.append(Problem(source.display, line, column, "sensitive-info", params))
    return problems
