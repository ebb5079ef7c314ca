"""STREET.yaml: which communities make up a street and where each one's built board is.

Read exactly like a record file, with the content layer's machinery: the same YAML reader
(positions of every key and value, no YAML 1.1 surprises), the same JSON Schema check
(``schemas/street.schema.json``) and the same words, so a mistake is reported as
``street.yaml:7:13: error: ...`` like any record's. Only what a schema cannot say is checked
here: each community id once, and a source that is a folder or an http(s) address.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict, cast

from noticeboard.content.decode import read_text
from noticeboard.content.messages import LANGUAGES
from noticeboard.content.parse import ParseError, parse_yaml
from noticeboard.content.problems import Problem
from noticeboard.content.schema import field_params
from noticeboard.content.source import Source
from noticeboard.content.validate import shape_problems
from noticeboard.errors import UsageError
from noticeboard.street.messages import say

SCHEMA = "street"  # schemas/street.schema.json
REMOTE = ("http://", "https://")


# STREET.yaml's data as its schema admits it (tests/test_types.py checks they say the same);
# each type with optional keys is split in two, required keys first, as in content/shapes.py.


class _CommunityRequired(TypedDict):
    id: str
    name: str
    source: str


class CommunityData(_CommunityRequired, total=False):
    """One of STREET.yaml's ``communities``."""

    url: str


class _StreetRequired(TypedDict):
    name: str
    communities: list[CommunityData]


class StreetData(_StreetRequired, total=False):
    """STREET.yaml."""

    district: str
    base_url: str
    language: str


@dataclass(frozen=True)
class CommunityEntry:
    """One community of the street, as STREET.yaml names it."""

    id: str
    name: str
    source: str  # as written in STREET.yaml
    location: str  # where it is read: an absolute folder, or the board's address ending in /
    url: str | None  # the public address of its board, when STREET.yaml gives one

    @property
    def remote(self) -> bool:
        return self.location.startswith(REMOTE)


@dataclass(frozen=True)
class Street:
    """The street: its settings and its communities, in the order the pages list them."""

    name: str
    district: str
    base_url: str
    language: str
    communities: tuple[CommunityEntry, ...]


@dataclass(frozen=True)
class ReadStreet:
    """What reading STREET.yaml gave: the street (None when it has problems) and the problems."""

    street: Street | None
    problems: list[Problem]
    language: str

    def report(self) -> str:
        """The problems as ``FILE:LINE:COL: error: MESSAGE [code]`` lines."""
        return "\n".join(
            f"{p.file}:{p.line}:{p.column}: error: {say(p.code, p.params, self.language)} [{p.code}]"
            for p in self.problems
        )


def read_street(path: Path) -> ReadStreet:
    """Read and check STREET.yaml; a missing file is a usage error, a wrong one a list of problems."""
    display = path.as_posix()
    if not path.is_file():
        raise UsageError(f"street file not found: {display}")
    try:
        doc = parse_yaml(read_text(path))
    except ParseError as error:
        return ReadStreet(None, [Problem(display, *error.position, error.code, error.params)], "zh-CN")
    except OSError as error:
        problem = Problem(display, 1, 1, "unreadable-file", {"detail": error.strerror or str(error)})
        return ReadStreet(None, [problem], "zh-CN")
    data = doc.data
    if not isinstance(data, dict):
        holds = "null" if data is None else ("array" if isinstance(data, list) else "string")
        return ReadStreet(None, [Problem(display, 1, 1, "not-a-mapping", {"holds": holds})], "zh-CN")
    language = data.get("language")
    language = language if isinstance(language, str) and language in LANGUAGES else "zh-CN"
    source = Source(SCHEMA, path.stem, path, display, path.name, doc)
    problems = shape_problems(source)
    if not problems:
        problems = _cross_problems(source, cast(StreetData, data))
    if problems:
        return ReadStreet(None, sorted(problems, key=Problem.sort_key), language)
    return ReadStreet(_street(cast(StreetData, data), path.parent.resolve()), [], language)


def _cross_problems(source: Source, data: StreetData) -> list[Problem]:
    """What the schema cannot say: ids used once, sources that can be read."""
    problems = []
    first_line: dict[str, int] = {}
    for index, community in enumerate(data["communities"]):
        community_id = community["id"]
        if community_id in first_line:
            problems.append(
                source.problem(
                    "duplicate-community",
                    ("communities", index, "id"),
                    id=community_id,
                    first_line=first_line[community_id],
                )
            )
        else:
            first_line[community_id] = source.doc.position(("communities", index, "id"))[0]
        where = community["source"]
        if "://" in where and not where.startswith(REMOTE):
            path = ("communities", index, "source")
            params: dict[str, object] = {**field_params(SCHEMA, path), "value": f'"{where}"'}
            problems.append(source.located("bad-source", path, params))
    return problems


def _street(data: StreetData, folder: Path) -> Street:
    communities = []
    for item in data["communities"]:
        source = item["source"]
        if source.startswith(REMOTE):
            location = source if source.endswith("/") else source + "/"
        else:
            location = str((folder / source).resolve())
        communities.append(CommunityEntry(item["id"], item["name"], source, location, item.get("url")))
    return Street(
        name=data["name"],
        district=data.get("district", ""),
        base_url=data.get("base_url", "/"),
        language=data.get("language", "zh-CN"),
        communities=tuple(communities),
    )
