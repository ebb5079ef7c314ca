"""The YAML loader every record goes through: libyaml's safe loader, faster at resolving tags."""

from __future__ import annotations

from typing import ClassVar

import yaml

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader  # type: ignore[assignment,misc]  # the pure-Python twin of CSafeLoader


class Loader(_BaseLoader):
    """The safe loader, with the tag of each plain scalar remembered by its text.

    Resolving a tag runs YAML 1.1's regular expressions on every value, in Python; the same
    few hundred texts (statuses, categories, dates, ids) come back in every record. The
    safe loader has no path resolvers, so a tag depends on the text alone.
    """

    _plain_tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and value is not None:  # (a scalar's value is always its text)
            if not implicit[0]:  # quoted: always a string
                return self.DEFAULT_SCALAR_TAG
            tag = self._plain_tags.get(value)
            if tag is None:
                # (types-PyYAML leaves Resolver.resolve unannotated)
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(value) <= 32 and len(self._plain_tags) < 20_000:
                    self._plain_tags[value] = tag
            return tag
        return self.DEFAULT_MAPPING_TAG if kind is yaml.MappingNode else self.DEFAULT_SEQUENCE_TAG

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass  # no path resolvers

    def ascend_resolver(self) -> None:
        pass
